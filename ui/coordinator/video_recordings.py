"""The Recordings section: the recordings one may see, filtered by exam, consent and
state; opened in the debrief player; deleted with a reason (coordinators); and how long
recordings are kept, with "purge now".

The list is whatever the services let the signed-in user see (a trainee their own
practice recordings, an examiner those of the stations they are assigned to, a
coordinator all), so the panel works for any role; deleting and the retention setting
show for coordinators only, and the services check again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.auth.permissions import Role
from ui.coordinator.common import SORT_ROLE, TOUCH_PX, fill, when
from ui.i18n import is_language_change
from ui.theme import BLUISH_GREEN, GREY, ORANGE, VERMILLION
from ui.worker import error_text

if TYPE_CHECKING:
    from station.auth.permissions import Actor
    from station.services import ExamInfo, StationServices
    from station.services.media import ConsentInfo, MediaInfo
    from ui.context import AppContext
    from ui.debrief.player import DebriefPlayer

__all__ = ["RecordingRow", "RecordingsPanel", "read_recordings"]

#: Filter values.
ANY = ""
PRACTICE = "\x00practice"
#: States of a recording, as the filter and the State column name them.
AVAILABLE, IN_PROGRESS, DELETED = "available", "in_progress", "deleted"
#: Consent filter values.
CONSENT_GIVEN, CONSENT_WITHDRAWN = "given", "withdrawn"


@dataclass(frozen=True)
class RecordingRow:
    """A recording and the consent that counts for it now."""

    media: MediaInfo
    consent: ConsentInfo | None

    @property
    def state(self) -> str:
        if self.media.deleted_at is not None:
            return DELETED
        if self.media.ended_at is None:
            return IN_PROGRESS
        return AVAILABLE

    @property
    def consent_given(self) -> bool:
        return self.consent is not None and self.consent.given


def read_recordings(services: StationServices, actor: Actor) -> list[RecordingRow]:
    """Every recording the actor may see (deleted ones too), with its consent now."""
    rows = []
    for media in services.media.list_media(actor, include_deleted=True):
        consent = services.media.consent(
            actor, encounter_id=media.encounter_id, attempt_id=media.attempt_id
        )
        rows.append(RecordingRow(media, consent))
    return rows


def _size(size_bytes: int) -> str:
    if size_bytes >= 1_000_000_000:
        return f"{size_bytes / 1e9:.1f} GB"
    if size_bytes >= 1_000_000:
        return f"{size_bytes / 1e6:.1f} MB"
    return f"{size_bytes / 1e3:.0f} kB"


def _duration(media: MediaInfo) -> tuple[str, float]:
    if media.ended_at is None:
        return "—", -1.0
    seconds = max(0.0, (media.ended_at - media.started_at).total_seconds())
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}", seconds


class _Item(QTableWidgetItem):
    """A cell sorted by the value kept under SORT_ROLE."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(SORT_ROLE), other.data(SORT_ROLE)
        try:
            return bool(mine < theirs)
        except TypeError:
            return str(mine) < str(theirs)


def _cell(text: str, sort: object | None = None) -> QTableWidgetItem:
    item = _Item(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    item.setData(SORT_ROLE, text if sort is None else sort)
    return item


class RecordingsPanel(QWidget):
    """Recordings: list, filter, open, delete, retention."""

    #: A player window was opened (tests and the console keep track of it).
    player_opened = Signal(object)

    COLUMNS = 9

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordingsPanel")
        self.ctx = ctx
        self.rows: list[RecordingRow] = []
        self.shown_rows: list[RecordingRow] = []
        self.players: list[DebriefPlayer] = []
        self._pending_exam: str | None = None
        actor = ctx.actor
        self.coordinator = actor is not None and actor.role == Role.COORDINATOR

        self.exam_filter = QComboBox(self)
        self.consent_filter = QComboBox(self)
        self.state_filter = QComboBox(self)
        filters = QHBoxLayout()
        self.filter_labels: list[QLabel] = []
        for combo in (self.exam_filter, self.consent_filter, self.state_filter):
            combo.setMinimumHeight(TOUCH_PX)
            combo.setMinimumWidth(180)
            combo.currentIndexChanged.connect(self._apply_filters)
            label = QLabel(self)
            label.setBuddy(combo)
            self.filter_labels.append(label)
            filters.addWidget(label)
            filters.addWidget(combo)
        filters.addStretch(1)
        self.reload_button = QPushButton(self)
        self.reload_button.setMinimumHeight(TOUCH_PX)
        self.reload_button.clicked.connect(self.refresh)
        filters.addWidget(self.reload_button)

        self.table = QTableWidget(0, self.COLUMNS, self)
        self.table.setObjectName("recordingsTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(TOUCH_PX)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(True)
        self.table.itemActivated.connect(lambda _item: self.open_selected())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.summary = QLabel(self)

        self.open_button = QPushButton(self)
        self.open_button.setObjectName("recordingsOpen")
        self.open_button.setMinimumHeight(TOUCH_PX)
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName("recordingsDelete")
        self.delete_button.setMinimumHeight(TOUCH_PX)
        self.delete_button.clicked.connect(self.ask_delete)
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        actions.addWidget(self.summary)

        # Deleting: an inline panel (no modal dialog) asking for the reason.
        self.delete_box = QGroupBox(self)
        self.delete_question = QLabel(self.delete_box)
        self.delete_question.setWordWrap(True)
        self.reason = QLineEdit(self.delete_box)
        self.reason.setMinimumHeight(TOUCH_PX)
        self.reason.returnPressed.connect(self.confirm_delete)
        self.confirm_button = QPushButton(self.delete_box)
        self.confirm_button.setMinimumHeight(TOUCH_PX)
        self.confirm_button.clicked.connect(self.confirm_delete)
        self.cancel_button = QPushButton(self.delete_box)
        self.cancel_button.setMinimumHeight(TOUCH_PX)
        self.cancel_button.clicked.connect(self.cancel_delete)
        delete_layout = QVBoxLayout(self.delete_box)
        delete_layout.addWidget(self.delete_question)
        delete_row = QHBoxLayout()
        delete_row.addWidget(self.reason, 1)
        delete_row.addWidget(self.confirm_button)
        delete_row.addWidget(self.cancel_button)
        delete_layout.addLayout(delete_row)
        self.delete_box.hide()
        self._deleting: MediaInfo | None = None

        # Retention.
        self.retention_box = QGroupBox(self)
        self.retention_days = QSpinBox(self.retention_box)
        self.keep_forever = QCheckBox(self.retention_box)
        self.keep_forever.setMinimumHeight(TOUCH_PX)
        self.keep_forever.toggled.connect(lambda on: self.retention_days.setEnabled(not on))
        self.retention_days.setRange(1, 36_500)  # the services' limit: 100 years
        self.retention_days.setValue(365)
        self.retention_days.setMinimumHeight(TOUCH_PX)
        self.retention_label = QLabel(self.retention_box)
        self.retention_label.setBuddy(self.retention_days)
        self.save_retention_button = QPushButton(self.retention_box)
        self.save_retention_button.setMinimumHeight(TOUCH_PX)
        self.save_retention_button.clicked.connect(self.save_retention)
        self.purge_button = QPushButton(self.retention_box)
        self.purge_button.setObjectName("recordingsPurge")
        self.purge_button.setMinimumHeight(TOUCH_PX)
        self.purge_button.clicked.connect(self.purge_now)
        self.retention_state = QLabel(self.retention_box)
        retention = QHBoxLayout(self.retention_box)
        retention.addWidget(self.retention_label)
        retention.addWidget(self.retention_days)
        retention.addWidget(self.keep_forever)
        retention.addWidget(self.save_retention_button)
        retention.addSpacing(24)
        retention.addWidget(self.purge_button)
        retention.addWidget(self.retention_state, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.delete_box)
        layout.addWidget(self.retention_box)
        self.delete_button.setVisible(self.coordinator)
        self.retention_box.setVisible(self.coordinator)
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.ask_delete)
        self.retranslate()
        self._selection_changed()

    # ------------------------------------------------------------------ text

    def retranslate(self) -> None:
        labels = (self.tr("Exa&m:"), self.tr("Co&nsent:"), self.tr("State:"))
        for label, text in zip(self.filter_labels, labels, strict=True):
            label.setText(text)
        self.exam_filter.setAccessibleName(self.tr("Exam"))
        self.consent_filter.setAccessibleName(self.tr("Consent"))
        self.state_filter.setAccessibleName(self.tr("State"))
        self.reload_button.setText(self.tr("Reload"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Started"),
                self.tr("Candidate or trainee"),
                self.tr("Exam"),
                self.tr("Station"),
                self.tr("Length"),
                self.tr("Frames (dropped)"),
                self.tr("Size"),
                self.tr("Consent"),
                self.tr("State"),
            ]
        )
        self.table.setAccessibleName(self.tr("Recordings"))
        self.open_button.setText(self.tr("Open in the pla&yer"))
        self.delete_button.setText(self.tr("De&lete recording…"))
        self.delete_box.setTitle(self.tr("Delete a recording"))
        self.reason.setPlaceholderText(self.tr("Reason (kept in the audit log)"))
        self.reason.setAccessibleName(self.tr("Reason for deleting"))
        self.confirm_button.setText(self.tr("Delete the &files"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.retention_box.setTitle(self.tr("Keeping recordings"))
        self.retention_label.setText(self.tr("&Keep for (days):"))
        self.keep_forever.setText(self.tr("Keep until deleted by hand"))
        self.save_retention_button.setText(self.tr("Save"))
        self.purge_button.setText(self.tr("Pur&ge now"))
        self.purge_button.setToolTip(
            self.tr("Delete the files of every recording older than the period kept")
        )
        self._fill_filter(
            self.consent_filter,
            [
                (self.tr("Any consent"), ANY),
                (self.tr("Consent given"), CONSENT_GIVEN),
                (self.tr("Consent withdrawn or missing"), CONSENT_WITHDRAWN),
            ],
        )
        self._fill_filter(
            self.state_filter,
            [
                (self.tr("Any state"), ANY),
                (self.tr("Available"), AVAILABLE),
                (self.tr("Recording"), IN_PROGRESS),
                (self.tr("Deleted"), DELETED),
            ],
        )
        self._fill_exam_filter()
        self._show_rows()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _fill_filter(self, combo: QComboBox, entries: list[tuple[str, str]]) -> None:
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for text, value in entries:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(keep if isinstance(keep, str) else ANY)))
        combo.blockSignals(False)

    def _fill_exam_filter(self) -> None:
        codes = sorted({r.media.exam_code for r in self.rows if r.media.exam_code})
        entries = [(self.tr("All recordings"), ANY)]
        entries += [(code, code) for code in codes]
        if any(r.media.exam_code is None for r in self.rows):
            entries.append((self.tr("Practice (no exam)"), PRACTICE))
        self._fill_filter(self.exam_filter, entries)
        if self._pending_exam is not None:
            found = self.exam_filter.findData(self._pending_exam)
            if found >= 0:
                self.exam_filter.blockSignals(True)
                self.exam_filter.setCurrentIndex(found)
                self.exam_filter.blockSignals(False)
                self._pending_exam = None

    def state_name(self, state: str) -> tuple[str, QColor]:
        """The state as the table shows it (a symbol, a word) and its colour."""
        if state == DELETED:
            return "✖ " + self.tr("deleted"), VERMILLION
        if state == IN_PROGRESS:
            return "● " + self.tr("recording"), ORANGE
        return "✔ " + self.tr("available"), BLUISH_GREEN

    # ------------------------------------------------------------------ data

    def set_exam(self, exam: ExamInfo | None) -> None:
        """The console's exam changed: show its recordings (when there are any)."""
        if exam is None:
            return
        found = self.exam_filter.findData(exam.code)
        if found >= 0:
            self.exam_filter.setCurrentIndex(found)
        else:
            self._pending_exam = exam.code

    def shown(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        actor = self.ctx.actor
        if actor is None:
            return
        self.ctx.worker.submit(lambda s: read_recordings(s, actor), on_done=self._loaded)
        if self.coordinator:
            self.ctx.worker.submit(
                lambda s: s.media.media_retention_days(actor), on_done=self._retention_loaded
            )

    def _loaded(self, rows: list[RecordingRow]) -> None:
        self.rows = rows
        self._fill_exam_filter()
        self._show_rows()

    def _apply_filters(self, _index: int = -1) -> None:
        self._show_rows()

    def filtered(self) -> list[RecordingRow]:
        """The recordings that pass the three filters."""
        exam = self.exam_filter.currentData()
        consent = self.consent_filter.currentData()
        state = self.state_filter.currentData()
        out = []
        for row in self.rows:
            if exam == PRACTICE and row.media.exam_code is not None:
                continue
            if exam not in (ANY, PRACTICE, None) and row.media.exam_code != exam:
                continue
            if consent == CONSENT_GIVEN and not row.consent_given:
                continue
            if consent == CONSENT_WITHDRAWN and row.consent_given:
                continue
            if state not in (ANY, None) and row.state != state:
                continue
            out.append(row)
        return out

    def _show_rows(self) -> None:
        keep = self.selected()
        self.shown_rows = self.filtered()
        self.table.setSortingEnabled(False)
        self.table.setRowCount(0)
        for row in self.shown_rows:
            media = row.media
            at = self.table.rowCount()
            self.table.insertRow(at)
            length, seconds = _duration(media)
            consent = (
                "✔ " + self.tr("given")
                if row.consent_given
                else ("✖ " + self.tr("withdrawn") if row.consent else "— " + self.tr("none"))
            )
            state_text, colour = self.state_name(row.state)
            if row.state == DELETED and media.deleted_at is not None:
                state_text += f" {when(media.deleted_at)}"
            first = _cell(when(media.started_at), media.started_at.timestamp())
            first.setData(Qt.ItemDataRole.UserRole, media.id)
            cells = [
                first,
                _cell(media.candidate_label),
                _cell(media.exam_code or self.tr("practice")),
                _cell(media.station_id or ""),
                _cell(length, seconds),
                _cell(f"{media.frames} ({media.dropped_frames})", media.frames),
                _cell(_size(media.size_bytes), media.size_bytes),
                _cell(consent, row.consent_given),
                _cell(state_text, row.state),
            ]
            cells[7].setForeground(BLUISH_GREEN if row.consent_given else GREY)
            cells[8].setForeground(colour)
            if media.deleted_reason:
                cells[8].setToolTip(fill(self.tr("Reason: {0}"), media.deleted_reason))
            for column, item in enumerate(cells):
                self.table.setItem(at, column, item)
        self.table.setSortingEnabled(True)
        self.table.sortItems(0, Qt.SortOrder.DescendingOrder)
        if keep is not None:
            self.select(keep.id)
        self.summary.setText(
            fill(self.tr("{0} of {1} recordings shown"), len(self.shown_rows), len(self.rows))
        )
        self._selection_changed()

    def select(self, media_id: str) -> bool:
        for at in range(self.table.rowCount()):
            item = self.table.item(at, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == media_id:
                self.table.selectRow(at)
                return True
        return False

    def selected(self) -> MediaInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        media_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return next((r.media for r in self.rows if r.media.id == media_id), None)

    def _selection_changed(self) -> None:
        media = self.selected()
        self.open_button.setEnabled(media is not None)
        self.delete_button.setEnabled(
            self.coordinator and media is not None and media.deleted_at is None
        )

    # ------------------------------------------------------------------ player

    def open_selected(self) -> None:
        """Open the selected recording in a player window (a deleted one opens to the
        reason and the date it was deleted)."""
        media = self.selected()
        if media is None:
            return
        from ui.debrief.player import open_player

        player = open_player(self.ctx, media, self)
        self.players.append(player)
        player.destroyed.connect(lambda _obj=None, p=player: self._forget(p))
        self.player_opened.emit(player)

    def _forget(self, player: DebriefPlayer) -> None:
        if player in self.players:
            self.players.remove(player)

    # ------------------------------------------------------------------ deleting

    def ask_delete(self) -> None:
        media = self.selected()
        if not self.coordinator or media is None or media.deleted_at is not None:
            return
        self._deleting = media
        self.delete_question.setText(
            fill(
                self.tr(
                    "Delete the video files of {0}'s recording of {1}? The entry stays in "
                    "the list with the date and the reason; this cannot be undone."
                ),
                media.candidate_label,
                when(media.started_at),
            )
        )
        self.reason.clear()
        self.delete_box.show()
        self.reason.setFocus()

    def cancel_delete(self) -> None:
        self._deleting = None
        self.delete_box.hide()
        self.table.setFocus()

    def confirm_delete(self) -> None:
        media = self._deleting
        actor = self.ctx.actor
        if media is None or actor is None:
            return
        reason = " ".join(self.reason.text().split())
        if not reason:
            self.ctx.message_bar.warning(
                self.tr("Give a reason for deleting the recording (it is kept in the audit log).")
            )
            self.reason.setFocus()
            return

        def done(deleted: MediaInfo) -> None:
            self.ctx.message_bar.info(
                fill(self.tr("Recording of {0} deleted."), deleted.candidate_label)
            )
            self.refresh()

        def failed(exc: Exception) -> None:
            self.ctx.message_bar.error(error_text(exc))

        self.delete_box.hide()
        self._deleting = None
        self.ctx.worker.submit(
            lambda s: s.media.delete_media(actor, media.id, reason), on_done=done, on_error=failed
        )

    # ------------------------------------------------------------------ retention

    def _retention_loaded(self, days: int | None) -> None:
        self.keep_forever.setChecked(days is None)
        if days is not None:
            self.retention_days.setValue(days)
        self.retention_state.setText(
            self.tr("Recordings are kept until deleted by hand.")
            if days is None
            else fill(self.tr("Recordings are deleted {0} days after they were made."), days)
        )

    def save_retention(self) -> None:
        actor = self.ctx.actor
        if actor is None:
            return
        days = None if self.keep_forever.isChecked() else self.retention_days.value()

        def done(saved: int | None) -> None:
            self._retention_loaded(saved)
            self.ctx.message_bar.info(self.tr("Retention saved."))

        self.ctx.worker.submit(
            lambda s: s.media.set_media_retention_days(actor, days), on_done=done
        )

    def purge_now(self) -> None:
        actor = self.ctx.actor
        if actor is None:
            return

        def done(purged: list[MediaInfo]) -> None:
            self.ctx.message_bar.info(
                fill(self.tr("{0} recordings past the retention period deleted."), len(purged))
            )
            self.refresh()

        self.ctx.worker.submit(lambda s: s.media.purge_expired_media(actor), on_done=done)

    # ------------------------------------------------------------------ closing

    def shutdown(self) -> None:
        """Close the player windows (their frame readers stop)."""
        for player in list(self.players):
            player.shutdown()
            player.close()
        self.players.clear()
