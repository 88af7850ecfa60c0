"""The trainee's live CPR view with a 200 Hz simulated manikin, under the offscreen platform.

Measured, in one process:

- the **frame interval** of the live view: the time between successive repaints of its
  waveform (redrawn on every display frame that brought samples), p50 and p95;
- the **GUI thread's busy share**: the CPU time of the GUI thread (``time.thread_time``;
  the device reader and the service worker run on threads of their own) over the wall
  time,
  while the device reader thread reads ``sim://cpr?profile=good&rate_hz=200`` in real
  time and the view drains its ring, analyses, and redraws every gauge.

Baseline, in the same run and alternated with it: an empty ``QWidget`` repainted on the
same 30 ms timer (the live view's). Goal: frame interval p95 ≤ 33 ms (30 frames a
second) and busy share under 50 %.

Peak memory: a new process running the whole application stack (the services on a new
SQLite database, the service worker thread, the practice station in a 1280×800 window,
live practice for a few seconds) reports its ``ru_maxrss``; the baseline is a new
process showing a bare ``QApplication`` + ``QWidget``. Goal: under 500 MB.

    .venv/bin/python bench/bench_practice_live.py [--seconds 5] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from qt_live import close_station as _close  # noqa: E402
from qt_live import pump as _pump  # noqa: E402
from qt_live import wait_for  # noqa: E402

DEVICE = "sim://cpr?profile=good&rate_hz=200"
FRAME_GOAL_MS = 33.0
BUSY_GOAL = 0.5
MEMORY_GOAL_MB = 500.0


class Meter:
    """Paint times of one widget and the GUI thread's awake time, while running."""

    def __init__(self, watched: object) -> None:
        from PySide6.QtCore import QEvent, QObject

        meter = self
        self.paints: list[float] = []
        self.busy_s = 0.0
        self.running = False

        class Filter(QObject):
            def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
                if meter.running and event.type() == QEvent.Type.Paint:
                    meter.paints.append(time.perf_counter())
                return False

        self._filter = Filter()
        watched.installEventFilter(self._filter)  # type: ignore[attr-defined]

    def measure(self, seconds: float) -> tuple[list[float], float]:
        """Frame intervals (ms) and the busy share over ``seconds`` of wall time."""
        self.paints = []
        self.running = True
        start = time.perf_counter()
        cpu = time.thread_time()
        _pump(seconds)
        self.busy_s = time.thread_time() - cpu
        wall = time.perf_counter() - start
        self.running = False
        intervals = [(b - a) * 1000 for a, b in zip(self.paints, self.paints[1:], strict=False)]
        return intervals, self.busy_s / wall


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _baseline_widget() -> tuple[object, object]:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    widget.resize(1280, 800)
    widget.show()
    timer = QTimer(widget)
    from ui.practice.live import FRAME_MS

    timer.setInterval(FRAME_MS)
    timer.timeout.connect(widget.update)
    return widget, timer


def _practice(folder: Path) -> tuple[object, object, object]:
    """The practice station on a new database, a trainee signed in, live practice begun."""
    import argon2.profiles

    from common.clock import SystemClock
    from station.auth.passwords import make_hasher
    from station.services import StationServices
    from station.storage import open_database
    from ui.bell import RecordingBell
    from ui.context import AppContext, AppSignals
    from ui.practice import PracticeStation
    from ui.settings import Settings, SettingsStore
    from ui.widgets.message_bar import MessageBar
    from ui.worker import ServiceWorker

    services = StationServices(
        open_database(folder / "bench.db"),
        clock=SystemClock(),
        password_hasher=make_hasher(argon2.profiles.CHEAPEST),
    )
    coordinator = services.identity.bootstrap_coordinator("cora", "Cora", "Lab-setup-pass-4821")
    services.identity.add_user(coordinator, "tom", "Tom", "trainee", "482913")
    tom = services.identity.authenticate("tom", "482913")
    ctx = AppContext(
        worker=ServiceWorker(services),
        settings=Settings(language="en", device_url=DEVICE),
        clock=SystemClock(),
        bell=RecordingBell(),
        actor=tom,
        message_bar=MessageBar(),
        signals=AppSignals(),
        store=SettingsStore(folder / "settings.json"),
    )
    station = PracticeStation(ctx, sound_factory=lambda: None)
    station.resize(1280, 800)
    station.show()
    wait_for(lambda: bool(station.chooser.skills), 30.0)
    station.select_skill("adult-cpr-aed")
    station.start()
    wait_for(lambda: station.page == station.LIVE and station.live.link_state == "streaming", 30.0)
    station.live.metronome_box.setChecked(True)
    return station, ctx, services


def child(kind: str, seconds: float) -> None:
    """Run in a new process: print the peak resident memory in MB."""
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    if kind == "bare":
        _widget, _timer = _baseline_widget()
        _timer.start()  # type: ignore[attr-defined]
        _pump(seconds)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            os.environ["SKILLSTATION_HOME"] = tmp
            station, ctx, services = _practice(Path(tmp))
            _pump(seconds)
            _close(station, ctx, services)
    del app
    print(_peak_mb())


def _peak_mb() -> float:
    """This process's peak resident memory in MB: VmHWM (reset by exec, unlike
    ru_maxrss, which Linux carries over from the parent across fork and exec)."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _memory(kind: str, seconds: float) -> float:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--seconds", str(seconds)],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    return float(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--child", choices=("bare", "live"))
    args = parser.parse_args()
    if args.child:
        child(args.child, args.seconds)
        return 0
    # Measured first, while this process is still small.
    bare_mb = _memory("bare", 3.0)
    live_mb = _memory("live", 6.0)
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    base_frames: list[float] = []
    live_frames: list[float] = []
    base_busy: list[float] = []
    live_busy: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SKILLSTATION_HOME"] = tmp
        widget, timer = _baseline_widget()
        base_meter = Meter(widget)
        station, ctx, services = _practice(Path(tmp))
        live_meter = Meter(station.live.panel.waveform)  # type: ignore[attr-defined]
        live_timer = station.live.display_timer  # type: ignore[attr-defined]
        for _round in range(args.rounds):
            # The baseline runs alone: the live view's display timer is stopped (its
            # reader keeps filling the ring, which the next live round drains first).
            live_timer.stop()
            station.hide()  # type: ignore[attr-defined]
            widget.show()  # type: ignore[attr-defined]
            timer.start()  # type: ignore[attr-defined]
            frames, busy = base_meter.measure(args.seconds)
            timer.stop()  # type: ignore[attr-defined]
            widget.hide()  # type: ignore[attr-defined]
            base_frames += frames
            base_busy.append(busy)
            station.show()  # type: ignore[attr-defined]
            live_timer.start()
            _pump(0.5)  # the backlog of the baseline round, drained and not counted
            frames, busy = live_meter.measure(args.seconds)
            live_frames += frames
            live_busy.append(busy)
        samples = station.live.panel.samples  # type: ignore[attr-defined]
        _close(station, ctx, services)
    del app
    b95, l95 = _p95(base_frames), _p95(live_frames)
    bb, lb = statistics.mean(base_busy), statistics.mean(live_busy)
    print(f"device: {DEVICE}, {args.rounds} x {args.seconds:g} s each, {samples} samples drawn")
    print(
        f"frame interval  baseline p50 {statistics.median(base_frames):6.1f} ms  "
        f"p95 {b95:6.1f} ms   live p50 {statistics.median(live_frames):6.1f} ms  "
        f"p95 {l95:6.1f} ms   ratio p95 {l95 / b95:4.2f}x  (goal p95 <= {FRAME_GOAL_MS:g} ms)"
    )
    print(
        f"GUI busy share  baseline {bb * 100:5.1f} %   live {lb * 100:5.1f} %   "
        f"ratio {lb / bb if bb else float('inf'):5.1f}x  (goal live < {BUSY_GOAL * 100:g} %)"
    )
    print(
        f"peak memory     baseline {bare_mb:6.0f} MB   whole app live {live_mb:6.0f} MB   "
        f"ratio {live_mb / bare_mb:4.2f}x  (goal < {MEMORY_GOAL_MB:g} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
