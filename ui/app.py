"""``skillstation-gui``: the desktop station.

It starts on the embedded defaults: the settings file in the user's config directory, an
SQLite database in the data directory (``SKILLSTATION_HOME`` overrides it), the bundled
station library and the simulated manikin (``sim://cpr?profile=good``). A new database
gets a coordinator account, an examiner account and an open practice exam (see
:mod:`station.firstrun`); their secrets are shown once on the login screen. The first start
asks for the language.

Without a display it says so in one line and exits with status 1.
"""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from station._version import __version__

if TYPE_CHECKING:
    from assessments.timing import BellKind
    from station.firstrun import FirstRunAccounts
    from station.services import StationServices
    from ui.bell import BellSink

NO_DISPLAY_MESSAGE = (
    "skillstation-gui: no display found (DISPLAY and WAYLAND_DISPLAY are not set); "
    "start it on a desktop, or run it under a virtual display with "
    "`xvfb-run {gui}`, or try the station headless with `{cli} demo`"
)


def _as_typed(program: Path) -> str:
    """How to call ``program`` from the user's shell: its plain name when that name on
    PATH is this very program, else its full path (``./scripts/run`` keeps the station
    in the checkout's .venv/bin, which is not on PATH)."""
    import shlex
    import shutil

    found = shutil.which(program.name)
    if found is not None and Path(found).resolve() == program.resolve():
        return program.name
    return shlex.quote(str(program.resolve())) if program.exists() else program.name


def no_display_message(argv0: str | None = None) -> str:
    """The one line printed without a display, with commands that work as printed."""
    gui = Path(argv0 if argv0 is not None else sys.argv[0])
    if gui.name != "skillstation-gui":  # python -m ui.app
        gui = Path(sys.executable).with_name("skillstation-gui")
    return NO_DISPLAY_MESSAGE.format(
        gui=_as_typed(gui), cli=_as_typed(gui.with_name("skillstation"))
    )


LOG_NAME = "skillstation-gui.log"


def has_display(env: dict[str, str] | os._Environ[str] | None = None) -> bool:
    """Whether Qt can show a window: on Linux and other X11/Wayland systems a display
    variable or an explicit ``QT_QPA_PLATFORM`` (offscreen, vnc, ...) is needed; macOS
    and Windows always have one."""
    env = os.environ if env is None else env
    if sys.platform in ("darwin", "win32"):
        return True
    return any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="skillstation-gui",
        description="The SkillStation desktop station (examiner, coordinator, trainee).",
    )
    parser.add_argument(
        "--database",
        metavar="PATH",
        help="open this database instead of the one in the settings (default: "
        "skillstation.db in the data directory)",
    )
    parser.add_argument(
        "--language",
        choices=("en", "fr", "es"),
        help="use this interface language for this run (the settings keep theirs)",
    )
    parser.add_argument("--version", action="version", version=f"skillstation-gui {__version__}")
    # For the start-up benchmark: quit as soon as the login screen is shown and the event
    # loop is idle, printing "ready".
    parser.add_argument("--quit-when-ready", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def setup_logging(folder: Path) -> Path | None:
    """Log warnings and errors (with tracebacks) to ``folder/skillstation-gui.log``."""
    from station.files import private_file, private_folder

    try:
        # Tracebacks can hold names and marks: as private as the database (0600, 0700).
        private_file(private_folder(folder) / LOG_NAME)
        handler = logging.handlers.RotatingFileHandler(
            folder / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logging.getLogger().addHandler(handler)
    return folder / LOG_NAME


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not has_display():
        print(no_display_message(), file=sys.stderr)
        return 1

    # Qt is imported only now: the no-display path above stays fast and quiet.
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QMessageBox

    from common.clock import SystemClock
    from ui.context import AppContext, AppSignals
    from ui.i18n import install_language, system_language
    from ui.mainwindow import MainWindow
    from ui.settings import SettingsStore
    from ui.theme import apply_theme
    from ui.widgets.message_bar import MessageBar
    from ui.worker import ServiceWorker

    # High-DPI: follow the screen's exact scale (1.25, 1.5...) rather than rounding it.
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    QApplication.setApplicationName("SkillStation")
    QApplication.setOrganizationName("SkillStation")
    QApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)

    store = SettingsStore()
    settings = store.load()
    if args.database:
        settings = replace(settings, database_url=args.database)
    install_language(args.language or settings.language or system_language())
    refused = binding_refused_text()
    if refused is not None:
        # Refuse before any screen runs: a live screen would crash mid-encounter.
        print(f"skillstation-gui: {refused}", file=sys.stderr)
        if not args.quit_when_ready:
            QMessageBox.critical(None, "SkillStation", refused)
        return 1
    apply_theme(app, settings.theme)
    clock = SystemClock()
    log_file: list[Path] = []

    def open_services() -> StationServices:
        """On the worker thread: load the services, open (or create) the database and
        set up a new station, while the window is already up."""
        from station.database import open_database
        from station.services import StationServices

        folder = settings.resolved_data_dir
        found = setup_logging(folder / "logs")
        if found is not None:
            log_file.append(found)
        return StationServices(open_database(settings.resolved_database), clock=clock)

    worker = ServiceWorker(open_services, start=False)
    bar = MessageBar()
    ctx = AppContext(
        worker=worker,
        settings=settings,
        clock=clock,
        bell=LazyBell(settings.bell_sound),
        actor=None,
        message_bar=bar,
        signals=AppSignals(),
        store=store,
    )
    window = MainWindow(ctx)
    if store.problem:
        bar.warning(store.problem)

    def open_failed(exc: Exception) -> None:
        text = cannot_open_text(settings.resolved_database, exc)
        print(f"skillstation-gui: {text}", file=sys.stderr)
        if not args.quit_when_ready:
            QMessageBox.critical(window, "SkillStation", text)
        app.exit(1)

    worker.open_failed.connect(open_failed)
    now = datetime.now(UTC)

    def first_run(services: StationServices) -> FirstRunAccounts | None:
        from station.firstrun import first_run_setup

        return first_run_setup(services, starts_at=now)

    def first_run_done(accounts: FirstRunAccounts | None) -> None:
        if accounts is not None:
            window.show_first_run(accounts)

    def first_run_failed(exc: Exception) -> None:
        if exc is not worker.open_error:  # an opening failure is reported on its own
            worker.report(exc)

    worker.submit(first_run, on_done=first_run_done, on_error=first_run_failed)
    window.show()
    # The services load and the database opens on the worker thread once the window is
    # up; the login screen takes typing meanwhile, and a sign-in waits behind the opening.
    QTimer.singleShot(0, worker.start)
    if args.quit_when_ready:

        def ready() -> None:
            print("ready", flush=True)
            app.quit()

        QTimer.singleShot(0, ready)
    try:
        status = int(app.exec())
    finally:
        window.close()
        worker.shutdown()
        if worker.is_open:
            worker.services.db.close()
        if log_file:
            logging.shutdown()
    if worker.open_error is not None:
        if status == 0:  # quit before the failure was shown: say it now
            text = cannot_open_text(settings.resolved_database, worker.open_error)
            print(f"skillstation-gui: {text}", file=sys.stderr)
        return 1
    return status


def binding_refused_text() -> str | None:
    """Why this Qt binding must not run the station (one line, translated), or None when
    it is not known to be faulty (see :mod:`ui.binding`)."""
    from PySide6.QtCore import QCoreApplication

    from ui.binding import binding_problem, supported_binding

    problem = binding_problem()
    if problem is None:
        return None
    release, python = problem
    return (
        QCoreApplication.translate(
            "Startup",
            "PySide6 {0} loses references on Python {1} and would crash the station in the "
            "middle of an encounter; install the supported release ({2}) with "
            "scripts/setup.sh or pip, then start again",
        )
        .replace("{0}", release)
        .replace("{1}", python)
        .replace("{2}", supported_binding())
    )


def cannot_open_text(location: str, exc: Exception) -> str:
    from PySide6.QtCore import QCoreApplication

    from ui.worker import is_user_error

    why = str(exc) if is_user_error(exc) or isinstance(exc, OSError) else type(exc).__name__
    return (
        QCoreApplication.translate("Startup", "Cannot open the database {0}: {1}")
        .replace("{0}", location)
        .replace("{1}", why)
    )


class LazyBell:
    """The station bell, made on its first ring: finding the sound back-end and loading
    the bell's module is left out of the start-up, since nobody rings before signing in."""

    def __init__(self, sound: bool) -> None:
        self.sound = sound
        self._bell: BellSink | None = None

    @property
    def bell(self) -> BellSink:
        if self._bell is None:
            self._bell = make_bell(self.sound)
        return self._bell

    def ring(self, kind: BellKind) -> None:
        self.bell.ring(kind)


def make_bell(sound: bool) -> BellSink:
    """The station's bell sink: the synthesised chime when the sound is on and this
    computer can play it, else the visual bell's signal alone (the examiner's station
    flashes its clock itself when the visual bell is on)."""
    from ui.bell import VisualBell, make_sound_bell

    if sound:
        sound_bell = make_sound_bell()
        if sound_bell is not None:
            return sound_bell
    return VisualBell()


if __name__ == "__main__":
    sys.exit(main())
