"""The application shell: the service worker, the login screen, the main window per
role, sign-out, the idle lock, the first start and the no-display message."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import textwrap
import threading
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import UserDirs
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from test_services_support import CHEAP_HASHER, COORDINATOR_SECRET, EXAMINER_PIN, World
from ui_support import wait_idle

from devices.reader import ReaderEvent, ReaderState, ReaderStatus
from devices.ring import Ring
from station.auth.permissions import Role
from station.firstrun import FirstRunAccounts, first_run_setup
from station.services import NotFound, StationServices
from station.storage import open_database
from ui.context import AppContext
from ui.i18n import current_language, install_language
from ui.mainwindow import MainWindow
from ui.practice import PracticeStation
from ui.settings import SettingsStore
from ui.worker import ServiceWorker

pytest_plugins = ["ui_support"]  # the ctx and world fixtures

ROOT = Path(__file__).resolve().parents[1]

# ---------------------------------------------------------------------------- worker


def test_worker_runs_calls_in_order_off_the_gui_thread(qtbot: QtBot, ctx: AppContext) -> None:
    gui = threading.get_ident()
    ran_on: list[int] = []
    delivered: list[tuple[int, int]] = []

    def call(n: int):  # type: ignore[no-untyped-def]
        def fn(services: StationServices) -> int:
            ran_on.append(threading.get_ident())
            return n

        return fn

    for n in range(20):
        ctx.worker.submit(
            call(n), on_done=lambda value: delivered.append((value, threading.get_ident()))
        )
    wait_idle(qtbot, ctx)
    assert [value for value, _ in delivered] == list(range(20))
    assert {thread for _, thread in delivered} == {gui}
    assert len(set(ran_on)) == 1
    assert ran_on[0] != gui


def test_worker_delivers_errors_on_the_gui_thread(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    gui = threading.get_ident()
    errors: list[tuple[Exception, int]] = []
    done: list[object] = []
    ctx.worker.submit(
        lambda services: services.encounters.check_in(world.eli, "NOPE", "alpha", "C1"),
        on_done=done.append,
        on_error=lambda exc: errors.append((exc, threading.get_ident())),
    )
    wait_idle(qtbot, ctx)
    assert done == []
    assert len(errors) == 1
    assert isinstance(errors[0][0], NotFound)
    assert errors[0][1] == gui
    assert ctx.message_bar.messages == []  # handled errors do not reach the bar


def test_unhandled_user_error_goes_to_the_message_bar(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    def fail(services: StationServices) -> None:
        raise NotFound("there is no exam with the code 'NOPE'")

    ctx.worker.submit(fail)
    wait_idle(qtbot, ctx)
    assert ctx.message_bar.messages[-1][1] == "there is no exam with the code 'NOPE'"


def test_unhandled_internal_error_is_logged_not_shown(
    qtbot: QtBot, ctx: AppContext, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(services: StationServices) -> None:
        raise KeyError("internal detail")

    ctx.worker.submit(broken)
    wait_idle(qtbot, ctx)
    _level, text = ctx.message_bar.messages[-1]
    assert "internal detail" not in text
    assert "KeyError" in text
    assert "log file" in text
    assert any(record.exc_info for record in caplog.records)


def test_run_long_reports_progress_and_can_be_cancelled(qtbot: QtBot, ctx: AppContext) -> None:
    progress: list[tuple[int, int, str]] = []
    done: list[str] = []
    gate = threading.Event()

    def export(services: StationServices, report) -> str:  # type: ignore[no-untyped-def]
        for i in range(3):
            report(i + 1, 3, f"page {i + 1}")
        return "written"

    ctx.worker.run_long(export, on_progress=lambda *p: progress.append(p), on_done=done.append)
    wait_idle(qtbot, ctx)
    assert progress == [(1, 3, "page 1"), (2, 3, "page 2"), (3, 3, "page 3")]
    assert done == ["written"]

    errors: list[Exception] = []
    steps: list[int] = []

    def slow(services: StationServices, report) -> str:  # type: ignore[no-untyped-def]
        gate.wait(timeout=10)
        for i in range(100):
            report(i, 100, "")
            steps.append(i)
        return "never"

    cancel = ctx.worker.run_long(
        slow, on_progress=lambda *p: None, on_done=done.append, on_error=errors.append
    )
    cancel()
    gate.set()
    wait_idle(qtbot, ctx)
    assert steps == []
    assert done == ["written"]
    assert errors == []


def test_shutdown_finishes_queued_work_and_stops_the_thread(qtbot: QtBot, world: World) -> None:
    worker = ServiceWorker(world.services)
    delivered: list[int] = []
    for n in range(5):
        worker.submit(lambda services, n=n: n, on_done=delivered.append)
    worker.shutdown()
    assert delivered == [0, 1, 2, 3, 4]
    assert not worker._thread.isRunning()
    with pytest.raises(RuntimeError, match="shut down"):
        worker.submit(lambda services: None)


def test_the_worker_can_open_the_services_itself_first(qtbot: QtBot, world: World) -> None:
    gui = threading.get_ident()
    opened_on: list[int] = []

    def opener() -> StationServices:
        opened_on.append(threading.get_ident())
        return world.services

    worker = ServiceWorker(opener)
    try:
        results: list[bool] = []
        # Submitted before the opening finished: it waits behind it.
        worker.submit(lambda services: services.identity.has_users(), on_done=results.append)
        with qtbot.waitSignal(worker.opened, timeout=10_000, raising=False):
            pass
        qtbot.waitUntil(lambda: results == [True])
        assert worker.is_open
        assert worker.services is world.services
        assert opened_on and opened_on[0] != gui
    finally:
        worker.shutdown()


def test_a_worker_started_later_runs_what_was_queued(qtbot: QtBot, world: World) -> None:
    worker = ServiceWorker(world.services, start=False)
    delivered: list[int] = []
    worker.submit(lambda services: 1, on_done=delivered.append)
    worker.start()
    qtbot.waitUntil(lambda: delivered == [1])
    worker.shutdown()
    never_started = ServiceWorker(world.services, start=False)
    never_started.submit(lambda services: 2, on_done=delivered.append)
    never_started.shutdown()  # the queued work still runs, then the thread stops
    assert delivered == [1, 2]


def test_a_failed_opening_fails_the_waiting_work_with_its_error(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from station.storage import open_database as open_db

    folder = tmp_path / "folder.db"
    folder.mkdir()

    def opener() -> StationServices:
        return StationServices(open_db(folder))

    worker = ServiceWorker(opener)
    try:
        errors: list[Exception] = []
        worker.submit(lambda services: services.identity.has_users(), on_error=errors.append)
        qtbot.waitUntil(lambda: bool(errors))
        assert "is a directory" in str(errors[0])
        assert worker.open_error is errors[0]
        assert not worker.is_open
        with pytest.raises(RuntimeError, match="could not be opened"):
            _ = worker.services
    finally:
        worker.shutdown()


# ------------------------------------------------------------------ QThread fixture


@pytest.mark.slow  # runs pytest in a process of its own
def test_the_qthread_fixture_fails_a_test_that_leaves_a_qthread_running(
    tmp_path: Path,
) -> None:
    """Run a small suite with this suite's conftest: the test that leaves a QThread
    running fails with the fixture's message; the tidy one passes."""
    suite = tmp_path / "suite"
    suite.mkdir()
    (suite / "conftest.py").write_text(
        (ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (suite / "test_threads.py").write_text(
        textwrap.dedent(
            """
            from PySide6.QtCore import QCoreApplication, QThread

            app = QCoreApplication.instance() or QCoreApplication([])
            keep = []

            def test_leaves_a_thread_running():
                thread = QThread()
                thread.setObjectName("forgotten")
                keep.append(thread)
                thread.start()  # its event loop runs until quit()

            def test_stops_its_thread():
                thread = QThread()
                thread.start()
                thread.quit()
                thread.wait()
            """
        ),
        encoding="utf-8",
    )
    env = dict(os.environ)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(suite)],
        cwd=suite,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "2 passed, 1 error" in out, out
    assert "ERROR test_threads.py::test_leaves_a_thread_running" in out, out
    assert "left 1 QThread(s) running: forgotten" in out, out


def test_the_qthread_fixture_lets_stopped_threads_pass(qtbot: QtBot) -> None:
    thread = QThread()
    thread.start()
    thread.quit()
    assert thread.wait(5000)


# ---------------------------------------------------------------------------- window


def make_window(qtbot: QtBot, ctx: AppContext, **kwargs: object) -> MainWindow:
    window = MainWindow(ctx, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    return window


def sign_in(qtbot: QtBot, window: MainWindow, username: str, secret: str) -> None:
    form = window.login.form
    form.username.setText(username)
    form.secret.setText(secret)
    qtbot.mouseClick(form.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session is not None or bool(form.status.text()))


class Notebook(QWidget):
    """A screen with state to keep: text typed into it."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.edit = QLineEdit(self)


NOTEBOOK_SCREENS = {role: Notebook for role in Role}


@pytest.mark.parametrize(
    ("username", "secret", "role", "screen"),
    [
        ("cora", COORDINATOR_SECRET, Role.COORDINATOR, "ui.coordinator:CoordinatorConsole"),
        ("eli", EXAMINER_PIN, Role.EXAMINER, "ui.workspace:ExaminerWorkspace"),
        ("tom", EXAMINER_PIN, Role.TRAINEE, "ui.practice:PracticeStation"),
    ],
)
def test_each_role_gets_its_screen(
    qtbot: QtBot, ctx: AppContext, username: str, secret: str, role: Role, screen: str
) -> None:
    module, name = screen.split(":")
    expected = getattr(importlib.import_module(module), name)
    window = make_window(qtbot, ctx)
    assert window.stack.currentWidget() is window.login
    sign_in(qtbot, window, username, secret)
    assert window.session is not None
    assert isinstance(window.session.content, expected)
    assert ctx.actor is not None and ctx.actor.role is role
    assert username in window.session.who.text()
    wait_idle(qtbot, ctx)
    window.sign_out()
    assert ctx.actor is None
    assert window.stack.currentWidget() is window.login
    wait_idle(qtbot, ctx)


def test_trainee_sees_only_their_own_practice_attempts(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    mine = world.services.practice.start_practice(world.tom, "alpha")
    world.services.practice.start_practice(world.eli, "alpha")
    window = make_window(qtbot, ctx)
    sign_in(qtbot, window, "tom", EXAMINER_PIN)
    assert window.session is not None
    station = window.session.content
    assert isinstance(station, PracticeStation)
    station.show_history()
    history = station.history
    qtbot.waitUntil(lambda: history.model.rowCount() == 1)
    assert [a.id for a in history.attempts] == [mine.id]
    assert history.model.item(0, 1).text() == "Alpha station"
    wait_idle(qtbot, ctx)
    window.sign_out()
    wait_idle(qtbot, ctx)


def test_wrong_pin_is_refused_inline_and_lockout_is_explained(
    qtbot: QtBot, ctx: AppContext
) -> None:
    window = make_window(qtbot, ctx, screens=NOTEBOOK_SCREENS)
    sign_in(qtbot, window, "eli", "111999")
    assert window.session is None
    status = window.login.form.status.text()
    assert "Wrong username or password/PIN" in status
    assert window.login.form.secret.text() == ""
    # Enough failures lock the account; the form says for how long, in minutes.
    for _ in range(10):
        window.login.form.status.clear()
        sign_in(qtbot, window, "eli", "111999")
        if "locked" in window.login.form.status.text():
            break
    assert "locked for" in window.login.form.status.text()
    assert "minute" in window.login.form.status.text()
    # The right PIN is refused too while the lockout lasts.
    window.login.form.status.clear()
    sign_in(qtbot, window, "eli", EXAMINER_PIN)
    assert window.session is None
    assert "locked for" in window.login.form.status.text()
    wait_idle(qtbot, ctx)


def test_empty_fields_are_called_out_without_a_service_call(qtbot: QtBot, ctx: AppContext) -> None:
    window = make_window(qtbot, ctx, screens=NOTEBOOK_SCREENS)
    window.login.form.submit()
    assert "Type your username" in window.login.form.status.text()
    assert not ctx.worker.busy


def test_idle_lock_keeps_the_screen_and_unlocks_for_the_same_user(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    ctx.settings = replace(ctx.settings, idle_lock_minutes=2)
    window = make_window(qtbot, ctx, screens=NOTEBOOK_SCREENS)
    sign_in(qtbot, window, "eli", EXAMINER_PIN)
    assert window.session is not None
    screen = window.session.content
    assert isinstance(screen, Notebook)
    screen.edit.setText("half-scored")

    world.clock.advance(119)
    window.check_idle()
    assert not window.locked
    world.clock.advance(1)
    window.check_idle()
    assert window.locked
    panel = window.lock_panel
    assert panel is not None and panel.isVisible()
    assert panel.geometry() == window.body.rect()
    assert not window.session.isEnabled()
    assert panel.form.username.isReadOnly()
    assert panel.form.username.text() == "eli"

    # A wrong PIN does not unlock.
    panel.form.secret.setText("111999")
    panel.form.submit()
    qtbot.waitUntil(lambda: bool(panel.form.status.text()))
    assert window.locked

    panel.form.secret.setText(EXAMINER_PIN)
    panel.form.submit()
    qtbot.waitUntil(lambda: not window.locked)
    assert window.session is not None
    assert window.session.content is screen
    assert screen.edit.text() == "half-scored"
    assert window.session.isEnabled()
    wait_idle(qtbot, ctx)


def test_a_half_scored_encounter_survives_the_lock(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    from assessments.scoring import MarkValue
    from ui.workspace import ExaminerWorkspace

    window = make_window(qtbot, ctx)
    sign_in(qtbot, window, "eli", EXAMINER_PIN)
    wait_idle(qtbot, ctx)
    assert window.session is not None
    workspace = window.session.content
    assert isinstance(workspace, ExaminerWorkspace)
    station = workspace.examiner
    exam = next(e for e in world.services.exams.exams(world.eli) if e.code == "OSCE-1")
    encounter = world.services.encounters.check_in(world.eli, "OSCE-1", "alpha", "C3")
    view = world.services.encounters.encounter_view(world.eli, encounter.id)
    station.open_encounter(view, exam, "Alpha station")
    wait_idle(qtbot, ctx)
    panel = station.encounter
    panel.start_timer()
    panel.skip_reading()
    world.clock.advance(20)
    first = panel.rows["a1"]
    qtbot.keyClick(first, Qt.Key.Key_D)
    wait_idle(qtbot, ctx)
    assert first.value is MarkValue.DONE

    assert panel.timer is not None
    before = panel.timer.elapsed_s
    window.lock()
    world.clock.advance(30)  # the station clock keeps running under the lock
    panel.tick()
    assert station.encounter is panel and panel.view is not None
    assert first.value is MarkValue.DONE
    assert panel.timer.elapsed_s == pytest.approx(before + 30)

    lock = window.lock_panel
    assert lock is not None
    lock.form.secret.setText(EXAMINER_PIN)
    lock.form.submit()
    qtbot.waitUntil(lambda: not window.locked)
    assert window.session.content is workspace and workspace.examiner is station
    assert first.value is MarkValue.DONE
    saved = world.services.encounters.encounter_view(world.eli, encounter.id)
    assert saved.marks["a1"].value is MarkValue.DONE
    window.close()  # as on quit: the station stops its device reader
    wait_idle(qtbot, ctx)


def test_another_user_at_the_lock_signs_the_first_one_out(qtbot: QtBot, ctx: AppContext) -> None:
    window = make_window(qtbot, ctx, screens=NOTEBOOK_SCREENS)
    sign_in(qtbot, window, "eli", EXAMINER_PIN)
    assert window.session is not None
    first = window.session.content
    window.lock()
    assert window.lock_panel is not None
    qtbot.mouseClick(window.lock_panel.switch, Qt.MouseButton.LeftButton)
    assert window.session is None
    assert not window.locked
    assert ctx.actor is None
    assert window.stack.currentWidget() is window.login
    sign_in(qtbot, window, "ann", EXAMINER_PIN)
    assert window.session is not None
    assert window.session.content is not first
    assert window.session.content.edit.text() == ""  # type: ignore[attr-defined]
    wait_idle(qtbot, ctx)


def test_no_lock_without_a_signed_in_user_or_when_disabled(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    window = make_window(qtbot, ctx, screens=NOTEBOOK_SCREENS)
    world.clock.advance(3600)
    window.check_idle()
    assert not window.locked
    ctx.settings = replace(ctx.settings, idle_lock_minutes=0)
    sign_in(qtbot, window, "eli", EXAMINER_PIN)
    world.clock.advance(3600)
    window.check_idle()
    assert not window.locked
    wait_idle(qtbot, ctx)


def test_keyboard_activity_resets_the_idle_count(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    ctx.settings = replace(ctx.settings, idle_lock_minutes=1)
    window = make_window(qtbot, ctx, screens=NOTEBOOK_SCREENS)
    sign_in(qtbot, window, "eli", EXAMINER_PIN)
    assert window.session is not None
    world.clock.advance(50)
    qtbot.keyClicks(window.session.content.edit, "x")  # type: ignore[attr-defined]
    world.clock.advance(50)
    window.check_idle()
    assert not window.locked
    world.clock.advance(10)
    window.check_idle()
    assert window.locked
    wait_idle(qtbot, ctx)


def test_ctrl_l_locks(qtbot: QtBot, ctx: AppContext) -> None:
    window = make_window(qtbot, ctx, screens=NOTEBOOK_SCREENS)
    sign_in(qtbot, window, "eli", EXAMINER_PIN)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    wait_idle(qtbot, ctx)


def test_settings_from_the_window_switch_language_and_theme_at_once(
    qtbot: QtBot, ctx: AppContext
) -> None:
    window = make_window(qtbot, ctx, screens=NOTEBOOK_SCREENS)
    sign_in(qtbot, window, "eli", EXAMINER_PIN)
    assert window.session is not None
    window.open_settings()
    dialog = window.settings_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    window.open_settings()  # Ctrl+, again: the same window comes to the front
    assert window.settings_dialog is dialog
    try:
        dialog.language.setCurrentIndex(dialog.language.findData("es"))
        dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
        dialog.apply()
        assert current_language() == "es"
        assert window.session.sign_out_button.text() == "Cerrar sesión"
        assert dialog.windowTitle() == "Ajustes"
        app = QApplication.instance()
        assert app is not None and app.property("skillstation_theme") == "dark"
        # Locking closes the settings window; it never sits over the lock.
        window.lock()
        assert not dialog.isVisible()
    finally:
        install_language("en")
    wait_idle(qtbot, ctx)


# ------------------------------------------------------------------------ first run


def test_first_start_asks_the_language_and_keeps_it(qtbot: QtBot, ctx: AppContext) -> None:
    ctx.settings = replace(ctx.settings, language="")
    window = make_window(qtbot, ctx, screens=NOTEBOOK_SCREENS)
    assert window.stack.currentWidget() is window.language_page
    try:
        qtbot.mouseClick(window.language_page.buttons["fr"], Qt.MouseButton.LeftButton)
        assert window.stack.currentWidget() is window.login
        assert SettingsStore().load().language == "fr"
        assert current_language() == "fr"
        assert window.login.form.button.text() == "Se connecter"
    finally:
        install_language("en")


def test_a_language_that_cannot_be_saved_still_applies_and_says_why(
    qtbot: QtBot, ctx: AppContext, user_dirs: UserDirs
) -> None:
    user_dirs.skillstation.mkdir()
    settings_file = user_dirs.skillstation / "settings.json"
    settings_file.write_text('{"version": 99}', encoding="utf-8")
    assert ctx.store is not None
    ctx.settings = ctx.store.load()  # a newer file: read, never overwritten
    window = make_window(qtbot, ctx, screens=NOTEBOOK_SCREENS)
    assert window.stack.currentWidget() is window.language_page
    try:
        qtbot.mouseClick(window.language_page.buttons["es"], Qt.MouseButton.LeftButton)
        assert current_language() == "es"
        assert window.stack.currentWidget() is window.login
        level, text = ctx.message_bar.messages[-1]
        assert level == "warning"
        assert "newer SkillStation" in text
        assert settings_file.read_text(encoding="utf-8") == '{"version": 99}'
    finally:
        install_language("en")


def test_first_run_creates_accounts_and_an_open_exam(tmp_path: Path) -> None:
    services = StationServices(open_database(tmp_path / "new.db"), password_hasher=CHEAP_HASHER)
    try:
        accounts = first_run_setup(services, starts_at=datetime(2026, 3, 2, tzinfo=UTC))
        assert accounts is not None
        coordinator = services.identity.authenticate(
            accounts.coordinator, accounts.coordinator_password
        )
        examiner = services.identity.authenticate(accounts.examiner, accounts.examiner_pin)
        assert coordinator.role is Role.COORDINATOR
        assert examiner.role is Role.EXAMINER
        exams = {e.code: e for e in services.exams.exams(coordinator)}
        assert exams[accounts.exam_code].status == "open"
        assert first_run_setup(services, starts_at=datetime(2026, 3, 2, tzinfo=UTC)) is None
        assert services.results.verify_audit(coordinator).ok
    finally:
        services.db.close()


def test_first_run_panel_shows_the_secrets_once(qtbot: QtBot, ctx: AppContext) -> None:
    accounts = FirstRunAccounts("coordinator", "abcd-efgh-jkmn", "examiner", "482913", "EX")
    window = make_window(qtbot, ctx, screens=NOTEBOOK_SCREENS, first_run=accounts)
    panel = window.first_run_panel
    assert panel is not None and panel.isVisible()
    assert "abcd-efgh-jkmn" in panel.body.text()
    assert "482913" in panel.body.text()
    assert "Change them" in panel.body.text() and "Reset PIN…" in panel.body.text()
    qtbot.mouseClick(panel.button, Qt.MouseButton.LeftButton)
    assert not panel.isVisible()


# ------------------------------------------------------------------------- start-up


def test_without_a_display_it_says_so_and_exits_1(tmp_path: Path) -> None:
    venv_bin = Path(sys.executable).parent
    env = {
        # As after ./scripts/run: the station's .venv/bin is not on PATH.
        "PATH": os.pathsep.join(
            p for p in os.environ["PATH"].split(os.pathsep) if Path(p) != venv_bin
        ),
        "HOME": str(tmp_path),
        "SKILLSTATION_HOME": str(tmp_path / "ss"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "ui.app"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "no display" in lines[0]
    # Commands that work as printed: the programs by their full path, since the
    # station's .venv/bin is not on this PATH.
    bin_dir = Path(sys.executable).parent
    assert f"xvfb-run {bin_dir / 'skillstation-gui'}" in lines[0]
    assert f"{bin_dir / 'skillstation'} demo" in lines[0]
    assert not (tmp_path / "ss").exists()  # nothing created


@pytest.mark.slow  # starts the application in a process of its own
def test_starts_offscreen_on_a_new_machine_and_sets_it_up(user_dirs: UserDirs) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ui.app", "--quit-when-ready"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ready"
    database = user_dirs.skillstation / "skillstation.db"
    assert database.exists()
    services = StationServices(open_database(database), password_hasher=CHEAP_HASHER)
    try:
        assert services.identity.has_users()
    finally:
        services.db.close()


def test_a_database_that_cannot_be_opened_is_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "ui.app", "--database", str(folder), "--quit-when-ready"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("skillstation-gui: Cannot open the database")
    assert "is a directory" in result.stderr


class CountingSource:
    """A device source that counts how often it is started and stopped."""

    def __init__(self) -> None:
        self.rings: list[Ring[ReaderEvent]] = []
        self.starts = 0
        self.stops = 0

    def subscribe(self, capacity: int = 65536) -> Ring[ReaderEvent]:
        ring: Ring[ReaderEvent] = Ring(capacity)
        self.rings.append(ring)
        return ring

    def start(self) -> None:
        self.starts += 1

    def stop(self, timeout: float | None = 10.0) -> None:
        self.stops += 1

    def status(self) -> ReaderStatus:
        return ReaderStatus("sim://cpr", ReaderState.STREAMING, samples=0, rate_hz=100.0)


def test_examiner_tabs_share_one_device_reader_and_switch_by_keyboard(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    from ui.workspace import ExaminerWorkspace

    ctx.actor = world.eli
    ctx.settings = replace(ctx.settings, device_url="sim://cpr")
    source = CountingSource()
    made: list[str] = []

    def factory(url: str) -> CountingSource:
        made.append(url)
        return source

    window = QWidget()
    workspace = ExaminerWorkspace(ctx, window, reader_factory=factory)
    qtbot.addWidget(window, before_close_func=lambda _w: workspace.shutdown())
    window.resize(1280, 800)
    workspace.resize(1280, 800)
    window.show()
    window.activateWindow()  # shortcuts act in the active window
    qtbot.waitUntil(window.isActiveWindow)
    wait_idle(qtbot, ctx)

    assert made == ["sim://cpr"]  # one reader for both screens
    assert source.starts == 1 and len(source.rings) == 2  # each panel has its own ring
    assert workspace.examiner.device_panel is not None
    assert workspace.scenario.device_panel is not None
    assert [workspace.tabs.tabText(i) for i in range(2)] == [
        "Examiner's station",
        "Scenario console",
    ]
    assert workspace.tabs.currentWidget() is workspace.examiner

    workspace.examiner.setFocus()
    qtbot.keyClick(workspace.examiner, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert workspace.tabs.currentWidget() is workspace.scenario
    qtbot.keyClick(workspace.scenario, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert workspace.tabs.currentWidget() is workspace.examiner

    workspace.examiner.shutdown()
    assert source.stops == 0  # the scenario console still shows the manikin
    workspace.shutdown()
    assert source.stops == 1
    workspace.shutdown()  # twice is harmless
    assert source.stops == 1
    wait_idle(qtbot, ctx)


def test_signing_out_shuts_both_examiner_tabs_down(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.examiner import ExaminerStation
    from ui.scenario import ScenarioConsole
    from ui.workspace import ExaminerWorkspace

    closed: list[str] = []
    examiner_shutdown = ExaminerStation.shutdown
    scenario_shutdown = ScenarioConsole.shutdown

    def examiner(self: ExaminerStation) -> None:
        closed.append("examiner")
        examiner_shutdown(self)

    def scenario(self: ScenarioConsole) -> None:
        closed.append("scenario")
        scenario_shutdown(self)

    monkeypatch.setattr(ExaminerStation, "shutdown", examiner)
    monkeypatch.setattr(ScenarioConsole, "shutdown", scenario)
    window = make_window(qtbot, ctx)
    sign_in(qtbot, window, "eli", EXAMINER_PIN)
    assert window.session is not None
    assert isinstance(window.session.content, ExaminerWorkspace)
    wait_idle(qtbot, ctx)
    window.sign_out()
    assert closed == ["examiner", "scenario"]
    wait_idle(qtbot, ctx)


def test_the_warning_word_reads_on_the_light_theme(ctx: AppContext) -> None:
    import re

    from PySide6.QtGui import QColor, QPalette

    from ui.contrast import NORMAL_TEXT, contrast_ratio
    from ui.theme import message_style

    bar = ctx.message_bar
    palette = bar.palette()
    window = QColor("#f5f5f5")
    palette.setColor(QPalette.ColorRole.Window, window)
    bar.setPalette(palette)
    orange, _symbol, _label = message_style("warning")
    assert contrast_ratio(orange, window) < NORMAL_TEXT  # the level's own colour fades
    bar.warning("The disk is almost full.")
    found = re.search(r"#MessageBarSymbol \{ color: (#[0-9a-f]{6})", bar.styleSheet())
    assert found is not None
    assert contrast_ratio(QColor(found.group(1)), window) >= NORMAL_TEXT
    assert orange.name() in bar.styleSheet()  # the border keeps the level's colour


@pytest.mark.parametrize("text", ["✓ Done (D)", "✓ Done now (D)", "✗ Not done (N)"])
def test_a_chosen_mark_button_has_room_for_its_bold_text(qtbot: QtBot, text: str) -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    from ui.examiner.checklist import _choice_button

    parent = QWidget()
    qtbot.addWidget(parent)
    button = _choice_button(text, parent)
    bold = QFont(button.font())
    bold.setBold(True)
    assert button.minimumWidth() > QFontMetrics(bold).horizontalAdvance(text)


def test_a_result_for_a_screen_closed_meanwhile_is_dropped(qtbot: QtBot, ctx: AppContext) -> None:
    """Signing out while a screen's data loads deletes the screen; its result arrives
    afterwards and must not raise in the event loop."""
    import shiboken6
    from PySide6.QtWidgets import QComboBox

    gate = threading.Event()
    box = QComboBox()
    box.addItem("alpha", "alpha")
    shown: list[object] = []

    def slow(services: StationServices) -> str:
        gate.wait(10)
        return "beta"

    def show(value: object) -> None:
        shown.append(box.currentData())  # the widget is gone by now

    ctx.worker.submit(slow, on_done=show)
    shiboken6.delete(box)
    gate.set()
    wait_idle(qtbot, ctx)
    assert shown == []
    # An error of the callback's own still surfaces.
    from ui.worker import _deliver

    def broken(value: object) -> None:
        raise RuntimeError("a real bug")

    with pytest.raises(RuntimeError, match="a real bug"):
        _deliver(broken, 1)


def test_the_window_opens_small_enough_for_a_1280x800_screen_with_its_title_bar() -> None:
    from PySide6.QtCore import QSize

    from ui.mainwindow import FRAME_ALLOWANCE, MIN_HEIGHT, MIN_WIDTH, default_size

    # A 1280×800 laptop screen: the window and its title bar fit on it.
    laptop = default_size(QSize(1280, 800))
    assert laptop.height() + FRAME_ALLOWANCE.height() <= 800
    assert laptop.width() + FRAME_ALLOWANCE.width() <= 1280
    assert FRAME_ALLOWANCE.height() >= 30  # a title bar at least
    # ... and with a task bar taking 32 px of it.
    assert default_size(QSize(1280, 768)).height() + FRAME_ALLOWANCE.height() <= 768
    # A large screen gets the full 1280×800; a tiny one the minimum.
    assert default_size(QSize(1920, 1080)) == QSize(1280, 800)
    assert default_size(QSize(800, 600)) == QSize(MIN_WIDTH, MIN_HEIGHT)


def test_after_the_settings_close_the_encounter_keys_work_at_once(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    """Settings opened with a click and closed after Apply: F5 and D act on the encounter
    without a click in it first."""
    from PySide6.QtWidgets import QDialogButtonBox

    ctx.settings = replace(ctx.settings, language="en")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.sign_in(world.eli)
    wait_idle(qtbot, ctx)
    session = window.session
    assert session is not None
    station = session.content.examiner  # type: ignore[attr-defined]
    station.show_checkin()
    wait_idle(qtbot, ctx)
    station.checkin.check_in("C3")
    wait_idle(qtbot, ctx)
    encounter = station.encounter
    assert encounter.timer is None

    def in_encounter() -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and encounter.isAncestorOf(focus)

    qtbot.waitUntil(in_encounter)
    qtbot.mouseClick(session.settings_button, Qt.MouseButton.LeftButton)
    dialog = window.settings_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Apply), Qt.MouseButton.LeftButton
    )
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Close), Qt.MouseButton.LeftButton
    )
    assert not dialog.isVisible()
    qtbot.waitUntil(in_encounter)
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, Qt.Key.Key_F5)
    assert encounter.timer is not None  # the clock started
    row = next(iter(encounter.rows.values()))
    row.setFocus()
    window.open_settings()  # Ctrl+, from the row
    window.settings_dialog.close()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is row)
    qtbot.keyClick(row, Qt.Key.Key_D)
    assert row.value is not None
    window.sign_out()
    wait_idle(qtbot, ctx)
