"""Errors meant for the person at the keyboard.

A :class:`UserError` carries a message that says what is wrong, where, and what to do;
the command line prints it without a traceback. Anything else that escapes a command is
a bug in SkillStation, and is handled as one (see :mod:`station.cli`).
"""

from __future__ import annotations


class UserError(Exception):
    """A problem with the user's input or data, explained for the user.

    ``exit_code`` is what the command line exits with (1 unless a command documents
    another).
    """

    def __init__(self, message: str, *, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message
