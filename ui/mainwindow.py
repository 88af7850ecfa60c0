"""The main window: language choice on the first start, sign-in, the signed-in user's
screens, sign-out and the idle lock.

Screens per role follow the permission matrix (:mod:`station.auth.permissions`):
coordinators get the coordinator's console (exams, progress, results, psychometrics,
audit, users), examiners the examiner's station (marking) and the scenario console in
two tabs (:mod:`ui.workspace`), trainees the practice station (live CPR feedback,
self-assessment, their own attempts). The services check every permission again; the
window only chooses what to show.

The idle lock: after ``idle_lock_minutes`` without keyboard, mouse or touch input, an
opaque lock panel covers the screens and they are disabled underneath, but nothing is
closed or reset: a station timer keeps running, a half-scored encounter stays as it was
(its marks are in the database already). Only the same user unlocks (with their password
or PIN). "Sign in as someone else" on the lock panel signs the locked user out first: their
screens are closed, so the next user never sees the half-scored encounter; the encounter
stays a draft in the database and resumes when its examiner signs in again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from station.auth.permissions import Actor, Role
from ui.context import AppContext
from ui.i18n import LANGUAGE_NAMES, current_language, install_language
from ui.login import LoginForm, LoginScreen
from ui.retranslate import retranslate_windows
from ui.settings import SettingsError, Theme
from ui.theme import apply_theme
from ui.widgets.big_button import BigButton
from ui.widgets.confirm import ConfirmBox
from ui.widgets.first_run_panel import FirstRunPanel
from ui.widgets.secret_dialog import SecretDialog
from ui.widgets.settings_dialog import SettingsDialog
from ui.widgets.wheel_guard import install_wheel_guard
from ui.worker import error_text

if TYPE_CHECKING:
    from station.firstrun import FirstRunAccounts

ScreenFactory = Callable[[AppContext], QWidget]

#: Input that counts as "someone is using the station" for the idle lock.
_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
    }
)

MIN_WIDTH, MIN_HEIGHT = 1024, 700
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1280, 800
#: Room kept for the window manager's title bar and borders, which are not part of the
#: window's own size: a window 800 px tall on a 1280×800 screen would lose its bottom
#: row of buttons below the screen's edge.
FRAME_ALLOWANCE = QSize(16, 48)


def default_size(available: QSize, frame: QSize = FRAME_ALLOWANCE) -> QSize:
    """The size the main window opens at: 1280×800 where it fits with its frame on the
    screen's free area (``available``, without task bars), smaller where it does not,
    never below the minimum size."""
    return QSize(
        max(MIN_WIDTH, min(DEFAULT_WIDTH, available.width() - frame.width())),
        max(MIN_HEIGHT, min(DEFAULT_HEIGHT, available.height() - frame.height())),
    )


def _coordinator(ctx: AppContext) -> QWidget:
    from ui.coordinator import CoordinatorConsole

    return CoordinatorConsole(ctx)


def _examiner(ctx: AppContext) -> QWidget:
    from ui.workspace import ExaminerWorkspace

    return ExaminerWorkspace(ctx)


def _trainee(ctx: AppContext) -> QWidget:
    from ui.practice import PracticeStation

    return PracticeStation(ctx)


#: The screen each role sees after signing in.
DEFAULT_SCREENS: Mapping[Role, ScreenFactory] = {
    Role.COORDINATOR: _coordinator,
    Role.EXAMINER: _examiner,
    Role.TRAINEE: _trainee,
}


def focus_first_control(screen: QWidget) -> None:
    """Give the keyboard to ``screen``: leave it where the screen put it (a page that
    focuses its main button when shown), else to the first control that takes Tab, so
    that Enter and the keys work at once after signing in, without a click."""
    focused = screen.window().focusWidget()
    if focused is not None and focused is not screen and screen.isAncestorOf(focused):
        return
    widget = screen.nextInFocusChain()
    for _step in range(10_000):  # the chain is a ring through the whole window
        if widget is screen or widget is None:
            break
        if (
            screen.isAncestorOf(widget)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        widget = widget.nextInFocusChain()
    screen.setFocus(Qt.FocusReason.OtherFocusReason)


def role_name(role: Role) -> str:
    from PySide6.QtCore import QCoreApplication

    names = {
        Role.COORDINATOR: QCoreApplication.translate("Role", "Coordinator"),
        Role.EXAMINER: QCoreApplication.translate("Role", "Examiner"),
        Role.TRAINEE: QCoreApplication.translate("Role", "Trainee"),
    }
    return names[role]


class LanguagePage(QFrame):
    """First start: choose the interface language (three large buttons)."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        self.heading = QLabel(self)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        self.heading.setFont(font)
        # Shown in all three languages: nobody has chosen one yet.
        self.heading.setText("Choose your language · Choisissez votre langue · Elija su idioma")
        outer.addWidget(self.heading)
        row = QHBoxLayout()
        row.addStretch(1)
        self.buttons: dict[str, BigButton] = {}
        for code, name in LANGUAGE_NAMES.items():
            button = BigButton(name, self)
            button.setObjectName(f"language-{code}")
            button.setMinimumWidth(200)
            button.clicked.connect(lambda _checked=False, c=code: self.chosen.emit(c))
            row.addWidget(button)
            self.buttons[code] = button
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)


class LockPanel(QFrame):
    """Covers the screens while the station is locked; unlocks for the same user only."""

    unlocked = Signal(object)  # Actor
    switch_user = Signal()

    def __init__(
        self, ctx: AppContext, actor: Actor, parent: QWidget | None = None, *, idle: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("LockPanel")
        self.setAutoFillBackground(True)
        self.actor = actor
        # Locked by the idle timer (True) or by the user (False): the panel says which.
        self.idle = idle
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(1)
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.form = LoginForm(ctx, self, username=actor.username)
        self.form.setMinimumWidth(420)
        self.form.signed_in.connect(self._signed_in)
        self.switch = BigButton("", self)
        self.switch.setObjectName("switchUser")
        self.switch.clicked.connect(self.switch_user)
        column.addWidget(self.heading)
        column.addWidget(self.hint)
        column.addSpacing(16)
        column.addWidget(self.form)
        column.addSpacing(16)
        column.addWidget(self.switch)
        column.addStretch(2)
        outer.addLayout(column)
        outer.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Station locked"))
        if self.idle:
            hint = self.tr(
                "Locked after a period without use. Everything underneath is kept as it "
                "was; {user} unlocks with their password or PIN."
            )
        else:
            hint = self.tr(
                "Locked by {user}. Everything underneath is kept as it was; {user} "
                "unlocks with their password or PIN."
            )
        self.hint.setText(hint.replace("{user}", self.actor.username))
        self.switch.setText(
            self.tr("Sign out {user} and sign in as someone else").replace(
                "{user}", self.actor.username
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _signed_in(self, actor: Actor) -> None:
        if actor.user_id == self.actor.user_id:
            self.unlocked.emit(actor)


class SessionPage(QWidget):
    """A signed-in user's page: a header (who, settings, lock, sign out) and the
    role's screen."""

    def __init__(self, ctx: AppContext, actor: Actor, screen: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self.actor = actor
        self.content = screen
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QFrame(self)
        header.setObjectName("SessionHeader")
        row = QHBoxLayout(header)
        row.setContentsMargins(12, 4, 12, 4)
        self.who = QLabel(header)
        self.who.setObjectName("signedInAs")
        font = self.who.font()
        font.setBold(True)
        self.who.setFont(font)
        self.secret_button = BigButton("", header)
        self.secret_button.setObjectName("changeSecret")
        self.settings_button = BigButton("", header)
        self.settings_button.setObjectName("openSettings")
        self.lock_button = BigButton("", header)
        self.lock_button.setObjectName("lockNow")
        self.sign_out_button = BigButton("", header)
        self.sign_out_button.setObjectName("signOut")
        for button in (
            self.secret_button,
            self.settings_button,
            self.lock_button,
            self.sign_out_button,
        ):
            # Reached with Tab, but a click leaves the keyboard focus in the screen: the
            # examiner's F5, F6 and D act on the encounter that holds it.
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        row.addWidget(self.who, 1)
        row.addWidget(self.secret_button)
        row.addWidget(self.settings_button)
        row.addWidget(self.lock_button)
        row.addWidget(self.sign_out_button)
        layout.addWidget(header)
        screen.setParent(self)
        layout.addWidget(screen, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.who.setText(
            self.tr("Signed in: {user} ({role})")
            .replace("{user}", self.actor.username)
            .replace("{role}", role_name(self.actor.role))
        )
        if self.actor.role is Role.COORDINATOR:
            self.secret_button.setText(self.tr("Password…"))
        else:
            self.secret_button.setText(self.tr("PIN…"))
        self.secret_button.setToolTip(self.tr("Change your PIN or password"))
        self.settings_button.setText(self.tr("Settings"))
        self.settings_button.setToolTip(self.tr("Settings (Ctrl+,)"))
        self.lock_button.setText(self.tr("Lock"))
        self.lock_button.setToolTip(self.tr("Lock the station (Ctrl+L)"))
        self.sign_out_button.setText(self.tr("Sign out"))
        self.sign_out_button.setToolTip(self.tr("Sign out (Ctrl+Shift+Q)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class MainWindow(QMainWindow):
    """The station's window; see the module documentation.

    ``screens`` maps each role to the factory of its screen (default
    :data:`DEFAULT_SCREENS`). ``first_run`` shows the first-run panel on the login page.

    A role's screen that owns threads or timers provides ``shutdown()``; the window calls
    it when the user signs out and when the window closes.
    """

    signed_in = Signal(object)  # Actor
    signed_out = Signal()
    locked_changed = Signal(bool)

    def __init__(
        self,
        ctx: AppContext,
        *,
        screens: Mapping[Role, ScreenFactory] | None = None,
        first_run: FirstRunAccounts | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.screens = dict(screens if screens is not None else DEFAULT_SCREENS)
        self.session: SessionPage | None = None
        self.lock_panel: LockPanel | None = None
        self._focus_before_lock: QWidget | None = None
        self.settings_dialog: SettingsDialog | None = None
        self._focus_before_settings: QWidget | None = None
        self.setObjectName("MainWindow")
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        screen = QGuiApplication.primaryScreen()
        self.resize(
            default_size(screen.availableGeometry().size())
            if screen is not None
            else QSize(DEFAULT_WIDTH, DEFAULT_HEIGHT)
        )

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.body = QWidget(central)
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(self.body)
        body_layout.addWidget(self.stack)
        layout.addWidget(self.body, 1)
        # The message line sits at the foot, always the same height: a message coming or
        # going never moves a button (see ui.widgets.message_bar).
        ctx.message_bar.setParent(central)
        layout.addWidget(ctx.message_bar)
        self.setCentralWidget(central)
        ctx.worker.set_default_error_handler(lambda exc: ctx.message_bar.error(error_text(exc)))

        self.language_page = LanguagePage(self.stack)
        self.language_page.chosen.connect(self._language_chosen)
        self.login = LoginScreen(ctx, self.stack)
        self.login.signed_in.connect(self.sign_in)
        self.first_run_panel: FirstRunPanel | None = None
        if first_run is not None:
            self.show_first_run(first_run)
        self.stack.addWidget(self.language_page)
        self.stack.addWidget(self.login)
        if ctx.settings.language:
            self.show_login()
        else:
            self.stack.setCurrentWidget(self.language_page)

        self._last_activity = ctx.clock.monotonic()
        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(1000)
        self._idle_timer.timeout.connect(self.check_idle)
        self._idle_timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            install_wheel_guard(app)

        for keys, slot in (
            ("Ctrl+L", self.lock),
            ("Ctrl+,", self.open_settings),
            ("Ctrl+Shift+Q", self.confirm_sign_out),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        ctx.signals.settings_changed.connect(self._settings_changed)
        # "Follow the system": re-apply when the desktop switches between light and dark.
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)
        self.retranslate()

    # ------------------------------------------------------------------ language

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("SkillStation"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _language_chosen(self, code: str) -> None:
        from dataclasses import replace

        install_language(code)
        try:
            self.ctx.update_settings(replace(self.ctx.settings, language=code))
        except (OSError, SettingsError) as exc:
            # The language applies to this run anyway; say why it is not kept.
            self.ctx.message_bar.warning(
                self.tr("The language could not be saved: {0}").replace("{0}", str(exc))
            )
        self.show_login()

    def show_first_run(self, accounts: FirstRunAccounts) -> None:
        """Show the accounts made on the first start, once, on the login page."""
        panel = FirstRunPanel(accounts, self.login)
        panel.setMinimumWidth(640)  # the secrets on one line each
        panel.setMaximumWidth(760)
        panel.dismissed.connect(self.login.reset)
        self.login.add_panel(panel)
        self.first_run_panel = panel

    def _forget_first_run(self) -> None:
        """The first-run secrets go at the first sign-in: after it, the login screen is
        in front of every examiner passing the station."""
        panel, self.first_run_panel = self.first_run_panel, None
        if panel is not None:
            panel.hide()
            panel.deleteLater()

    # ------------------------------------------------------------------ sign in / out

    @property
    def actor(self) -> Actor | None:
        return self.ctx.actor

    @property
    def locked(self) -> bool:
        return self.lock_panel is not None

    def show_login(self) -> None:
        self.stack.setCurrentWidget(self.login)
        self.login.reset()

    def sign_in(self, actor: Actor) -> None:
        """Show ``actor``'s screens (the login page stays for the next sign-in)."""
        if self.session is not None:
            self._close_session()
        self._forget_first_run()
        self.ctx.actor = actor
        screen = self.screens[actor.role](self.ctx)
        self.session = SessionPage(self.ctx, actor, screen, self.stack)
        self.session.settings_button.clicked.connect(self.open_settings)
        self.session.secret_button.clicked.connect(self.change_secret)
        self.session.lock_button.clicked.connect(self.lock_now)
        self.session.sign_out_button.clicked.connect(self.confirm_sign_out)
        self.stack.addWidget(self.session)
        self.stack.setCurrentWidget(self.session)
        self.touch()
        focus_first_control(screen)
        self.signed_in.emit(actor)

    def change_secret(self) -> None:
        """Change the signed-in user's own PIN or password (the current one is asked)."""
        if self.session is None or self.locked:
            return
        SecretDialog(self.ctx, self).open()

    def confirm_sign_out(self) -> None:
        """Ask before signing out from the header or Ctrl+Shift+Q: a stray click or key
        must not end a session. Enter and Escape keep the session; only the Sign out
        button of the question signs out."""
        if self.session is None or self.locked:
            return
        box = ConfirmBox(
            self,
            name="confirmSignOut",
            title=self.tr("Sign out"),
            text=self.tr(
                "Sign out {user}? Every mark made is saved; an encounter in progress stays "
                "a draft and resumes when you sign in again."
            ).replace("{user}", self.session.actor.username),
            confirm=self.tr("Sign out"),
        )
        box.confirmed.connect(self.sign_out)
        box.open()

    def sign_out(self) -> None:
        if self.session is None:
            return
        self._close_session()
        self.ctx.actor = None
        self.show_login()
        self.signed_out.emit()

    def _close_session(self) -> None:
        self._remove_lock()
        if self.settings_dialog is not None:
            self.settings_dialog.close()
        session = self.session
        self.session = None
        if session is not None:
            # A screen that owns threads or timers (the examiner's device reader) stops
            # them in shutdown(); its saved state stays in the database.
            shutdown = getattr(session.content, "shutdown", None)
            if callable(shutdown):
                shutdown()
            self.stack.removeWidget(session)
            session.hide()
            session.close()
            session.deleteLater()

    # ------------------------------------------------------------------ idle lock

    def touch(self) -> None:
        """Count now as activity (the idle lock restarts its count)."""
        self._last_activity = self.ctx.clock.monotonic()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._last_activity = self.ctx.clock.monotonic()
        return False

    def idle_seconds(self) -> float:
        return self.ctx.clock.monotonic() - self._last_activity

    def check_idle(self) -> None:
        """Lock when a user is signed in and the station has been idle long enough."""
        minutes = self.ctx.settings.idle_lock_minutes
        if self.session is None or self.locked or minutes <= 0:
            return
        if self.idle_seconds() >= minutes * 60:
            self.lock(idle=True)

    def lock_now(self) -> None:
        """Lock at the user's own request (the header's Lock button, Ctrl+L)."""
        self.lock()

    def lock(self, *, idle: bool = False) -> None:
        """Cover the screens with the lock panel; they keep their state underneath (and
        the control that had the keyboard gets it back on unlocking)."""
        if self.session is None or self.locked:
            return
        if self.settings_dialog is not None:
            self.settings_dialog.close()
        focused = self.focusWidget()
        self._focus_before_lock = (
            focused if focused is not None and self.session.isAncestorOf(focused) else None
        )
        self.session.setEnabled(False)
        panel = LockPanel(self.ctx, self.session.actor, self.body, idle=idle)
        panel.unlocked.connect(self._unlock)
        panel.switch_user.connect(self.sign_out)
        panel.setGeometry(self.body.rect())
        panel.show()
        panel.raise_()
        self.lock_panel = panel
        panel.form.focus_first()
        self.locked_changed.emit(True)

    def _unlock(self, actor: Actor) -> None:
        if self.session is None or actor.user_id != self.session.actor.user_id:
            return
        self.ctx.actor = actor
        self._remove_lock()
        self.session.setEnabled(True)
        self.touch()
        before, self._focus_before_lock = self._focus_before_lock, None
        if before is not None and shiboken6.isValid(before) and before.isVisible():
            before.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            focus_first_control(self.session.content)
        self.locked_changed.emit(False)

    def _remove_lock(self) -> None:
        panel = self.lock_panel
        self.lock_panel = None
        if panel is not None:
            panel.hide()
            panel.deleteLater()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.lock_panel is not None:
            self.lock_panel.setGeometry(self.body.rect())

    # ------------------------------------------------------------------ settings

    def open_settings(self) -> None:
        if self.locked:
            return
        dialog = self.settings_dialog
        if dialog is None or not dialog.isVisible():
            # Where the keyboard was, to give it back when the settings close.
            focus = QApplication.focusWidget()
            self._focus_before_settings = (
                focus if focus is not None and focus.window() is self else None
            )
        if dialog is None:
            dialog = self.settings_dialog = SettingsDialog(self.ctx, self)
            dialog.finished.connect(self._settings_closed)
        elif dialog.isVisible():
            dialog.raise_()  # already open: bring it to the front
        else:
            dialog.load(self.ctx.settings)
        dialog.show()
        dialog.activateWindow()

    def _settings_closed(self) -> None:
        """Give the keyboard back to where it was before the settings opened (or to the
        screen), so the screen's keys work at once without a click."""
        self.activateWindow()
        focus = self._focus_before_settings
        self._focus_before_settings = None
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.session is not None:
            self.session.content.setFocus(Qt.FocusReason.OtherFocusReason)

    def _settings_changed(self) -> None:
        settings = self.ctx.settings
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, settings.theme)
        if settings.language and current_language() != settings.language:
            previous = current_language()
            install_language(settings.language)
            # The whole window at once: the texts screens set when they were built too,
            # not only those of widgets that re-translate themselves.
            retranslate_windows(previous)
            self.ctx.signals.language_changed.emit(settings.language)

    def _system_scheme_changed(self, _scheme: object = None) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication) and self.ctx.settings.theme is Theme.SYSTEM:
            apply_theme(app, Theme.SYSTEM)

    # ------------------------------------------------------------------ closing

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session is not None:
            self._close_session()
            self.ctx.actor = None
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._idle_timer.stop()
        super().closeEvent(event)
