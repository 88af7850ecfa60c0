"""What is wrong with a definition file and where: :class:`Problem`, the
:class:`DefinitionError` that carries them, and the words for a value in a message.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

DataPath = tuple[str | int, ...]

#: Where an author reads how to write a definition.
GUIDE = "docs/definitions.md"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a definition file, where it is and what to do about it.

    ``line`` and ``col`` are 1-based, as editors show them; both are None when the
    problem concerns the whole file. Problems sort by file, then position (a problem
    without a position first), then message.
    """

    _order: tuple[str, int, int, str, bool, bool] = field(init=False, repr=False)
    path: str
    line: int | None
    col: int | None
    message: str

    def __post_init__(self) -> None:
        # Comparing None with an int fails, so problems compare on this key first; it
        # only ties when every field is equal.
        key = (
            self.path,
            self.line or 0,
            self.col or 0,
            self.message,
            self.line is not None,
            self.col is not None,
        )
        object.__setattr__(self, "_order", key)

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        if self.col is None:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class DefinitionError(Exception):
    """One or more definitions are not valid; ``problems`` says what and where."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def show_value(value: Any) -> str:
    """A value as an author would recognise it in a message."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if not value.strip():
            return "an empty text"
        shown = value if len(value) <= 40 else value[:37] + "..."
        return repr(shown)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return f"{value:g}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (datetime, date)):
        return f"the date {value.isoformat()}"
    return repr(value)[:40]
