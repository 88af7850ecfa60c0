"""The guard against Qt binding releases that lose references (ui/binding.py).

PySide6 6.12.0 on Python 3.11 returns ``None`` (and other shared objects) from its void
methods without taking a reference, so a live screen lowers their reference counts by
thousands a second until Python aborts ("Fatal Python error: none_dealloc" or
"bool_dealloc") in the middle of an encounter. These tests fail on such a binding before
the station does:

- 200,000 calls each of ``update()``, ``setText()``, ``isVisible()`` and ``isEnabled()``
  (in a new process, since a faulty binding may abort it);
- the live examiner's and practice screens, fed a 200 Hz simulated manikin stream
  (40,000 samples each, 200 s of device time, drawn in about 6,700 display frames)
  without waiting for real time: the samples go straight into the screens' rings and
  each display frame is drained, repainted and the events processed at once;
- the start-up check that refuses a known-bad Python/binding pair with one translated
  line.

The counts of ``None``, ``True``, ``False`` and small integers may wander by a few
hundred as objects come and go; a faulty binding loses at least one per call, tens of
thousands over these runs.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from test_services_support import World
from ui_support import wait_idle

from devices.cpr.synth import Pause, Run, synthesize
from devices.reader import ReaderEvent, ReaderState, ReaderStatus
from devices.ring import Ring
from devices.sample import Sample
from ui.binding import KNOWN_BAD, binding_problem, supported_binding
from ui.context import AppContext
from ui.devicepanel import CprPanel
from ui.examiner import ExaminerStation
from ui.practice import PracticeStation

pytest_plugins = ["ui_support"]  # the ctx and world fixtures

ROOT = Path(__file__).resolve().parents[1]

#: The objects whose reference counts a faulty binding lowers.
WATCHED: dict[str, object] = {
    "None": None,
    "True": True,
    "False": False,
    **{str(n): n for n in (0, 1, 2, 3, 5, 10, 100, 255)},
}
#: How far a count may fall over a run before it is a leak of references: far below one
#: per display frame, far above the wandering of a healthy run.
MAX_FALL = 1000
RATE_HZ = 200.0
SAMPLES = 40_000
#: Samples per display frame: the screens redraw every 30 ms (6 samples at 200 Hz).
PER_FRAME = 6


def _counts() -> dict[str, int]:
    gc.collect()
    return {name: sys.getrefcount(value) for name, value in WATCHED.items()}


def _falls(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {name: before[name] - after[name] for name in before}


def _stream() -> list[Sample]:
    """40,000 samples of a 200 Hz manikin: compressions with pauses for breaths."""
    steps = [Run(30, rate_cpm=110, depth_mm=55, release_mm=2.0), Pause(6.0, (500.0, 500.0))]
    samples: list[Sample] = []
    offset = 0.0
    while len(samples) < SAMPLES:
        trace = synthesize(steps * 4, rate_hz=RATE_HZ, seed=len(samples)).trace
        for s in trace.samples:
            samples.append(replace(s, device_t_s=s.device_t_s + offset))
        offset = samples[-1].device_t_s + 1.0 / RATE_HZ
    return samples[:SAMPLES]


class FedSource:
    """A device source whose rings the test fills (the screens' reader stand-in)."""

    def __init__(self) -> None:
        self.rings: list[Ring[ReaderEvent]] = []
        self.stopped = False

    def subscribe(self, capacity: int = 65536) -> Ring[ReaderEvent]:
        ring: Ring[ReaderEvent] = Ring(capacity)
        self.rings.append(ring)
        return ring

    def unsubscribe(self, ring: Ring[ReaderEvent]) -> None:
        self.rings = [r for r in self.rings if r is not ring]

    def start(self) -> None:
        pass

    def stop(self, timeout: float | None = 10.0) -> None:
        self.stopped = True

    def status(self) -> ReaderStatus:
        return ReaderStatus(
            "sim://cpr?rate_hz=200", ReaderState.STREAMING, samples=0, rate_hz=200.0
        )

    def feed(self, samples: list[Sample]) -> None:
        for ring in self.rings:
            ring.extend(samples)


def _drive(
    source: FedSource, samples: list[Sample], frame: Callable[[], None]
) -> tuple[dict[str, int], int]:
    """Feed the stream a display frame at a time, calling ``frame`` (drain and draw) and
    processing the events after each; returns how far each count fell after a warm-up,
    and the number of display frames."""
    app = QApplication.instance()
    assert app is not None
    frames = 0
    before: dict[str, int] | None = None
    for start in range(0, len(samples), PER_FRAME):
        if frames == 300:  # the warm-up done: caches filled, fonts loaded
            before = _counts()
        source.feed(samples[start : start + PER_FRAME])
        frame()
        app.processEvents()
        frames += 1
    assert before is not None
    return _falls(before, _counts()), frames


def _drive_and_check(
    source: FedSource, stream: list[Sample], frame: Callable[[], None], panel: CprPanel
) -> None:
    """Drive the screen through the whole stream; every sample was drawn, and no
    reference count fell."""
    falls, frames = _drive(source, stream, frame)
    assert panel.samples == SAMPLES
    assert panel.summary().compressions > 250
    assert frames > 6000
    assert max(falls.values()) < MAX_FALL, falls


@pytest.fixture
def stream() -> list[Sample]:
    return _stream()


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[QWidget]:
    shown = QWidget()
    qtbot.addWidget(shown)
    shown.resize(1280, 800)
    yield shown


def test_the_known_bad_pairs_are_refused_and_others_not() -> None:
    assert binding_problem("6.12.0", (3, 11)) == ("6.12.0", "3.11")
    assert binding_problem("6.12.0", (3, 12)) is None  # immortal None, True, False
    assert binding_problem("6.11.3", (3, 11)) is None
    assert ("6.12.0", (3, 12)) in KNOWN_BAD
    # The supported release comes from the installed package's own requirement.
    assert supported_binding().startswith("PySide6-Essentials==")
    assert binding_problem() is None  # what runs these tests is not known to be bad


def test_start_up_refuses_a_known_bad_binding_in_one_translated_line(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys
        import ui.binding
        ui.binding.binding_version = lambda: "6.12.0"
        ui.binding.KNOWN_BAD = (("6.12.0", (99, 0)),)  # bad on whatever Python runs
        from ui.app import main
        sys.exit(main(["--language", "fr", "--quit-when-ready"]))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    line = lines[0]
    assert line.startswith("skillstation-gui: PySide6 6.12.0 ")
    assert "station" in line and supported_binding() in line
    assert "encounter" not in line  # in French, not English
    assert "passage" in line


def test_many_qt_calls_keep_the_reference_counts() -> None:
    """200,000 calls each of the calls the live screens make most."""
    script = textwrap.dedent(
        """
        import gc, sys
        from PySide6.QtWidgets import QApplication, QLabel, QWidget
        app = QApplication([])
        widget = QWidget()
        label = QLabel(widget)
        widget.show()
        watched = [None, True, False, 0, 1, 2, 5, 100, 255]
        def counts():
            gc.collect()
            return [sys.getrefcount(v) for v in watched]
        for call in (widget.update, lambda: label.setText("x"), widget.isVisible,
                     widget.isEnabled):
            before = counts()
            for _ in range(200_000):
                call()
            after = counts()
            print(max(b - a for b, a in zip(before, after)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr  # a faulty binding aborts Python
    falls = [int(line) for line in result.stdout.split()]
    assert len(falls) == 4 and max(falls) < MAX_FALL, falls


@pytest.mark.slow  # tens of seconds: thousands of frames of a 200 Hz manikin
def test_the_live_examiner_screen_keeps_the_reference_counts(
    qtbot: QtBot, ctx: AppContext, world: World, window: QWidget, stream: list[Sample]
) -> None:
    services = world.services
    cpr = services.definitions.bundled_definition(world.cora, "adult-cpr-aed").ref
    services.exams.create_exam(
        world.cora, code="CPR-1", title="CPR", starts_at=world.clock.now(), stations=[cpr]
    )
    services.exams.assign_examiner(world.cora, "CPR-1", "adult-cpr-aed", "eli")
    services.roster.import_roster(world.cora, "CPR-1", world.folder / "roster.csv")
    services.exams.open_exam(world.cora, "CPR-1")
    info = services.encounters.check_in(world.eli, "CPR-1", "adult-cpr-aed", "C1")
    view = services.encounters.encounter_view(world.eli, info.id)
    exam = next(e for e in services.exams.exams(world.eli) if e.code == "CPR-1")

    ctx.actor = world.eli
    ctx.settings = replace(ctx.settings, device_url="sim://cpr?rate_hz=200")
    source = FedSource()
    station = ExaminerStation(ctx, reader_factory=lambda _url: source)
    layout = QVBoxLayout(window)
    layout.addWidget(ctx.message_bar)
    layout.addWidget(station)
    window.show()
    try:
        wait_idle(qtbot, ctx)
        station.open_encounter(view, exam, "Adult CPR")
        station.encounter.start_timer()
        panel = station.device_panel
        assert panel is not None and panel.isVisible()

        def frame() -> None:
            world.clock.advance(PER_FRAME / RATE_HZ)
            panel.drain()
            station.encounter.tick()

        _drive_and_check(source, stream, frame, panel)
    finally:
        station.shutdown()
        wait_idle(qtbot, ctx)


@pytest.mark.slow  # tens of seconds: thousands of frames of a 200 Hz manikin
def test_the_live_practice_screen_keeps_the_reference_counts(
    qtbot: QtBot, ctx: AppContext, world: World, window: QWidget, stream: list[Sample]
) -> None:
    ctx.actor = world.tom
    ctx.settings = replace(ctx.settings, device_url="sim://cpr?rate_hz=200")
    source = FedSource()
    station = PracticeStation(ctx, reader_factory=lambda _url: source, sound_factory=lambda: None)
    layout = QVBoxLayout(window)
    layout.addWidget(ctx.message_bar)
    layout.addWidget(station)
    window.show()
    try:
        qtbot.waitUntil(lambda: bool(station.chooser.skills), timeout=10_000)
        station.select_skill("adult-cpr-aed")
        station.start()
        qtbot.waitUntil(lambda: station.page == station.LIVE, timeout=10_000)
        live = station.live
        live.metronome_box.setChecked(True)
        panel = live.panel
        assert panel is not None and live.isVisible()

        def frame() -> None:
            world.clock.advance(PER_FRAME / RATE_HZ)
            live.tick()

        _drive_and_check(source, stream, frame, panel)
    finally:
        station.shutdown()
        wait_idle(qtbot, ctx)
