"""The checklist: one large, keyboard-friendly row per item, the global rating, the
candidate's feedback and the private notes.

The widgets here only show state and say what the examiner did (signals); the
encounter panel sends every change to the services at once and tells the row when the
write was acknowledged ("saved").

Keys on a focused item row: ``D`` or ``Y`` done, ``P`` partially, ``N`` or ``X`` not
done, ``1``-``9`` a rating, ``Delete`` clears, ``O`` overrides a device-scored item,
``Up``/``Down`` (or ``K``/``J``) move between items. ``Tab`` moves on to the global
rating, the feedback and the notes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessments.definitions.model import (
    AnyItem,
    DeviceItem,
    RatingItem,
    StationDefinition,
    ThreePointItem,
    TimedItem,
)
from assessments.scoring import MarkValue
from station.services import MarkInfo
from ui.contrast import readable_on
from ui.theme import BLUE, BLUISH_GREEN, GREY, ORANGE, VERMILLION
from ui.widgets.big_button import TOUCH_SIZE, BigButton
from ui.widgets.examiner_clock import format_seconds

__all__ = ["CommentBox", "GradeRow", "ItemRow"]

MarkChoice = MarkValue | int | None


def _text_colour(widget: QWidget, colour: QColor) -> str:
    """A status colour as text on ``widget``'s background, shaded to stay readable."""
    return readable_on(colour, widget.palette().color(QPalette.ColorRole.Window)).name()


def _choice_button(text: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setCheckable(True)
    button.setMinimumSize(TOUCH_SIZE * 2, TOUCH_SIZE)
    font = button.font()
    font.setPointSizeF(max(font.pointSizeF(), 11.0) * 1.1)
    button.setFont(font)
    # Checked, the text turns bold and wider: room for the bold text and the border.
    bold = QFont(font)
    bold.setBold(True)
    needed = QFontMetrics(bold).horizontalAdvance(text) + 2 * 3 + 24
    button.setMinimumWidth(max(TOUCH_SIZE * 2, needed))
    # The chosen value stands out by more than colour: bold text and a thick border.
    button.setStyleSheet(
        f"QPushButton:checked {{ background: {BLUE.name()}; color: white; font-weight: bold;"
        " border: 3px solid black; border-radius: 4px; }"
    )
    # The row takes the keyboard; the buttons are for touch and the mouse.
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


class ItemRow(QFrame):
    """One checklist item: its text, the controls for its type, when it was marked and
    whether the mark is saved."""

    #: The examiner chose a value (None: cleared).
    marked = Signal(str, object)
    #: The examiner overrides a device-scored item: (item id, value, reason).
    overridden = Signal(str, object, str)
    #: Move the focus by this many rows.
    moveFocus = Signal(int)

    def __init__(
        self, item: AnyItem, definition: StationDefinition, lang: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName(f"item_{item.id}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value: MarkChoice = None
        self.source: str | None = None
        self.t_s: float | None = None
        self.missing = False
        self.locked = False
        self.saved_state = "empty"
        text = definition.text(item.text, lang)
        self.setAccessibleName(text)
        self.title = QLabel(text, self)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(max(font.pointSizeF(), 11.0) * 1.15)
        self.title.setFont(font)
        top = QHBoxLayout()
        if item.critical:
            self.critical_label: QLabel | None = QLabel(self.tr("! Critical"), self)
            self.critical_label.setStyleSheet(f"color: {VERMILLION.name()}; font-weight: bold;")
            self.critical_label.setToolTip(self.tr("A critical item: missing it fails the station"))
            top.addWidget(self.critical_label)
        else:
            self.critical_label = None
        top.addWidget(self.title, 1)
        self.detail = QLabel(self._detail_text(definition, lang), self)
        self.detail.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("itemStatus")
        self.status.setMinimumWidth(150)
        for readable in (self.detail, self.status):
            small = readable.font()
            small.setPointSizeF(max(small.pointSizeF(), 11.0))
            readable.setFont(small)
        top.addWidget(self.status)

        self.buttons: dict[str, QPushButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        controls = QHBoxLayout()
        for key, label in self._choices():
            button = _choice_button(label, self)
            button.clicked.connect(lambda _=False, k=key: self._clicked(k))
            self.buttons[key] = button
            self.group.addButton(button)
            controls.addWidget(button)
        controls.addStretch(1)
        self.override_box: QWidget | None = None
        self.reason_edit: QLineEdit | None = None
        self.override_choice: MarkValue | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        if self.detail.text():
            layout.addWidget(self.detail)
        layout.addLayout(controls)
        if isinstance(item, DeviceItem):
            self._build_override(layout)
        self._refresh()

    # ------------------------------------------------------------------ building

    def _detail_text(self, definition: StationDefinition, lang: str) -> str:
        item = self.item
        parts = []
        if item.help is not None:
            parts.append(definition.text(item.help, lang))
        if isinstance(item, TimedItem):
            parts.append(self.tr("Within {0} s").replace("{0}", f"{item.within_s:g}"))
        if isinstance(item, DeviceItem):
            parts.append(self.tr("Scored by the device: {0}").replace("{0}", item.rule))
        if isinstance(item, RatingItem) and item.anchors:
            parts.append(
                "  ".join(
                    f"{k} = {definition.text(v, lang)}" for k, v in sorted(item.anchors.items())
                )
            )
        return "\n".join(parts)

    def _choices(self) -> list[tuple[str, str]]:
        item = self.item
        if isinstance(item, RatingItem):
            return [(str(n), str(n)) for n in range(1, item.scale_max + 1)]
        if isinstance(item, DeviceItem):
            return []
        done = self.tr("✓ Done now (D)") if isinstance(item, TimedItem) else self.tr("✓ Done (D)")
        choices = [(MarkValue.DONE.value, done)]
        if isinstance(item, ThreePointItem):
            choices.append((MarkValue.PARTIAL.value, self.tr("◐ Partially (P)")))
        choices.append((MarkValue.NOT_DONE.value, self.tr("✗ Not done (N)")))
        return choices

    def _build_override(self, layout: QVBoxLayout) -> None:
        self.override_button = BigButton(self.tr("Override… (O)"), self)
        self.override_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.override_button.clicked.connect(self.open_override)
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.override_done = _choice_button(self.tr("✓ Done"), box)
        self.override_not = _choice_button(self.tr("✗ Not done"), box)
        self.override_done.clicked.connect(lambda: self._pick_override(MarkValue.DONE))
        self.override_not.clicked.connect(lambda: self._pick_override(MarkValue.NOT_DONE))
        self.reason_edit = QLineEdit(box)
        self.reason_edit.setObjectName("overrideReason")
        self.reason_edit.setMinimumHeight(TOUCH_SIZE)
        self.reason_edit.setPlaceholderText(self.tr("Reason for the override (required)"))
        self.reason_edit.returnPressed.connect(self.apply_override)
        apply = BigButton(self.tr("Apply override"), box)
        apply.setObjectName("applyOverride")
        apply.clicked.connect(self.apply_override)
        self.apply_override_button = apply
        for widget in (self.override_done, self.override_not, self.reason_edit, apply):
            row.addWidget(widget)
        box.hide()
        self.override_box = box
        layout.addWidget(self.override_button)
        layout.addWidget(box)

    # ------------------------------------------------------------------ actions

    def _clicked(self, key: str) -> None:
        value: MarkChoice = int(key) if key.isdigit() else MarkValue(key)
        if value == self.value and self.source == "examiner":
            value = None  # pressing the chosen button again clears it
        self.choose(value)

    def choose(self, value: MarkChoice) -> None:
        """Mark the item (as if the examiner pressed the button)."""
        if isinstance(self.item, DeviceItem) or self.locked:
            return
        if isinstance(self.item, RatingItem):
            if isinstance(value, MarkValue) or (
                value is not None and not 1 <= value <= self.item.scale_max
            ):
                return
        elif isinstance(value, int) and not isinstance(value, MarkValue):
            return
        if value is MarkValue.PARTIAL and not isinstance(self.item, ThreePointItem):
            return
        self.value = value
        self.source = "examiner"
        self.saved_state = "saving"
        self.missing = False
        self._refresh()
        self.marked.emit(self.item.id, value)

    def open_override(self) -> None:
        if self.override_box is None or self.reason_edit is None or self.locked:
            return
        self.override_box.show()
        self.reason_edit.setFocus()

    def _pick_override(self, value: MarkValue) -> None:
        self.override_choice = value
        self.override_done.setChecked(value is MarkValue.DONE)
        self.override_not.setChecked(value is MarkValue.NOT_DONE)

    def apply_override(self) -> None:
        """Send the override when a value and a reason are given; otherwise say what is
        missing on the row."""
        if self.reason_edit is None:
            return
        reason = self.reason_edit.text().strip()
        if self.override_choice is None:
            self.status.setText(self.tr("Choose done or not done"))
            return
        if not reason:
            self.status.setText(self.tr("Give a reason"))
            self.reason_edit.setFocus()
            return
        self.value = self.override_choice
        self.source = "override"
        self.saved_state = "saving"
        self.missing = False
        self._refresh()
        assert self.override_box is not None
        self.override_box.hide()
        self.setFocus()
        self.overridden.emit(self.item.id, self.override_choice, reason)

    # ------------------------------------------------------------------ state from outside

    def show_mark(self, mark: MarkInfo | None) -> None:
        """Show the mark that counts, as stored."""
        if mark is None:
            self.value, self.source, self.t_s = None, None, None
            self.saved_state = "empty"
        else:
            self.value, self.source, self.t_s = mark.value, mark.source, mark.t_s
            self.saved_state = "saved" if mark.value is not None else "empty"
        self._refresh()

    def acknowledge(self, mark: MarkInfo) -> None:
        """The write of this row's latest mark was acknowledged by the database."""
        self.t_s = mark.t_s
        self.source = mark.source
        if mark.value == self.value:
            self.saved_state = "saved" if mark.value is not None else "empty"
        self._refresh()

    def failed(self) -> None:
        self.saved_state = "failed"
        self._refresh()

    def set_missing(self, missing: bool) -> None:
        self.missing = missing
        self._refresh()

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        for button in self.buttons.values():
            button.setEnabled(not locked)
        if isinstance(self.item, DeviceItem):
            self.override_button.setEnabled(not locked)

    # ------------------------------------------------------------------ display

    def value_text(self) -> str:
        value = self.value
        if value is None:
            return ""
        if isinstance(value, MarkValue):
            return {
                MarkValue.DONE: self.tr("✓ done"),
                MarkValue.PARTIAL: self.tr("◐ partially"),
                MarkValue.NOT_DONE: self.tr("✗ not done"),
            }[value]
        return self.tr("rated {0}").replace("{0}", str(value))

    def _refresh(self) -> None:
        key = None
        if isinstance(self.value, MarkValue):
            key = self.value.value
        elif isinstance(self.value, int):
            key = str(self.value)
        for name, button in self.buttons.items():
            button.setChecked(name == key)
        parts = []
        if isinstance(self.item, DeviceItem) and self.value is not None:
            who = self.tr("override") if self.source == "override" else self.tr("device")
            parts.append(f"{self.value_text()} ({who})")
        if self.t_s is not None and self.value is not None:
            parts.append(self.tr("at {0}").replace("{0}", format_seconds(self.t_s)))
        state = {
            "empty": (GREY, self.tr("○ not marked")),
            "saving": (ORANGE, self.tr("… saving")),
            "saved": (BLUISH_GREEN, self.tr("✓ saved")),
            "failed": (VERMILLION, self.tr("✗ not saved")),
        }[self.saved_state]
        colour, word = state
        if self.missing and self.value is None:
            colour, word = VERMILLION, self.tr("! missing")
        self.status.setText("  ".join([*parts, word]))
        self.status.setStyleSheet(f"color: {_text_colour(self, colour)}; font-weight: bold;")
        border = VERMILLION.name() if self.missing and self.value is None else "transparent"
        self.setStyleSheet(
            f"QFrame#item_{self.item.id} {{ border: 3px solid {border}; border-radius: 6px; }}"
            f"QFrame#item_{self.item.id}:focus {{ border: 3px solid palette(highlight); }}"
        )

    # ------------------------------------------------------------------ keyboard

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        text = event.text().lower()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Down, Qt.Key.Key_J):
            self.moveFocus.emit(1)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_K):
            self.moveFocus.emit(-1)
        elif isinstance(self.item, DeviceItem) and text == "o":
            self.open_override()
        elif text in ("d", "y"):
            self.choose(MarkValue.DONE)
        elif text == "p":
            self.choose(MarkValue.PARTIAL)
        elif text in ("n", "x"):
            self.choose(MarkValue.NOT_DONE)
        elif text.isdigit() and text != "0":
            self.choose(int(text))
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            if self.value is not None and self.source == "examiner":
                self.choose(None)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        parent = self.parentWidget()
        while parent is not None:
            ensure = getattr(parent, "ensureWidgetVisible", None)
            if ensure is not None:
                ensure(self)
                break
            parent = parent.parentWidget()


class GradeRow(QFrame):
    """The global rating: one large button per step (keys 1-9 when focused)."""

    graded = Signal(object)  # int step or None

    def __init__(
        self, definition: StationDefinition, lang: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("globalRating")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        rating = definition.global_rating
        assert rating is not None
        self.grade: int | None = None
        self.locked = False
        self.saved_state = "empty"
        self.missing = False
        self.status = QLabel(self)
        title = QLabel(self.tr("Global rating"), self)
        bold = title.font()
        bold.setBold(True)
        title.setFont(bold)
        top = QHBoxLayout()
        top.addWidget(title, 1)
        top.addWidget(self.status)
        # The steps in one row where the column is wide enough, else in two (a narrow
        # column, e.g. beside a wider CPR panel in French or Spanish, must not make the
        # whole checklist scroll sideways and cut its right edge).
        self.row = QGridLayout()
        self.buttons: list[QPushButton] = []
        for index, step in enumerate(rating.steps):
            button = _choice_button(f"{index + 1}  {definition.text(step.label, lang)}", self)
            if step.description is not None:
                button.setToolTip(definition.text(step.description, lang))
            button.clicked.connect(lambda _=False, i=index: self._clicked(i))
            self.buttons.append(button)
        self.columns = 0
        self._place(len(self.buttons))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.row)
        self._refresh()

    def _place(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for button in self.buttons:
            self.row.removeWidget(button)
        for index, button in enumerate(self.buttons):
            self.row.addWidget(button, index // columns, index % columns)

    def _width_for(self, columns: int) -> int:
        """The width the steps need in ``columns`` columns (margins included)."""
        spacing = max(0, self.row.spacing())
        widths = [max(b.sizeHint().width(), b.minimumWidth()) for b in self.buttons]
        margins = self.contentsMargins()
        frame = margins.left() + margins.right() + 2 * self.frameWidth() + 24
        if columns >= len(self.buttons):
            return sum(widths) + spacing * columns + frame
        return max(widths, default=0) * columns + spacing * columns + frame

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        two_rows = self._width_for(max(1, math.ceil(len(self.buttons) / 2)))
        return QSize(min(hint.width(), two_rows), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fits = self._width_for(len(self.buttons)) <= event.size().width()
        self._place(len(self.buttons) if fits else max(1, math.ceil(len(self.buttons) / 2)))

    def _clicked(self, index: int) -> None:
        self.choose(None if self.grade == index else index)

    def choose(self, grade: int | None) -> None:
        if self.locked or (grade is not None and not 0 <= grade < len(self.buttons)):
            return
        self.grade = grade
        self.saved_state = "saving"
        self.missing = False
        self._refresh()
        self.graded.emit(grade)

    def show_grade(self, grade: int | None) -> None:
        self.grade = grade
        self.saved_state = "saved" if grade is not None else "empty"
        self._refresh()

    def acknowledge(self, grade: int | None) -> None:
        if grade == self.grade:
            self.saved_state = "saved" if grade is not None else "empty"
            self._refresh()

    def failed(self) -> None:
        self.saved_state = "failed"
        self._refresh()

    def set_missing(self, missing: bool) -> None:
        self.missing = missing
        self._refresh()

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        for button in self.buttons:
            button.setEnabled(not locked)

    def _refresh(self) -> None:
        for index, button in enumerate(self.buttons):
            button.setChecked(index == self.grade)
        colour, word = {
            "empty": (GREY, self.tr("○ not given")),
            "saving": (ORANGE, self.tr("… saving")),
            "saved": (BLUISH_GREEN, self.tr("✓ saved")),
            "failed": (VERMILLION, self.tr("✗ not saved")),
        }[self.saved_state]
        if self.missing and self.grade is None:
            colour, word = VERMILLION, self.tr("! missing")
        self.status.setText(word)
        self.status.setStyleSheet(f"color: {_text_colour(self, colour)}; font-weight: bold;")
        border = VERMILLION.name() if self.missing and self.grade is None else "transparent"
        self.setStyleSheet(
            f"QFrame#globalRating {{ border: 3px solid {border}; border-radius: 6px; }}"
            "QFrame#globalRating:focus { border: 3px solid palette(highlight); }"
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text.isdigit() and text != "0":
            self.choose(int(text) - 1)
            event.accept()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.choose(None)
            event.accept()
        else:
            super().keyPressEvent(event)


class CommentBox(QFrame):
    """A comment (candidate feedback or private notes) with quick phrases; the text is
    saved a moment after typing stops and when the box loses focus."""

    changed = Signal(str)

    def __init__(
        self, title: str, phrases: Sequence[str], object_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.saved_text = ""
        self.status = QLabel(self)
        heading = QLabel(title, self)
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.status)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(TOUCH_SIZE * 2)
        self.edit.setMaximumHeight(TOUCH_SIZE * 3)
        self.edit.setAccessibleName(title)
        self.phrase_buttons: list[QPushButton] = []
        # One phrase a line: phrases are sentences, and side by side they would make
        # the checklist far wider than its column.
        phrase_row = QVBoxLayout()
        phrase_row.setSpacing(4)
        for phrase in phrases:
            button = QPushButton(phrase, self)
            button.setMinimumHeight(TOUCH_SIZE)
            button.setStyleSheet("text-align: left; padding: 4px 10px;")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, p=phrase: self.add_phrase(p))
            self.phrase_buttons.append(button)
            phrase_row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(phrase_row)
        layout.addWidget(self.edit)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(1500)
        self._debounce.timeout.connect(self.flush)
        self.edit.textChanged.connect(self._typed)
        self.edit.installEventFilter(self)
        self._loading = False
        self._show("empty")

    def add_phrase(self, phrase: str) -> None:
        text = self.edit.toPlainText().rstrip()
        self.edit.setPlainText(f"{text} {phrase}".strip() if text else phrase)
        self.flush()

    def set_text(self, text: str) -> None:
        self._loading = True
        self.edit.setPlainText(text)
        self._loading = False
        self.saved_text = text
        self._show("saved" if text else "empty")

    def text(self) -> str:
        return self.edit.toPlainText().strip()

    def _typed(self) -> None:
        if self._loading:
            return
        self._show("pending")
        self._debounce.start()

    def flush(self) -> None:
        """Send the text now if it changed since it was last saved."""
        self._debounce.stop()
        text = self.text()
        if text != self.saved_text:
            self._show("saving")
            self.changed.emit(text)

    def acknowledge(self, text: str) -> None:
        self.saved_text = text
        if text == self.text():
            self._show("saved" if text else "empty")

    def failed(self) -> None:
        self._show("failed")

    def set_locked(self, locked: bool) -> None:
        self.edit.setReadOnly(locked)
        for button in self.phrase_buttons:
            button.setEnabled(not locked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(watched, event)

    def _show(self, state: str) -> None:
        colour, word = {
            "empty": (GREY, ""),
            "pending": (ORANGE, self.tr("… typing")),
            "saving": (ORANGE, self.tr("… saving")),
            "saved": (BLUISH_GREEN, self.tr("✓ saved")),
            "failed": (VERMILLION, self.tr("✗ not saved")),
        }[state]
        self.state = state
        self.status.setText(word)
        self.status.setStyleSheet(f"color: {_text_colour(self, colour)}; font-weight: bold;")
