"""Texts for people that the application may show in another language.

The analysers (CPR notes, exam statistics) write their warnings in English, but the
command line and the GUI show them in the user's language. ``devices`` and
``assessments`` may not import the application's translations (``station.i18n``), so a
:class:`Message` keeps what is needed to translate it later: its English template and the
values put into it. It *is* the English text (a ``str``), so it prints, compares, joins
and goes into JSON as before; the application shows it translated with
``translate(message.template).format(**message.params)``.

It lives in ``common`` because that package imports no other package of SkillStation,
so every layer may use it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


class Message(str):
    """The English text of ``template`` formatted with ``params``, remembering both.

    >>> m = Message("{n} row left out", n=1)
    >>> m, m.template, dict(m.params)
    ('1 row left out', '{n} row left out', {'n': 1})
    """

    template: str
    params: Mapping[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Message:
        message = super().__new__(cls, template.format(**params))
        message.template = template
        message.params = params
        return message

    def __reduce__(self) -> tuple[Callable[[str, dict[str, Any]], Message], tuple[Any, ...]]:
        # Copies and pickles (a worker process's results) are made again from the template:
        # the English text alone would lose them, and may hold braces of its own.
        return _rebuild, (self.template, dict(self.params))

    def translated(self, translate: Callable[[str], str]) -> str:
        """The text in another language: ``translate`` gives the template's translation,
        with the same placeholders. Values that are messages themselves are translated
        too; other values are put in as they are."""
        values = {
            key: value.translated(translate) if isinstance(value, Message) else value
            for key, value in self.params.items()
        }
        return translate(self.template).format(**values)


def _rebuild(template: str, params: dict[str, Any]) -> Message:
    return Message(template, **params)


def translated(text: str, translate: Callable[[str], str]) -> str:
    """``text`` translated if it is a :class:`Message`; any other text as it is."""
    return text.translated(translate) if isinstance(text, Message) else text
