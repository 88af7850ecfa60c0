"""The live CPR panel: depth, rate, recoil and CCF, and the depth waveform.

A standalone widget that takes a :class:`~devices.ring.Ring` of reader events (samples
and gaps from a :class:`~devices.reader.DeviceReader`'s thread) and drains it on a
``QTimer`` at display rate (about 30 Hz), as Friture separates acquisition from drawing:
the device thread never waits for the screen, and a slow screen only skips old samples
on the display. The samples are fed to the same :class:`~devices.cpr.analysis.CprAnalyzer`
the offline analysis uses, so the figures shown live are the figures recorded.

The waveform is drawn with ``QPainter`` (no plotting library needed): chest depth
downwards over the last seconds, with the target depth band shaded.
"""

from __future__ import annotations

import math
import time
import uuid
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_cache_dir
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from devices.cpr.analysis import Compression, CprAnalyzer, CprSummary, HandsOffAlarm, Release
from devices.cpr.profiles import ADULT, CprTargets
from devices.reader import Gap, ReaderEvent, ReaderStatus
from devices.ring import Ring
from devices.sample import Sample
from devices.trace import TraceWriter
from ui.contrast import LARGE_TEXT, readable_on

if TYPE_CHECKING:
    from station.auth.permissions import Actor
    from station.services import StationServices

__all__ = [
    "MAX_SEGMENT_EVENTS",
    "METRIC_KEYS",
    "CprPanel",
    "DepthWaveform",
    "store_encounter_trace",
    "write_trace",
]

#: At most this many samples of a segment are kept for its trace (an hour at 100 Hz).
MAX_SEGMENT_EVENTS = 360_000

#: The summary values a checklist item may be judged from (assessments.metrics names).
METRIC_KEYS: tuple[str, ...] = (
    "compressions",
    "mean_depth_mm",
    "mean_rate_cpm",
    "pct_depth_ok",
    "pct_rate_ok",
    "pct_full_recoil",
    "ccf",
    "ventilations",
    "pct_vent_volume_ok",
    "longest_pause_s",
    "score",
)

#: The waveform keeps at most one point per this many pixels of its width.
LINE_STEP_PX = 2.0

#: Okabe–Ito colours (safe for colour-blind viewers); text always says the same thing.
_OK = QColor("#009E73")
_WARN = QColor("#E69F00")
_BAD = QColor("#D55E00")
_LINE = QColor("#0072B2")
_LINE_ON_DARK = QColor("#56B4E9")


def write_trace(events: Sequence[ReaderEvent], identity: Mapping[str, str], path: Path) -> int:
    """Write a segment's samples and gaps as a trace file (devices.trace format) at
    ``path``; returns the number of samples written. Not for the GUI thread.

    The identity gains ``first_sample_wall_time``, the wall-clock time of the first
    sample (from its host monotonic stamp), so a video recording of the same encounter
    can show the depth trace at its moment (see docs/recordings.md)."""
    identity = dict(identity)
    first = next((event for event in events if isinstance(event, Sample)), None)
    if first is not None and "first_sample_wall_time" not in identity:
        wall = time.time() - (time.monotonic() - first.host_t_s)
        identity["first_sample_wall_time"] = datetime.fromtimestamp(wall, UTC).isoformat()
    with TraceWriter(path, identity=identity) as writer:
        for event in events:
            if isinstance(event, Gap):
                writer.gap(event.start_s, event.end_s, event.reason)
            else:
                writer.write(event)
        return writer.samples_written


def store_encounter_trace(
    services: StationServices,
    actor: Actor,
    encounter_id: str,
    events: Sequence[ReaderEvent],
    identity: Mapping[str, str],
) -> int:
    """Store a CPR segment's samples as the encounter's trace (written to a file in the
    cache folder, stored, then removed); returns the number of samples. Not for the GUI
    thread: the examiner's station calls it when the metrics are recorded, the scenario
    console when the scenario ends, so the debrief player can draw the depth."""
    if not events:
        return 0
    folder = Path(user_cache_dir("skillstation", appauthor=False)) / "traces"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{encounter_id}-{uuid.uuid4().hex}.csv"
    try:
        count = write_trace(events, identity, path)
        described = ", ".join(f"{k}={v}" for k, v in identity.items())
        services.encounters.record_device_trace(
            actor, encounter_id, path, described or "unknown device", count
        )
    finally:
        path.unlink(missing_ok=True)
    return count


class DepthWaveform(QWidget):
    """The last ``window_s`` seconds of chest depth, drawn downwards, with the target
    band shaded.

    A 200 Hz manikin gives over a thousand samples in the window, several per pixel,
    and every point costs drawing time on every frame; so the samples are gathered into
    runs of about ``LINE_STEP_PX`` pixels as they come, and each run is drawn as its
    deepest sample (no compression is ever drawn shallower than it was)."""

    def __init__(
        self, targets: CprTargets = ADULT, window_s: float = 6.0, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.targets = targets
        self.window_s = window_s
        #: The points drawn: (device time, depth), None for a gap.
        self.points: deque[tuple[float, float | None]] = deque()
        # The run being gathered: (time of its deepest sample, that depth, its start).
        self._run: tuple[float, float, float] | None = None
        self._run_s = window_s / 200.0
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Compression depth waveform"))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._run_s = self.window_s * LINE_STEP_PX / max(event.size().width() - 8, 100)

    def add(self, t: float, depth: float | None) -> None:
        """Add a sample (None breaks the line: a gap)."""
        run = self._run
        if depth is None:
            if run is not None:
                self.points.append((run[0], run[1]))
                self._run = None
            self.points.append((t, None))
        elif run is None:
            self._run = (t, depth, t)
        else:
            if depth > run[1]:
                run = self._run = (t, depth, run[2])
            if t - run[2] >= self._run_s:
                self.points.append((run[0], run[1]))
                self._run = None
        while self.points and self.points[0][0] < t - self.window_s:
            self.points.popleft()

    def clear(self) -> None:
        self.points.clear()
        self._run = None
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        palette = self.palette()
        painter.fillRect(rect, palette.base())
        max_depth = max(80.0, self.targets.depth_max_mm + 20.0)
        top, y_scale = rect.top(), rect.height() / max_depth

        def y_of(depth: float) -> float:
            return top + y_scale * min(max(depth, 0.0), max_depth)

        band = QRectF(
            rect.left(),
            y_of(self.targets.depth_min_mm),
            rect.width(),
            y_of(self.targets.depth_max_mm) - y_of(self.targets.depth_min_mm),
        )
        shade = QColor(_OK)
        shade.setAlpha(50)
        painter.fillRect(band, shade)
        painter.setPen(QPen(palette.text().color(), 1, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(rect.left(), y_of(0)), QPointF(rect.right(), y_of(0)))
        painter.drawText(
            band.adjusted(4, 0, 0, 0),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            self.tr("target {0}–{1} mm")
            .replace("{0}", f"{self.targets.depth_min_mm:g}")
            .replace("{1}", f"{self.targets.depth_max_mm:g}"),
        )
        points = list(self.points)
        if self._run is not None:
            points.append((self._run[0], self._run[1]))
        if not points:
            return
        t_end = points[-1][0]
        x_scale = rect.width() / self.window_s
        left = rect.left() - x_scale * (t_end - self.window_s)
        lines: list[QPolygonF] = []
        line: list[QPointF] = []
        for t, depth in points:
            if depth is None:
                if line:
                    lines.append(QPolygonF(line))
                line = []
                continue
            y = top + y_scale * min(max(depth, 0.0), max_depth)
            line.append(QPointF(left + x_scale * t, y))
        if line:
            lines.append(QPolygonF(line))
        # Blue on a light background, sky blue on a dark one (blue fades into it). A
        # smooth one-pixel line drawn three times, a pixel apart: as thick as a two-pixel
        # pen at a fraction of its cost (a wide smooth pen is outlined anew every frame).
        colour = _LINE if palette.base().color().lightnessF() >= 0.5 else _LINE_ON_DARK
        painter.setPen(QPen(colour, 1))
        for dx, dy in ((0.0, 0.0), (0.0, 1.0), (1.0, 0.0)):
            painter.translate(dx, dy)
            for polygon in lines:
                painter.drawPolyline(polygon)


class CprPanel(QWidget):
    """Live CPR quality from a ring of reader events.

    ``ring`` is the panel's own subscription (``reader.subscribe()``); ``status``, when
    given, is polled for the link state (``reader.status``). Call :meth:`start` to drain
    on the display timer and :meth:`stop` to halt it; :meth:`drain` does one round by
    hand. :meth:`reset` starts a new CPR segment (a fresh analysis).
    """

    #: The live summary changed (after a drain that brought samples).
    summaryChanged = Signal(object)
    #: A compression, release, breath or hands-off alarm was detected.
    cprEvent = Signal(object)

    def __init__(
        self,
        ring: Ring[ReaderEvent],
        *,
        status: Callable[[], ReaderStatus] | None = None,
        targets: CprTargets = ADULT,
        interval_ms: int = 33,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ring = ring
        self._status = status
        self.targets = targets
        self.analyzer = CprAnalyzer(targets)
        self.samples = 0
        self.last_event: object | None = None
        #: The samples and gaps of the current CPR segment, kept for its trace.
        self.segment: list[ReaderEvent] = []
        self.segment_truncated = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.drain)

        self.link = QLabel(self)
        self.link.setObjectName("cprLink")
        self.waveform = DepthWaveform(targets, parent=self)
        self.values: dict[str, QLabel] = {}
        # What each value label shows: (text, colour), to set only what changed.
        self._shown: dict[str, tuple[str, int | None]] = {}
        grid = QGridLayout()
        names = {
            "depth": self.tr("Depth"),
            "rate": self.tr("Rate"),
            "recoil": self.tr("Full recoil"),
            "ccf": self.tr("CCF"),
            "compressions": self.tr("Compressions"),
            "last": self.tr("Last compression"),
        }
        for index, (key, title) in enumerate(names.items()):
            caption = QLabel(title, self)
            value = QLabel("—", self)
            value.setObjectName(f"cpr_{key}")
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.6)
            font.setBold(True)
            value.setFont(font)
            value.setMinimumHeight(44)
            # One line each: "57 mm ✓ good depth" must not break between its parts.
            value.setWordWrap(False)
            grid.addWidget(caption, (index // 3) * 2, index % 3)
            grid.addWidget(value, (index // 3) * 2 + 1, index % 3)
            self.values[key] = value
        layout = QVBoxLayout(self)
        layout.addWidget(self.link)
        layout.addLayout(grid)
        layout.addWidget(self.waveform, 1)
        self._show_link()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            # The colours are shaded for the window's background: a new theme redoes them.
            self._shown.clear()
            self._show_summary(self.analyzer.summary())

    # ------------------------------------------------------------------ control

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def reset(self) -> None:
        """Start a new CPR segment: drop what waits in the ring and analyse afresh."""
        self.ring.drain()
        self.analyzer = CprAnalyzer(self.targets)
        self.samples = 0
        self.last_event = None
        self.segment = []
        self.segment_truncated = False
        self.waveform.clear()
        self._show_summary(self.analyzer.summary())

    # ------------------------------------------------------------------ reading

    def drain(self) -> int:
        """Take everything waiting in the ring, analyse it and redraw; returns how many
        samples came."""
        events = self.ring.drain()
        count = 0
        for event in events:
            if isinstance(event, Gap):
                for found in self.analyzer.gap(event.start_s, event.end_s, event.reason):
                    self._note(found)
                self.waveform.add(event.end_s, None)
                self._keep(event)
                continue
            if not isinstance(event, Sample):
                continue
            try:
                found_events = self.analyzer.feed(event)
            except ValueError:
                # The device restarted its clock: a new segment of the same stream.
                self.analyzer = CprAnalyzer(self.targets)
                self.waveform.clear()
                self.segment = []
                found_events = self.analyzer.feed(event)
            self._keep(event)
            for found in found_events:
                self._note(found)
            self.waveform.add(event.device_t_s, event.depth_mm)
            count += 1
        self.samples += count
        self._show_link()
        if count or events:
            summary = self.analyzer.summary()
            self._show_summary(summary)
            self.waveform.update()
            self.summaryChanged.emit(summary)
        return count

    def _keep(self, event: ReaderEvent) -> None:
        if len(self.segment) < MAX_SEGMENT_EVENTS:
            self.segment.append(event)
        else:
            self.segment_truncated = True

    def summary(self) -> CprSummary:
        return self.analyzer.summary()

    def identity(self) -> dict[str, str]:
        """What the device said it is (model, firmware, serial), with its URL."""
        if self._status is None:
            return {}
        status = self._status()
        return {"url": status.url, **dict(status.identity)}

    def metrics(self) -> dict[str, float | None]:
        """The segment's metrics under the names checklist items are judged by."""
        data: dict[str, Any] = self.analyzer.summary().as_dict()
        out: dict[str, float | None] = {}
        for key in METRIC_KEYS:
            value = data.get(key)
            out[key] = float(value) if isinstance(value, int | float) else None
        return out

    # ------------------------------------------------------------------ display

    def _note(self, event: object) -> None:
        self.last_event = event
        if isinstance(event, Compression):
            self._set(
                "last",
                self.tr("{0} mm").replace("{0}", f"{event.depth_mm:.0f}")
                + "  "
                + self._depth_word(event.depth_feedback),
                _OK if event.depth_feedback == "ok" else _WARN,
            )
        elif isinstance(event, Release) and event.incomplete_release:
            self._set("last", self.tr("✗ incomplete release"), _BAD)
        elif isinstance(event, HandsOffAlarm):
            self._set(
                "last",
                self.tr("⚠ hands off {0} s").replace("{0}", f"{event.pause_s:.0f}"),
                _BAD,
            )
        self.cprEvent.emit(event)

    def _depth_word(self, feedback: str) -> str:
        return {
            "ok": self.tr("✓ good depth"),
            "too_shallow": self.tr("▲ too shallow"),
            "too_deep": self.tr("▼ too deep"),
        }[feedback]

    def _set(self, key: str, text: str, colour: QColor | None = None) -> None:
        label = self.values[key]
        # Only what changed is set: a style sheet set again restyles the label even when
        # it is the same, and the figures mostly stay the same from frame to frame.
        shown = (text, None if colour is None else colour.rgba())
        if self._shown.get(key) == shown:
            return
        self._shown[key] = shown
        label.setText(text)
        if colour is None:
            label.setStyleSheet("")
            return
        # Orange and green as text are shaded until they read on the window (large text).
        window = label.palette().color(QPalette.ColorRole.Window)
        label.setStyleSheet(f"color: {readable_on(colour, window, LARGE_TEXT).name()};")

    def _show_summary(self, s: CprSummary) -> None:
        tg = self.targets
        if s.mean_depth_mm is None:
            self._set("depth", "—")
        else:
            ok = tg.depth_min_mm <= s.mean_depth_mm <= tg.depth_max_mm
            self._set(
                "depth",
                ("✓ " if ok else "✗ ") + f"{s.mean_depth_mm:.0f} mm",
                _OK if ok else _WARN,
            )
        if s.mean_rate_cpm is None:
            self._set("rate", "—")
        else:
            ok = tg.rate_min_cpm <= s.mean_rate_cpm <= tg.rate_max_cpm
            self._set(
                "rate",
                ("✓ " if ok else "✗ ")
                + self.tr("{0} /min").replace("{0}", f"{s.mean_rate_cpm:.0f}"),
                _OK if ok else _WARN,
            )
        self._percent("recoil", s.pct_full_recoil, 90.0)
        if s.ccf is None:
            self._set("ccf", "—")
        else:
            ok = s.ccf >= tg.ccf_min
            self._set("ccf", ("✓ " if ok else "✗ ") + f"{s.ccf * 100:.0f} %", _OK if ok else _WARN)
        self._set("compressions", str(s.compressions))

    def _percent(self, key: str, value: float | None, good: float) -> None:
        if value is None or not math.isfinite(value):
            self._set(key, "—")
            return
        ok = value >= good
        self._set(key, ("✓ " if ok else "✗ ") + f"{value:.0f} %", _OK if ok else _WARN)

    def _show_link(self) -> None:
        if self._status is None:
            self.link.setText(self.tr("Samples: {0}").replace("{0}", str(self.samples)))
            return
        status = self._status()
        state = str(status.state)
        symbol = "●" if state == "streaming" else "○"
        rate = "" if status.rate_hz is None else f" · {status.rate_hz:.0f} Hz"
        self.link.setText(
            self.tr("{0} Device {1}: {2}")
            .replace("{0}", symbol)
            .replace("{1}", status.url)
            .replace("{2}", self._state_text(state))
            + rate
        )

    def _state_text(self, state: str) -> str:
        return {
            "connecting": self.tr("connecting"),
            "streaming": self.tr("streaming"),
            "disconnected": self.tr("disconnected — retrying"),
            "reconnecting": self.tr("reconnecting"),
            "stopped": self.tr("stopped"),
        }.get(state, state)
