"""The settings window: non-modal, so a running station timer is never blocked.

Language, theme, idle lock and bell take effect at once. The station's own settings (data
directory, database, manikin and camera) may be changed by a coordinator only, and take
effect at the next start (a database is never switched under an open screen).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from station.auth.permissions import Role
from ui.context import AppContext
from ui.i18n import LANGUAGE_NAMES
from ui.settings import Settings, SettingsError, Theme
from ui.widgets.big_button import TOUCH_SIZE


class SettingsDialog(QDialog):
    """Edits :class:`Settings`; ``applied(settings)`` is emitted after they are saved."""

    applied = Signal(object)  # Settings

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setModal(False)
        self.setObjectName("SettingsDialog")
        layout = QVBoxLayout(self)

        self.general = QGroupBox(self)
        general = QFormLayout(self.general)
        self.language = QComboBox(self)
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.theme = QComboBox(self)
        self.idle = QSpinBox(self)
        self.idle.setRange(0, 240)
        self.bell_sound = QCheckBox(self)
        self.visual_bell = QCheckBox(self)
        self.language_label = QLabel(self)
        self.theme_label = QLabel(self)
        self.idle_label = QLabel(self)
        for label, field in (
            (self.language_label, self.language),
            (self.theme_label, self.theme),
            (self.idle_label, self.idle),
        ):
            field.setMinimumHeight(TOUCH_SIZE)
            label.setBuddy(field)
            general.addRow(label, field)
        general.addRow(self.bell_sound)
        general.addRow(self.visual_bell)
        layout.addWidget(self.general)

        self.station = QGroupBox(self)
        station = QFormLayout(self.station)
        self.data_dir = QLineEdit(self)
        self.database = QLineEdit(self)
        self.device = QLineEdit(self)
        self.camera = QLineEdit(self)
        self.data_dir_label = QLabel(self)
        self.database_label = QLabel(self)
        self.device_label = QLabel(self)
        self.camera_label = QLabel(self)
        for label, line in (
            (self.data_dir_label, self.data_dir),
            (self.database_label, self.database),
            (self.device_label, self.device),
            (self.camera_label, self.camera),
        ):
            line.setMinimumHeight(TOUCH_SIZE)
            label.setBuddy(line)
            station.addRow(label, line)
        self.station_note = QLabel(self)
        self.station_note.setWordWrap(True)
        station.addRow(self.station_note)
        layout.addWidget(self.station)

        self.problem = QLabel(self)
        self.problem.setObjectName("settingsProblem")
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Close, self
        )
        for button in self.buttons.buttons():
            button.setMinimumHeight(TOUCH_SIZE)
        apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.close)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.load(ctx.settings)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self.general.setTitle(self.tr("This computer"))
        self.station.setTitle(self.tr("Station (coordinators; used from the next start)"))
        self.language_label.setText(self.tr("&Language"))
        self.theme_label.setText(self.tr("&Theme"))
        self.idle_label.setText(self.tr("Lock after &idle (minutes, 0 = never)"))
        self.bell_sound.setText(self.tr("Bell &sound"))
        self.visual_bell.setText(self.tr("&Visual bell (the screen flashes)"))
        self.data_dir_label.setText(self.tr("&Data directory"))
        self.database_label.setText(self.tr("Data&base"))
        self.device_label.setText(self.tr("&Manikin URL"))
        self.camera_label.setText(self.tr("&Camera"))
        self.data_dir.setPlaceholderText(self.tr("default data directory"))
        self.database.setPlaceholderText(self.tr("skillstation.db in the data directory"))
        self.camera.setPlaceholderText(self.tr("none"))
        self.station_note.setText(
            self.tr(
                "Empty fields use the defaults. A manikin URL is a serial port "
                "(/dev/ttyUSB0) or sim://cpr?profile=good for the simulated manikin."
            )
        )
        current = self.theme.currentData()
        self.theme.clear()
        self.theme.addItem(self.tr("Follow the system"), Theme.SYSTEM.value)
        self.theme.addItem(self.tr("Light"), Theme.LIGHT.value)
        self.theme.addItem(self.tr("Dark"), Theme.DARK.value)
        if current is not None:
            self.theme.setCurrentIndex(self.theme.findData(current))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def load(self, settings: Settings) -> None:
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language or "en")))
        self.theme.setCurrentIndex(self.theme.findData(settings.theme.value))
        self.idle.setValue(settings.idle_lock_minutes)
        self.bell_sound.setChecked(settings.bell_sound)
        self.visual_bell.setChecked(settings.visual_bell)
        self.data_dir.setText(settings.data_dir)
        self.database.setText(settings.database_url)
        self.device.setText(settings.device_url)
        self.camera.setText(settings.camera)
        actor = self.ctx.actor
        self.station.setEnabled(actor is not None and actor.role is Role.COORDINATOR)
        self.problem.clear()

    def edited(self) -> Settings:
        return replace(
            self.ctx.settings,
            language=str(self.language.currentData()),
            theme=Theme(str(self.theme.currentData())),
            idle_lock_minutes=self.idle.value(),
            bell_sound=self.bell_sound.isChecked(),
            visual_bell=self.visual_bell.isChecked(),
            data_dir=self.data_dir.text().strip(),
            database_url=self.database.text().strip(),
            device_url=self.device.text().strip(),
            camera=self.camera.text().strip(),
        )

    def apply(self) -> None:
        new = self.edited()
        if not new.device_url:
            self.problem.setText("✖ " + self.tr("Give a manikin URL (sim://cpr?profile=good)."))
            self.device.setFocus()
            return
        if not new.bell_sound and not new.visual_bell:
            self.problem.setText(
                "✖ " + self.tr("Keep the bell sound or the visual bell on: examiners need one.")
            )
            self.bell_sound.setFocus()
            return
        try:
            self.ctx.update_settings(new)
        except (OSError, SettingsError) as exc:
            self.problem.setText(
                "✖ " + self.tr("Cannot save the settings: {0}").replace("{0}", str(exc))
            )
            return
        self.problem.setText("✔ " + self.tr("Saved."))
        self.applied.emit(new)
