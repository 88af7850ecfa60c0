"""A checklist item's marks in words, the same on every screen that offers or shows
them (the practice self-check, the coordinator's amendment dialog)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from assessments.definitions.model import (
    BinaryItem,
    DeviceItem,
    RatingItem,
    ThreePointItem,
    TimedItem,
)
from assessments.scoring import MarkValue

AnyItem = BinaryItem | ThreePointItem | RatingItem | TimedItem | DeviceItem


def _words() -> dict[MarkValue, str]:
    return {
        MarkValue.DONE: QCoreApplication.translate("MarkWords", "✓ Done"),
        MarkValue.PARTIAL: QCoreApplication.translate("MarkWords", "◐ Partly"),
        MarkValue.NOT_DONE: QCoreApplication.translate("MarkWords", "✗ Not done"),
    }


def mark_choices(item: AnyItem) -> list[tuple[MarkValue | int, str]]:
    """The marks ``item`` takes, with their words: a rating item its scale, a
    three-point item done, partly or not done, any other done or not done."""
    if isinstance(item, RatingItem):
        return [(n, str(n)) for n in range(1, item.scale_max + 1)]
    words = _words()
    values = [MarkValue.DONE]
    if isinstance(item, ThreePointItem):
        values.append(MarkValue.PARTIAL)
    values.append(MarkValue.NOT_DONE)
    return [(value, words[value]) for value in values]


def mark_words(value: MarkValue | int | str | None) -> str:
    """A stored mark in words ("—" for none): a rating as its number."""
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    try:
        return _words()[MarkValue(value)]
    except ValueError:
        return str(value)
