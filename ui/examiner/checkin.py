"""Choose the exam and station, then check the candidate in (or record a no-show).

The candidates offered are every candidate of the exam, as the station sees them
(:meth:`CheckInServices.station_candidates`): the timetable slot at this station when
there is one, the candidate number, the name, the group, and the status of the
candidate's encounter here, with the examiner it belongs to when that is someone else.

Finding a candidate is keyboard-first: type part of a name or number in the search box
(accents and case do not matter: "jose" finds "José"), move with the arrow keys without
leaving the box, and press Enter to check the highlighted candidate in. A number typed
or scanned in full and followed by Enter checks that candidate in directly. The scan box
takes a badge scanned by a USB barcode reader (which types the id and presses Enter) or
a number typed by hand. "Scan badge" turns on the camera chosen in the settings instead:
the preview shows what it sees, and a badge held up to it checks that candidate in (see
:mod:`ui.examiner.badgescan`). A badge printed for another exam, a code that is not a
SkillStation badge, or a number not on this exam's roster is refused with a message.

A candidate already seen at this station (submitted, recorded absent, or being marked
by another examiner) is not checked in by a single Enter: the panel says so and asks
for Enter again, so nobody is examined twice by mistake.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHideEvent,
    QIcon,
    QKeyEvent,
    QPainter,
    QPen,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assessments.badges import BADGE_SCHEME, ForeignCode, read_badge_payload
from devices.camera.qr import FrameSource, open_frame_source
from station.auth.permissions import Actor
from station.services import (
    EncounterInfo,
    EncounterView,
    ExamInfo,
    StationCandidate,
    StationServices,
)
from ui.context import AppContext
from ui.examiner.badgescan import BadgeCamera
from ui.theme import status_style
from ui.widgets.big_button import TOUCH_SIZE, BigButton
from ui.widgets.confirm import ConfirmBox
from ui.widgets.search_box import SearchBox
from ui.worker import error_text

__all__ = ["CheckInPanel", "Roster", "fold", "matches"]

# The keys the search box hands to the candidate list, so arrows move the selection
# while the examiner keeps typing.
_LIST_KEYS = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})

# The camera used when the settings name none: the simulated one, so the control shows
# what it does before a camera is set up.
SIMULATED_CAMERA = "sim://camera"

# The list's columns.
TIME, NUMBER, NAME, GROUP, STATUS = range(5)


def fold(text: str) -> str:
    """``text`` for matching: accents removed, case folded ("José" → "jose")."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold()


def matches(entry: StationCandidate, query: str) -> bool:
    """Whether every word of ``query`` is found in the candidate's number, names or
    group (accent- and case-insensitive; an empty query matches everyone)."""
    haystack = fold(
        " ".join((entry.candidate_number, entry.given_name, entry.family_name, entry.group or ""))
    )
    return all(word in haystack for word in fold(query).split())


_ICON = 16


def _swatch(status: str) -> QIcon:
    """A small filled disc in the status colour, outlined so it shows on any background."""
    colour, _symbol, _label = status_style(status)
    pixmap = QPixmap(_ICON, _ICON)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#808080"), 1))
    painter.setBrush(colour)
    painter.drawEllipse(1, 1, _ICON - 2, _ICON - 2)
    painter.end()
    return QIcon(pixmap)


def _enlarge(widget: QWidget) -> None:
    font = widget.font()
    font.setPointSizeF(max(font.pointSizeF(), 11.0) * 1.1)
    widget.setFont(font)


class Roster:
    """The candidates of one station of one exam, as loaded for check-in."""

    def __init__(self, exam: ExamInfo, station_key: str, entries: list[StationCandidate]):
        self.exam = exam
        self.station_key = station_key
        self.entries = tuple(entries)
        self._by_number = {fold(e.candidate_number): e for e in entries}

    def find(self, number: str) -> StationCandidate | None:
        """The candidate with exactly this number (case-insensitive), if enrolled."""
        return self._by_number.get(fold(number.strip()))


def check_in_and_view(
    services: StationServices, actor: Actor, exam_code: str, station_key: str, number: str
) -> EncounterView:
    info = services.encounters.check_in(actor, exam_code, station_key, number)
    return services.encounters.encounter_view(actor, info.id)


def record_no_show(
    services: StationServices,
    actor: Actor,
    exam_code: str,
    station_key: str,
    number: str,
    reason: str,
) -> EncounterInfo:
    """Record the candidate absent, keeping the reason as the encounter's private note."""
    info = services.encounters.check_in(actor, exam_code, station_key, number)
    if info.status == "draft":
        services.encounters.comment(actor, info.id, "private", f"No-show: {reason}")
    return services.encounters.mark_no_show(actor, exam_code, station_key, number)


def _assigned(exams: list[ExamInfo], actor: Actor) -> list[ExamInfo]:
    """The open exams with a station the actor is assigned to."""
    return [
        e
        for e in exams
        if e.status == "open" and any(actor.username in s.examiners for s in e.stations)
    ]


def _shape(exams: list[ExamInfo]) -> list[object]:
    """What the exam and station lists show of ``exams``."""
    return [
        (e.code, e.title, [(s.station_key, s.title, sorted(s.examiners)) for s in e.stations])
        for e in exams
    ]


class CheckInPanel(QWidget):
    """Exam and station choice, the candidate list with search, scan box and no-show."""

    #: A candidate was checked in: (EncounterView, ExamInfo, station title).
    checkedIn = Signal(object, object, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.exams: list[ExamInfo] = []
        # Whether the exams were loaded once (showing the panel again refreshes them).
        self._loaded = False
        self.roster: Roster | None = None
        # The number of an already-seen candidate waiting for a second Enter.
        self.pending_confirmation: str | None = None
        self._last_query = ""
        self._rebuilding = False
        # The already-seen warning last put in the message bar.
        self._warning: str | None = None
        self.exam_combo = QComboBox(self)
        self.exam_combo.setObjectName("examCombo")
        self.exam_combo.setMinimumHeight(TOUCH_SIZE)
        self.station_combo = QComboBox(self)
        self.station_combo.setObjectName("stationCombo")
        self.station_combo.setMinimumHeight(TOUCH_SIZE)
        self.exam_combo.currentIndexChanged.connect(self._exam_chosen)
        self.station_combo.currentIndexChanged.connect(self._station_chosen)
        form = QFormLayout()
        form.addRow(self.tr("&Exam"), self.exam_combo)
        form.addRow(self.tr("&Station"), self.station_combo)
        form_labels = [form.labelForField(w) for w in (self.exam_combo, self.station_combo)]

        self.search = SearchBox(self)
        self.search.setObjectName("candidateSearch")
        self.search.setPlaceholderText(
            self.tr("Type a name or number (↑↓ to choose, Enter to check in)")
        )
        self.search.search.connect(self._filter)
        self.search.returnPressed.connect(self._search_entered)
        self.search.installEventFilter(self)
        search_label = QLabel(self.tr("&Find a candidate"), self)
        search_label.setBuddy(self.search)

        self.list = QTreeWidget(self)
        self.list.setObjectName("candidateList")
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAllColumnsShowFocus(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Number"),
                self.tr("Name"),
                self.tr("Group"),
                self.tr("Status"),
            ]
        )
        self.list.setIconSize(QSize(_ICON, _ICON))
        self.list.setStyleSheet("QTreeView::item { padding: 0 6px; }")
        header = self.list.header()
        header.setStretchLastSection(False)
        for column in (TIME, NUMBER, GROUP, STATUS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.list.itemActivated.connect(lambda _item, _column: self.check_in_selected())
        self.list.currentItemChanged.connect(lambda *_args: self._selection_moved())

        self.scan = QLineEdit(self)
        self.scan.setObjectName("scanBox")
        self.scan.setMinimumHeight(TOUCH_SIZE)
        self.scan.setPlaceholderText(
            self.tr("Scan the badge or type the candidate number, then Enter")
        )
        self.scan.returnPressed.connect(self._scanned)
        scan_label = QLabel(self.tr("&Badge or candidate number"), self)
        scan_label.setBuddy(self.scan)
        # Opens the camera named in the settings (replaced in tests by a frame source).
        self.camera_factory: Callable[[str], FrameSource] = open_frame_source
        self.scan_badge_button = BigButton(self.tr("Scan badge"), self)
        self.scan_badge_button.setObjectName("scanBadgeButton")
        self.scan_badge_button.setCheckable(True)
        self.scan_badge_button.toggled.connect(self._scan_badge_toggled)
        self.camera = BadgeCamera(self)
        self.camera.setObjectName("badgeCamera")
        self.camera.codeScanned.connect(self.badge_scanned)
        self.camera.stopped.connect(self._camera_stopped)
        self.camera.hide()

        self.check_in_button = BigButton(self.tr("Check in (Enter)"), self)
        self.check_in_button.setObjectName("checkInButton")
        self.check_in_button.clicked.connect(self.check_in_selected)
        self.no_show_button = BigButton(self.tr("No-show… (Ctrl+Shift+N)"), self)
        self.no_show_button.setObjectName("noShowButton")
        self.no_show_button.setShortcut("Ctrl+Shift+N")
        self.no_show_button.clicked.connect(self._ask_no_show)
        self.no_show_reason = QLineEdit(self)
        self.no_show_reason.setObjectName("noShowReason")
        self.no_show_reason.setMinimumHeight(TOUCH_SIZE)
        self.no_show_reason.setPlaceholderText(
            self.tr("Why is the candidate absent? (Enter to record the no-show, Esc to cancel)")
        )
        self.no_show_reason.returnPressed.connect(self.confirm_no_show)
        self.no_show_reason.hide()
        self.status = QLabel(self)
        self.status.setObjectName("checkInStatus")
        self.status.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.no_show_button)
        buttons.addWidget(self.no_show_reason, 1)
        buttons.addWidget(self.check_in_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(search_label)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        layout.addWidget(scan_label)
        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan, 1)
        scan_row.addWidget(self.scan_badge_button)
        layout.addLayout(scan_row)
        layout.addWidget(self.camera)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.exam_combo, self.station_combo)
        QWidget.setTabOrder(self.station_combo, self.search)
        QWidget.setTabOrder(self.search, self.list)
        QWidget.setTabOrder(self.list, self.scan)
        QWidget.setTabOrder(self.scan, self.scan_badge_button)
        QWidget.setTabOrder(self.scan_badge_button, self.no_show_button)
        QWidget.setTabOrder(self.no_show_button, self.no_show_reason)
        QWidget.setTabOrder(self.no_show_reason, self.check_in_button)
        # Names are read at arm's length, often standing: larger than the default text.
        for widget in (
            self.exam_combo,
            self.station_combo,
            search_label,
            self.search,
            self.list,
            self.list.header(),
            self.status,
            scan_label,
            self.scan,
            self.no_show_reason,
            *(label for label in form_labels if label is not None),
        ):
            _enlarge(widget)
        ctx.signals.data_changed.connect(self._data_changed)

    # ------------------------------------------------------------------ loading

    def load(self, select: tuple[str, str] | None = None) -> None:
        """Load the exams and stations the examiner is assigned to (open exams)."""
        actor = self._actor()

        self._loaded = True

        def found(exams: list[ExamInfo]) -> None:
            if self.ctx.actor is None or self.ctx.actor.user_id != actor.user_id:
                return  # signed out (or another user signed in) while the exams loaded
            self.exams = _assigned(exams, actor)
            self.exam_combo.blockSignals(True)
            self.exam_combo.clear()
            for exam in self.exams:
                self.exam_combo.addItem(f"{exam.code} — {exam.title}", exam.code)
            self.exam_combo.blockSignals(False)
            if not self.exams:
                self.status.setText(
                    self.tr(
                        "You are not assigned to a station of an open exam. Ask the "
                        "coordinator to assign you."
                    )
                )
                return
            index = 0
            if select is not None:
                index = max(0, self.exam_combo.findData(select[0]))
            self.exam_combo.setCurrentIndex(index)
            self._exam_chosen(index, select[1] if select is not None else None)

        self.ctx.worker.submit(lambda s: s.exams.exams(actor), on_done=found)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._loaded and self.ctx.actor is not None:
            self._refresh_exams()

    def _refresh_exams(self) -> None:
        """Load the exams again if they changed since (an exam created, opened, or a
        station assigned meanwhile, from the coordinator's console or the command line),
        keeping the exam and station chosen."""
        actor = self._actor()

        def found(exams: list[ExamInfo]) -> None:
            if self.ctx.actor is None or self.ctx.actor.user_id != actor.user_id:
                return  # signed out meanwhile
            if _shape(_assigned(exams, actor)) == _shape(self.exams):
                return
            exam = self.exam
            self.load(None if exam is None else (exam.code, self.station_key or ""))

        self.ctx.worker.submit(lambda s: s.exams.exams(actor), on_done=found)

    def _actor(self) -> Actor:
        if self.ctx.actor is None:
            raise RuntimeError("nobody is signed in at the examiner's station")
        return self.ctx.actor

    @property
    def exam(self) -> ExamInfo | None:
        index = self.exam_combo.currentIndex()
        return self.exams[index] if 0 <= index < len(self.exams) else None

    @property
    def station_key(self) -> str | None:
        data = self.station_combo.currentData()
        return data if isinstance(data, str) else None

    def station_title(self) -> str:
        exam, key = self.exam, self.station_key
        if exam is None or key is None:
            return ""
        return exam.station(key).title

    def _exam_chosen(self, _index: int, station: str | None = None) -> None:
        exam = self.exam
        self.station_combo.blockSignals(True)
        self.station_combo.clear()
        if exam is not None:
            username = self._actor().username
            for item in exam.stations:
                if username in item.examiners:
                    self.station_combo.addItem(
                        f"{item.position}. {item.title} ({item.station_key})", item.station_key
                    )
        self.station_combo.blockSignals(False)
        if station is not None:
            self.station_combo.setCurrentIndex(max(0, self.station_combo.findData(station)))
        self._station_chosen(self.station_combo.currentIndex())

    def _station_chosen(self, _index: int) -> None:
        exam, key = self.exam, self.station_key
        if exam is None or key is None:
            return
        actor = self._actor()

        def loaded(entries: list[StationCandidate]) -> None:
            if self.ctx.actor is None or self.ctx.actor.user_id != actor.user_id:
                return  # signed out (or another user signed in) while the roster loaded
            self._show_roster(Roster(exam, key, entries))

        self.ctx.worker.submit(
            lambda s: s.checkin.station_candidates(actor, exam.code, key), on_done=loaded
        )

    def _show_roster(self, roster: Roster) -> None:
        if roster.station_key != self.station_key:
            return  # the examiner chose another station meanwhile
        self.roster = roster
        self._forget_confirmation()
        self._filter(self.search.text().strip())
        if not roster.entries:
            self.status.setText(self.tr("No candidates are enrolled in this exam yet."))
            return
        seen = sum(1 for e in roster.entries if e.status in ("submitted", "no_show"))
        self.status.setText(
            self.tr("{0} candidates; {1} already seen at this station.")
            .replace("{0}", str(len(roster.entries)))
            .replace("{1}", str(seen))
        )

    # ------------------------------------------------------------------ the list

    def _status_cell(self, entry: StationCandidate) -> str:
        _colour, symbol, label = status_style(entry.status)
        if entry.status_by is not None and entry.status_by != self._actor().username:
            return (
                self.tr("{0} {1} — {2}")
                .replace("{0}", symbol)
                .replace("{1}", label)
                .replace("{2}", entry.status_by)
            )
        return f"{symbol} {label}"

    def _filter(self, text: str) -> None:
        self._rebuilding = True
        try:
            self._fill(text)
        finally:
            self._rebuilding = False
        if self.pending_confirmation != self.selected_number():
            self._forget_confirmation()

    def _selection_moved(self) -> None:
        if not self._rebuilding:
            self._forget_confirmation()

    def _fill(self, text: str) -> None:
        current = self.selected_number()
        self.list.clear()
        if self.roster is None:
            return
        height = QSize(0, TOUCH_SIZE)
        keep: QTreeWidgetItem | None = None
        first_open: QTreeWidgetItem | None = None
        for entry in self.roster.entries:
            if not matches(entry, text):
                continue
            when = (
                entry.slot_starts_at.astimezone().strftime("%H:%M")
                if entry.slot_starts_at is not None
                else ""
            )
            item = QTreeWidgetItem(
                [
                    when,
                    entry.candidate_number,
                    entry.display_name,
                    entry.group or "",
                    self._status_cell(entry),
                ]
            )
            item.setData(NUMBER, Qt.ItemDataRole.UserRole, entry.candidate_number)
            item.setSizeHint(NAME, height)
            # The colour is a swatch beside the words, so the text keeps its contrast
            # in both themes (and the symbol and words carry the status without colour).
            item.setIcon(STATUS, _swatch(entry.status))
            self.list.addTopLevelItem(item)
            if entry.candidate_number == current:
                keep = item
            if first_open is None and self._is_open(entry):
                first_open = item
        # A new search highlights the first candidate still to be seen; a refresh keeps
        # the examiner's choice.
        chosen = keep if keep is not None and text == self._last_query else first_open
        self._last_query = text
        if chosen is None and self.list.topLevelItemCount():
            chosen = self.list.topLevelItem(0)
        if chosen is not None:
            self.list.setCurrentItem(chosen)
            self.list.scrollToItem(chosen)

    def _is_open(self, entry: StationCandidate) -> bool:
        """Whether the candidate is still to be examined here by this examiner."""
        return entry.status == "not_started" or (
            entry.status == "in_progress" and entry.status_by == self._actor().username
        )

    def _items(self) -> list[QTreeWidgetItem]:
        items = (self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount()))
        return [item for item in items if item is not None]

    def shown(self) -> list[str]:
        """The candidate numbers the list shows, top to bottom."""
        return [str(item.data(NUMBER, Qt.ItemDataRole.UserRole)) for item in self._items()]

    def row_text(self, number: str) -> str:
        """The cells of a candidate's row as one line ("" when it is not shown)."""
        for item in self._items():
            if item.data(NUMBER, Qt.ItemDataRole.UserRole) == number:
                return "  ".join(item.text(c) for c in range(self.list.columnCount()))
        return ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Arrow and page keys typed in the search box move the list's selection.
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _LIST_KEYS
        ):
            self._filter_now()
            forwarded = QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
            QCoreApplication.sendEvent(self.list, forwarded)
            return True
        return super().eventFilter(watched, event)

    def _filter_now(self) -> None:
        """Apply the search at once if the search box has pending typing."""
        if self.roster is not None and not self._list_matches(self.search.text().strip()):
            self._filter(self.search.text().strip())

    def _list_matches(self, text: str) -> bool:
        assert self.roster is not None
        wanted = [e.candidate_number for e in self.roster.entries if matches(e, text)]
        return wanted == self.shown()

    def _data_changed(self, topic: str) -> None:
        exam = self.exam
        if exam is not None and topic == exam.code and self.isVisible():
            self._station_chosen(self.station_combo.currentIndex())

    # ------------------------------------------------------------------ actions

    def selected_number(self) -> str | None:
        item = self.list.currentItem()
        if item is None:
            return None
        value = item.data(NUMBER, Qt.ItemDataRole.UserRole)
        return value if isinstance(value, str) else None

    def _search_entered(self) -> None:
        text = self.search.text().strip()
        if self.roster is not None and text:
            exact = self.roster.find(text)
            if exact is not None:  # a number typed or scanned in full
                self.request_check_in(exact.candidate_number)
                return
        if self.list.topLevelItemCount() == 0:
            self.status.setText(self.tr("No candidate matches “{0}”.").replace("{0}", text))
            return
        self.check_in_selected()

    def _scanned(self) -> None:
        number = self.scan.text().strip()
        if number.casefold().startswith(BADGE_SCHEME + ":"):
            self.badge_scanned(number)  # a badge read by a USB barcode reader
        elif number:
            self.request_check_in(number)
        # Selected, so that a bare Enter repeats the number (a candidate already seen)
        # and the next scan replaces it instead of being appended to it.
        self.scan.selectAll()

    # ------------------------------------------------------------------ the camera

    def start_badge_scan(self) -> None:
        """Turn on the camera from the settings and check in the badges it reads."""
        url = self.ctx.settings.camera.strip()
        factory = self.camera_factory
        self.camera.show()
        self.camera.start(lambda: factory(url or SIMULATED_CAMERA))
        if url:
            self.status.setText(self.tr("Hold the candidate's badge up to the camera."))
        else:
            self._say(
                self.tr(
                    "No camera is chosen in the settings: this is the simulated camera. "
                    "Choose the camera in the settings (camera://0 is the computer's first)."
                )
            )
        if not self.scan_badge_button.isChecked():
            self.scan_badge_button.setChecked(True)

    def stop_badge_scan(self) -> None:
        """Turn the camera off."""
        self.camera.stop()
        self.camera.hide()
        if self.scan_badge_button.isChecked():
            self.scan_badge_button.setChecked(False)

    def _scan_badge_toggled(self, on: bool) -> None:
        if on and not self.camera.running:
            self.start_badge_scan()
        elif not on and self.camera.running:
            self.stop_badge_scan()

    def _camera_stopped(self, message: str) -> None:
        self.camera.hide()
        self.scan_badge_button.setChecked(False)
        if message:
            self._say(self.tr("The camera stopped: {0}.").replace("{0}", message))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.ctx.message_bar.warning(text)

    def badge_scanned(self, text: str) -> None:
        """Check in the candidate of a scanned badge, or say why it is refused."""
        try:
            code = read_badge_payload(text)
        except ForeignCode:
            shown = text.strip() if len(text.strip()) <= 40 else text.strip()[:39] + "…"
            self._say(
                self.tr(
                    "“{0}” is not a SkillStation badge: scan the candidate's exam badge."
                ).replace("{0}", shown)
            )
            return
        exam = self.exam
        if exam is None or self.roster is None or self.station_key is None:
            self._say(self.tr("Choose the exam and the station first."))
            return
        if code.exam_code is not None and fold(code.exam_code) != fold(exam.code):
            self._say(
                self.tr("This badge ({0}) was printed for the exam {1}, not for {2}.")
                .replace("{0}", code.candidate_number)
                .replace("{1}", code.exam_code)
                .replace("{2}", exam.code)
            )
            return
        if self.roster.find(code.candidate_number) is None:
            self._say(
                self.tr("{0} is not on this exam's roster.").replace("{0}", code.candidate_number)
            )
            return
        self.request_check_in(code.candidate_number)

    def hideEvent(self, event: QHideEvent) -> None:
        # The camera is on only while the check-in panel shows.
        self.stop_badge_scan()
        super().hideEvent(event)

    def check_in_selected(self) -> None:
        number = self.selected_number()
        if number is None:
            self.status.setText(self.tr("Choose a candidate, or scan the badge."))
            return
        self.request_check_in(number)

    def request_check_in(self, number: str) -> None:
        """Check the candidate in, unless they were already seen at this station; then
        say so and wait for the same request a second time."""
        entry = self.roster.find(number) if self.roster is not None else None
        if entry is not None:
            number = entry.candidate_number
            if not self._is_open(entry) and self.pending_confirmation != number:
                self.pending_confirmation = number
                warning = self._already_seen(entry)
                self.status.setText(warning)
                self.ctx.message_bar.warning(warning)
                self._warning = warning
                return
        self._forget_confirmation()
        self.check_in(number)

    def _already_seen(self, entry: StationCandidate) -> str:
        name = f"{entry.candidate_number} ({entry.display_name})"
        mine = entry.status_by is None or entry.status_by == self._actor().username
        if entry.status == "submitted":
            text = (
                self.tr("{0} has already been marked and submitted at this station.")
                if mine
                else self.tr("{0} has already been marked here by {1} and submitted.")
            )
        elif entry.status == "no_show":
            text = self.tr("{0} has been recorded absent at this station.")
        else:
            text = self.tr("{0} is being marked at this station by {1}.")
        text = text.replace("{0}", name).replace("{1}", entry.status_by or "")
        return text + " " + self.tr("Press Enter again to open it anyway.")

    def _forget_confirmation(self) -> None:
        self.pending_confirmation = None

    def check_in(self, number: str) -> None:
        exam, key = self.exam, self.station_key
        if exam is None or key is None:
            self.status.setText(self.tr("Choose the exam and the station first."))
            return
        actor, title = self._actor(), self.station_title()

        def done(view: EncounterView) -> None:
            if self._warning is not None and self.ctx.message_bar.text == self._warning:
                self.ctx.message_bar.dismiss()  # answered: the examiner went ahead
            self._warning = None
            self.stop_badge_scan()
            self.scan.clear()
            self.search.clear()
            self.ctx.changed(exam.code)
            self.checkedIn.emit(view, exam, title)

        def failed(exc: Exception) -> None:
            self.status.setText(error_text(exc))
            self.ctx.message_bar.error(error_text(exc))

        self.ctx.worker.submit(
            lambda s: check_in_and_view(s, actor, exam.code, key, number),
            on_done=done,
            on_error=failed,
        )

    def _ask_no_show(self) -> None:
        if self.selected_number() is None and not self.scan.text().strip():
            self.status.setText(self.tr("Choose the absent candidate first."))
            return
        self.no_show_reason.show()
        self.no_show_reason.setFocus()

    def confirm_no_show(self) -> None:
        number = self.scan.text().strip() or self.selected_number()
        reason = self.no_show_reason.text().strip()
        exam, key = self.exam, self.station_key
        if number is None or exam is None or key is None:
            return
        if not reason:
            self.status.setText(self.tr("Give the reason for the no-show."))
            return
        # Recording a candidate absent cannot be undone at the station: ask, with Cancel
        # the default, so a stray Enter (a badge scanner sends one) records nothing.
        box = ConfirmBox(
            self,
            name="confirmNoShow",
            title=self.tr("No-show"),
            text=self.tr("Record candidate {0} as absent at this station? Reason: {1}")
            .replace("{0}", number)
            .replace("{1}", reason),
            confirm=self.tr("Record absent"),
        )
        box.confirmed.connect(self._record_no_show)
        box.open()

    def _record_no_show(self) -> None:
        number = self.scan.text().strip() or self.selected_number()
        reason = self.no_show_reason.text().strip()
        exam, key = self.exam, self.station_key
        if number is None or exam is None or key is None or not reason:
            return
        actor = self._actor()

        def done(info: EncounterInfo) -> None:
            self.no_show_reason.clear()
            self.no_show_reason.hide()
            self.scan.clear()
            self.ctx.message_bar.info(
                self.tr("Candidate {0} recorded absent.").replace("{0}", info.candidate_number)
            )
            self.ctx.changed(exam.code)
            self._station_chosen(self.station_combo.currentIndex())

        self.ctx.worker.submit(
            lambda s: record_no_show(s, actor, exam.code, key, number, reason), on_done=done
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.no_show_reason.isVisible():
            self.no_show_reason.clear()
            self.no_show_reason.hide()
            self.list.setFocus()
            return
        super().keyPressEvent(event)
