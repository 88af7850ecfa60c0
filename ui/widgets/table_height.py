"""Tables as tall as their rows, so a few rows never hide behind a scroll bar.

A table given a fixed minimum height shows a vertical scroll bar as soon as its rows
(or its header, after a theme is applied again and every widget restyled) take a few
pixels more. :func:`fit_rows` keeps the table's minimum height at its header plus all
its rows, up to ``max_rows`` of them, and follows row changes and restyling.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView

__all__ = ["fit_rows"]


class _RowFitter(QObject):
    def __init__(self, table: QTableView, floor: int, max_rows: int) -> None:
        super().__init__(table)
        self.table = table
        self.floor = floor
        self.max_rows = max_rows
        table.installEventFilter(self)
        model = table.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self.fit)
        table.verticalHeader().sectionResized.connect(self.fit)
        table.horizontalHeader().geometriesChanged.connect(self.fit)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (
            QEvent.Type.StyleChange,
            QEvent.Type.FontChange,
            QEvent.Type.Show,
            QEvent.Type.PolishRequest,
        ):
            self.fit()
        return False

    def fit(self, *_args: object) -> None:
        table = self.table
        if not shiboken6.isValid(table) or not shiboken6.isValid(self):
            return  # the model's last signals, while the table is being deleted
        rows = min(table.model().rowCount(), self.max_rows)
        header = table.horizontalHeader()
        height = (header.sizeHint().height() if header.isVisible() else 0) + 2 * table.frameWidth()
        height += sum(table.rowHeight(row) for row in range(rows))
        if table.horizontalScrollBar().isVisible():
            height += table.horizontalScrollBar().sizeHint().height()
        table.setMinimumHeight(max(self.floor, height + 2))


def fit_rows(table: QTableView, floor: int, max_rows: int = 12) -> None:
    """Keep ``table`` at least ``floor`` pixels tall and tall enough for its header and
    up to ``max_rows`` rows, whatever the theme and the number of rows."""
    _RowFitter(table, floor, max_rows)
