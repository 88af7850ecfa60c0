"""A simulated exam day at the examiner's station, in real time: the endurance run.

The whole desktop station runs as on an exam day: the main window, the examiner signed
in (the examiner's workspace: the examiner's station and the scenario console, sharing
one device reader), the simulated manikin streaming at 200 Hz (``sim://cpr``), the
simulated camera (``sim://camera``). Encounter after encounter, the soak does what an
examiner does, through the screens: scans the candidate's number into the badge box
(number + Enter), answers the consent question with a click (Yes for every
``--record-every``-th candidate, who is then recorded, No for the others), starts the
station clock (F5), marks every checklist item, records the CPR metrics (F7), submits
(Ctrl+Enter) and goes to the next candidate. Every ``--switch-every`` encounters it
switches the interface language (English, French, Spanish in turn) and the theme (light
and dark in turn) through the settings, as the settings window does, and shows the
scenario console for a moment.

The guard: after each encounter opens (the live panel's segment just emptied) the
reference counts of ``None``, ``True``, ``False`` and small integers are taken; a Qt
binding that loses references makes them fall by thousands a second. The run fails
(status 1) if any falls by more than ``--max-fall`` from the first encounter's; a crash
ends the process with Python's own fatal error (status 134 or a signal).

Everything goes to a new folder (``--folder``, default a temporary one): database,
settings, recordings. One line per encounter and a summary are printed (and written to
``--log``).

    .venv/bin/python bench/soak_station.py --minutes 120 --log /tmp/soak.log
    xvfb-run -a -s "-screen 0 1280x800x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python bench/soak_station.py --minutes 120 --log /tmp/soak.log

``--encounters N`` ends after N encounters instead (the test suite's short run,
``tests/test_soak.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from qt_live import first_run_services, pump, wait_for  # noqa: E402

DEVICE = "sim://cpr?profile=good&rate_hz=200"
CAMERA = "sim://camera?w=160&h=120&fps=15"
EXAM = "SOAK-DAY"
STATION = "adult-cpr-aed"
CANDIDATES = 400
WATCHED: dict[str, object] = {
    "None": None,
    "True": True,
    "False": False,
    **{str(n): n for n in (0, 1, 2, 3, 5, 10, 100, 255)},
}
LANGUAGES = ("en", "fr", "es")


@dataclass
class Tally:
    """What the run did."""

    started: float = field(default_factory=time.monotonic)
    encounters: int = 0
    recordings: int = 0
    switches: int = 0
    samples: int = 0
    stored: int = 0
    first_counts: dict[str, int] | None = None
    worst_fall: dict[str, int] = field(default_factory=dict)

    @property
    def elapsed_s(self) -> float:
        return time.monotonic() - self.started


def counts() -> dict[str, int]:
    gc.collect()
    return {name: sys.getrefcount(value) for name, value in WATCHED.items()}


class Soak:
    """The station and the examiner's actions on it."""

    def __init__(self, folder: Path, log: TextIO | None) -> None:
        from PySide6.QtWidgets import QApplication

        from common.clock import SystemClock
        from station.demo import demo_candidates, write_roster
        from ui.bell import RecordingBell
        from ui.context import AppContext, AppSignals
        from ui.mainwindow import MainWindow
        from ui.settings import Settings, SettingsStore, Theme
        from ui.theme import apply_theme
        from ui.widgets.message_bar import MessageBar
        from ui.worker import ServiceWorker
        from ui.workspace import ExaminerWorkspace

        self.log = log
        app = QApplication.instance() or QApplication(sys.argv[:1])
        assert isinstance(app, QApplication)
        self.app = app
        os.environ["SKILLSTATION_HOME"] = str(folder)
        services, accounts = first_run_services(folder / "soak.db")
        coordinator = services.identity.authenticate(
            accounts.coordinator, accounts.coordinator_password
        )
        services.exams.create_exam(
            coordinator,
            code=EXAM,
            title="Endurance run",
            starts_at=datetime.now(UTC),
            stations=[services.definitions.bundled_definition(coordinator, STATION).ref],
        )
        roster = folder / "roster.csv"
        # Numbers of their own (S-001...): the first-run candidates hold C-001...
        people = [
            replace(c, candidate_id=f"S-{i:03d}", email=f"s-{i:03d}@students.example.edu")
            for i, c in enumerate(demo_candidates(CANDIDATES, seed=7), start=1)
        ]
        write_roster(roster, people)
        services.roster.import_roster(coordinator, EXAM, roster)
        services.exams.assign_examiner(coordinator, EXAM, STATION, accounts.examiner)
        services.exams.open_exam(coordinator, EXAM)
        self.numbers = [c.candidate_id for c in people]
        self.examiner = services.identity.authenticate(accounts.examiner, accounts.examiner_pin)
        self.coordinator = coordinator
        self.services = services
        settings = Settings(
            language="en", theme=Theme.LIGHT, device_url=DEVICE, camera=CAMERA, idle_lock_minutes=0
        )
        apply_theme(self.app, settings.theme)
        self.ctx = AppContext(
            worker=ServiceWorker(services),
            settings=settings,
            clock=SystemClock(),
            bell=RecordingBell(),
            actor=None,
            message_bar=MessageBar(),
            signals=AppSignals(),
            store=SettingsStore(folder / "settings.json"),
        )
        self.window = MainWindow(self.ctx)
        self.window.show()
        self.window.sign_in(self.examiner)
        session = self.window.session
        assert session is not None
        assert isinstance(session.content, ExaminerWorkspace)
        self.workspace = session.content
        self.station: Any = self.workspace.examiner
        self.tally = Tally()

    # ------------------------------------------------------------------ helpers

    def say(self, text: str) -> None:
        line = f"{datetime.now(UTC):%H:%M:%S} {text}"
        print(line, flush=True)
        if self.log is not None:
            self.log.write(line + "\n")
            self.log.flush()

    def idle(self) -> None:
        wait_for(lambda: not self.ctx.worker.busy, 120.0, "the service worker")

    def key(self, widget: Any, key: Any, modifier: Any = None) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        # Shortcuts (F5, F7, Ctrl+Enter) fire only in the active window: on a real
        # display nothing activates it for the script (an idle X server has no window
        # manager), so it asks for the activation and waits for it first.
        window = widget.window()
        if not window.isActiveWindow():
            window.raise_()
            window.activateWindow()
            wait_for(window.isActiveWindow, 10.0, "the window to be active")
        QTest.keyClick(widget, key, modifier or Qt.KeyboardModifier.NoModifier)

    def click(self, button: Any) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    # ------------------------------------------------------------------ the day

    def begin(self) -> None:
        station = self.station
        wait_for(lambda: station.precheck.continue_button.isEnabled(), 60.0, "the pre-check")
        self.click(station.precheck.continue_button)
        self.idle()
        station.checkin.load((EXAM, STATION))
        self.idle()
        wait_for(lambda: station.checkin.station_key == STATION, 60.0, "the station")

    def encounter(self, number: str, record: bool, seconds: float) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        from assessments.definitions.model import RatingItem
        from assessments.scoring import MarkValue

        station = self.station
        checkin = station.checkin
        checkin.scan.setFocus()
        checkin.scan.selectAll()
        QTest.keyClicks(checkin.scan, number)
        self.key(checkin.scan, Qt.Key.Key_Return)
        self.idle()
        wait_for(lambda: station.stack.currentIndex() == station.ENCOUNTER, 60.0, "the encounter")
        encounter = station.encounter
        self.guard()
        panel = encounter.recording_panel
        assert panel is not None
        wait_for(lambda: panel.asking, 60.0, "the consent question")
        self.click(panel.yes_button if record else panel.no_button)
        self.idle()
        self.key(encounter, Qt.Key.Key_F5)
        # The day must really be marked and recorded: a key that never arrived would
        # leave every encounter unmarked and unrecorded, and the run would prove little.
        wait_for(lambda: encounter.timer is not None, 30.0, "the station clock to start (F5)")
        device = station.device_panel
        before = device.samples if device is not None else 0
        # The candidate works; the examiner marks as they go.
        rows = list(encounter.rows.values())
        end = time.monotonic() + seconds
        for index, row in enumerate(rows):
            pump(max(0.0, (end - time.monotonic()) / (len(rows) - index + 1)))
            if not row.isEnabled() or row.value is not None:
                continue
            row.choose(1 if isinstance(row.item, RatingItem) else MarkValue.DONE)
        if encounter.grade_row is not None:
            encounter.grade_row.choose(len(encounter.grade_row.buttons) - 1)
        pump(max(0.0, end - time.monotonic()))
        self.key(encounter, Qt.Key.Key_F7)
        self.idle()
        self.key(encounter, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        self.idle()
        if not encounter.locked:  # something left unmarked: submit as it is
            encounter.submit(allow_incomplete=True)
            self.idle()
        wait_for(lambda: encounter.locked, 60.0, "the submission")
        self.tally.encounters += 1
        if record:
            self.tally.recordings += 1
        if device is not None:
            self.tally.samples += device.samples - before
        self.click(encounter.next_button)
        self.idle()
        wait_for(lambda: station.stack.currentIndex() == station.CHECKIN, 60.0, "the check-in")

    def switch(self) -> None:
        """The next language and the other theme, through the settings; a look at the
        scenario console."""
        from ui.settings import Theme

        settings = self.ctx.settings
        language = LANGUAGES[(LANGUAGES.index(settings.language) + 1) % len(LANGUAGES)]
        theme = Theme.DARK if settings.theme is Theme.LIGHT else Theme.LIGHT
        self.ctx.update_settings(replace(settings, language=language, theme=theme))
        tabs = self.workspace.tabs
        tabs.setCurrentWidget(self.workspace.scenario)
        pump(1.0)
        tabs.setCurrentWidget(self.station)
        pump(0.2)
        self.tally.switches += 1

    def guard(self) -> None:
        now = counts()
        first = self.tally.first_counts
        if first is None:
            self.tally.first_counts = now
            return
        for name, value in now.items():
            fall = first[name] - value
            self.tally.worst_fall[name] = max(self.tally.worst_fall.get(name, 0), fall)

    def close(self) -> int:
        """Close the station; returns the number of recordings stored for the exam."""
        self.window.close()
        self.ctx.worker.shutdown()
        stored = len(self.services.media.list_media(self.coordinator, exam_code=EXAM))
        self.services.db.close()
        return stored


def run(
    minutes: float | None,
    encounters: int | None,
    encounter_s: float,
    record_every: int,
    switch_every: int,
    max_fall: int,
    folder: Path,
    log: TextIO | None,
    on_encounter: Callable[[Tally], None] | None = None,
) -> int:
    soak = Soak(folder, log)
    tally = soak.tally
    soak.say(
        f"soak: {DEVICE}, camera {CAMERA}, Qt binding {soak_binding()}, Python "
        f"{sys.version.split()[0]}, platform {os.environ['QT_QPA_PLATFORM']}, "
        + (f"{minutes:g} min" if minutes is not None else f"{encounters} encounters")
    )
    soak.begin()
    status = 0
    try:
        index = 0
        while True:
            if encounters is not None and tally.encounters >= encounters:
                break
            if minutes is not None and tally.elapsed_s >= minutes * 60:
                break
            number = soak.numbers[index % len(soak.numbers)]
            index += 1
            soak.encounter(number, record=(index % record_every == 1), seconds=encounter_s)
            if index % switch_every == 0:
                soak.switch()
            falls = tally.worst_fall
            soak.say(
                f"encounter {tally.encounters} ({number}) submitted; "
                f"{tally.recordings} recorded, {tally.switches} switches "
                f"(now {soak.ctx.settings.language}/{soak.ctx.settings.theme}), "
                f"{tally.samples} samples, {tally.elapsed_s / 60:.1f} min; "
                f"worst fall None {falls.get('None', 0)} True {falls.get('True', 0)} "
                f"False {falls.get('False', 0)} ints "
                f"{max((v for k, v in falls.items() if k.isdigit()), default=0)}"
            )
            if on_encounter is not None:
                on_encounter(tally)
            if max(tally.worst_fall.values(), default=0) > max_fall:
                soak.say(f"soak: FAILED: a reference count fell by more than {max_fall}")
                status = 1
                break
    finally:
        stored = soak.close()
    if stored < tally.recordings:
        soak.say(f"soak: FAILED: {tally.recordings} recordings asked for, {stored} stored")
        status = 1
    tally.stored = stored
    soak.say(
        f"soak: {'ended' if status == 0 else 'FAILED'} after {tally.elapsed_s / 60:.1f} min: "
        f"{tally.encounters} encounters, {tally.recordings} recordings ({stored} stored), "
        f"{tally.switches} language/theme switches, {tally.samples} manikin samples; "
        f"worst fall of a reference count {max(tally.worst_fall.values(), default=0)}"
    )
    return status


def soak_binding() -> str:
    from ui.binding import binding_version

    return binding_version()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=None)
    parser.add_argument("--encounters", type=int, default=None)
    parser.add_argument("--encounter-seconds", type=float, default=60.0)
    parser.add_argument("--record-every", type=int, default=3)
    parser.add_argument("--switch-every", type=int, default=2)
    parser.add_argument("--max-fall", type=int, default=5000)
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--log", type=Path, default=None)
    args = parser.parse_args()
    if args.minutes is None and args.encounters is None:
        parser.error("give --minutes or --encounters")
    log = args.log.open("a", encoding="utf-8") if args.log else None
    try:
        with contextlib.ExitStack() as stack:
            if args.folder is not None:
                args.folder.mkdir(parents=True, exist_ok=True)
                folder = args.folder
            else:
                tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="skillstation-soak-"))
                folder = Path(tmp)
            return run(
                args.minutes,
                args.encounters,
                args.encounter_seconds,
                args.record_every,
                args.switch_every,
                args.max_fall,
                folder,
                log,
            )
    finally:
        if log is not None:
            log.close()


if __name__ == "__main__":
    sys.exit(main())
