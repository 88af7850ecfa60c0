"""The audit log viewer: entries newest first, a page at a time, filtered by who and
what; and the check of the signed chain (``audit verify``) with the checkpoint to note."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.services.audit_log import AUDIT_PAGE, AuditPage
from ui.coordinator.common import TOUCH_PX, problems_of, when
from ui.theme import Status, status_style

if TYPE_CHECKING:
    from station.auth.permissions import Actor
    from station.database import VerifyResult
    from station.services import ExamInfo, StationServices
    from ui.context import AppContext

#: Entries per page.
PAGE = AUDIT_PAGE
_ANY = ""


def read_audit_page(
    services: StationServices,
    actor: Actor,
    *,
    actor_name: str = "",
    action: str = "",
    offset: int = 0,
    limit: int = PAGE,
) -> AuditPage:
    """One page of the audit log, newest first (the service checks the permission)."""
    return services.audit_log.audit_entries(
        actor, actor_name=actor_name, action=action, offset=max(0, offset), limit=limit
    )


class AuditPanel(QWidget):
    """Browse the audit log and verify it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.offset = 0
        self.page: AuditPage | None = None
        self.verify_result: VerifyResult | None = None

        check = QGroupBox(self.tr("Verify the audit log"), self)
        check_layout = QVBoxLayout(check)
        row = QHBoxLayout()
        self.checkpoint_edit = QLineEdit(check)
        self.checkpoint_edit.setPlaceholderText(
            self.tr("Checkpoint noted earlier (optional), e.g. 1234:3fa29c0d1e2b4f56")
        )
        self.checkpoint_edit.setMinimumHeight(TOUCH_PX)
        self.verify_button = QPushButton(self.tr("&Verify"), check)
        self.verify_button.setMinimumHeight(TOUCH_PX)
        self.verify_button.clicked.connect(self.verify)
        row.addWidget(self.checkpoint_edit, 1)
        row.addWidget(self.verify_button)
        self.verify_label = QLabel(self.tr("Not checked yet."), check)
        self.verify_label.setWordWrap(True)
        self.checkpoint_label = QLabel(check)
        self.checkpoint_label.setTextInteractionFlags(
            self.checkpoint_label.textInteractionFlags()
            | self.checkpoint_label.textInteractionFlags().TextSelectableByMouse
        )
        check_layout.addLayout(row)
        check_layout.addWidget(self.verify_label)
        check_layout.addWidget(self.checkpoint_label)

        filters = QHBoxLayout()
        self.actor_filter = QComboBox(self)
        self.actor_filter.setAccessibleName(self.tr("Filter by user"))
        self.action_filter = QComboBox(self)
        self.action_filter.setAccessibleName(self.tr("Filter by action"))
        self.newer_button = QPushButton(self.tr("◀ &Newer"), self)
        self.older_button = QPushButton(self.tr("O&lder ▶"), self)
        self.page_label = QLabel(self)
        for widget in (self.actor_filter, self.action_filter, self.newer_button, self.older_button):
            widget.setMinimumHeight(TOUCH_PX)
        self.actor_filter.addItem(self.tr("Everyone"), _ANY)
        self.action_filter.addItem(self.tr("Every action"), _ANY)
        self.actor_filter.activated.connect(self._filters_changed)
        self.action_filter.activated.connect(self._filters_changed)
        self.newer_button.clicked.connect(lambda: self._turn(-PAGE))
        self.older_button.clicked.connect(lambda: self._turn(PAGE))
        filters.addWidget(self.actor_filter, 1)
        filters.addWidget(self.action_filter, 1)
        filters.addWidget(self.newer_button)
        filters.addWidget(self.page_label)
        filters.addWidget(self.older_button)

        self.table = QTableWidget(0, 7, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("#"),
                self.tr("When"),
                self.tr("Who"),
                self.tr("Action"),
                self.tr("Record"),
                self.tr("Change"),
                self.tr("Reason"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((64, 140, 110, 120, 300, 0, 220)):
            if width:
                self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(self.tr("Audit log entries"))

        layout = QVBoxLayout(self)
        layout.addWidget(check)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        self._stale = True

    def set_exam(self, exam: ExamInfo | None) -> None:
        # The log covers the whole database: a change in any exam adds entries. It is
        # read again when in view (now, or when next shown).
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def shown(self) -> None:
        if self._stale or self.page is None:
            self.refresh()

    def refresh(self) -> None:
        actor = self.ctx.actor
        if actor is None:
            return
        self._stale = False
        who = str(self.actor_filter.currentData() or _ANY)
        what = str(self.action_filter.currentData() or _ANY)
        offset = self.offset
        self.ctx.worker.submit(
            lambda s: read_audit_page(s, actor, actor_name=who, action=what, offset=offset),
            on_done=self._show,
        )

    def _filters_changed(self, _index: int = -1) -> None:
        self.offset = 0
        self.refresh()

    def _turn(self, step: int) -> None:
        total = self.page.total if self.page else 0
        offset = self.offset + step
        if offset < 0 or offset >= max(total, 1):
            return
        self.offset = offset
        self.refresh()

    def _show(self, page: AuditPage) -> None:
        self.page = page
        self._refill(self.actor_filter, page.actors)
        self._refill(self.action_filter, page.actions)
        self.table.setRowCount(len(page.rows))
        for index, entry in enumerate(page.rows):
            values = (
                str(entry.seq),
                when(entry.at),
                entry.actor,
                entry.action,
                entry.record,
                entry.change,
                entry.reason,
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(index, column, item)
        first = page.offset + 1 if page.rows else 0
        self.page_label.setText(
            self.tr("{0}–{1} of {2}")
            .replace("{0}", str(first))
            .replace("{1}", str(page.offset + len(page.rows)))
            .replace("{2}", str(page.total))
        )
        self.newer_button.setEnabled(page.offset > 0)
        self.older_button.setEnabled(page.offset + len(page.rows) < page.total)

    def _refill(self, box: QComboBox, values: tuple[str, ...]) -> None:
        current = box.currentData()
        first = box.itemText(0)
        box.blockSignals(True)
        box.clear()
        box.addItem(first, _ANY)
        for value in values:
            box.addItem(value, value)
        box.setCurrentIndex(max(box.findData(current), 0))
        box.blockSignals(False)

    def verify(self) -> None:
        actor = self.ctx.actor
        if actor is None:
            return
        checkpoint = self.checkpoint_edit.text().strip() or None
        self.verify_button.setEnabled(False)
        self.verify_label.setText(self.tr("Checking…"))

        def done(result: VerifyResult) -> None:
            self.verify_button.setEnabled(True)
            self.verify_result = result
            status = Status.OK if result.ok else Status.ERROR
            colour, symbol, label = status_style(status)
            text = f"{symbol} {label}: {result.summary}"
            if result.problem:
                text += "\n" + result.problem
            self.verify_label.setText(text)
            self.verify_label.setStyleSheet(f"color: {colour.name()}; font-weight: bold;")
            point = result.checkpoint
            self.checkpoint_label.setText(
                self.tr(
                    "Last entry's checkpoint (note it down to detect removed entries): {0}"
                ).replace("{0}", str(point))
                if point is not None
                else ""
            )

        def failed(exc: Exception) -> None:
            self.verify_button.setEnabled(True)
            _, symbol, _label = status_style(Status.ERROR)
            self.verify_label.setText(f"{symbol} " + "\n".join(problems_of(exc)))

        self.ctx.worker.submit(
            lambda s: s.results.verify_audit(actor, checkpoint=checkpoint),
            on_done=done,
            on_error=failed,
        )
