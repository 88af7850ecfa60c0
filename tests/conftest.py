"""Settings every test shares: no real display, no real user data, no stray threads.

- Qt runs on its off-screen platform, so the suite needs no display and never opens a
  window on a developer's desktop (the real-display suite in tests/desktop runs apart,
  on an X server of its own: tests/test_real_display.py). Qt also wants a private
  runtime directory; as root without a login session there is none, and Qt would warn
  (which pytest-qt turns into a failure, see ``qt_log_level_fail`` in pyproject.toml).
- Each test gets its own home, XDG and SkillStation data folders (``user_dirs``), so no
  test ever reads or writes the real data directory, database or settings.
- A test that leaves a QThread running fails too (``_no_dangling_qthreads``): deleting a
  running QThread later aborts the whole run.
- A test that leaves a non-daemon thread running fails: such a thread outlives the test,
  races later tests and would keep the interpreter from exiting (so the run then ends
  without waiting for it).
- The demonstration exam (``station.demo.build_demo``, many seconds) is built once per
  session for each configuration a test asks for, and every module gets a copy of its
  folder of its own (``demo_copy``), so no module changes the data another one reads.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from station import i18n as station_i18n

if TYPE_CHECKING:
    from station.demo import DemoConfig, DemoResult

# Set at import time, before pytest-qt or any test creates a QApplication: the off-screen
# platform, except for the real-display suite (tests/desktop), which
# tests/test_real_display.py runs in a process of its own on an X server with a window
# manager, naming that display in SKILLSTATION_TEST_DISPLAY.
REAL_DISPLAY = os.environ.get("SKILLSTATION_TEST_DISPLAY", "")
if REAL_DISPLAY:
    os.environ["DISPLAY"] = REAL_DISPLAY
    os.environ["QT_QPA_PLATFORM"] = "xcb"
else:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
#: The real-display tests are collected only in their own run.
collect_ignore = [] if REAL_DISPLAY else ["desktop"]
# mkdtemp makes the folder readable by its owner alone (0700), as Qt requires.
_runtime_dir = tempfile.mkdtemp(prefix="skillstation-test-runtime-")
atexit.register(shutil.rmtree, _runtime_dir, ignore_errors=True)
os.environ["XDG_RUNTIME_DIR"] = _runtime_dir

#: How long a thread a test started may take to finish after the test, in seconds.
THREAD_GRACE_S = 2.0

#: Threads that tests left running, and pytest's exit status (see pytest_unconfigure).
_leftover_threads: list[threading.Thread] = []
#: QThreads that tests left running: kept referenced, since deleting a running QThread
#: aborts the process.
_leftover_qthreads: list[object] = []
_exit_status = 1


@dataclass(frozen=True)
class UserDirs:
    """Where the current test's "user" keeps things; every path lies under tmp_path/user.

    ``home`` and the XDG folders exist; ``skillstation`` (``SKILLSTATION_HOME``) does not
    yet, so code that creates its data folder on first use is exercised as on a new
    machine.
    """

    home: Path
    data: Path
    config: Path
    cache: Path
    state: Path
    skillstation: Path


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> UserDirs:
    """Point HOME, the XDG base folders and SKILLSTATION_HOME into tmp_path/user.

    Request it by name to learn the paths. SKILLSTATION_DB and SKILLSTATION_PIN are unset,
    so a developer's own settings never leak into a test; so are SKILLSTATION_LANG and the
    POSIX locale variables, so messages are in English unless a test chooses otherwise,
    and a language a test set with ``station.i18n.set_language`` is reset after it.
    Subprocesses inherit all of it.
    """
    base = tmp_path / "user"
    dirs = UserDirs(
        home=base / "home",
        data=base / "data",
        config=base / "config",
        cache=base / "cache",
        state=base / "state",
        skillstation=base / "skillstation",
    )
    for folder in (dirs.home, dirs.data, dirs.config, dirs.cache, dirs.state):
        folder.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(dirs.home))
    monkeypatch.setenv("XDG_DATA_HOME", str(dirs.data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(dirs.config))
    monkeypatch.setenv("XDG_CACHE_HOME", str(dirs.cache))
    monkeypatch.setenv("XDG_STATE_HOME", str(dirs.state))
    monkeypatch.setenv("SKILLSTATION_HOME", str(dirs.skillstation))
    monkeypatch.delenv("SKILLSTATION_DB", raising=False)
    monkeypatch.delenv("SKILLSTATION_PIN", raising=False)
    for variable in ("SKILLSTATION_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(station_i18n, "_chosen", None)
    return dirs


@pytest.fixture(autouse=True)
def _no_leftover_threads() -> Iterator[None]:
    """Fail the test if a non-daemon thread it started is still running after it.

    Threads get ``THREAD_GRACE_S`` in all to finish first (a worker told to stop may need
    a moment). Threads started by session- or module-scoped fixtures are not counted:
    those are set up before this fixture takes its snapshot.
    """
    before = set(threading.enumerate())
    yield
    started = [t for t in threading.enumerate() if t not in before and not t.daemon]
    deadline = time.monotonic() + THREAD_GRACE_S
    for thread in started:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    running = [t for t in started if t.is_alive()]
    if running:
        _leftover_threads.extend(running)
        pytest.fail(
            f"the test left {len(running)} thread(s) running: "
            f"{', '.join(t.name for t in running)}; "
            "stop and join every thread a test starts (or the object that owns it)",
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def _no_dangling_qthreads(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail the test if a QThread it started is still running after it.

    A QThread left running outlives its test and crashes a later one when Qt tears it
    down (napari's ``_dangling_qthreads`` guards against the same). Every
    ``QThread.start`` during the test is recorded; after the test each recorded thread
    gets ``THREAD_GRACE_S`` in all to finish. Tests that never import Qt are not touched.
    """
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is None:
        yield
        return
    qthread = qtcore.QThread
    started: list[object] = []
    original_start = qthread.start

    def start_and_record(self: object, *args: object) -> None:
        started.append(self)
        original_start(self, *args)

    monkeypatch.setattr(qthread, "start", start_and_record)
    yield
    monkeypatch.setattr(qthread, "start", original_start)
    deadline = time.monotonic() + THREAD_GRACE_S
    running = []
    for thread in started:
        try:
            finished = thread.wait(max(0, int((deadline - time.monotonic()) * 1000)))  # type: ignore[attr-defined]
        except RuntimeError:  # the C++ object is gone: the thread was deleted, so stopped
            continue
        if not finished:
            running.append(thread)
    if running:
        _leftover_qthreads.extend(running)
        names = ", ".join(t.objectName() or type(t).__name__ for t in running)  # type: ignore[attr-defined]
        pytest.fail(
            f"the test left {len(running)} QThread(s) running: {names}; "
            "stop every QThread a test starts (ServiceWorker.shutdown() for the worker)",
            pytrace=False,
        )


#: Makes a private copy of the demo built with a configuration (see ``demo_copy``).
DemoCopy = Callable[["DemoConfig"], "DemoResult"]


@pytest.fixture(scope="session")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> DemoCopy:
    """``demo_copy(config)``: a fresh copy of the demo built with ``config``.

    Each configuration is built once per session (with the cheapest Argon2 parameters,
    without an audit key file from the environment); each call copies the whole folder
    (database, its audit key, roster, results, reports, manifest) to a new folder and
    returns the build's result with its paths pointing into the copy. Nothing in the
    folder names the folder itself, so the copy is a demo of its own. Call it from a
    module-scoped fixture for a copy per module, or a function-scoped one per test.
    """
    from argon2 import PasswordHasher
    from argon2.profiles import CHEAPEST

    from station.demo import build_demo

    hasher = PasswordHasher.from_parameters(CHEAPEST)
    built: dict[DemoConfig, DemoResult] = {}

    def copy(config: DemoConfig) -> DemoResult:
        original = built.get(config)
        if original is None:
            with pytest.MonkeyPatch.context() as patch:
                patch.delenv("SKILLSTATION_AUDIT_KEY_FILE", raising=False)
                original = build_demo(
                    tmp_path_factory.mktemp("demo-built"), config, password_hasher=hasher
                )
            built[config] = original
        folder = tmp_path_factory.mktemp("demo") / original.folder.name
        shutil.copytree(original.folder, folder)
        moved = {
            name: folder / getattr(original, name).relative_to(original.folder)
            for name in ("database", "roster", "results", "credentials")
        }
        return replace(original, folder=folder, **moved)

    return copy


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that uses the demo (``demo_copy``, directly or through a fixture) is slow:
    the build of its configuration takes tens of seconds, whichever test pays for it."""
    for item in items:
        if "demo_copy" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    global _exit_status
    _exit_status = int(exitstatus)


def _qthread_running(thread: object) -> bool:
    try:
        return bool(thread.isRunning())  # type: ignore[attr-defined]
    except RuntimeError:
        return False


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """End the run now if threads that tests left behind still run (their tests have
    failed already): Python would otherwise wait for them at exit, maybe for ever."""
    alive = [t.name for t in _leftover_threads if t.is_alive()]
    alive += [
        t.objectName() or type(t).__name__  # type: ignore[attr-defined]
        for t in _leftover_qthreads
        if _qthread_running(t)
    ]
    if not alive:
        return
    print(
        f"ending the test run without waiting for threads left running: {', '.join(alive)}",
        file=sys.stderr,
    )
    sys.stdout.flush()
    sys.stderr.flush()
    shutil.rmtree(_runtime_dir, ignore_errors=True)
    os._exit(_exit_status or 1)
