"""Self-assessment of a skill without a feedback device: the trainee runs through the
station's checklist against a timer and marks each item as they judge it.

The result is scored by the station's own rules (:func:`assessments.scoring.score_station`,
docs/scoring.md), with the items a device would judge left out, and stored as a practice
attempt by the practice screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from assessments.definitions.model import (
    AnyItem,
    DeviceItem,
    RatingItem,
    StationDefinition,
    TimedItem,
)
from assessments.scoring import ItemMark, MarkValue, StationScore, score_station
from common.clock import Clock
from ui.widgets.big_button import TOUCH_SIZE, BigButton
from ui.widgets.mark_words import mark_choices

__all__ = ["SelfAssessment", "SelfAssessmentResult", "SelfCheckRow"]


@dataclass(frozen=True)
class SelfAssessmentResult:
    """The trainee's marks and the score they give."""

    marks: tuple[ItemMark, ...]
    score: StationScore
    elapsed_s: float
    excluded: tuple[str, ...]


class SelfCheckRow(QFrame):
    """One checklist item: its text and a button per possible mark."""

    def __init__(self, item: AnyItem, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(("! " if item.critical else "") + text, self)
        self.label.setWordWrap(True)
        self.note = QLabel("", self)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        self.value: MarkValue | int | None = None
        self.t_s: float | None = None
        layout = QHBoxLayout(self)
        text_box = QVBoxLayout()
        text_box.addWidget(self.label)
        text_box.addWidget(self.note)
        layout.addLayout(text_box, 1)
        if isinstance(item, DeviceItem):
            return
        for key, caption in self._choices():
            button = QPushButton(caption, self)
            button.setCheckable(True)
            button.setMinimumSize(TOUCH_SIZE * 2, TOUCH_SIZE)
            self.group.addButton(button)
            self.buttons[key] = button
            layout.addWidget(button)

    def _choices(self) -> list[tuple[str, str]]:
        return [(str(value), words) for value, words in mark_choices(self.item)]

    def mark(self) -> ItemMark | None:
        if self.value is None:
            return None
        return ItemMark(self.item.id, self.value, self.t_s)


class SelfAssessment(QWidget):
    """The self-assessment page: the timer, the checklist and Finish (F10)."""

    finishRequested = Signal()
    abandonRequested = Signal()

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practiceSelfAssessment")
        self.clock = clock
        self.definition: StationDefinition | None = None
        self.rows: list[SelfCheckRow] = []
        self.started_at: float | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._show_time)
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.clock_label = QLabel("0:00", self)
        self.clock_label.setObjectName("selfAssessmentClock")
        big = self.clock_label.font()
        big.setPointSizeF(max(big.pointSizeF(), 10.0) * 2.2)
        big.setBold(True)
        self.clock_label.setFont(big)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.items_box = QWidget(self)
        self.items_layout = QVBoxLayout(self.items_box)
        self.items_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.items_box)
        self.finish_button = BigButton("", self)
        self.finish_button.setObjectName("selfAssessmentFinish")
        self.finish_button.clicked.connect(self.finishRequested)
        self.abandon_button = BigButton("", self)
        self.abandon_button.clicked.connect(self.abandonRequested)
        QShortcut(QKeySequence(Qt.Key.Key_F10), self, self.finishRequested.emit)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.abandonRequested.emit)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.clock_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.abandon_button)
        buttons.addWidget(self.finish_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.hint.setText(
            self.tr(
                "Do the skill, then mark each step as you judge you did it. Items marked "
                "! are critical. The clock shows the time since you started."
            )
        )
        self.finish_button.setText(self.tr("Finish and score (F10)"))
        self.abandon_button.setText(self.tr("Abandon (Esc)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ session

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def begin(self, definition: StationDefinition, title: str, language: str) -> None:
        """Show ``definition``'s checklist, unmarked, and start the clock."""
        self.definition = definition
        for row in self.rows:
            self.items_layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        self.heading.setText(title)
        for section in definition.sections:
            for item in section.items:
                row = SelfCheckRow(item, definition.text(item.text, language), self.items_box)
                if isinstance(item, DeviceItem):
                    row.note.setText(self.tr("Judged by a feedback device: left out here."))
                for key, button in row.buttons.items():
                    button.clicked.connect(lambda _checked=False, r=row, k=key: self.set_mark(r, k))
                self.items_layout.insertWidget(self.items_layout.count() - 1, row)
                self.rows.append(row)
        self.started_at = self.clock.monotonic()
        self._show_time()
        self._timer.start()
        first = next((r for r in self.rows if r.buttons), None)
        if first is not None:
            next(iter(first.buttons.values())).setFocus()

    def stop(self) -> None:
        self._timer.stop()

    @property
    def elapsed_s(self) -> float:
        if self.started_at is None:
            return 0.0
        return max(0.0, self.clock.monotonic() - self.started_at)

    def set_mark(self, row: SelfCheckRow, key: str) -> None:
        """Mark ``row`` with choice ``key`` (``done``, ``partial``, ``not_done`` or a
        rating), stamped with the time since the start."""
        row.value = int(key) if isinstance(row.item, RatingItem) else MarkValue(key)
        row.t_s = self.elapsed_s
        button = row.buttons[key]
        if not button.isChecked():
            button.setChecked(True)
        if isinstance(row.item, TimedItem) and row.value is MarkValue.DONE:
            seconds = int(row.t_s)
            row.note.setText(
                self.tr("Done at {0} (aim: within {1} s)")
                .replace("{0}", f"{seconds // 60}:{seconds % 60:02d}")
                .replace("{1}", f"{row.item.within_s:g}")
            )

    def result(self) -> SelfAssessmentResult:
        """The marks so far and their score (items not marked count as missing)."""
        assert self.definition is not None
        marks = tuple(m for m in (row.mark() for row in self.rows) if m is not None)
        excluded = tuple(r.item.id for r in self.rows if isinstance(r.item, DeviceItem))
        # Practice scores the checklist alone: a cut score belongs to an exam.
        score = score_station(self.definition, marks, excluded_items=excluded)
        return SelfAssessmentResult(marks, score, self.elapsed_s, excluded)

    def _show_time(self) -> None:
        seconds = int(self.elapsed_s)
        text = f"{seconds // 60}:{seconds % 60:02d}"
        if self.definition is not None:
            limit = int(self.definition.timing.active_s)
            text += " / " + f"{limit // 60}:{limit % 60:02d}"
            over = seconds > limit
            self.clock_label.setStyleSheet("color: #D55E00;" if over else "")
            if over:
                text = "⚠ " + text
        self.clock_label.setText(text)
