"""The coordinator's Amend… dialog: the earlier values beside the new ones, a required
reason (Amend disabled and Enter doing nothing without one), the write on the service
worker, and the Results section refreshed afterwards."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QLabel, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from test_services_support import World, audit_count
from ui_support import wait_idle

from assessments.scoring import MarkValue
from station.services.encounters import EncounterServices
from station.storage.models import AuditEntry
from ui.context import AppContext
from ui.coordinator import CoordinatorConsole
from ui.coordinator.amend import AmendDialog

pytest_plugins = ["ui_support"]  # the ctx and world fixtures


@pytest.fixture
def marked(world: World) -> str:
    """eli's submitted encounter with C2 at alpha, with a1 done, a3 rated 4 and grade
    2 (Pass); amended once before by cora (a1 → not done)."""
    services, eli, cora = world.services, world.eli, world.cora
    encounter = services.encounters.check_in(eli, "OSCE-1", "alpha", "C3").id
    services.encounters.mark_item(eli, encounter, "a1", MarkValue.DONE, t_s=5.0)
    services.encounters.mark_item(eli, encounter, "a3", 4, t_s=6.0)
    services.encounters.set_grade(eli, encounter, 2)
    services.encounters.submit(eli, encounter, allow_incomplete=True)
    services.encounters.amend_submitted(
        cora, encounter, item_id="a1", value=MarkValue.NOT_DONE, reason="first review"
    )
    return encounter


@pytest.fixture
def dialog(qtbot: QtBot, ctx: AppContext, world: World, marked: str) -> Iterator[AmendDialog]:
    ctx.actor = world.cora
    view = world.services.encounters.encounter_view(world.cora, marked)
    shown = AmendDialog(ctx, view)
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    wait_idle(qtbot, ctx)


def test_earlier_values_are_shown_beside_the_new_ones(dialog: AmendDialog) -> None:
    now = {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    assert now["now_a1"] == "✗ Not done  (amended)"
    assert now["now_a3"] == "4"
    assert now["now_a2"] == "—"
    assert now["now_grade"] == "3 Pass"
    assert [dialog.history.item(i).text() for i in range(dialog.history.count())] == [
        f"{dialog._amendment_lines(dialog.view)[0]}"
    ]
    assert "cora: a1 ✓ Done → ✗ Not done — first review" in dialog.history.item(0).text()
    # Each item offers what fits it: a rating its scale, a three-point item "partly".
    a3 = dialog.item_boxes["a3"]
    assert [a3.itemData(i) for i in range(a3.count())] == [None, 1, 2, 3, 4, 5]
    a2 = dialog.item_boxes["a2"]
    assert [a2.itemData(i) for i in range(a2.count())] == [None, "done", "partial", "not_done"]


def test_amend_stays_disabled_until_a_reason_is_given(
    qtbot: QtBot, dialog: AmendDialog, world: World
) -> None:
    before = audit_count(world.services)
    assert not dialog.ok.isEnabled()
    assert dialog.hint.text().startswith("ⓘ Choose a new value")
    dialog.item_boxes["a3"].setCurrentIndex(4)  # 4, the rating it has: no change
    dialog.reason.setText("no change")
    assert not dialog.ok.isEnabled() and dialog.summary.text() == "Nothing changed yet."
    dialog.reason.clear()
    dialog.item_boxes["a3"].setCurrentIndex(0)
    dialog.item_boxes["a2"].setCurrentIndex(2)  # partial
    assert not dialog.ok.isEnabled()
    assert "Give the reason for the amendment to enable Amend" in dialog.hint.text()
    assert dialog.summary.text() == "Changes: a2: — → ◐ Partly"
    # Enter does not accept without a reason.
    dialog.reason.setFocus()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0
    dialog.reason.setText("   ")
    assert not dialog.ok.isEnabled()
    dialog.reason.setText("video review")
    assert dialog.ok.isEnabled() and dialog.hint.isHidden()
    assert audit_count(world.services) == before


def test_the_amendment_reaches_the_services_on_the_worker(
    qtbot: QtBot,
    dialog: AmendDialog,
    ctx: AppContext,
    world: World,
    marked: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[bool] = []
    real = EncounterServices.amend_submitted

    def spy(self: EncounterServices, *args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(EncounterServices, "amend_submitted", spy)
    dialog.item_boxes["a1"].setCurrentIndex(1)  # done again
    dialog.item_boxes["a3"].setCurrentIndex(2)  # 2
    dialog.grade_box.setCurrentIndex(2)  # 2 Borderline
    dialog.comment.setText("Seen again on video.")
    dialog.reason.setText("second review")
    with qtbot.waitSignal(dialog.amended, timeout=10_000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # Enter accepts once allowed
    assert threads == [False]  # written on the worker thread, never the GUI's
    view = world.services.encounters.encounter_view(world.cora, marked)
    assert view.marks["a1"].value == MarkValue.DONE
    assert view.marks["a1"].reason == "second review"
    assert [m.value for m in view.history["a1"]] == [
        MarkValue.DONE,
        MarkValue.NOT_DONE,
        MarkValue.DONE,
    ]
    assert view.marks["a3"].value == 2
    assert view.grade is not None and view.grade.grade == 1
    assert view.comments["feedback"].text == "Seen again on video."
    assert "Amended candidate C3 at station alpha" in ctx.message_bar.text
    # Audited: one entry per new row, each with the reason; the audit trail verifies.
    with world.services.db.read() as session:
        reasons = session.scalars(
            select(AuditEntry.reason).where(AuditEntry.actor_name == "cora")
        ).all()
    assert reasons.count("second review") == 4  # two marks, the grade, the comment
    assert world.services.results.verify_audit(world.cora).ok


def test_a_refusal_is_shown_in_the_dialog(
    qtbot: QtBot, dialog: AmendDialog, ctx: AppContext, world: World
) -> None:
    ctx.actor = world.eli  # an examiner: the services refuse
    dialog.item_boxes["a2"].setCurrentIndex(1)
    dialog.reason.setText("mine")
    dialog.ok.click()
    qtbot.waitUntil(lambda: dialog.problem.isVisible(), timeout=10_000)
    assert dialog.problem.text().startswith(
        "✖ examiner 'eli' may not amend a submitted encounter: only coordinators may do this"
    )
    assert dialog.isVisible() and dialog.ok.isEnabled()


def test_access_keys_are_distinct_and_controls_touch_sized(dialog: AmendDialog) -> None:
    keys = []
    for widget in dialog.findChildren(QWidget):
        labelled = isinstance(widget, QLabel) and widget.buddy() is not None
        text = widget.text() if isinstance(widget, QAbstractButton) or labelled else ""  # type: ignore[attr-defined]
        key = QKeySequence.mnemonic(text).toString() if text else ""
        if key:
            keys.append(key)
    assert len(keys) == len(set(keys)) >= 5, keys
    for control in (dialog.ok, dialog.reason, dialog.grade_box, *dialog.item_boxes.values()):
        assert control.minimumHeight() >= 44


def test_amend_from_the_results_section(
    qtbot: QtBot, ctx: AppContext, world: World, marked: str
) -> None:
    ctx.actor = world.cora
    window = QWidget()
    qtbot.addWidget(window)
    console = CoordinatorConsole(ctx)
    QVBoxLayout(window).addWidget(console)
    window.show()
    wait_idle(qtbot, ctx)
    console.select_exam("OSCE-1")
    wait_idle(qtbot, ctx)
    panel = console.results
    assert not panel.amend_button.isEnabled()
    rows = [r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 0).data() == "C3"]
    panel.table.selectRow(rows[0])
    assert panel.selected_encounter() == marked and panel.amend_button.isEnabled()
    panel.amend_button.click()
    qtbot.waitUntil(lambda: panel.amend_dialog is not None, timeout=10_000)
    dialog = panel.amend_dialog
    assert dialog is not None and dialog.view.encounter.id == marked
    dialog.grade_box.setCurrentIndex(1)  # 1 Fail
    dialog.reason.setText("grade entered on the wrong row")
    dialog.ok.click()
    qtbot.waitUntil(lambda: panel.amend_dialog is None, timeout=10_000)
    wait_idle(qtbot, ctx)
    grades = [
        panel.proxy.index(r, 6).data()
        for r in range(panel.proxy.rowCount())
        if panel.proxy.index(r, 0).data() == "C3"
    ]
    assert grades == ["1 Fail"]
    console.progress.timer.stop()
