"""The examiner's station idle on an encounter while a 200 Hz simulated manikin streams.

Measured: the CPU time of the **whole process** (every thread: the GUI thread, the device
reader, the service worker; ``utime + stime`` from ``/proc/self/stat``, i.e.
``time.process_time``) over the wall time, as a share of one core, and the GUI thread's
own share (``time.thread_time``). The station runs in a new process: the services on a
new SQLite database set up as on a first start (``station.firstrun``), the practice examiner
signed in, what the examiner signs in to (``--screen workspace``, the default: the
examiner's station and the scenario console in tabs, sharing one device reader, as
:class:`ui.workspace.ExaminerWorkspace`; ``--screen station``: the examiner's station
alone) in a 1280×800 window on an encounter at the adult CPR station, reading
``sim://cpr?profile=good&rate_hz=200`` in real time; nobody touches it.

Baseline, in the same run and alternated with it: a new process showing an empty
``QWidget`` of the same size repainted on the live panel's 33 ms display timer. Goal:
the station under 50 % of one core (``bench_practice_live.py``'s GUI goal; a station
laptop runs on battery all day, so the less the better).

Runs on the platform ``QT_QPA_PLATFORM`` names (offscreen by default); under a real X
server, e.g. ``xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb ...``.

    .venv/bin/python bench/bench_examiner_live.py [--seconds 20] [--rounds 2] [--screen station]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from qt_live import close_station as _close  # noqa: E402
from qt_live import first_run_services, wait_for  # noqa: E402
from qt_live import pump as _pump  # noqa: E402

DEVICE = "sim://cpr?profile=good&rate_hz=200"
CPU_GOAL = 0.5
WARM_UP_S = 3.0


def open_station(
    folder: Path, device: str = DEVICE, screen: str = "workspace"
) -> tuple[object, object, object]:
    """The examiner's station on an encounter at the CPR station of a first-run database,
    the simulated manikin streaming. ``screen``: "workspace" for what an examiner signs
    in to (the station and the scenario console in tabs, sharing the reader),
    "station" for the examiner's station alone. Returns (screen, ctx, services); the
    screen's ``examiner`` attribute is the examiner's station."""

    from common.clock import SystemClock
    from ui.bell import RecordingBell
    from ui.context import AppContext, AppSignals
    from ui.examiner import ExaminerStation
    from ui.settings import Settings, SettingsStore
    from ui.widgets.message_bar import MessageBar
    from ui.worker import ServiceWorker
    from ui.workspace import ExaminerWorkspace

    services, accounts = first_run_services(folder / "bench.db")
    examiner = services.identity.authenticate(accounts.examiner, accounts.examiner_pin)
    exam = next(e for e in services.exams.exams(examiner) if e.code == accounts.exam_code)
    # The first demonstration candidate (station.firstrun's roster: C-001, C-002, ...).
    info = services.encounters.check_in(examiner, exam.code, "adult-cpr-aed", "C-001")
    view = services.encounters.encounter_view(examiner, info.id)
    title = next(s.title for s in exam.stations if s.station_key == "adult-cpr-aed")
    ctx = AppContext(
        worker=ServiceWorker(services),
        settings=Settings(language="en", device_url=device),
        clock=SystemClock(),
        bell=RecordingBell(),
        actor=examiner,
        message_bar=MessageBar(),
        signals=AppSignals(),
        store=SettingsStore(folder / "settings.json"),
    )
    shown: Any
    if screen == "workspace":
        shown = ExaminerWorkspace(ctx)
        station = shown.examiner
    else:
        shown = station = ExaminerStation(ctx)
        shown.examiner = station
    shown.resize(1280, 800)
    shown.show()
    station.open_encounter(view, exam, title)
    panel = station.device_panel
    assert panel is not None
    wait_for(lambda: panel.samples > 200, 60.0, "the manikin")
    return shown, ctx, services


def child(kind: str, seconds: float, screen: str) -> None:
    """Run in a new process: print "process_share gui_share samples"."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SKILLSTATION_HOME"] = tmp
        if kind == "bare":
            widget = QWidget()
            widget.resize(1280, 800)
            widget.show()
            timer = QTimer(widget)
            timer.setInterval(33)
            timer.timeout.connect(widget.update)
            timer.start()
            parts: tuple[object, object, object] | None = None
        else:
            parts = open_station(Path(tmp), screen=screen)
        _pump(WARM_UP_S)
        samples_before = 0 if parts is None else parts[0].examiner.device_panel.samples  # type: ignore[attr-defined]
        wall, cpu, gui = time.perf_counter(), time.process_time(), time.thread_time()
        _pump(seconds)
        wall = time.perf_counter() - wall
        cpu = time.process_time() - cpu
        gui = time.thread_time() - gui
        samples = 0 if parts is None else parts[0].examiner.device_panel.samples - samples_before  # type: ignore[attr-defined]
        if parts is not None:
            _close(*parts)
    del app
    print(f"{cpu / wall:.4f} {gui / wall:.4f} {samples}")


def _run_child(kind: str, seconds: float, screen: str) -> tuple[float, float, int]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--seconds", str(seconds), "--screen", screen],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    process, gui, samples = out.stdout.strip().splitlines()[-1].split()
    return float(process), float(gui), int(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--child", choices=("bare", "examiner"))
    parser.add_argument("--screen", choices=("workspace", "station"), default="workspace")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.seconds, args.screen)
        return 0
    bare: list[float] = []
    live: list[float] = []
    gui: list[float] = []
    samples: list[int] = []
    for _round in range(args.rounds):
        bare.append(_run_child("bare", args.seconds, args.screen)[0])
        process, gui_share, count = _run_child("examiner", args.seconds, args.screen)
        live.append(process)
        gui.append(gui_share)
        samples.append(count)
    b, lv = statistics.median(bare), statistics.median(live)
    rate = statistics.median(samples) / args.seconds
    print(
        f"device: {DEVICE}, screen: {args.screen}, platform {os.environ['QT_QPA_PLATFORM']}, "
        f"{args.rounds} x {args.seconds:g} s each, {rate:.0f} samples/s drawn"
    )
    print(
        f"process CPU  baseline {b * 100:5.1f} %   examiner {lv * 100:5.1f} % of a core "
        f"(runs: {', '.join(f'{x * 100:.1f}' for x in live)})   "
        f"ratio {lv / b if b else float('inf'):5.1f}x  (goal < {CPU_GOAL * 100:g} %)"
    )
    print(f"GUI thread   examiner {statistics.median(gui) * 100:5.1f} % of a core")
    return 0


if __name__ == "__main__":
    sys.exit(main())
