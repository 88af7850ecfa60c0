"""Render the station's main screens to docs/screenshots/*.png at 1280x800.

    make screenshots                      # under xvfb-run when it is installed
    .venv/bin/python scripts/screenshots.py [--out DIR] [--only NAME ...]

Everything happens in a temporary folder: a demonstration database built by
``station.demo.build_demo`` (a finished exam day, for the coordinator's screens) and a
new station set up as on its first start (an open practice exam, for the examiner's;
with a simulation exam added, for the scenario console). The practice screens come
from ``scripts/screenshots_practice.py``, the debrief player from
``scripts/screenshots_debrief.py``.
The script signs in as each role through the real main window and renders each screen
with the real widgets. It runs on a real X server when one is there (``xvfb-run``
provides one) and on Qt's offscreen platform otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

if not any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

import argon2.profiles  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from screenshot_support import pump, wait_for  # noqa: E402

from common.clock import FakeClock  # noqa: E402
from station.auth.passwords import make_hasher  # noqa: E402
from station.database import open_database  # noqa: E402
from station.demo import build_demo  # noqa: E402
from station.firstrun import first_run_setup  # noqa: E402
from station.services import StationServices  # noqa: E402
from ui.bell import RecordingBell  # noqa: E402
from ui.context import AppContext, AppSignals  # noqa: E402
from ui.i18n import install_language  # noqa: E402
from ui.mainwindow import MainWindow  # noqa: E402
from ui.settings import Settings, SettingsStore, Theme  # noqa: E402
from ui.theme import apply_theme  # noqa: E402
from ui.widgets.message_bar import MessageBar  # noqa: E402
from ui.worker import ServiceWorker  # noqa: E402

SIZE = (1280, 800)
#: Cheap hashing: the accounts exist only for this run.
HASHER = make_hasher(argon2.profiles.CHEAPEST)


def wait_idle(ctx: AppContext) -> None:
    wait_for(lambda: not ctx.worker.busy, what="the service calls to finish")
    pump(0.1)


class Shooter:
    def __init__(self, out: Path, only: set[str]) -> None:
        self.out = out
        self.only = only
        self.written: list[Path] = []

    def wants(self, name: str) -> bool:
        return not self.only or name in self.only

    def wants_any(self, prefix: str) -> bool:
        return not self.only or any(name.startswith(prefix) for name in self.only)

    def shoot(self, widget: QWidget, name: str) -> None:
        if not self.wants(name):
            return
        pump(0.2)
        path = self.out / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise SystemExit(f"screenshots: could not write {path}")
        self.written.append(path)
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


#: The simulated manikin the examiner's and the scenario's live panels read.
DEVICE = "sim://cpr?profile=good&rate_hz=200"


def make_context(
    services: StationServices,
    clock: FakeClock | None = None,
    *,
    device_url: str = "",
    camera: str = "",
) -> AppContext:
    return AppContext(
        worker=ServiceWorker(services),
        settings=Settings(
            language="en",
            theme=Theme.LIGHT,
            idle_lock_minutes=0,
            device_url=device_url,
            camera=camera,
        ),
        clock=clock or services.clock,
        bell=RecordingBell(),
        actor=None,
        message_bar=MessageBar(),
        signals=AppSignals(),
        store=SettingsStore(Path(tempfile.mkdtemp()) / "settings.json"),
    )


def show(window: MainWindow) -> None:
    window.resize(*SIZE)
    window.show()
    pump(0.3)


def login_screens(shooter: Shooter, folder: Path) -> None:
    services = StationServices(open_database(folder / "first.db"), password_hasher=HASHER)
    ctx = make_context(services)
    accounts = first_run_setup(services, starts_at=datetime.now(UTC))
    window = MainWindow(ctx, first_run=accounts)
    show(window)
    shooter.shoot(window, "login-first-run")
    if window.first_run_panel is not None:
        window.first_run_panel.button.click()
    window.login.form.username.setText("examiner")
    window.login.form.secret.setText("wrong-pin")
    window.login.form.submit()
    wait_for(lambda: bool(window.login.form.status.text()), what="the sign-in answer")
    shooter.shoot(window, "login")
    if shooter.wants("login-dark"):
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        apply_theme(app, Theme.DARK)
        pump(0.2)
        shooter.shoot(window, "login-dark")
        apply_theme(app, Theme.LIGHT)
    window.close()
    ctx.worker.shutdown()
    services.db.close()


def examiner_screens(shooter: Shooter, folder: Path) -> None:
    from ui.workspace import ExaminerWorkspace

    clock = FakeClock(start_wall=datetime.now(UTC))
    services = StationServices(
        open_database(folder / "station.db"), clock=clock, password_hasher=HASHER
    )
    accounts = first_run_setup(services, starts_at=clock.now())
    assert accounts is not None
    ctx = make_context(services, clock, device_url=DEVICE)
    window = MainWindow(ctx)
    show(window)
    examiner = services.identity.authenticate(accounts.examiner, accounts.examiner_pin)
    window.sign_in(examiner)
    wait_idle(ctx)
    assert window.session is not None
    workspace = window.session.content
    assert isinstance(workspace, ExaminerWorkspace)
    station = workspace.examiner
    pump(1.0)
    shooter.shoot(window, "examiner-precheck")
    station.show_checkin()
    wait_idle(ctx)
    shooter.shoot(window, "examiner-checkin")

    exam = next(e for e in services.exams.exams(examiner) if e.code == accounts.exam_code)
    first = exam.stations[0]
    roster = services.encounters.encounters(examiner, exam.code, station_key=first.station_key)
    candidate = "C-001" if not roster else roster[0].candidate_number
    encounter = services.encounters.check_in(examiner, exam.code, first.station_key, candidate)
    view = services.encounters.encounter_view(examiner, encounter.id)
    station.open_encounter(view, exam, first.title)
    wait_idle(ctx)
    panel = station.encounter
    panel.start_timer()
    panel.skip_reading()
    clock.advance(95)
    # Mark the first items as an examiner would, with the keyboard's D (done).
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    for row in list(panel.rows.values())[:3]:
        QTest.keyClick(row, Qt.Key.Key_D)
        clock.advance(11)
    wait_idle(ctx)
    panel.tick()
    # Let the simulated manikin stream for a while so the live panel has a trace.
    pump(4.0)
    panel.tick()
    shooter.shoot(window, "examiner-checklist")
    if shooter.wants("examiner-checklist-dark"):
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        apply_theme(app, Theme.DARK)
        pump(1.0)
        shooter.shoot(window, "examiner-checklist-dark")
        apply_theme(app, Theme.LIGHT)
    window.close()
    wait_idle(ctx)
    ctx.worker.shutdown()
    services.db.close()


#: The simulated camera the recording screenshot records.
CAMERA = "sim://camera?w=640&h=480&fps=15"


def examiner_recording_screen(shooter: Shooter, folder: Path) -> None:
    """The examiner's station recording an encounter: consent given, the clock running,
    the simulated camera recording, two markers set."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from ui.workspace import ExaminerWorkspace

    clock = FakeClock(start_wall=datetime.now(UTC))
    services = StationServices(
        open_database(folder / "recording.db"), clock=clock, password_hasher=HASHER
    )
    accounts = first_run_setup(services, starts_at=clock.now())
    assert accounts is not None
    ctx = make_context(services, clock, device_url=DEVICE, camera=CAMERA)
    window = MainWindow(ctx)
    show(window)
    examiner = services.identity.authenticate(accounts.examiner, accounts.examiner_pin)
    window.sign_in(examiner)
    wait_idle(ctx)
    assert window.session is not None
    workspace = window.session.content
    assert isinstance(workspace, ExaminerWorkspace)
    station = workspace.examiner
    exam = next(e for e in services.exams.exams(examiner) if e.code == accounts.exam_code)
    first = exam.stations[0]
    encounter = services.encounters.check_in(examiner, exam.code, first.station_key, "C-002")
    station.open_encounter(
        services.encounters.encounter_view(examiner, encounter.id), exam, first.title
    )
    panel = station.encounter
    recording = panel.recording_panel
    assert recording is not None and station.recorder is not None
    recorder = station.recorder
    wait_for(lambda: recording.asking, what="the consent question")
    recording.yes_button.click()
    wait_idle(ctx)
    panel.start_timer()
    panel.skip_reading()
    wait_for(lambda: recorder.snapshot.frames > 0, what="the recording")
    clock.advance(40)
    for row in list(panel.rows.values())[:2]:
        QTest.keyClick(row, Qt.Key.Key_D)
        clock.advance(9)
    recording.add_marker()
    pump(2.0)
    recording.add_marker()
    wait_idle(ctx)
    pump(2.0)  # the recording runs; the panel shows its time, frames and free disk
    panel.tick()
    shooter.shoot(window, "examiner-recording")
    window.close()
    wait_idle(ctx)
    ctx.worker.shutdown()
    services.db.close()


def coordinator_screens(shooter: Shooter, folder: Path) -> None:
    from ui.coordinator import CoordinatorConsole

    demo = build_demo(folder / "demo", password_hasher=HASHER)
    services = StationServices(open_database(demo.database), password_hasher=HASHER)
    ctx = make_context(services)
    window = MainWindow(ctx)
    show(window)
    coordinator = services.identity.authenticate(demo.coordinator.username, demo.coordinator.secret)
    window.sign_in(coordinator)
    wait_idle(ctx)
    assert window.session is not None
    console = window.session.content
    assert isinstance(console, CoordinatorConsole)
    pages = [
        ("exams", console.exams),
        ("progress", console.progress),
        ("results", console.results),
        ("psychometrics", console.standards),
        ("exports", console.exports),
        ("audit", console.audit),
        ("users", console.users),
    ]
    for name, page in pages:
        if not shooter.wants(f"coordinator-{name}"):
            continue
        console.tabs.setCurrentWidget(page)
        wait_idle(ctx)
        pump(0.5)
        wait_idle(ctx)
        shooter.shoot(window, f"coordinator-{name}")
    if shooter.wants("coordinator-plots"):
        # The statistics as pictures: one station's regression, distribution, examiners.
        console.tabs.setCurrentWidget(console.standards)
        wait_idle(ctx)
        pump(0.5)
        wait_idle(ctx)
        plots = console.standards.plots
        console.standards.views.setCurrentWidget(plots)
        plots.station_box.setCurrentIndex(max(plots.station_box.findData("iv-cannulation"), 1))
        pump(0.3)
        shooter.shoot(window, "coordinator-plots")
    if shooter.wants("coordinator-amend"):
        # Amending a result: the earlier values, a new value chosen, no reason yet.
        console.tabs.setCurrentWidget(console.results)
        wait_idle(ctx)
        results = console.results
        rows = [
            r
            for r in range(results.proxy.rowCount())
            if results.proxy.index(r, 1).data() == "iv-cannulation"
        ]
        results.table.selectRow(rows[0])
        results.amend()
        wait_for(lambda: results.amend_dialog is not None, what="the amendment dialog")
        dialog = results.amend_dialog
        assert dialog is not None
        dialog.resize(900, 640)
        box = next(iter(dialog.item_boxes.values()))
        box.setCurrentIndex(1)  # the first choice after "(unchanged)"
        dialog.grade_box.setCurrentIndex(1)
        pump(0.3)
        shooter.shoot(dialog, "coordinator-amend")
        dialog.reject()
    window.close()
    wait_idle(ctx)
    ctx.worker.shutdown()
    services.db.close()


def scenario_screens(shooter: Shooter, folder: Path) -> None:
    """The scenario console in its tab (a cardiac-arrest scenario under way, the
    simulated manikin streaming) and the monitor in its own window."""
    from ui.workspace import ExaminerWorkspace

    clock = FakeClock(start_wall=datetime.now(UTC))
    services = StationServices(
        open_database(folder / "scenario.db"), clock=clock, password_hasher=HASHER
    )
    accounts = first_run_setup(services, starts_at=clock.now())
    assert accounts is not None
    coordinator = services.identity.authenticate(
        accounts.coordinator, accounts.coordinator_password
    )
    roster = folder / "sim-roster.csv"
    roster.write_text(
        "candidate_id,family_name,given_name\nS-001,Okafor,Ada\nS-002,Lindqvist,Erik\n",
        encoding="utf-8",
    )
    code, key = "SIM-DAY", "scenario-adult-ihca"
    services.exams.create_exam(
        coordinator, code=code, title="Simulation day", starts_at=clock.now(), stations=[key]
    )
    services.exams.assign_examiner(coordinator, code, key, accounts.examiner)
    services.roster.import_roster(coordinator, code, roster)
    services.exams.open_exam(coordinator, code)

    ctx = make_context(services, clock, device_url=DEVICE)
    window = MainWindow(ctx)
    show(window)
    examiner = services.identity.authenticate(accounts.examiner, accounts.examiner_pin)
    window.sign_in(examiner)
    wait_idle(ctx)
    assert window.session is not None
    workspace = window.session.content
    assert isinstance(workspace, ExaminerWorkspace)
    workspace.tabs.setCurrentWidget(workspace.scenario)
    console = workspace.scenario
    exam = next(e for e in services.exams.exams(examiner) if e.code == code)
    station = exam.stations[0]
    view = services.scenario.scenario_encounter(examiner, code, key, "S-001")
    console.open_scenario(view, exam, station.title)
    wait_idle(ctx)
    operator = console.operator
    assert operator is not None
    operator.start_button.click()
    # Three and a half minutes into the scenario, one second per frame.
    for _second in range(210):
        clock.advance(1)
        console.tick()
    wait_idle(ctx)
    pump(3.0)  # the simulated manikin streams into the live panel
    console.tick()
    wait_idle(ctx)
    shooter.shoot(window, "scenario-console")
    if shooter.wants("scenario-monitor"):
        monitor = console.open_monitor_window()
        assert monitor is not None
        monitor.resize(1024, 640)
        pump(0.5)
        # A few seconds of frames so the window's own ECG strip has a trace to show.
        for _frame in range(150):
            clock.advance(0.04)
            console.tick()
        pump(0.3)
        shooter.shoot(monitor, "scenario-monitor")
        console.close_monitor_window()
    window.close()
    wait_idle(ctx)
    ctx.worker.shutdown()
    services.db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", nargs="*", default=[], help="file names without .png")
    args = parser.parse_args(argv)
    QApplication.setApplicationName("SkillStation")
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_theme(app, Theme.LIGHT)
    install_language("en")
    args.out.mkdir(parents=True, exist_ok=True)
    shooter = Shooter(args.out, set(args.only))
    print(f"platform: {app.platformName()}")
    with tempfile.TemporaryDirectory(prefix="skillstation-screens-") as tmp:
        folder = Path(tmp)
        os.environ["SKILLSTATION_HOME"] = str(folder / "home")
        if shooter.wants_any("login"):
            login_screens(shooter, folder)
        if shooter.wants_any("examiner"):
            examiner_screens(shooter, folder)
        if shooter.wants("examiner-recording"):
            examiner_recording_screen(shooter, folder)
        if shooter.wants_any("coordinator"):
            coordinator_screens(shooter, folder)
        if shooter.wants_any("scenario"):
            scenario_screens(shooter, folder)
        if shooter.wants_any("practice"):
            from screenshots_practice import render_practice_screenshots

            for path in render_practice_screenshots(args.out):
                shooter.written.append(path)
                print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        if shooter.wants("debrief"):
            from screenshots_debrief import render_debrief_screenshot

            for path in render_debrief_screenshot(args.out):
                shooter.written.append(path)
                print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    QTimer.singleShot(0, app.quit)
    app.exec()
    print(f"{len(shooter.written)} screenshot(s) in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
