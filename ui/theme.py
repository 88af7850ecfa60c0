"""Light and dark palettes, and the status colours every screen shares.

Status colours come from the Okabe–Ito palette (Okabe and Ito, "Color Universal Design",
2008), chosen so the common forms of colour blindness still tell them apart; even so a
status is never shown by colour alone: :func:`status_style` gives a symbol and a word to
show with it.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ui.settings import Theme

# The Okabe–Ito colours.
ORANGE = QColor("#E69F00")
SKY_BLUE = QColor("#56B4E9")
BLUISH_GREEN = QColor("#009E73")
YELLOW = QColor("#F0E442")
BLUE = QColor("#0072B2")
VERMILLION = QColor("#D55E00")
REDDISH_PURPLE = QColor("#CC79A7")
GREY = QColor("#7F7F7F")


class Status(StrEnum):
    """Everything a screen may show as a status (encounters, exams, devices, checks)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    NO_SHOW = "no_show"
    OPEN = "open"
    CLOSED = "closed"
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"
    INFO = "info"
    CRITICAL = "critical"
    EXCLUDED = "excluded"


def status_style(status: Status | str) -> tuple[QColor, str, str]:
    """``(colour, symbol, label)`` for a status; the label is translated.

    Unknown statuses get grey, a question mark and their own name, so a new status shows
    rather than crashes.
    """
    try:
        key = Status(str(status))
    except ValueError:
        return GREY, "?", str(status)
    table: dict[Status, tuple[QColor, str, str]] = {
        Status.NOT_STARTED: (GREY, "○", QCoreApplication.translate("Status", "Not started")),
        Status.IN_PROGRESS: (SKY_BLUE, "◐", QCoreApplication.translate("Status", "In progress")),
        Status.DRAFT: (SKY_BLUE, "◐", QCoreApplication.translate("Status", "Draft")),
        Status.SUBMITTED: (BLUISH_GREEN, "✔", QCoreApplication.translate("Status", "Submitted")),
        Status.NO_SHOW: (REDDISH_PURPLE, "∅", QCoreApplication.translate("Status", "No-show")),
        Status.OPEN: (BLUISH_GREEN, "▶", QCoreApplication.translate("Status", "Open")),
        Status.CLOSED: (GREY, "■", QCoreApplication.translate("Status", "Closed")),
        Status.OK: (BLUISH_GREEN, "✔", QCoreApplication.translate("Status", "OK")),
        Status.WARNING: (ORANGE, "▲", QCoreApplication.translate("Status", "Warning")),
        Status.ERROR: (VERMILLION, "✖", QCoreApplication.translate("Status", "Error")),
        Status.INFO: (BLUE, "ℹ", QCoreApplication.translate("Status", "Information")),
        Status.CRITICAL: (VERMILLION, "!", QCoreApplication.translate("Status", "Critical")),
        Status.EXCLUDED: (GREY, "⊘", QCoreApplication.translate("Status", "Excluded")),
    }
    return table[key]


def message_style(level: str) -> tuple[QColor, str, str]:
    """The style of a message-bar level ("info", "warning", "error")."""
    return status_style(level)


def _dark_palette() -> QPalette:
    p = QPalette()
    window = QColor("#202124")
    base = QColor("#17181a")
    text = QColor("#e8eaed")
    p.setColor(QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, base)
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#26282b"))
    p.setColor(QPalette.ColorRole.ToolTipBase, window)
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, QColor("#303134"))
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.BrightText, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.Highlight, SKY_BLUE)
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#000000"))
    p.setColor(QPalette.ColorRole.Link, SKY_BLUE)
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#9aa0a6"))
    disabled = QColor("#7f7f7f")
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def _light_palette() -> QPalette:
    p = QPalette()
    text = QColor("#1f1f1f")
    p.setColor(QPalette.ColorRole.Window, QColor("#f4f4f4"))
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#eef1f4"))
    p.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, QColor("#e6e6e6"))
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.BrightText, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.Highlight, BLUE)
    p.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    p.setColor(QPalette.ColorRole.Link, BLUE)
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#6b6b6b"))
    disabled = QColor("#9a9a9a")
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


#: Focus must always be visible for keyboard-only use.
_FOCUS_CSS = (
    "QPushButton:focus, QToolButton:focus, QLineEdit:focus, QComboBox:focus, "
    "QSpinBox:focus, QCheckBox:focus, QRadioButton:focus, QListView:focus, "
    "QTableView:focus, QTreeView:focus {{ outline: none; border: 2px solid {focus}; }}"
)


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def effective_theme(theme: Theme) -> Theme:
    if theme is Theme.SYSTEM:
        return Theme.DARK if system_is_dark() else Theme.LIGHT
    return theme


def apply_theme(app: QApplication, theme: Theme) -> Theme:
    """Set the application's palette and focus style; returns the theme applied
    (``SYSTEM`` resolves to light or dark from the desktop's colour scheme)."""
    chosen = effective_theme(theme)
    app.setStyle("Fusion")
    palette = _dark_palette() if chosen is Theme.DARK else _light_palette()
    app.setPalette(palette)
    focus = SKY_BLUE if chosen is Theme.DARK else BLUE
    app.setStyleSheet(_FOCUS_CSS.format(focus=focus.name()))
    app.setProperty("skillstation_theme", str(chosen))
    return chosen
