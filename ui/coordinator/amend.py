"""Amending a submitted encounter: the console's side of ``skillstation results amend``.

The dialog shows what the encounter holds now (each item's mark, the global grade, the
feedback comment) beside a choice of new values, and the amendments made before, with
their reasons. A reason is required: **Amend** stays disabled, with a line saying why,
until one is given and something is changed; the line above the buttons says exactly
what will change. The services decide everything else (who may amend, whether a value
fits) and the write runs on the service worker, never on the GUI thread.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from assessments.scoring import MarkValue
from ui.coordinator.common import TOUCH_PX, fill, when
from ui.i18n import current_language
from ui.widgets.mark_words import mark_choices, mark_words
from ui.worker import error_text

if TYPE_CHECKING:
    from assessments.definitions.model import StationDefinition
    from station.services import Changes, EncounterView, MarkInfo
    from ui.context import AppContext

# A new value: a mark value's text ("done", "partial", "not_done") or a rating.
NewValue = str | int
# What the services are asked to change: item id -> new value.
Marks = dict[str, NewValue]


class AmendDialog(QDialog):
    """Amend one submitted encounter, shown from ``view`` (the services' EncounterView)."""

    # Emitted with the encounter's id once the amendment is stored.
    amended = Signal(str)

    def __init__(self, ctx: AppContext, view: EncounterView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.view = view
        self.setObjectName("amendDialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        info = view.encounter
        self.setWindowTitle(
            fill(self.tr("Amend {0} at {1}"), info.candidate_number, info.station_key)
        )
        definition = view.definition
        lang = current_language()
        name = f" ({view.candidate_name})" if view.candidate_name else ""
        intro = QLabel(
            fill(
                self.tr(
                    "Candidate {0}{1} at station {2}, marked by {3}, submitted {4}. Choose "
                    "the new values; the earlier ones stay in the history and the audit log."
                ),
                info.candidate_number,
                name,
                info.station_key,
                info.examiner,
                when(info.submitted_at),
            ),
            self,
        )
        intro.setWordWrap(True)

        grid = QGridLayout()
        for column, title in enumerate((self.tr("Item"), self.tr("Now"), self.tr("New value"))):
            heading = QLabel(f"<b>{title}</b>", self)
            grid.addWidget(heading, 0, column)
        # item id -> its choice of a new value (the first entry keeps the mark).
        self.item_boxes: dict[str, QComboBox] = {}
        row = 1
        for item in definition.items():
            label = QLabel(f"{definition.text(item.text, lang)}  <i>{item.id}</i>", self)
            label.setWordWrap(True)
            now = QLabel(self._mark_words(view.marks.get(item.id)), self)
            now.setObjectName(f"now_{item.id}")
            history = view.history.get(item.id, ())
            if len(history) > 1:
                now.setToolTip("\n".join(self._history_line(m) for m in history))
            box = self._combo()
            box.setAccessibleName(fill(self.tr("New value of {0}"), item.id))
            box.addItem(self.tr("(unchanged)"), None)
            for value, words in mark_choices(item):
                box.addItem(words, value.value if isinstance(value, MarkValue) else value)
            label.setBuddy(box)
            self.item_boxes[item.id] = box
            grid.addWidget(label, row, 0)
            grid.addWidget(now, row, 1)
            grid.addWidget(box, row, 2)
            row += 1
        self.grade_box = self._combo()
        self.grade_box.setObjectName("amendGrade")
        self.grade_box.addItem(self.tr("(unchanged)"), None)
        rating = definition.global_rating
        if rating is not None:
            for index in range(len(rating.steps)):
                self.grade_box.addItem(self._grade_words(index), index)
            grade_label = QLabel(self.tr("&Global grade"), self)
            grade_label.setBuddy(self.grade_box)
            grade_now = QLabel(self._grade_words(view.grade.grade if view.grade else None), self)
            grade_now.setObjectName("now_grade")
            grid.addWidget(grade_label, row, 0)
            grid.addWidget(grade_now, row, 1)
            grid.addWidget(self.grade_box, row, 2)
            row += 1
        else:
            self.grade_box.hide()
        feedback = view.comments.get("feedback")
        self.comment = QLineEdit(self)
        self.comment.setObjectName("amendComment")
        self.comment.setMinimumHeight(TOUCH_PX)
        self.comment.setPlaceholderText(self.tr("(unchanged)"))
        comment_label = QLabel(self.tr("&Feedback comment"), self)
        comment_label.setBuddy(self.comment)
        comment_now = QLabel(feedback.text if feedback and feedback.text else "—", self)
        comment_now.setWordWrap(True)
        grid.addWidget(comment_label, row, 0)
        grid.addWidget(comment_now, row, 1)
        grid.addWidget(self.comment, row, 2)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 2)
        values = QWidget(self)
        values.setLayout(grid)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(values)

        self.history = QListWidget(self)
        self.history.setObjectName("amendHistory")
        self.history.setAccessibleName(self.tr("Earlier amendments"))
        lines = self._amendment_lines(view)
        self.history.addItems(lines or [self.tr("No amendment yet.")])
        # As tall as its lines, up to five (then it scrolls).
        line_px = self.history.fontMetrics().lineSpacing() + 2
        self.history.setFixedHeight(min(self.history.count(), 5) * line_px + 8)

        self.reason = QLineEdit(self)
        self.reason.setObjectName("amendReason")
        self.reason.setMinimumHeight(TOUCH_PX)
        self.reason.setPlaceholderText(self.tr("Why (kept with the change and in the audit log)"))
        form = QFormLayout()
        form.addRow(self.tr("&Reason:"), self.reason)

        self.summary = QLabel(self)
        self.summary.setObjectName("amendSummary")
        self.summary.setWordWrap(True)
        self.hint = QLabel(self)
        self.hint.setObjectName("amendHint")
        self.hint.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setObjectName("amendProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("&Amend"))
        self.ok.setObjectName("amendOk")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("&Cancel"))
        for button in (self.ok, cancel):
            button.setMinimumHeight(TOUCH_PX)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        history_label = QLabel(self.tr("Earlier values and amendments:"), self)
        layout.addWidget(history_label)
        layout.addWidget(self.history)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.hint)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumSize(760, 600)

        for box in (*self.item_boxes.values(), self.grade_box):
            box.currentIndexChanged.connect(self._update)
        self.comment.textChanged.connect(self._update)
        self.reason.textChanged.connect(self._update)
        self._update()
        first = next(iter(self.item_boxes.values()), None)
        (first or self.reason).setFocus()

    # ------------------------------------------------------------------ words

    def _combo(self) -> QComboBox:
        box = QComboBox(self)
        box.setMinimumHeight(TOUCH_PX)
        return box

    def _value_now(self, item_id: str) -> MarkValue | int | None:
        mark = self.view.marks.get(item_id)
        return None if mark is None else mark.value

    def _mark_words(self, mark: MarkInfo | None) -> str:
        if mark is None:
            return "—"
        words = mark_words(mark.value)
        if mark.reason:
            words += "  " + self.tr("(amended)")
        return words

    def _grade_words(self, grade: int | None) -> str:
        definition: StationDefinition = self.view.definition
        rating = definition.global_rating
        if grade is None or rating is None or not 0 <= grade < len(rating.steps):
            return "—"
        return f"{grade + 1} {definition.text(rating.steps[grade].label, current_language())}"

    def _history_line(self, mark: MarkInfo) -> str:
        line = fill(
            self.tr("{0} {1}: {2}"),
            when(mark.recorded_at),
            mark.recorded_by,
            mark_words(mark.value),
        )
        return f"{line} — {mark.reason}" if mark.reason else line

    def _amendment_lines(self, view: EncounterView) -> list[str]:
        """Every stored change that carries a reason, oldest first, with the value it
        replaced."""
        found: list[tuple[str, str]] = []
        for item_id, marks in view.history.items():
            for earlier, mark in pairwise(marks):
                if mark.reason:
                    found.append(
                        (
                            mark.recorded_at.isoformat(),
                            fill(
                                self.tr("{0} {1}: {2} {3} → {4} — {5}"),
                                when(mark.recorded_at),
                                mark.recorded_by,
                                item_id,
                                mark_words(earlier.value),
                                mark_words(mark.value),
                                mark.reason,
                            ),
                        )
                    )
        grades = view.grade_history
        for earlier_grade, grade in pairwise(grades):
            if grade.reason:
                found.append(
                    (
                        grade.recorded_at.isoformat(),
                        fill(
                            self.tr("{0} {1}: global grade {2} → {3} — {4}"),
                            when(grade.recorded_at),
                            grade.recorded_by,
                            self._grade_words(earlier_grade.grade),
                            self._grade_words(grade.grade),
                            grade.reason,
                        ),
                    )
                )
        for comment in view.comment_history:
            if comment.reason:
                found.append(
                    (
                        comment.recorded_at.isoformat(),
                        fill(
                            self.tr("{0} {1}: comment “{2}” — {3}"),
                            when(comment.recorded_at),
                            comment.recorded_by,
                            comment.text,
                            comment.reason,
                        ),
                    )
                )
        return [text for _at, text in sorted(found, key=lambda pair: pair[0])]

    # ------------------------------------------------------------------ state

    def marks(self) -> Marks:
        """The items given a new value (one other than the mark that counts now):
        item id -> value."""
        chosen: Marks = {}
        for item_id, box in self.item_boxes.items():
            value = box.currentData()
            now = self._value_now(item_id)
            if value is not None and str(value) != ("" if now is None else str(now)):
                chosen[item_id] = value
        return chosen

    def grade(self) -> int | None:
        """The new global grade, when one other than the grade now is chosen."""
        value = self.grade_box.currentData()
        now = self.view.grade.grade if self.view.grade else None
        return value if isinstance(value, int) and value != now else None

    def new_comment(self) -> str | None:
        text = self.comment.text().strip()
        return text or None

    def _changes(self) -> list[str]:
        """What the amendment changes, one phrase each."""
        phrases = [
            fill(
                self.tr("{0}: {1} → {2}"),
                item_id,
                mark_words(self._value_now(item_id)),
                mark_words(value),
            )
            for item_id, value in self.marks().items()
        ]
        grade = self.grade()
        if grade is not None:
            now = self.view.grade.grade if self.view.grade else None
            phrases.append(
                fill(
                    self.tr("global grade: {0} → {1}"),
                    self._grade_words(now),
                    self._grade_words(grade),
                )
            )
        if self.new_comment() is not None:
            phrases.append(self.tr("a new feedback comment"))
        return phrases

    def _update(self, *_args: object) -> None:
        changes = self._changes()
        reason = self.reason.text().strip()
        self.summary.setText(
            # The separator between the changes listed (French puts a space before ";").
            fill(self.tr("Changes: {0}"), self.tr("; ").join(changes))
            if changes
            else self.tr("Nothing changed yet.")
        )
        if not changes:
            hint = self.tr("Choose a new value for an item, the grade or the comment.")
        elif not reason:
            hint = self.tr(
                "Give the reason for the amendment to enable Amend: it is kept with the "
                "change and in the audit log."
            )
        else:
            hint = ""
        self.hint.setText(f"ⓘ {hint}" if hint else "")
        self.hint.setVisible(bool(hint))
        self.ok.setEnabled(bool(changes and reason))

    def show_problem(self, text: str) -> None:
        self.problem.setText(f"✖ {text}" if text else "")
        self.problem.setVisible(bool(text))

    # ------------------------------------------------------------------ the write

    def submit(self) -> None:
        actor = self.ctx.actor
        reason = self.reason.text().strip()
        if actor is None or not self.ok.isEnabled() or not reason:
            return  # Enter with Amend disabled does nothing
        encounter_id = self.view.encounter.id
        code = self.view.encounter.exam_code
        marks, grade, text = self.marks(), self.grade(), self.new_comment()
        comment: tuple[Literal["feedback", "private"], str] | None = (
            None if text is None else ("feedback", text)
        )
        self.show_problem("")
        self.buttons.setEnabled(False)

        def done(_changes: Changes) -> None:
            info = self.view.encounter
            self.ctx.message_bar.info(
                fill(
                    self.tr("Amended candidate {0} at station {1}; results re-scored."),
                    info.candidate_number,
                    info.station_key,
                )
            )
            self.ctx.changed(code)
            self.amended.emit(encounter_id)
            self.accept()

        def failed(exc: Exception) -> None:
            self.buttons.setEnabled(True)
            self.show_problem(error_text(exc))

        self.ctx.worker.submit(
            lambda s: s.encounters.amend_submitted(
                actor, encounter_id, marks=marks, grade=grade, comment=comment, reason=reason
            ),
            on_done=done,
            on_error=failed,
        )
