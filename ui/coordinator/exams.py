"""The Exams section: stations and definitions, creating an exam, examiners, the
roster, the rotation timetable, opening and closing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QSize, Qt, QTimeZone, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.coordinator.common import TOUCH_PX, FileField, ProblemList, problems_of, when
from ui.theme import status_style
from ui.widgets.table_height import fit_rows

if TYPE_CHECKING:
    from station.services import (
        DefinitionInfo,
        ExamInfo,
        RosterResult,
        TimetableRow,
        UserInfo,
    )
    from ui.context import AppContext

LANGUAGES = ("en", "fr", "es")
#: Item data: what create_exam is given for a station (a key or a DefinitionRef).
STATION_ROLE = int(Qt.ItemDataRole.UserRole)


def _button(text: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setMinimumHeight(TOUCH_PX)
    return button


class ExamsPanel(QWidget):
    """Create exams and set them up."""

    #: An exam was created (its code), so the console selects it once reloaded.
    exam_created = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.exam: ExamInfo | None = None
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self._scroll(self._build_create()))
        splitter.addWidget(self._scroll(self._build_setup()))
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([600, 680])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.refresh_global()

    def _scroll(self, inner: QWidget) -> QScrollArea:
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setWidget(inner)
        return area

    # ------------------------------------------------------------------ building

    def _build_create(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)

        defs = QGroupBox(self.tr("Station definitions"), page)
        defs_layout = QVBoxLayout(defs)
        self.definition_file = FileField(
            self.tr("Definition file to import"), self.tr("Station definitions (*.yaml *.yml)")
        )
        self.import_definition_button = _button(self.tr("&Import definition"), defs)
        self.import_definition_button.clicked.connect(self.import_definition)
        self.definition_problems = ProblemList(defs)
        row = QHBoxLayout()
        row.addWidget(self.definition_file, 1)
        row.addWidget(self.import_definition_button)
        defs_layout.addWidget(QLabel(self.tr("Import a YAML definition (it is checked first):")))
        defs_layout.addLayout(row)
        defs_layout.addWidget(self.definition_problems)
        column.addWidget(defs)

        create = QGroupBox(self.tr("New exam"), page)
        form = QFormLayout(create)
        # Labels above their fields: the column is narrow at 1280 px, and the station
        # names need the whole width.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.code_edit = QLineEdit(create)
        self.code_edit.setPlaceholderText("OSCE-2026-03")
        self.title_edit = QLineEdit(create)
        self.starts_edit = QDateTimeEdit(create)
        self.starts_edit.setCalendarPopup(True)
        self.starts_edit.setTimeZone(QTimeZone.utc())
        self.starts_edit.setDisplayFormat("yyyy-MM-dd HH:mm 'UTC'")
        now = self.ctx.clock.now()
        self.starts_edit.setDateTime(
            QDateTime.fromSecsSinceEpoch(int(now.timestamp()), QTimeZone.utc())
        )
        self.language_box = QComboBox(create)
        for code in LANGUAGES:
            self.language_box.addItem(code, code)
        self.pass_mark = QSpinBox(create)
        self.pass_mark.setRange(0, 100)
        self.pass_mark.setSuffix(" %")
        self.pass_mark.setSpecialValueText(self.tr("by the standard set later"))
        self.station_list = QListWidget(create)
        self.station_list.setAccessibleName(self.tr("Stations, in circuit order"))
        self.station_list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.station_list.setMinimumHeight(200)
        up = _button(self.tr("Move up"), create)
        up.clicked.connect(lambda: self._move_station(-1))
        down = _button(self.tr("Move down"), create)
        down.clicked.connect(lambda: self._move_station(1))
        moves = QHBoxLayout()
        moves.addWidget(up)
        moves.addWidget(down)
        self.create_button = _button(self.tr("&Create exam"), create)
        self.create_button.clicked.connect(self.create_exam)
        self.create_problems = ProblemList(create)
        for widget in (self.code_edit, self.title_edit, self.starts_edit, self.language_box):
            widget.setMinimumHeight(TOUCH_PX)
        self.pass_mark.setMinimumHeight(TOUCH_PX)
        form.addRow(self.tr("Code:"), self.code_edit)
        form.addRow(self.tr("Title:"), self.title_edit)
        form.addRow(self.tr("Starts at:"), self.starts_edit)
        form.addRow(self.tr("Language:"), self.language_box)
        form.addRow(self.tr("Pass mark:"), self.pass_mark)
        form.addRow(self.tr("Stations (tick; circuit order):"), self.station_list)
        form.addRow("", moves)
        form.addRow("", self.create_button)
        form.addRow(self.create_problems)
        column.addWidget(create)
        column.addStretch(1)
        return page

    def _build_setup(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)

        state = QGroupBox(self.tr("Exam"), page)
        state_row = QHBoxLayout(state)
        self.state_label = QLabel(self.tr("No exam chosen."), state)
        self.open_button = _button(self.tr("Open exam"), state)
        self.open_button.clicked.connect(lambda: self._set_open(True))
        self.close_button = _button(self.tr("Close exam"), state)
        self.close_button.clicked.connect(lambda: self._set_open(False))
        state_row.addWidget(self.state_label, 1)
        state_row.addWidget(self.open_button)
        state_row.addWidget(self.close_button)
        column.addWidget(state)

        stations = QGroupBox(self.tr("Stations and examiners"), page)
        stations_layout = QVBoxLayout(stations)
        self.stations_table = QTableWidget(0, 4, stations)
        self.stations_table.setHorizontalHeaderLabels(
            [self.tr("Station"), self.tr("Version"), self.tr("Title"), self.tr("Examiners")]
        )
        self.stations_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.stations_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.stations_table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch
        )
        self.stations_table.verticalHeader().hide()
        fit_rows(self.stations_table, 140)  # no scroll bar for a few stations
        assign = QHBoxLayout()
        self.assign_station = QComboBox(stations)
        self.assign_station.setAccessibleName(self.tr("Station to staff"))
        self.assign_examiner = QComboBox(stations)
        self.assign_examiner.setAccessibleName(self.tr("Examiner to assign"))
        for box in (self.assign_station, self.assign_examiner):
            box.setMinimumHeight(TOUCH_PX)
        self.assign_button = _button(self.tr("Assi&gn examiner"), stations)
        self.assign_button.clicked.connect(self.assign)
        assign.addWidget(self.assign_station, 1)
        assign.addWidget(self.assign_examiner, 1)
        assign.addWidget(self.assign_button)
        stations_layout.addWidget(self.stations_table)
        stations_layout.addLayout(assign)
        column.addWidget(stations)

        roster = QGroupBox(self.tr("Candidate roster"), page)
        roster_layout = QVBoxLayout(roster)
        self.roster_file = FileField(self.tr("Roster CSV file"), self.tr("CSV files (*.csv)"))
        self.roster_button = _button(self.tr("Import &roster"), roster)
        self.roster_button.clicked.connect(self.import_roster)
        row = QHBoxLayout()
        row.addWidget(self.roster_file, 1)
        row.addWidget(self.roster_button)
        self.roster_result = QLabel(roster)
        self.roster_result.setWordWrap(True)
        self.roster_problems = ProblemList(roster)
        roster_layout.addWidget(
            QLabel(
                self.tr("Columns: candidate_id, family_name, given_name; email, group optional.")
            )
        )
        roster_layout.addLayout(row)
        roster_layout.addWidget(self.roster_result)
        roster_layout.addWidget(self.roster_problems)
        column.addWidget(roster)

        timetable = QGroupBox(self.tr("Rotation timetable"), page)
        timetable_layout = QVBoxLayout(timetable)
        self.timetable_button = _button(self.tr("Plan the ti&metable"), timetable)
        self.timetable_button.clicked.connect(self.build_timetable)
        self.timetable_table = QTableWidget(0, 5, timetable)
        self.timetable_table.setHorizontalHeaderLabels(
            [
                self.tr("Cycle"),
                self.tr("Slot"),
                self.tr("Time (UTC)"),
                self.tr("Station"),
                self.tr("Candidate"),
            ]
        )
        self.timetable_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timetable_table.setMinimumHeight(200)
        self.timetable_table.horizontalHeader().setStretchLastSection(True)
        self.timetable_table.verticalHeader().hide()
        timetable_layout.addWidget(self.timetable_button)
        timetable_layout.addWidget(self.timetable_table)
        column.addWidget(timetable)
        column.addStretch(1)
        return page

    # ------------------------------------------------------------------ data

    def refresh_global(self) -> None:
        """Read the definitions and the examiners (not tied to the chosen exam)."""
        actor = self.ctx.actor
        if actor is None:
            return

        def load(s: object) -> tuple[list[str], list[DefinitionInfo], list[UserInfo]]:
            from station.services.definitions import bundled_keys

            services = s  # StationServices
            return (
                bundled_keys(),
                services.definitions.definitions(actor),  # type: ignore[attr-defined]
                services.identity.list_users(actor),  # type: ignore[attr-defined]
            )

        self.ctx.worker.submit(load, on_done=self._global_loaded)

    def _global_loaded(
        self, loaded: tuple[list[str], list[DefinitionInfo], list[UserInfo]]
    ) -> None:
        from station.services import DefinitionRef

        bundled, stored, users = loaded
        ticked = {
            self.station_list.item(i).text()
            for i in range(self.station_list.count())
            if self.station_list.item(i).checkState() == Qt.CheckState.Checked
        }
        self.station_list.clear()
        stored_keys = {d.station_key for d in stored}
        for key in bundled:
            if key in stored_keys:
                continue
            self._add_station(self.tr("{0} (bundled)").replace("{0}", key), key, ticked)
        for info in stored:
            text = f"{info.station_key} v{info.version} — {info.title}"
            self._add_station(text, DefinitionRef(info.station_key, info.version), ticked)
        current = self.assign_examiner.currentData()
        self.assign_examiner.clear()
        for user in users:
            if user.role.value == "examiner" and user.active:
                self.assign_examiner.addItem(
                    f"{user.display_name} ({user.username})", user.username
                )
        index = self.assign_examiner.findData(current)
        if index >= 0:
            self.assign_examiner.setCurrentIndex(index)

    def _add_station(self, text: str, value: object, ticked: set[str]) -> None:
        item = QListWidgetItem(text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if text in ticked else Qt.CheckState.Unchecked)
        item.setData(STATION_ROLE, value)
        item.setToolTip(text)
        item.setSizeHint(QSize(0, 36))
        self.station_list.addItem(item)

    def set_exam(self, exam: ExamInfo | None) -> None:
        self.exam = exam
        for widget in (
            self.open_button,
            self.close_button,
            self.assign_button,
            self.roster_button,
            self.timetable_button,
        ):
            widget.setEnabled(exam is not None)
        self.stations_table.setRowCount(0)
        self.assign_station.clear()
        self.timetable_table.setRowCount(0)
        if exam is None:
            self.state_label.setText(self.tr("No exam chosen."))
            return
        _, symbol, label = status_style(exam.status)
        self.state_label.setText(
            f"{exam.code}: {symbol} {label} · "
            + self.tr("{0} candidates").replace("{0}", str(exam.candidates))
        )
        self.open_button.setEnabled(exam.status != "open")
        self.close_button.setEnabled(exam.status == "open")
        self.stations_table.setRowCount(len(exam.stations))
        for row, station in enumerate(exam.stations):
            values = (
                station.station_key,
                station.version,
                station.title,
                ", ".join(station.examiners) or self.tr("none yet"),
            )
            for column, text in enumerate(values):
                self.stations_table.setItem(row, column, QTableWidgetItem(text))
            self.assign_station.addItem(
                f"{station.station_key} — {station.title}", station.station_key
            )
        actor = self.ctx.actor
        code = exam.code
        if actor is not None:

            def loaded(rows: list[TimetableRow]) -> None:
                self._timetable_loaded(code, rows)

            self.ctx.worker.submit(lambda s: s.exams.timetable_rows(actor, code), on_done=loaded)

    def _timetable_loaded(self, code: str, rows: list[TimetableRow]) -> None:
        if self.exam is None or self.exam.code != code:
            return
        self.timetable_table.setRowCount(len(rows))
        for index, line in enumerate(rows):
            station = line.station_key if line.station_key != "REST" else self.tr("rest")
            values = (
                str(line.cycle),
                str(line.slot),
                f"{when(line.starts_at)}–{line.ends_at:%H:%M}",
                station,
                line.candidate_number,
            )
            for column, text in enumerate(values):
                self.timetable_table.setItem(index, column, QTableWidgetItem(text))
        self.timetable_table.resizeColumnsToContents()

    # ------------------------------------------------------------------ actions

    def _move_station(self, step: int) -> None:
        row = self.station_list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.station_list.count():
            return
        item = self.station_list.takeItem(row)
        self.station_list.insertItem(target, item)
        self.station_list.setCurrentRow(target)

    def chosen_stations(self) -> list[object]:
        """What the ticked stations give create_exam, in list (circuit) order."""
        return [
            self.station_list.item(i).data(STATION_ROLE)
            for i in range(self.station_list.count())
            if self.station_list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def import_definition(self) -> None:
        actor = self.ctx.actor
        path = self.definition_file.path()
        if actor is None:
            return
        if not path:
            self.definition_problems.show_problems([self.tr("Choose a definition file first.")])
            return
        self.definition_problems.show_problems([])
        self.import_definition_button.setEnabled(False)

        def done(info: DefinitionInfo) -> None:
            self.import_definition_button.setEnabled(True)
            message = (
                self.tr("Imported {0} v{1}.")
                if info.created
                else self.tr("{0} v{1} was already stored.")
            )
            self.ctx.message_bar.info(
                message.replace("{0}", info.station_key).replace("{1}", info.version)
            )
            self.ctx.changed("definitions")

        def failed(exc: Exception) -> None:
            self.import_definition_button.setEnabled(True)
            self.definition_problems.show_problems(problems_of(exc))

        self.ctx.worker.submit(
            lambda s: s.definitions.import_definition(actor, path), on_done=done, on_error=failed
        )

    def create_exam(self) -> None:
        actor = self.ctx.actor
        if actor is None:
            return
        code = self.code_edit.text().strip()
        title = self.title_edit.text().strip()
        stations = self.chosen_stations()
        problems = []
        if not code:
            problems.append(self.tr("Give the exam a code."))
        if not title:
            problems.append(self.tr("Give the exam a title."))
        if not stations:
            problems.append(self.tr("Tick at least one station."))
        self.create_problems.show_problems(problems)
        if problems:
            return
        starts = datetime.fromtimestamp(self.starts_edit.dateTime().toSecsSinceEpoch(), UTC)
        language = str(self.language_box.currentData())
        pass_mark = self.pass_mark.value() or None

        def done(exam: ExamInfo) -> None:
            self.create_button.setEnabled(True)
            self.ctx.message_bar.info(self.tr("Exam {0} created.").replace("{0}", exam.code))
            self.code_edit.clear()
            self.title_edit.clear()
            self.exam_created.emit(exam.code)
            self.ctx.changed(exam.code)

        def failed(exc: Exception) -> None:
            self.create_button.setEnabled(True)
            self.create_problems.show_problems(problems_of(exc))

        self.create_button.setEnabled(False)
        self.ctx.worker.submit(
            lambda s: s.exams.create_exam(
                actor,
                code=code,
                title=title,
                starts_at=starts,
                stations=stations,  # type: ignore[arg-type]
                language=language,
                pass_mark_pct=pass_mark,
            ),
            on_done=done,
            on_error=failed,
        )

    def assign(self) -> None:
        actor, exam = self.ctx.actor, self.exam
        station = self.assign_station.currentData()
        username = self.assign_examiner.currentData()
        if actor is None or exam is None or station is None or username is None:
            self.ctx.message_bar.warning(self.tr("Choose a station and an examiner first."))
            return
        code = exam.code

        def done(_: None) -> None:
            self.ctx.message_bar.info(
                self.tr("{0} assigned to {1}.").replace("{0}", username).replace("{1}", station)
            )
            self.ctx.changed(code)

        self.ctx.worker.submit(
            lambda s: s.exams.assign_examiner(actor, code, station, username), on_done=done
        )

    def import_roster(self) -> None:
        actor, exam = self.ctx.actor, self.exam
        path = self.roster_file.path()
        if actor is None or exam is None:
            return
        if not path:
            self.roster_problems.show_problems([self.tr("Choose a roster CSV file first.")])
            return
        code = exam.code
        self.roster_problems.show_problems([])
        self.roster_result.clear()

        def done(result: RosterResult) -> None:
            self.roster_result.setText(
                self.tr("{0} rows: {1} entered for this exam ({2} new candidates), {3} already.")
                .replace("{0}", str(result.rows))
                .replace("{1}", str(len(result.enrolled)))
                .replace("{2}", str(len(result.added)))
                .replace("{3}", str(len(result.already_enrolled)))
            )
            self.ctx.changed(code)

        def failed(exc: Exception) -> None:
            problems = problems_of(exc)
            self.roster_result.setText(
                self.tr(
                    "Nothing was imported: {0} problem(s). Correct the file and import again."
                ).replace("{0}", str(len(problems)))
            )
            self.roster_problems.show_problems(problems)

        self.ctx.worker.submit(
            lambda s: s.roster.import_roster(actor, code, path), on_done=done, on_error=failed
        )

    def build_timetable(self) -> None:
        actor, exam = self.ctx.actor, self.exam
        if actor is None or exam is None:
            return
        code = exam.code

        def build(s: object) -> list[TimetableRow]:
            s.exams.build_timetable(actor, code)  # type: ignore[attr-defined]
            return s.exams.timetable_rows(actor, code)  # type: ignore[attr-defined, no-any-return]

        def done(rows: list[TimetableRow]) -> None:
            self._timetable_loaded(code, rows)
            self.ctx.message_bar.info(self.tr("Timetable planned for {0}.").replace("{0}", code))

        self.ctx.worker.submit(build, on_done=done)

    def _set_open(self, want_open: bool) -> None:
        actor, exam = self.ctx.actor, self.exam
        if actor is None or exam is None:
            return
        code = exam.code

        def done(info: ExamInfo) -> None:
            _, symbol, label = status_style(info.status)
            self.ctx.message_bar.info(f"{info.code}: {symbol} {label}")
            self.ctx.changed(code)

        if want_open:
            self.ctx.worker.submit(lambda s: s.exams.open_exam(actor, code), on_done=done)
        else:
            self.ctx.worker.submit(lambda s: s.exams.close_exam(actor, code), on_done=done)
