"""The live progress board: a candidate × station grid of encounter states.

Other stations write into the same database, so the board polls it through the service
worker on a timer (a poll is skipped while the previous one has not come back). Every
cell shows a symbol and a word besides its colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.contrast import text_on
from ui.coordinator.circuit import CircuitTimeline
from ui.theme import Status, status_style

if TYPE_CHECKING:
    from station.services import EncounterInfo, ExamInfo, ExclusionInfo, StationServices
    from ui.context import AppContext

#: How often the board reads the database while shown (milliseconds).
POLL_MS = 5_000


@dataclass(frozen=True)
class BoardData:
    exam_code: str
    candidates: tuple[str, ...]
    stations: tuple[str, ...]
    encounters: tuple[EncounterInfo, ...]
    excluded_stations: frozenset[str]
    #: Candidate number -> name as people read it (station.names).
    names: dict[str, str] = field(default_factory=dict)
    #: Station key -> title.
    titles: dict[str, str] = field(default_factory=dict)


def cell_status(encounters: list[EncounterInfo], station_excluded: bool) -> Status:
    """The state of one candidate at one station from its encounters (both markers of a
    double-marked station): excluded, no-show, in progress while any marking is a
    draft, submitted when all are, else not started."""
    if station_excluded:
        return Status.EXCLUDED
    if not encounters:
        return Status.NOT_STARTED
    states = {e.status for e in encounters}
    if "no_show" in states:
        return Status.NO_SHOW
    if "draft" in states:
        return Status.IN_PROGRESS
    return Status.SUBMITTED


def read_board(services: StationServices, exam: ExamInfo, actor: object) -> BoardData:
    """Everything the board shows, read in one go on the worker thread."""
    badges = services.reporting.badge_data(actor, exam.code)  # type: ignore[arg-type]
    encounters = services.encounters.encounters(actor, exam.code)  # type: ignore[arg-type]
    exclusions: list[ExclusionInfo] = services.results.exclusions(actor, exam.code)  # type: ignore[arg-type]
    return BoardData(
        exam_code=exam.code,
        candidates=tuple(b.candidate_number for b in badges.badges),
        stations=tuple(s.station_key for s in exam.stations),
        encounters=tuple(encounters),
        excluded_stations=frozenset(
            x.station_key for x in exclusions if x.item_id is None and x.revoked_at is None
        ),
        names={b.candidate_number: b.name for b in badges.badges},
        titles={s.station_key: s.title for s in exam.stations},
    )


class ProgressBoard(QWidget):
    """Who has been seen where, by whom, refreshed while shown; a cell opened (double
    click or Enter) asks for that encounter's result (``encounter_requested``)."""

    encounter_requested = Signal(str, str)  # candidate number, station key

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.exam: ExamInfo | None = None
        self._polling = False
        self.data: BoardData | None = None
        self.summary = QLabel(self)
        self.auto = QCheckBox(self.tr("Refresh automati&cally"), self)
        self.auto.setChecked(True)
        self.auto.toggled.connect(self._auto_toggled)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.auto)
        self.legend = QLabel(self)
        self.legend.setText(
            "   ".join(
                f"{symbol} {label}"
                for symbol, label in (
                    status_style(s)[1:]
                    for s in (
                        Status.NOT_STARTED,
                        Status.IN_PROGRESS,
                        Status.SUBMITTED,
                        Status.NO_SHOW,
                        Status.EXCLUDED,
                    )
                )
            )
        )
        self.grid = QTableWidget(0, 0, self)
        self.grid.setAccessibleName(self.tr("Progress: candidates by station"))
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.verticalHeader().setDefaultSectionSize(32)
        self.grid.cellActivated.connect(self._cell_opened)
        self.grid.cellDoubleClicked.connect(self._cell_opened)
        self.timeline = CircuitTimeline(self, now=ctx.clock.now)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.legend)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.timeline)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)

    def set_exam(self, exam: ExamInfo | None) -> None:
        self.exam = exam
        self.data = None
        self.grid.clear()
        self.grid.setRowCount(0)
        self.grid.setColumnCount(0)
        self.summary.setText("" if exam else self.tr("No exam chosen."))
        if exam is not None:
            self.refresh()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self.auto.isChecked():
            self.timer.start()

    def hideEvent(self, event: object) -> None:
        self.timer.stop()
        super().hideEvent(event)  # type: ignore[arg-type]

    def _auto_toggled(self, on: bool) -> None:
        if on and self.isVisible():
            self.timer.start()
        else:
            self.timer.stop()

    def refresh(self) -> None:
        """Read the board again (skipped while a read is under way)."""
        exam, actor = self.exam, self.ctx.actor
        if exam is None or actor is None or self._polling:
            return
        self._polling = True

        def failed(exc: Exception) -> None:
            self._polling = False
            self.ctx.worker.report(exc)

        try:
            self.ctx.worker.submit(
                lambda s: read_board(s, exam, actor), on_done=self._loaded, on_error=failed
            )
        except RuntimeError:  # the worker has shut down (the window is closing)
            self._polling = False
            self.timer.stop()

    def _loaded(self, data: BoardData) -> None:
        self._polling = False
        if self.exam is None or self.exam.code != data.exam_code:
            return
        self.data = data
        by_cell: dict[tuple[str, str], list[EncounterInfo]] = {}
        for encounter in data.encounters:
            by_cell.setdefault((encounter.candidate_number, encounter.station_key), []).append(
                encounter
            )
        self.grid.setRowCount(len(data.candidates))
        self.grid.setColumnCount(len(data.stations))
        self.grid.setHorizontalHeaderLabels(list(data.stations))
        self.grid.setVerticalHeaderLabels(
            [f"{c} · {data.names[c]}" if data.names.get(c) else c for c in data.candidates]
        )
        for column, station in enumerate(data.stations):
            header = self.grid.horizontalHeaderItem(column)
            if header is not None and data.titles.get(station):
                header.setToolTip(data.titles[station])
        counts: dict[Status, int] = {}
        for row, candidate in enumerate(data.candidates):
            for column, station in enumerate(data.stations):
                here = by_cell.get((candidate, station), [])
                status = cell_status(here, station in data.excluded_stations)
                counts[status] = counts.get(status, 0) + 1
                colour, symbol, label = status_style(status)
                examiners = ", ".join(dict.fromkeys(e.examiner for e in here))
                item = QTableWidgetItem(
                    f"{symbol} {label}" + (f" · {examiners}" if examiners else "")
                )
                item.setData(Qt.ItemDataRole.UserRole, status.value)
                item.setBackground(QBrush(colour))
                item.setForeground(QBrush(text_on(colour)))
                item.setToolTip(self._tooltip(data, candidate, station, label, here))
                self.grid.setItem(row, column, item)
        self.grid.resizeColumnsToContents()
        self.timeline.show_circuit(
            [(key, data.titles.get(key) or key) for key in data.stations], data.encounters
        )
        total = len(data.candidates) * len(data.stations)
        self.summary.setText(
            self.tr("{0} of {1} done · {2} in progress · {3} no-shows · updated {4}")
            .replace("{0}", str(counts.get(Status.SUBMITTED, 0)))
            .replace("{1}", str(total))
            .replace("{2}", str(counts.get(Status.IN_PROGRESS, 0)))
            .replace("{3}", str(counts.get(Status.NO_SHOW, 0)))
            .replace("{4}", f"{self.ctx.clock.now():%H:%M:%S}")
        )

    def _tooltip(
        self,
        data: BoardData,
        candidate: str,
        station: str,
        label: str,
        encounters: list[EncounterInfo],
    ) -> str:
        lines = [
            f"{candidate} {data.names.get(candidate, '')}".strip(),
            data.titles.get(station) or station,
            label,
        ]
        for e in encounters:
            when = e.submitted_at or e.started_at or e.checked_in_at
            stamp = f" · {when.astimezone():%H:%M}" if when is not None else ""
            lines.append(f"{e.examiner} ({e.marker}): {status_style(e.status)[2]}{stamp}")
        if encounters:
            lines.append(self.tr("Double-click or Enter: open the result"))
        return "\n".join(lines)

    def _cell_opened(self, row: int, column: int) -> None:
        data = self.data
        if data is None or not (0 <= row < len(data.candidates)):
            return
        if not 0 <= column < len(data.stations):
            return
        self.encounter_requested.emit(data.candidates[row], data.stations[column])

    def status_at(self, candidate: str, station: str) -> str:
        """The status shown for a candidate at a station (for tests and screen readers)."""
        if self.data is None:
            raise KeyError(candidate)
        row = self.data.candidates.index(candidate)
        column = self.data.stations.index(station)
        item = self.grid.item(row, column)
        if item is None:
            raise KeyError((candidate, station))
        return str(item.data(Qt.ItemDataRole.UserRole))
