"""The debrief player: a recording with its events and CPR trace on one timeline.

What is played is worked out without Qt in :mod:`station.playback` (the frames' wall
times, the playback clock, moving between events); the frame is drawn by
:class:`~ui.debrief.video_view.VideoView`. The recording's timeline (frames, segments,
events, depth trace) comes from the services
(``debrief_timeline``) through the service worker; frames are decoded by a
:class:`~ui.debrief.frames.FrameReader` on a thread of its own. Playback follows the
frames' own timestamps (a camera's frame rate varies): at each tick the player works out
the recording's time from the clock (``ctx.clock``, a fake one in tests) and the speed,
and shows the last frame at or before it. Frame numbers run across segments, so playback
crosses from one file to the next without a seam.

Keyboard (while the player has the focus):

=====================  ==========================================
Space                  play / pause
← → (or , .)           one frame back / forward
Shift+← Shift+→        5 seconds back / forward
PgUp PgDn (or [ ])     previous / next event
Home End               start / end
- +                    slower / faster (0.5× 0.75× 1× 1.5× 2×)
M                      add a marker at the frame shown
Enter (event list)     jump to the event
=====================  ==========================================
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QCloseEvent,
    QColor,
    QFont,
    QImage,
    QKeySequence,
    QPalette,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStyle,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from station.playback import (
    SKIP_S,
    SPEEDS,
    LoadedRecording,
    PlaybackClock,
    load_recording,
    next_event,
    previous_event,
    step_speed,
)
from ui.debrief.frames import FrameIndex, FrameReader
from ui.debrief.timeline import (
    EVENT_KINDS,
    EventLegend,
    TimelineWidget,
    event_style,
    format_time,
    kind_name,
)
from ui.debrief.video_view import VideoView
from ui.i18n import is_language_change
from ui.widgets.big_button import BigButton
from ui.worker import error_text

if TYPE_CHECKING:
    from station.services.media import DebriefTimeline, MediaInfo, TimelineEvent
    from ui.context import AppContext

__all__ = ["SPEEDS", "DebriefPlayer", "LoadedRecording", "load_recording", "open_player"]

# SPEEDS, LoadedRecording and load_recording are station.playback's, named here too for
# the screens that open the player.

#: How often the player ticks while playing, ms (the display's pace, not the video's).
TICK_MS = 15


class DebriefPlayer(QWidget):
    """Plays one recording with its events (see the module documentation).

    ``frame_shown(frame)`` says a frame is on screen; ``loaded()`` that the timeline
    arrived (or could not be read: see :attr:`problem`). Call :meth:`shutdown` (or close
    the window) to stop the frame reader's thread.
    """

    frame_shown = Signal(int)
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("debriefPlayer")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.ctx = ctx
        self.timeline: DebriefTimeline | None = None
        self.index: FrameIndex | None = None
        self.reader: FrameReader | None = None
        self.wall_times: list[datetime | None] = []
        self.events: list[TimelineEvent] = []
        self.position = 0
        self.shown_frame: int | None = None
        self.playing = False
        self.clock = PlaybackClock(ctx.clock)
        self.problem = ""
        self._current_event: int | None = None
        self._event_frames: list[int] = []
        self._media_id: str | None = None
        self._shut = False
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)

        self.title = QLabel(self)
        self.title.setObjectName("debriefTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.notice = QLabel(self)
        self.notice.setObjectName("debriefNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.video = VideoView(self)
        self.timeline_view = TimelineWidget(self)
        self.timeline_view.scrubbed.connect(self.seek_time)
        self.legend = EventLegend(self)

        # Transport controls.
        self.home_button = self._button("", self.home)
        self.home_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward)
        )
        self.prev_event_button = self._button("", self.previous_event)
        self.back5_button = self._button("−5 s", lambda: self.skip(-SKIP_S))
        self.step_back_button = self._button("◁|", lambda: self.step(-1))
        self.play_button = self._button("▶", self.toggle_play)
        self.play_button.setObjectName("debriefPlay")
        self.play_button.setMinimumWidth(96)
        self.step_button = self._button("|▷", lambda: self.step(1))
        self.forward5_button = self._button("+5 s", lambda: self.skip(SKIP_S))
        self.next_event_button = self._button("", self.next_event)
        self.end_button = self._button("", self.end)
        self.end_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward)
        )
        self.speed_box = QComboBox(self)
        self.speed_box.setMinimumHeight(44)
        for speed in SPEEDS:
            self.speed_box.addItem(f"{speed:g}×", speed)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_box.currentIndexChanged.connect(
            lambda i: self.set_speed(float(self.speed_box.itemData(i)))
        )
        self.time_label = QLabel(self)
        self.time_label.setObjectName("debriefTime")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSizeF(self.time_label.font().pointSizeF() * 1.2)
        self.time_label.setFont(mono)
        self.wall_label = QLabel(self)
        self.wall_label.setObjectName("debriefWallTime")
        self.marker_edit = QLineEdit(self)
        self.marker_edit.setMinimumHeight(44)
        self.marker_edit.returnPressed.connect(self.add_marker)
        self.marker_button = self._button("", self.add_marker)
        self.marker_button.setObjectName("debriefAddMarker")

        # The event list beside the video.
        self.kind_box = QComboBox(self)
        self.kind_box.setMinimumHeight(44)
        self.kind_box.currentIndexChanged.connect(self._filter_changed)
        self.kind_label = QLabel(self)
        self.kind_label.setBuddy(self.kind_box)
        self.event_list = QTreeWidget(self)
        self.event_list.setObjectName("debriefEvents")
        self.event_list.setColumnCount(3)
        self.event_list.setRootIsDecorated(False)
        self.event_list.setUniformRowHeights(True)
        self.event_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.event_list.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.event_list.header().setStretchLastSection(True)
        self.event_list.itemClicked.connect(lambda item, _col: self._event_activated(item))
        self.event_list.itemActivated.connect(lambda item, _col: self._event_activated(item))

        controls = QHBoxLayout()
        for widget in (
            self.home_button,
            self.prev_event_button,
            self.back5_button,
            self.step_back_button,
            self.play_button,
            self.step_button,
            self.forward5_button,
            self.next_event_button,
            self.end_button,
            self.speed_box,
        ):
            controls.addWidget(widget)
        controls.addStretch(1)
        marker_row = QHBoxLayout()
        marker_row.addWidget(self.time_label)
        marker_row.addSpacing(12)
        marker_row.addWidget(self.wall_label)
        marker_row.addSpacing(12)
        marker_row.addWidget(self.marker_edit, 1)
        marker_row.addWidget(self.marker_button)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.video, 1)
        left_layout.addWidget(self.timeline_view)
        left_layout.addWidget(self.legend)
        left_layout.addLayout(controls)
        left_layout.addLayout(marker_row)
        right = QWidget(self)
        right.setMinimumWidth(280)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.kind_label)
        filter_row.addWidget(self.kind_box, 1)
        right_layout.addLayout(filter_row)
        right_layout.addWidget(self.event_list, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([880, 360])
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.notice)
        layout.addWidget(self.splitter, 1)

        self.shortcuts: dict[str, QShortcut] = {}
        for name, keys, action in (
            ("play", ("Space",), self.toggle_play),
            ("step_back", ("Left", ","), lambda: self.step(-1)),
            ("step", ("Right", "."), lambda: self.step(1)),
            ("back5", ("Shift+Left",), lambda: self.skip(-SKIP_S)),
            ("forward5", ("Shift+Right",), lambda: self.skip(SKIP_S)),
            ("previous_event", ("PgUp", "["), self.previous_event),
            ("next_event", ("PgDown", "]"), self.next_event),
            ("home", ("Home",), self.home),
            ("end", ("End",), self.end),
            ("slower", ("-",), lambda: self.change_speed(-1)),
            ("faster", ("+", "="), lambda: self.change_speed(1)),
            ("marker", ("M",), self.add_marker),
        ):
            for at, key in enumerate(keys):
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(action)
                self.shortcuts[name if at == 0 else f"{name}_{at}"] = shortcut
        self.retranslate()
        self._set_enabled(False)
        self._update_readout()

    def _button(self, text: str, action: Callable[[], None]) -> BigButton:
        button = BigButton(text, self)
        button.setAutoDefault(False)
        # Keys go to the player's shortcuts, so the buttons do not take the focus away
        # from the timeline or the list when clicked.
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(action)
        return button

    # ------------------------------------------------------------------ text

    def retranslate(self) -> None:
        tips = (
            (self.home_button, self.tr("Go to the start (Home)")),
            (self.prev_event_button, self.tr("Previous event (PgUp or [)")),
            (self.back5_button, self.tr("5 seconds back (Shift+Left)")),
            (self.step_back_button, self.tr("One frame back (Left or ,)")),
            (self.play_button, self.tr("Play or pause (Space)")),
            (self.step_button, self.tr("One frame forward (Right or .)")),
            (self.forward5_button, self.tr("5 seconds forward (Shift+Right)")),
            (self.next_event_button, self.tr("Next event (PgDown or ])")),
            (self.end_button, self.tr("Go to the end (End)")),
        )
        for button, tip in tips:
            button.setToolTip(tip)
            button.setAccessibleName(tip)
        self.prev_event_button.setText("◁ " + self.tr("Event"))
        self.next_event_button.setText(self.tr("Event") + " ▷")
        self.speed_box.setToolTip(self.tr("Playback speed (- and +)"))
        self.speed_box.setAccessibleName(self.tr("Playback speed"))
        self.marker_button.setText(self.tr("Add &marker (M)"))
        self.marker_edit.setPlaceholderText(self.tr("Marker label (optional)"))
        self.marker_edit.setAccessibleName(self.tr("Marker label"))
        self.kind_label.setText(self.tr("&Show:"))
        self.event_list.setHeaderLabels([self.tr("Time"), self.tr("Kind"), self.tr("Event")])
        self.event_list.setAccessibleName(self.tr("Events"))
        current = self.kind_box.currentData()
        self.kind_box.blockSignals(True)
        self.kind_box.clear()
        self.kind_box.addItem(self.tr("All events"), "")
        for kind in EVENT_KINDS:
            self.kind_box.addItem(f"{event_style(kind).symbol} {kind_name(kind)}", kind)
        found = self.kind_box.findData(current if isinstance(current, str) else "")
        self.kind_box.setCurrentIndex(max(0, found))
        self.kind_box.blockSignals(False)
        self.legend.retranslate()
        self._update_title()
        self._fill_events()
        self._update_play_button()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def _update_title(self) -> None:
        if self.timeline is None:
            if not self.title.text():
                self.title.setText(self.tr("Debrief"))
            return
        media = self.timeline.media
        parts = [media.candidate_label]
        if media.exam_code:
            parts.append(media.exam_code)
        if media.station_id:
            parts.append(media.station_id)
        parts.append(media.started_at.astimezone().strftime("%Y-%m-%d %H:%M"))
        self.title.setText(" · ".join(p for p in parts if p))
        self.setWindowTitle(self.tr("Debrief — {0}").replace("{0}", media.candidate_label))

    def _update_play_button(self) -> None:
        self.play_button.setText(
            ("⏸ " + self.tr("Pause")) if self.playing else ("▶ " + self.tr("Play"))
        )

    # ------------------------------------------------------------------ loading

    def open_media(self, media: MediaInfo | str) -> None:
        """Load a recording (by its MediaInfo or id) through the service worker. A
        recording whose files were deleted opens to a message saying when and why."""
        actor = self.ctx.actor
        media_id = media if isinstance(media, str) else media.id
        self._media_id = media_id
        if not isinstance(media, str) and media.deleted_at is not None:
            # Nothing left to play: say when and why, without asking the services.
            self._show_deleted(media)
            self._set_enabled(False)
            self.loaded.emit()
            return
        if actor is None:
            return
        self.video.set_message(self.tr("Opening the recording…"))
        self.ctx.worker.submit(
            lambda s: load_recording(s, actor, media_id),
            on_done=self._loaded,
            on_error=self._load_failed,
        )

    def _load_failed(self, exc: Exception) -> None:
        if self._shut:
            return
        self.problem = error_text(exc)
        self.video.set_message(self.problem)
        self.loaded.emit()

    def _loaded(self, recording: LoadedRecording) -> None:
        if self._shut:
            return
        self.show_timeline(recording.timeline, recording.wall_times)
        self.loaded.emit()

    def show_timeline(
        self, timeline: DebriefTimeline, wall_times: list[datetime | None] | None = None
    ) -> None:
        """Show a recording's timeline (the frame reader starts here)."""
        self.pause()
        self._stop_reader()
        self.timeline = timeline
        self._media_id = timeline.media.id
        self.events = sorted(timeline.events, key=lambda e: e.t_s)
        self.wall_times = list(wall_times or [])
        self.index = FrameIndex(timeline.segments, timeline.frame_times)
        duration = max(timeline.duration_s, self.index.duration)
        self.timeline_view.set_data(
            duration, [(e.t_s, e.kind) for e in self.events], timeline.depth
        )
        self.position = 0
        self.shown_frame = None
        self._current_event = None
        self._update_title()
        self._fill_events()
        if timeline.media.deleted_at is not None:
            self._show_deleted(timeline.media)
            self._set_enabled(False, events=True)
        elif self.index.count == 0:
            self.problem = self.tr("This recording holds no frames.")
            self.video.set_message(self.problem)
            self._set_enabled(False, events=True)
        else:
            self.problem = ""
            self.notice.hide()
            self.reader = FrameReader(self.index, self)
            self.reader.frame_ready.connect(self._frame_ready)
            self.reader.frame_failed.connect(self._frame_failed)
            self._set_enabled(True)
            self.seek_frame(0)
            self.timeline_view.setFocus()
        self._update_readout()

    def _show_deleted(self, media: MediaInfo) -> None:
        assert media.deleted_at is not None
        reason = media.deleted_reason or ""
        if reason == "retention":
            reason = self.tr("the retention period ended")
        self.problem = (
            self.tr("This recording was deleted on {0} ({1}); only its record is kept.")
            .replace("{0}", media.deleted_at.astimezone().strftime("%Y-%m-%d %H:%M"))
            .replace("{1}", reason or self.tr("no reason given"))
        )
        self.video.set_message(self.problem)
        self.notice.setText("⚠ " + self.problem)
        self.notice.show()

    def _set_enabled(self, enabled: bool, *, events: bool = False) -> None:
        for widget in (
            self.home_button,
            self.prev_event_button,
            self.back5_button,
            self.step_back_button,
            self.play_button,
            self.step_button,
            self.forward5_button,
            self.next_event_button,
            self.end_button,
            self.speed_box,
            self.marker_button,
            self.marker_edit,
            self.timeline_view,
        ):
            widget.setEnabled(enabled)
        self.event_list.setEnabled(enabled or events)
        self.kind_box.setEnabled(enabled or events)
        for shortcut in self.shortcuts.values():
            shortcut.setEnabled(enabled)

    @property
    def ready(self) -> bool:
        """A recording with frames is open and can be played."""
        return self.reader is not None and self.index is not None

    # ------------------------------------------------------------------ events list

    def _fill_events(self) -> None:
        index = self.index
        self._event_frames = [index.nearest(e.t_s) for e in self.events] if index else []
        self.event_list.clear()
        for number, event in enumerate(self.events):
            style = event_style(event.kind)
            item = QTreeWidgetItem(
                [format_time(event.t_s), f"{style.symbol} {kind_name(event.kind)}", event.label]
            )
            item.setForeground(1, QBrush(style.colour))
            item.setData(0, Qt.ItemDataRole.UserRole, number)
            if event.detail:
                item.setToolTip(2, event.detail)
            self.event_list.addTopLevelItem(item)
        for column in (0, 1):
            self.event_list.resizeColumnToContents(column)
            # Room for the bold text of the highlighted event.
            self.event_list.setColumnWidth(column, self.event_list.columnWidth(column) + 16)
        self._apply_filter()
        self._current_event = -1  # repaint the highlight
        self._highlight_event()

    def _items(self) -> list[QTreeWidgetItem]:
        """The event list's rows, in the order of :attr:`events`."""
        rows = (self.event_list.topLevelItem(i) for i in range(self.event_list.topLevelItemCount()))
        return [item for item in rows if item is not None]

    def _filter_changed(self, _index: int = -1) -> None:
        self._apply_filter()

    @property
    def kind_filter(self) -> str:
        """The event kind shown ("" for all)."""
        data = self.kind_box.currentData()
        return data if isinstance(data, str) else ""

    def set_kind_filter(self, kind: str) -> None:
        self.kind_box.setCurrentIndex(max(0, self.kind_box.findData(kind)))

    def _apply_filter(self) -> None:
        kind = self.kind_filter
        for item in self._items():
            event = self.events[int(item.data(0, Qt.ItemDataRole.UserRole))]
            item.setHidden(bool(kind) and event.kind != kind)
        hidden = set() if not kind else {k for k in EVENT_KINDS if k != kind}
        hidden |= {e.kind for e in self.events if kind and e.kind != kind}
        self.timeline_view.set_hidden_kinds(hidden)

    def _visible_events(self) -> list[int]:
        kind = self.kind_filter
        return [i for i, e in enumerate(self.events) if not kind or e.kind == kind]

    def _event_activated(self, item: QTreeWidgetItem) -> None:
        self.jump_to_event(int(item.data(0, Qt.ItemDataRole.UserRole)))

    def _highlight_event(self) -> None:
        """Bold the event at the cursor: the last one whose nearest frame is at or
        before the frame shown (so jumping to an event highlights it)."""
        if self.index is None:
            current = None
        else:
            at = bisect.bisect_right(self._event_frames, self.position) - 1
            current = at if at >= 0 else None
        if current == self._current_event:
            return
        highlight = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        highlight.setAlpha(70)
        items = self._items()
        for row, item in enumerate(items):
            on = row == current
            font = item.font(0)
            font.setBold(on)
            for column in range(3):
                item.setFont(column, font)
                item.setBackground(column, QBrush(highlight) if on else QBrush())
        self._current_event = current
        if current is not None and current < len(items):
            self.event_list.scrollToItem(items[current])

    @property
    def current_event(self) -> int | None:
        """The index (in :attr:`events`) of the event highlighted at the cursor."""
        return self._current_event

    # ------------------------------------------------------------------ position

    @property
    def current_time(self) -> float:
        """The recording's time at the cursor, seconds from the first frame."""
        if self.index is None:
            return 0.0
        if self.playing:
            return self._play_time()
        return self.index.time_of(self.position)

    @property
    def duration(self) -> float:
        return self.timeline_view.duration

    def seek_frame(self, frame: int) -> None:
        """Show ``frame`` (clamped to the recording)."""
        if self.index is None or self.reader is None:
            return
        self.position = self.index.clamp(frame)
        if self.playing:
            self._anchor(self.index.time_of(self.position))
        self.reader.request(self.position)
        self._update_readout()

    def seek_time(self, t_s: float) -> None:
        """Show the frame nearest ``t_s`` (seconds from the first frame)."""
        if self.index is not None:
            self.seek_frame(self.index.nearest(t_s))

    def step(self, frames: int) -> None:
        """Pause and move ``frames`` frames (negative: back)."""
        self.pause()
        self.seek_frame(self.position + frames)

    def skip(self, seconds: float) -> None:
        """Move by ``seconds`` of the recording (the frame nearest that time)."""
        if self.index is None:
            return
        target = min(max(self.current_time + seconds, 0.0), self.index.duration)
        self.seek_time(target)

    def home(self) -> None:
        self.seek_frame(0)

    def end(self) -> None:
        self.pause()
        if self.index is not None:
            self.seek_frame(self.index.last)

    def jump_to_event(self, number: int) -> None:
        """Go to the frame nearest event ``number`` (an index into :attr:`events`)."""
        if 0 <= number < len(self.events):
            self.seek_time(self.events[number].t_s)
            self._highlight_event()

    def next_event(self) -> None:
        self._event_step(forward=True)

    def previous_event(self) -> None:
        self._event_step(forward=False)

    def _event_step(self, *, forward: bool) -> None:
        times = [e.t_s for e in self.events]
        frame_of = None if self.index is None else self.index.nearest
        visible, t_s = self._visible_events(), self.current_time
        if forward:
            number = next_event(times, visible, t_s, self.position, frame_of)
        else:
            number = previous_event(
                times, visible, t_s, self.position, frame_of, playing=self.playing
            )
        if number is not None:
            self.jump_to_event(number)

    # ------------------------------------------------------------------ playback

    @property
    def speed(self) -> float:
        return self.clock.speed

    def _anchor(self, t_s: float) -> None:
        self.clock.anchor(t_s)

    def _play_time(self) -> float:
        return self.clock.time()

    def play(self) -> None:
        if self.index is None or self.reader is None or self.playing:
            return
        if self.position >= self.index.last:
            self.seek_frame(0)
        self._anchor(self.index.time_of(self.position))
        self.playing = True
        self._timer.start()
        self._update_play_button()

    def pause(self) -> None:
        if not self.playing:
            return
        self.playing = False
        self._timer.stop()
        self._update_play_button()
        self._update_readout()

    def toggle_play(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def set_speed(self, speed: float) -> None:
        """Play at ``speed`` × (one of :data:`SPEEDS`), from the moment shown."""
        self.clock.set_speed(speed, playing=self.playing)
        if speed in SPEEDS and self.speed_box.currentData() != speed:
            self.speed_box.setCurrentIndex(SPEEDS.index(speed))

    def change_speed(self, step: int) -> None:
        """One speed slower (-1) or faster (+1)."""
        self.set_speed(step_speed(self.speed, step))

    def tick(self) -> None:
        """Advance playback to the clock: show the last frame at or before the
        recording time reached; pause at the end."""
        if not self.playing or self.index is None or self.reader is None:
            return
        t_s = self._play_time()
        if t_s >= self.index.duration:
            self.playing = False
            self._timer.stop()
            self._update_play_button()
            if self.position != self.index.last:
                self.position = self.index.last
                self.reader.request(self.position)
            self._update_readout()
            return
        frame = self.index.frame_at(t_s)
        if frame != self.position:
            self.position = frame
            self.reader.request(frame)
        self._update_readout()

    # ------------------------------------------------------------------ frames

    def _frame_ready(self, frame: int, image: QImage) -> None:
        if self._shut:
            return
        self.shown_frame = frame
        self.video.set_image(image)
        self.frame_shown.emit(frame)

    def _frame_failed(self, frame: int, message: str) -> None:
        if self._shut:
            return
        self.shown_frame = frame
        self.video.set_message(message)
        self.frame_shown.emit(frame)

    # ------------------------------------------------------------------ readout

    def wall_time_of(self, frame: int) -> datetime | None:
        """The wall-clock time a frame was taken (from the sidecar; None if unknown)."""
        if 0 <= frame < len(self.wall_times):
            return self.wall_times[frame]
        return None

    def _update_readout(self) -> None:
        t_s = self.current_time if self.index is not None else 0.0
        self.time_label.setText(f"{format_time(t_s)} / {format_time(self.duration)}")
        self.timeline_view.set_cursor(t_s)
        wall = self.wall_time_of(self.position)
        if wall is None:
            self.wall_label.setText("")  # no sidecar for this frame: no filming time
        else:
            local = wall.astimezone()
            self.wall_label.setText(
                self.tr("Taken {0}").replace(
                    "{0}", f"{local:%Y-%m-%d %H:%M:%S}.{local.microsecond // 100_000}"
                )
            )
        self._highlight_event()

    # ------------------------------------------------------------------ markers

    def add_marker(self) -> None:
        """Mark the frame shown, with the label typed (or "Debrief marker")."""
        actor = self.ctx.actor
        if actor is None or self.timeline is None or self.index is None:
            return
        label = " ".join(self.marker_edit.text().split()) or self.tr("Debrief marker")
        media_id = self.timeline.media.id
        frame = self.position
        at = self.wall_time_of(frame)
        if at is None:
            at = self.timeline.media.started_at + timedelta(seconds=self.index.time_of(frame))
        self.marker_edit.clear()

        def added(event: TimelineEvent) -> None:
            if self._shut:
                return
            self.events.append(event)
            self.events.sort(key=lambda e: e.t_s)
            self.timeline_view.set_data(
                self.duration,
                [(e.t_s, e.kind) for e in self.events],
                self.timeline_view.depth_points,
            )
            self._fill_events()
            self.ctx.message_bar.info(
                self.tr("Marker added at {0}: {1}")
                .replace("{0}", format_time(event.t_s))
                .replace("{1}", event.label)
            )

        self.ctx.worker.submit(
            lambda s: s.media.add_marker(actor, media_id, label, at=at), on_done=added
        )

    # ------------------------------------------------------------------ closing

    def _stop_reader(self) -> None:
        if self.reader is not None:
            self.reader.stop()
            self.reader.deleteLater()
            self.reader = None

    def shutdown(self) -> None:
        """Stop playback and the frame reader's thread (waits for it)."""
        self._shut = True
        self._timer.stop()
        self.playing = False
        self._stop_reader()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)


def open_player(ctx: AppContext, media: MediaInfo | str, parent: QWidget) -> DebriefPlayer:
    """Open a recording in a player window of its own (non-modal, deleted on close).
    The caller keeps it and calls ``shutdown()`` on it when its screen closes."""
    player = DebriefPlayer(ctx, parent)
    player.setWindowFlag(Qt.WindowType.Window, True)
    player.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    player.resize(1200, 760)
    player.open_media(media)
    player.show()
    player.activateWindow()
    return player
