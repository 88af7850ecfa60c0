"""Small pieces the coordinator's console sections share: problem lists, file fields,
table items that sort by value, and time formatting."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from ui.worker import error_text

#: Controls people touch are at least this tall (touch-size, in device-independent px).
TOUCH_PX = 44
#: Where a value to sort by is kept on table items.
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 1


def problems_of(exc: BaseException) -> list[str]:
    """One line per problem: each of an ``InvalidInput``'s, or the error's own line."""
    from station.services import InvalidInput

    if isinstance(exc, InvalidInput):
        return list(exc.problems)
    return [error_text(exc)]


def when(moment: datetime | None) -> str:
    """A time stamp as the console shows it (UTC, to the minute)."""
    if moment is None:
        return ""
    return f"{moment:%Y-%m-%d %H:%M}"


def cell(text: str, sort: object | None = None) -> QStandardItem:
    """A read-only table item showing ``text``, sorted by ``sort`` (default: the text)."""
    item = QStandardItem(text)
    item.setEditable(False)
    item.setData(text if sort is None else sort, SORT_ROLE)
    return item


def fill(template: str, *values: object) -> str:
    """A translated template with its ``{0}``, ``{1}``, ... filled in (translators may
    move the placeholders; braces elsewhere in the text are left alone)."""
    for index, value in enumerate(values):
        template = template.replace(f"{{{index}}}", str(value))
    return template


def percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def figure(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


class ProblemList(QListWidget):
    """Problems found in a file, one a line (``file:line: what — what to do``),
    selectable and copyable; hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(QCoreApplication.translate("Coordinator", "Problems found"))
        self.setWordWrap(True)
        self.setMaximumHeight(140)
        self.hide()

    def show_problems(self, problems: list[str]) -> None:
        self.clear()
        for line in problems:
            self.addItem(QListWidgetItem(f"✖ {line}"))
        self.setVisible(bool(problems))

    def problems(self) -> list[str]:
        return [self.item(i).text().removeprefix("✖ ") for i in range(self.count())]


class FileField(QWidget):
    """A path typed in, or chosen with a non-modal file dialog."""

    chosen = Signal(str)

    def __init__(
        self,
        caption: str,
        name_filter: str,
        *,
        save: bool = False,
        folder: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._caption = caption
        self._filter = name_filter
        self._save = save
        self._folder = folder
        self.edit = QLineEdit(self)
        self.edit.setAccessibleName(caption)
        self.edit.setMinimumHeight(TOUCH_PX)
        self.browse = QPushButton(QCoreApplication.translate("Coordinator", "Browse…"), self)
        self.browse.setMinimumHeight(TOUCH_PX)
        self.browse.clicked.connect(self._open_dialog)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.browse)
        self.setFocusProxy(self.edit)  # a label's mnemonic lands in the text field
        self._dialog: QFileDialog | None = None

    def path(self) -> str:
        return self.edit.text().strip()

    def set_path(self, path: str) -> None:
        self.edit.setText(path)

    def _open_dialog(self) -> None:
        # Non-modal: the console stays usable behind it (the progress board keeps
        # polling, an export can still be cancelled), and show() returns at once.
        dialog = QFileDialog(self, self._caption)
        dialog.setNameFilter(self._filter)
        if self._folder:
            dialog.setFileMode(QFileDialog.FileMode.Directory)
        elif self._save:
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self._picked)
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        self._dialog = dialog
        dialog.show()

    def _picked(self, path: str) -> None:
        self.edit.setText(path)
        self.chosen.emit(path)


def outcome_word(outcome: str) -> str:
    """An outcome of the results model in words, with its symbol (the same words on
    every screen)."""
    texts = {
        "pass": QCoreApplication.translate("ResultsPanel", "✔ Pass"),
        "fail": QCoreApplication.translate("ResultsPanel", "✖ Fail"),
        "critical_fail": QCoreApplication.translate("ResultsPanel", "✖! Critical fail"),
        "pending": QCoreApplication.translate("ResultsPanel", "… Pending standard"),
        "excluded": QCoreApplication.translate("ResultsPanel", "⊘ Excluded"),
        "absent": QCoreApplication.translate("ResultsPanel", "∅ Absent"),
        "incomplete": QCoreApplication.translate("ResultsPanel", "… Incomplete"),
    }
    return texts.get(outcome, outcome)
