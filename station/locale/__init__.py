"""Catalogs of translated command-line and service messages, one module per language.

Each module holds ``MESSAGES: dict[str, str]``, keyed by the English message id, whose
values keep the same ``{placeholders}``. See :mod:`station.i18n`.
"""
