"""The Results section: every submitted encounter, filtered and sorted, amending one
(:mod:`ui.coordinator.amend`), and the exclusions (an item or a whole station taken out
of scoring, with a reason)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.results import reason_text, reasons_text
from ui.coordinator.amend import AmendDialog
from ui.coordinator.common import (
    SORT_ROLE,
    TOUCH_PX,
    ProblemList,
    cell,
    outcome_word,
    percent,
    problems_of,
    when,
)
from ui.widgets.search_box import SearchBox

if TYPE_CHECKING:
    from station.services import EncounterResult, EncounterView, ExamInfo, ExclusionInfo
    from ui.context import AppContext

COLUMNS = (
    "candidate",
    "station",
    "examiner",
    "marker",
    "score",
    "percent",
    "grade",
    "outcome",
    "reason",
    "submitted",
)
_ANY = ""
# Where the encounter's id is kept on the candidate cell of a row.
ENCOUNTER_ROLE = SORT_ROLE + 1


class ResultFilter(QSortFilterProxyModel):
    """Keeps the rows matching the station, examiner, outcome and text chosen."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.station = _ANY
        self.examiner = _ANY
        self.outcome = _ANY
        self.text = ""
        self.setSortRole(SORT_ROLE)

    def set_filters(self, *, station: str, examiner: str, outcome: str, text: str) -> None:
        self.beginFilterChange()
        self.station, self.examiner, self.outcome = station, examiner, outcome
        self.text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()

        def value(column: str) -> str:
            return str(model.index(row, COLUMNS.index(column), parent).data(SORT_ROLE))

        if self.station and value("station") != self.station:
            return False
        if self.examiner and value("examiner") != self.examiner:
            return False
        if self.outcome:
            outcome = value("outcome")
            wanted = ("fail", "critical_fail") if self.outcome == "fail" else (self.outcome,)
            if outcome not in wanted:
                return False
        if self.text:
            words = " ".join(
                str(model.index(row, c, parent).data()) for c in range(len(COLUMNS))
            ).casefold()
            return self.text in words
        return True


class ResultsPanel(QWidget):
    """Results with filters, and the exclusions."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.exam: ExamInfo | None = None
        self.results: list[EncounterResult] = []
        self.exclusion_rows: list[ExclusionInfo] = []

        filters = QHBoxLayout()
        self.station_filter = QComboBox(self)
        self.station_filter.setAccessibleName(self.tr("Station filter"))
        self.examiner_filter = QComboBox(self)
        self.examiner_filter.setAccessibleName(self.tr("Examiner filter"))
        self.outcome_filter = QComboBox(self)
        self.outcome_filter.setAccessibleName(self.tr("Outcome filter"))
        for text, value in (
            (self.tr("Pass and fail"), _ANY),
            (self.tr("✔ Pass"), "pass"),
            (self.tr("✖ Fail"), "fail"),
            (self.tr("⊘ Excluded"), "excluded"),
        ):
            self.outcome_filter.addItem(text, value)
        self.search = SearchBox(self)
        self.search.setPlaceholderText(self.tr("Search candidate, station, examiner…"))
        for box in (self.station_filter, self.examiner_filter, self.outcome_filter, self.search):
            box.setMinimumHeight(TOUCH_PX)
            filters.addWidget(box, 1)
        self.station_filter.currentIndexChanged.connect(self._filter)
        self.examiner_filter.currentIndexChanged.connect(self._filter)
        self.outcome_filter.currentIndexChanged.connect(self._filter)
        self.search.textChanged.connect(self._filter)

        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("Candidate"),
                self.tr("Station"),
                self.tr("Examiner"),
                self.tr("Marker"),
                self.tr("Score"),
                self.tr("%"),
                self.tr("Global grade"),
                self.tr("Outcome"),
                self.tr("Why"),
                self.tr("Submitted"),
            ]
        )
        self.proxy = ResultFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The reasons take the room left; the full text is in the cell's tooltip.
        header.setSectionResizeMode(COLUMNS.index("reason"), QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(self.tr("Results"))
        self.table.verticalHeader().hide()
        self.count_label = QLabel(self)
        self.amend_button = QPushButton(self.tr("A&mend…"), self)
        self.amend_button.setObjectName("amendButton")
        self.amend_button.setMinimumHeight(TOUCH_PX)
        self.amend_button.setToolTip(
            self.tr("Change the marks, grade or comment of the selected result, with a reason")
        )
        self.amend_button.setEnabled(False)
        self.amend_button.clicked.connect(self.amend)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.amend())
        self.amend_dialog: AmendDialog | None = None

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.table, 1)
        below = QHBoxLayout()
        below.addWidget(self.count_label, 1)
        below.addWidget(self.amend_button)
        top_layout.addLayout(below)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(self._build_exclusions())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([520, 220])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _build_exclusions(self) -> QWidget:
        box = QGroupBox(self.tr("Exclusions"), self)
        layout = QHBoxLayout(box)
        form = QFormLayout()
        self.exclude_station = QComboBox(box)
        self.exclude_station.currentIndexChanged.connect(self._fill_items)
        self.exclude_item = QComboBox(box)
        self.exclude_item.setEditable(True)
        self.exclude_reason = QLineEdit(box)
        self.exclude_reason.setPlaceholderText(self.tr("Why (kept in the audit log)"))
        self.exclude_button = QPushButton(self.tr("Exc&lude"), box)
        self.exclude_button.clicked.connect(self.exclude)
        self.exclusion_problems = ProblemList(box)
        for widget in (self.exclude_station, self.exclude_item, self.exclude_reason):
            widget.setMinimumHeight(TOUCH_PX)
        self.exclude_button.setMinimumHeight(TOUCH_PX)
        form.addRow(self.tr("Station:"), self.exclude_station)
        form.addRow(self.tr("Item:"), self.exclude_item)
        form.addRow(self.tr("Reason:"), self.exclude_reason)
        form.addRow("", self.exclude_button)
        form.addRow(self.exclusion_problems)
        self.exclusions_table = QTableWidget(0, 6, box)
        self.exclusions_table.setHorizontalHeaderLabels(
            [
                self.tr("Station"),
                self.tr("Item"),
                self.tr("Reason"),
                self.tr("By"),
                self.tr("When"),
                self.tr("Revoked"),
            ]
        )
        self.exclusions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.exclusions_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.exclusions_table.horizontalHeader().setStretchLastSection(True)
        self.revoke_button = QPushButton(self.tr("Re&voke selected"), box)
        self.revoke_button.setMinimumHeight(TOUCH_PX)
        self.revoke_button.clicked.connect(self.revoke)
        right = QVBoxLayout()
        right.addWidget(self.exclusions_table, 1)
        right.addWidget(self.revoke_button)
        layout.addLayout(form, 1)
        layout.addLayout(right, 2)
        return box

    # ------------------------------------------------------------------ data

    def set_exam(self, exam: ExamInfo | None) -> None:
        self.exam = exam
        self.exclude_station.blockSignals(True)
        self.exclude_station.clear()
        for station in exam.stations if exam else ():
            self.exclude_station.addItem(
                f"{station.station_key} — {station.title}", station.station_key
            )
        self.exclude_station.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        exam, actor = self.exam, self.ctx.actor
        if exam is None or actor is None:
            self._show([], [])
            return
        code = exam.code
        self.ctx.worker.submit(
            lambda s: (s.results.results(actor, code), s.results.exclusions(actor, code)),
            on_done=lambda pair: (
                self._show(*pair) if self.exam and self.exam.code == code else None
            ),
        )

    def _show(self, results: list[EncounterResult], exclusions: list[ExclusionInfo]) -> None:
        self.results = results
        self.exclusion_rows = exclusions
        self.model.removeRows(0, self.model.rowCount())
        for r in results:
            score = r.score
            # The reasons in the station's language of messages (the GUI's language).
            why = reasons_text(r.reasons)
            outcome = cell(outcome_word(r.outcome), r.outcome)
            reason = cell(why)
            for item in (outcome, reason):
                # The detail: every reason on its own line.
                item.setToolTip("\n".join(reason_text(x) for x in r.reasons))
            candidate = cell(r.candidate_number)
            candidate.setData(r.encounter_id, ENCOUNTER_ROLE)
            self.model.appendRow(
                [
                    candidate,
                    cell(r.station_key),
                    cell(r.examiner),
                    cell(r.marker),
                    cell(f"{score.score:g} / {score.max_score:g}", score.score),
                    cell(percent(score.percent), -1.0 if score.percent is None else score.percent),
                    cell(r.grade_label or "", -1 if score.grade is None else score.grade),
                    outcome,
                    reason,
                    cell(when(r.submitted_at), r.submitted_at.isoformat()),
                ]
            )
        self._refill(
            self.station_filter, sorted({r.station_key for r in results}), self.tr("All stations")
        )
        self._refill(
            self.examiner_filter, sorted({r.examiner for r in results}), self.tr("All examiners")
        )
        self._filter()
        self._selection_changed()
        self._fill_items()
        self.exclusions_table.setRowCount(len(exclusions))
        for row, x in enumerate(exclusions):
            values = (
                x.station_key,
                x.item_id or self.tr("whole station"),
                x.reason,
                x.created_by,
                when(x.created_at),
                when(x.revoked_at) or self.tr("in force"),
            )
            for column, text in enumerate(values):
                self.exclusions_table.setItem(row, column, QTableWidgetItem(text))

    def _refill(self, box: QComboBox, values: list[str], everything: str) -> None:
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(everything, _ANY)
        for value in values:
            box.addItem(value, value)
        index = box.findData(current)
        box.setCurrentIndex(max(index, 0))
        box.blockSignals(False)

    def _fill_items(self, _index: int = -1) -> None:
        station = self.exclude_station.currentData()
        items: list[str] = []
        for r in self.results:
            if r.station_key == station:
                items = [i.item_id for i in r.score.items]
                break
        self.exclude_item.clear()
        self.exclude_item.addItem(self.tr("(the whole station)"), None)
        for item_id in items:
            self.exclude_item.addItem(item_id, item_id)

    def _filter(self, *_args: object) -> None:
        self.proxy.set_filters(
            station=str(self.station_filter.currentData() or _ANY),
            examiner=str(self.examiner_filter.currentData() or _ANY),
            outcome=str(self.outcome_filter.currentData() or _ANY),
            text=self.search.text(),
        )
        self.count_label.setText(
            self.tr("{0} of {1} results shown")
            .replace("{0}", str(self.proxy.rowCount()))
            .replace("{1}", str(self.model.rowCount()))
        )

    def show_encounter(self, candidate_number: str, station_key: str) -> None:
        """Show the results of one candidate at one station (from the progress board):
        the station filter set, the others cleared, the candidate searched for."""
        for box in (self.examiner_filter, self.outcome_filter):
            box.setCurrentIndex(0)
        index = self.station_filter.findData(station_key)
        self.station_filter.setCurrentIndex(max(index, 0))
        self.search.setText(candidate_number)
        self._filter()

    def shown_candidates(self) -> list[str]:
        """The candidate numbers of the rows shown, top to bottom."""
        return [str(self.proxy.index(r, 0).data()) for r in range(self.proxy.rowCount())]

    # ------------------------------------------------------------------ amending

    def selected_encounter(self) -> str | None:
        """The encounter id of the row selected, if any."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        value = rows[0].siblingAtColumn(0).data(ENCOUNTER_ROLE)
        return value if isinstance(value, str) else None

    def _selection_changed(self, *_args: object) -> None:
        self.amend_button.setEnabled(self.selected_encounter() is not None)

    def amend(self) -> None:
        """Open the amendment dialog for the selected result (its values are read on
        the worker first)."""
        actor, encounter_id = self.ctx.actor, self.selected_encounter()
        if actor is None or encounter_id is None:
            return
        self.ctx.worker.submit(
            lambda s: s.encounters.encounter_view(actor, encounter_id), on_done=self._open_amend
        )

    def _open_amend(self, view: EncounterView) -> None:
        dialog = AmendDialog(self.ctx, view, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._amend_closed)
        self.amend_dialog = dialog
        dialog.open()

    def _amend_closed(self, *_args: object) -> None:
        self.amend_dialog = None

    # ------------------------------------------------------------------ exclusions

    def exclude(self) -> None:
        exam, actor = self.exam, self.ctx.actor
        station = self.exclude_station.currentData()
        if exam is None or actor is None or station is None:
            return
        index = self.exclude_item.currentIndex()
        typed = self.exclude_item.currentText().strip()
        item_id = (
            self.exclude_item.itemData(index)
            if index >= 0 and self.exclude_item.itemText(index) == typed
            else (typed or None)
        )
        reason = self.exclude_reason.text().strip()
        if not reason:
            self.exclusion_problems.show_problems([self.tr("Give the reason for the exclusion.")])
            return
        self.exclusion_problems.show_problems([])
        code = exam.code

        def done(info: ExclusionInfo) -> None:
            self.exclude_reason.clear()
            what = info.item_id or self.tr("the whole station")
            self.ctx.message_bar.info(
                self.tr("Excluded {0} at {1}; results re-scored.")
                .replace("{0}", what)
                .replace("{1}", info.station_key)
            )
            self.ctx.changed(code)

        self.ctx.worker.submit(
            lambda s: s.results.exclude(actor, code, station, item_id, reason),
            on_done=done,
            on_error=lambda exc: self.exclusion_problems.show_problems(problems_of(exc)),
        )

    def revoke(self) -> None:
        exam, actor = self.exam, self.ctx.actor
        row = self.exclusions_table.currentRow()
        if exam is None or actor is None or not 0 <= row < len(self.exclusion_rows):
            self.exclusion_problems.show_problems([self.tr("Select an exclusion to revoke.")])
            return
        reason = self.exclude_reason.text().strip()
        if not reason:
            self.exclusion_problems.show_problems(
                [self.tr("Give the reason for revoking it in the Reason field.")]
            )
            return
        exclusion_id = self.exclusion_rows[row].id
        code = exam.code
        self.exclusion_problems.show_problems([])

        def done(_: ExclusionInfo) -> None:
            self.exclude_reason.clear()
            self.ctx.message_bar.info(self.tr("Exclusion revoked; results re-scored."))
            self.ctx.changed(code)

        self.ctx.worker.submit(
            lambda s: s.results.revoke_exclusion(actor, exclusion_id, reason),
            on_done=done,
            on_error=lambda exc: self.exclusion_problems.show_problems(problems_of(exc)),
        )
