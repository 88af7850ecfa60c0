"""Item views whose rows grow to show their wrapped text in full.

``QTreeView`` with word wrap sizes its rows before its columns settle, so long texts in
a narrow column are cut to two lines and end in "…". :class:`WrappingDelegate` measures
each item at its column's current width, and :func:`wrap_column` also lays the rows out
again whenever a column is resized.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView

__all__ = ["WrappingDelegate", "wrap_column"]

#: Room around the text inside a cell (the style's margins), in pixels.
_PADDING = 10


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as the item's text wrapped at its column's width."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        width = max(20, self.view.header().sectionSize(index.column()) - _PADDING)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        bounds = option.fontMetrics.boundingRect(
            QRect(0, 0, width, 1_000_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(hint.width(), max(hint.height(), bounds.height() + _PADDING))


def wrap_column(view: QTreeView, column: int) -> None:
    """Show ``column`` of ``view`` wrapped in full: rows grow with their text."""
    view.setWordWrap(True)
    view.setUniformRowHeights(False)
    view.setItemDelegateForColumn(column, WrappingDelegate(view))
    view.header().sectionResized.connect(lambda *_args: view.scheduleDelayedItemsLayout())
