"""The examiner's station (ui/examiner): panels, the flow from check-in to submission with
keyboard and clicks, the completeness check, the clock and its bells, resuming after a
restart, device-scored items from the live panel, overrides and no-shows.

Every test runs on a real SQLite file (tests/ui_support.py) with a FakeClock; marks
are read back through the services.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QMessageBox, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from test_services_support import EXAMINER_PIN, T0, World
from ui_support import FedSource, wait_idle

from assessments.scoring import MarkValue
from assessments.timing import BellKind, Phase
from devices.cpr.synth import cpr_session, synthesize
from station.services import StationCandidate
from ui.bell import RecordingBell
from ui.context import AppContext
from ui.contrast import contrast_ratio, readable_on
from ui.examiner import ExaminerStation
from ui.examiner.checkin import CheckInPanel, fold, matches
from ui.examiner.checklist import ItemRow
from ui.theme import Status, status_style

pytest_plugins = ["ui_support"]  # the ctx and world fixtures

GAMMA_YAML = """\
id: gamma
version: "1"
kind: osce
title: Gamma station
timing: {reading_s: 30, active_s: 120, warning_at_s: 90, changeover_s: 0}
sections:
  - id: main
    title: Main
    items:
      - {id: g1, type: binary, text: Introduces self, critical: true}
      - {id: g2, type: binary, text: Confirms consent}
pass_rule: {mode: fixed, pass_mark_pct: 50}
"""


MakeStation = Callable[[], ExaminerStation]


class RingSource(FedSource):
    """A device source the test feeds (the reader's thread stands aside)."""

    def __init__(self) -> None:
        super().__init__("sim://cpr?profile=good", samples=500, rate_hz=100.0)


@pytest.fixture
def source() -> RingSource:
    return RingSource()


@pytest.fixture
def make_station(
    qtbot: QtBot, ctx: AppContext, world: World, source: RingSource
) -> Iterator[MakeStation]:
    ctx.actor = world.eli
    built: list[tuple[QWidget, ExaminerStation]] = []

    def make() -> ExaminerStation:
        # A window as the main window lays it out: the message bar above the station.
        window = QWidget()
        station = ExaminerStation(ctx, reader_factory=lambda _url: source)
        # Stop the station (timers, device thread) before the window goes.
        qtbot.addWidget(window, before_close_func=lambda _w: station.shutdown())
        layout = QVBoxLayout(window)
        layout.addWidget(ctx.message_bar)
        layout.addWidget(station)
        window.resize(1280, 800)
        window.show()
        window.activateWindow()  # shortcuts act in the active window
        qtbot.waitUntil(window.isActiveWindow)
        built.append((window, station))
        wait_idle(qtbot, ctx)
        return station

    yield make
    # pytest-qt closed the windows (and so shut the stations down) by now.
    for window, station in built:
        if shiboken6.isValid(window):
            station.shutdown()
            window.close()
    assert source.started and source.stopped


def _check_in(qtbot: QtBot, ctx: AppContext, station: ExaminerStation, number: str) -> None:
    qtbot.mouseClick(station.precheck.continue_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert station.stack.currentIndex() == station.CHECKIN
    qtbot.waitUntil(lambda: station.checkin.station_key is not None)
    qtbot.keyClicks(station.checkin.scan, number)
    qtbot.keyClick(station.checkin.scan, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx)
    assert station.stack.currentIndex() == station.ENCOUNTER


def _row(station: ExaminerStation, item_id: str) -> ItemRow:
    return station.encounter.rows[item_id]


def _press(qtbot: QtBot, row: ItemRow, key: Qt.Key) -> None:
    row.setFocus()
    qtbot.keyClick(row, key)


def _feed_good_cpr(source: RingSource) -> int:
    """Feed two cycles of good CPR; returns the number of samples."""
    synthetic = synthesize(cpr_session(2), rate_hz=100.0, seed=3)
    source.feed(synthetic.trace.samples)
    return len(synthetic.trace.samples)


# --------------------------------------------------------------------------- panels


def test_every_panel_opens(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    station = make_station()
    assert station.stack.currentIndex() == station.PRECHECK
    station.precheck.refresh()
    results = station.precheck.results
    assert set(results) == {"device", "bell", "clock"}
    assert results["device"][0] == "ok"
    assert "FakeClock" in results["clock"][1]
    assert results["bell"][0] in ("ok", "warning")
    state_text = station.precheck.rows["device"][0].text()
    assert state_text.startswith("✔")  # a symbol besides the colour

    qtbot.mouseClick(station.precheck.test_bell_button, Qt.MouseButton.LeftButton)
    assert isinstance(ctx.bell, RecordingBell) and ctx.bell.rung == [BellKind.START]
    assert station.precheck.lamp_flashes == 1

    _check_in(qtbot, ctx, station, "C3")
    encounter = station.encounter
    assert encounter.view is not None and encounter.view.encounter.candidate_number == "C3"
    assert set(encounter.rows) == {"a1", "a2", "a3", "a4", "a5"}
    assert encounter.grade_row is not None
    assert encounter.device_box.isVisible()
    assert encounter.clock.phase is Phase.NOT_STARTED
    # Marking opens when the clock starts.
    _press(qtbot, _row(station, "a1"), Qt.Key.Key_D)
    assert _row(station, "a1").value is None


def test_examiner_flow_end_to_end(
    qtbot: QtBot,
    ctx: AppContext,
    world: World,
    source: RingSource,
    make_station: MakeStation,
) -> None:
    station = make_station()
    _check_in(qtbot, ctx, station, "C3")
    encounter = station.encounter
    qtbot.keyClick(encounter, Qt.Key.Key_F5)
    assert encounter.timer is not None and encounter.timer.phase is Phase.READING
    world.clock.advance(60)  # reading time over
    encounter.tick()
    assert encounter.timer.phase is Phase.ACTIVE
    world.clock.advance(12)
    _press(qtbot, _row(station, "a1"), Qt.Key.Key_D)
    _press(qtbot, _row(station, "a2"), Qt.Key.Key_P)
    _press(qtbot, _row(station, "a3"), Qt.Key.Key_4)
    # The timed item by click, stamped with the station clock.
    qtbot.mouseClick(_row(station, "a5").buttons["done"], Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    for item_id in ("a1", "a2", "a3", "a5"):
        assert _row(station, item_id).saved_state == "saved", item_id
    assert "0:12" in _row(station, "a5").status.text()

    # The device item fills from the live panel.
    fed = _feed_good_cpr(source)
    assert station.device_panel is not None and station.device_panel.drain() > 0
    qtbot.keyClick(encounter, Qt.Key.Key_F7)
    wait_idle(qtbot, ctx)
    assert _row(station, "a4").value is MarkValue.DONE
    assert _row(station, "a4").source == "device"

    grade = encounter.grade_row
    assert grade is not None
    grade.setFocus()
    qtbot.keyClick(grade, Qt.Key.Key_3)
    qtbot.mouseClick(encounter.feedback.phrase_buttons[0], Qt.MouseButton.LeftButton)
    encounter.notes.edit.setFocus()
    qtbot.keyClicks(encounter.notes.edit, "Quiet room needed")
    encounter.notes.flush()
    wait_idle(qtbot, ctx)
    assert grade.saved_state == "saved"
    assert encounter.feedback.state == "saved" and encounter.notes.state == "saved"

    qtbot.keyClick(encounter, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx)
    assert encounter.locked and encounter.next_button.isVisible()

    view = world.services.encounters.encounter_view(world.cora, encounter.encounter_id)
    assert view.encounter.status == "submitted"
    marks = {k: (m.value, m.source) for k, m in view.marks.items()}
    assert marks == {
        "a1": (MarkValue.DONE, "examiner"),
        "a2": (MarkValue.PARTIAL, "examiner"),
        "a3": (4, "examiner"),
        "a4": (MarkValue.DONE, "device"),
        "a5": (MarkValue.DONE, "examiner"),
    }
    assert view.marks["a5"].t_s == pytest.approx(12.0)
    assert view.grade is not None and view.grade.grade == 2
    assert view.comments["feedback"].text == "Good structure."
    assert view.comments["private"].text == "Quiet room needed"
    assert view.metrics["compressions"] == 60
    # The segment's trace is kept with the encounter, every sample of it.
    stored = world.services.encounters.encounter_trace(world.cora, encounter.encounter_id)
    assert stored.info.sample_count == fed > 0
    assert "sim://cpr" in stored.info.device_identity
    assert stored.data.decode("utf-8").count("\n") > stored.info.sample_count

    qtbot.keyClick(encounter, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ctx)
    assert station.stack.currentIndex() == station.CHECKIN


def test_incomplete_submit_names_the_missing_items(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    station = make_station()
    _check_in(qtbot, ctx, station, "C3")
    encounter = station.encounter
    encounter.start_timer()
    world.clock.advance(70)
    encounter.tick()
    _press(qtbot, _row(station, "a1"), Qt.Key.Key_D)
    qtbot.mouseClick(encounter.submit_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert not encounter.locked
    assert encounter.missing_box.isVisible()
    text = encounter.missing_label.text()
    for words in ("Explains the procedure", "Communication", "Calls for help", "Global rating"):
        assert words in text
    assert "Greets the patient" not in text
    assert _row(station, "a2").missing and not _row(station, "a1").missing
    # The first missing item has the focus; a "go to" button focuses the others.
    assert _row(station, "a2").hasFocus()
    go_to = [b for b in encounter.missing_buttons if "Communication" in b.text()]
    qtbot.mouseClick(go_to[0], Qt.MouseButton.LeftButton)
    assert _row(station, "a3").hasFocus()
    view = world.services.encounters.encounter_view(world.cora, encounter.encounter_id)
    assert view.encounter.status == "draft"

    # A mark saved now takes its item off the list; the grade given, the rating too.
    _press(qtbot, _row(station, "a3"), Qt.Key.Key_2)
    wait_idle(qtbot, ctx)
    assert "Communication" not in encounter.missing_label.text()
    assert not _row(station, "a3").missing
    assert not any("Communication" in b.text() for b in encounter.missing_buttons)
    # "Go to: global rating" brings the rating into view with the keyboard on it.
    grade_button = next(b for b in encounter.missing_buttons if "global rating" in b.text())
    qtbot.mouseClick(grade_button, Qt.MouseButton.LeftButton)
    grade_row = encounter.grade_row
    assert grade_row is not None and grade_row.hasFocus()
    viewport = encounter.scroll_area.viewport()
    top = grade_row.mapTo(viewport, grade_row.rect().topLeft()).y()
    assert 0 <= top < viewport.height()
    qtbot.keyClick(grade_row, Qt.Key.Key_3)
    wait_idle(qtbot, ctx)
    assert "Global rating" not in encounter.missing_label.text()

    # Submitting incomplete asks first; Enter (the default) keeps the encounter open.
    qtbot.mouseClick(encounter.submit_anyway, Qt.MouseButton.LeftButton)
    (box,) = [
        b for b in encounter.findChildren(QMessageBox, "confirmSubmitIncomplete") if b.isVisible()
    ]
    assert "C3" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible())
    wait_idle(qtbot, ctx)
    assert not encounter.locked
    # On purpose, it goes through, and the audit notes what was missing.
    qtbot.mouseClick(encounter.submit_anyway, Qt.MouseButton.LeftButton)
    (box,) = [
        b for b in encounter.findChildren(QMessageBox, "confirmSubmitIncomplete") if b.isVisible()
    ]
    confirm = box.findChild(QPushButton, "confirmSubmitIncompleteButton")
    qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert encounter.locked
    assert "incomplete" in encounter.result_label.text()


def test_twenty_missing_items_leave_the_checklist_its_room(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    station = make_station()
    _check_in(qtbot, ctx, station, "C3")
    encounter = station.encounter
    encounter.show_missing(("a1", "a2"), False)
    qtbot.wait(1)
    few = encounter.scroll_area.height()
    many = tuple(f"a{i}" for i in range(1, 6)) * 4  # twenty names
    encounter.show_missing(many, True)
    qtbot.wait(1)
    assert len(encounter.missing_buttons) <= 3
    assert "more" in encounter.missing_label.text()
    # The box does not grow with the count: the checklist keeps the same room.
    assert abs(encounter.scroll_area.height() - few) <= 24
    assert encounter.scroll_area.height() >= 250
    for button in encounter.missing_buttons:
        for other in encounter.missing_buttons:
            if button is not other:
                assert not button.geometry().intersects(other.geometry())


def _gamma_exam(world: World, tmp_path: Path) -> None:
    path = tmp_path / "gamma.yaml"
    path.write_text(GAMMA_YAML, encoding="utf-8")
    services = world.services
    services.exams.create_exam(
        world.cora, code="OSCE-W", title="Warning bells", starts_at=T0, stations=[str(path)]
    )
    services.exams.assign_examiner(world.cora, "OSCE-W", "gamma", "eli")
    roster = tmp_path / "roster-w.csv"
    roster.write_text("candidate_id,family_name,given_name\nC1,Doe,Jo\n", encoding="utf-8")
    services.roster.import_roster(world.cora, "OSCE-W", roster)
    services.exams.open_exam(world.cora, "OSCE-W")


def test_timer_phases_and_bells(
    qtbot: QtBot,
    ctx: AppContext,
    world: World,
    tmp_path: Path,
    make_station: MakeStation,
) -> None:
    _gamma_exam(world, tmp_path)
    station = make_station()
    qtbot.mouseClick(station.precheck.continue_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    checkin = station.checkin
    checkin.exam_combo.setCurrentIndex(checkin.exam_combo.findData("OSCE-W"))
    wait_idle(qtbot, ctx)
    assert checkin.station_key == "gamma"
    checkin.check_in("C1")
    wait_idle(qtbot, ctx)
    encounter, clock, bell = station.encounter, station.encounter.clock, ctx.bell
    assert isinstance(bell, RecordingBell)

    seen: list[tuple[Phase, str]] = []

    def step(seconds: float) -> None:
        world.clock.advance(seconds)
        encounter.tick()
        seen.append((clock.phase, clock.time_label.text()))

    encounter.start_timer()
    assert bell.rung == [BellKind.READING_START]
    assert clock.phase is Phase.READING and "Reading" in clock.phase_label.text()
    assert clock.time_label.text() == "0:30"
    step(30)
    assert bell.rung[-1] is BellKind.START
    assert clock.phase is Phase.ACTIVE and clock.time_label.text() == "2:00"
    assert "Running" in clock.phase_label.text()
    step(89)
    assert clock.phase is Phase.ACTIVE and clock.time_label.text() == "0:31"
    step(1)
    assert bell.rung[-1] is BellKind.WARNING
    assert clock.phase is Phase.WARNING and "Warning" in clock.phase_label.text()
    step(30)
    # END and CHANGEOVER_END share their time: one bell, three strikes.
    assert bell.rung == [BellKind.READING_START, BellKind.START, BellKind.WARNING, BellKind.END]
    assert clock.phase is Phase.DONE and "Ended" in clock.phase_label.text()
    step(5)
    assert clock.time_label.text() == "+0:05" and "overtime" in clock.phase_label.text()
    assert len(bell.rung) == 4  # each bell once
    assert clock.flashes_shown == 1 + 1 + 2 + 3
    # Each phase has its own colour, and its own words.
    phases = (Phase.READING, Phase.ACTIVE, Phase.WARNING, Phase.DONE)
    assert len({clock.phase_colour(p).name() for p in phases}) == 4
    assert len({clock.phase_text(p) for p in phases}) == 4
    assert [p for p, _ in seen] == [
        Phase.ACTIVE,
        Phase.ACTIVE,
        Phase.WARNING,
        Phase.DONE,
        Phase.DONE,
    ]


def test_pause_keeps_time_and_saves_state(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    station = make_station()
    _check_in(qtbot, ctx, station, "C3")
    encounter = station.encounter
    encounter.start_timer()
    world.clock.advance(70)
    encounter.tick()
    qtbot.keyClick(encounter, Qt.Key.Key_F8)
    assert encounter.pause_reason.isVisible()
    qtbot.keyClicks(encounter.pause_reason, "candidate unwell")
    qtbot.keyClick(encounter.pause_reason, Qt.Key.Key_Return)
    assert encounter.timer is not None and encounter.timer.is_paused
    world.clock.advance(100)
    encounter.tick()
    assert encounter.timer.elapsed_s == pytest.approx(70)
    assert "Paused" in encounter.clock.phase_label.text()
    wait_idle(qtbot, ctx)
    view = world.services.encounters.encounter_view(world.eli, encounter.encounter_id)
    assert view.timer_state is not None
    assert view.timer_state["own_pause_reason"] == "candidate unwell"
    qtbot.keyClick(encounter, Qt.Key.Key_F8)
    world.clock.advance(5)
    encounter.tick()
    assert encounter.timer.elapsed_s == pytest.approx(75)


def test_resume_after_restart(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    first = make_station()
    _check_in(qtbot, ctx, first, "C3")
    encounter = first.encounter
    encounter.start_timer()
    world.clock.advance(75)  # 15 s into the active phase
    encounter.tick()
    _press(qtbot, _row(first, "a1"), Qt.Key.Key_N)
    _press(qtbot, _row(first, "a3"), Qt.Key.Key_2)
    world.clock.advance(3)
    encounter.tick()
    wait_idle(qtbot, ctx)
    eid = encounter.encounter_id
    # The station goes away mid-encounter (closed, crashed, restarted) ...
    first.shutdown()
    first.window().close()
    wait_idle(qtbot, ctx)
    world.clock.advance(20)  # ... and comes back 20 s later.

    second = make_station()
    wait_idle(qtbot, ctx)
    assert second.stack.currentIndex() == second.ENCOUNTER
    assert second.encounter.encounter_id == eid
    assert "C3" in ctx.message_bar.text
    assert _row(second, "a1").value is MarkValue.NOT_DONE
    assert _row(second, "a3").value == 2
    assert _row(second, "a1").saved_state == "saved"
    timer = second.encounter.timer
    assert timer is not None
    # Saved at 78 s of station time; the 20 s the station was down count.
    assert timer.elapsed_s == pytest.approx(98)
    assert timer.phase is Phase.ACTIVE
    # Marking goes on where it was.
    _press(qtbot, _row(second, "a2"), Qt.Key.Key_D)
    wait_idle(qtbot, ctx)
    view = world.services.encounters.encounter_view(world.eli, eid)
    assert view.marks["a2"].value is MarkValue.DONE
    assert view.marks["a2"].t_s == pytest.approx(38)


def test_a_resumed_paused_encounter_offers_to_resume_and_names_the_candidate(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    first = make_station()
    _check_in(qtbot, ctx, first, "C3")
    encounter = first.encounter
    # The header names the candidate as the roster writes them, beside the number.
    candidate = next(
        c
        for c in world.services.checkin.station_candidates(world.eli, "OSCE-1", "alpha")
        if c.candidate_number == "C3"
    )
    assert f"C3 {candidate.given_name} {candidate.family_name}" in encounter.header.text()
    encounter.start_timer()
    world.clock.advance(70)
    encounter.tick()
    qtbot.keyClick(encounter, Qt.Key.Key_F8)
    qtbot.keyClicks(encounter.pause_reason, "candidate unwell")
    qtbot.keyClick(encounter.pause_reason, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx)
    first.shutdown()
    first.window().close()
    wait_idle(qtbot, ctx)

    second = make_station()
    wait_idle(qtbot, ctx)
    resumed = second.encounter
    assert resumed.timer is not None and resumed.timer.is_paused
    assert "Paused" in resumed.clock.phase_label.text()
    assert resumed.pause_button.text() == "Resume (F8)"
    qtbot.keyClick(resumed, Qt.Key.Key_F8)
    assert not resumed.timer.is_paused
    assert resumed.pause_button.text() == "Pause (F8)"


def test_device_override_with_reason(
    qtbot: QtBot,
    ctx: AppContext,
    world: World,
    source: RingSource,
    make_station: MakeStation,
) -> None:
    station = make_station()
    _check_in(qtbot, ctx, station, "C3")
    encounter = station.encounter
    encounter.start_timer()
    world.clock.advance(60)
    encounter.tick()
    row = _row(station, "a4")
    # A device item takes no mark from the examiner's keys ...
    _press(qtbot, row, Qt.Key.Key_D)
    assert row.value is None
    # ... but may be overridden with a reason.
    _press(qtbot, row, Qt.Key.Key_O)
    assert row.override_box is not None and row.override_box.isVisible()
    qtbot.mouseClick(row.override_not, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(row.apply_override_button, Qt.MouseButton.LeftButton)
    assert "reason" in row.status.text()  # a reason is required
    assert row.reason_edit is not None
    qtbot.keyClicks(row.reason_edit, "hands off the centre of the chest")
    qtbot.keyClick(row.reason_edit, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx)
    assert row.saved_state == "saved" and row.source == "override"
    # Later metrics from the device do not replace the override.
    _feed_good_cpr(source)
    assert station.device_panel is not None
    station.device_panel.drain()
    encounter.record_metrics()
    wait_idle(qtbot, ctx)
    view = world.services.encounters.encounter_view(world.cora, encounter.encounter_id)
    assert view.marks["a4"].value is MarkValue.NOT_DONE
    assert view.marks["a4"].source == "override"
    assert view.marks["a4"].reason == "hands off the centre of the chest"


def test_device_metrics_recorded_at_the_end_bell(
    qtbot: QtBot,
    ctx: AppContext,
    world: World,
    source: RingSource,
    make_station: MakeStation,
) -> None:
    station = make_station()
    _check_in(qtbot, ctx, station, "C3")
    encounter = station.encounter
    encounter.start_timer()
    world.clock.advance(60)
    encounter.tick()
    _feed_good_cpr(source)
    assert station.device_panel is not None
    station.device_panel.drain()
    assert "mm" in station.device_panel.values["depth"].text()
    world.clock.advance(300)  # the END bell
    encounter.tick()
    wait_idle(qtbot, ctx)
    view = world.services.encounters.encounter_view(world.cora, encounter.encounter_id)
    assert view.metrics["compressions"] == 60
    assert view.marks["a4"].source == "device"


def test_stored_cpr_metrics_are_the_analysis_of_the_stored_trace(
    qtbot: QtBot,
    ctx: AppContext,
    world: World,
    source: RingSource,
    make_station: MakeStation,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The live panel saw more than the recorder wrote (its first half reached the
    panel alone): what is stored is the analysis of the stored trace, never the live
    figures. A store that fails keeps the trace, and F7 tries again."""
    from test_ui_practice import reanalysed

    station = make_station()
    _check_in(qtbot, ctx, station, "C3")
    encounter = station.encounter
    panel = station.device_panel
    assert panel is not None and encounter.segment is not None
    samples = synthesize(cpr_session(2), rate_hz=100.0, seed=3).trace.samples
    half = len(samples) // 2
    panel.ring.extend(samples[:half])  # the panel's ring only
    source.feed(samples[half:])
    panel.drain()
    live = panel.summary().compressions
    folder = ctx.settings.resolved_data_dir / "traces"
    real = world.services.encounters.record_cpr_trace

    def broken(*args: object, **kwargs: object) -> object:
        raise OSError("disk full")

    monkeypatch.setattr(world.services.encounters, "record_cpr_trace", broken)
    qtbot.keyClick(encounter, Qt.Key.Key_F7)
    wait_idle(qtbot, ctx)
    assert not encounter.metrics_recorded
    assert "kept" in ctx.message_bar.messages[-1][1] and "F7" in ctx.message_bar.messages[-1][1]
    assert [p.name for p in folder.glob("*.csv")] == [encounter.segment.path.name]
    assert not world.services.encounters.encounter_view(world.cora, encounter.encounter_id).metrics
    monkeypatch.setattr(world.services.encounters, "record_cpr_trace", real)
    qtbot.keyClick(encounter, Qt.Key.Key_F7)
    wait_idle(qtbot, ctx)
    assert encounter.metrics_recorded
    view = world.services.encounters.encounter_view(world.cora, encounter.encounter_id)
    stored = world.services.encounters.encounter_trace(world.cora, encounter.encounter_id)
    assert stored.info.sample_count == len(samples) - half
    assert view.metrics == reanalysed(stored.data)
    assert 0 < view.metrics["compressions"] < live
    # The segment closes with the encounter: its trace is stored, its file goes.
    encounter.close_encounter()
    wait_idle(qtbot, ctx)
    assert not list(folder.glob("*.csv"))


def test_no_show_with_reason(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    world.services.exams.build_timetable(world.cora, "OSCE-1")
    station = make_station()
    qtbot.mouseClick(station.precheck.continue_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    checkin = station.checkin
    qtbot.waitUntil(lambda: len(checkin.shown()) == 3)
    assert "Poe, Bo" in checkin.row_text("C3") and "Not started" in checkin.row_text("C3")
    assert "Submitted" in checkin.row_text("C2")
    checkin.search.setText("C3")
    checkin.search.search.emit("C3")
    assert checkin.shown() == ["C3"] and checkin.selected_number() == "C3"
    qtbot.mouseClick(checkin.no_show_button, Qt.MouseButton.LeftButton)
    assert checkin.no_show_reason.isVisible()
    qtbot.keyClick(checkin.no_show_reason, Qt.Key.Key_Return)
    assert "reason" in checkin.status.text()  # a reason is required
    qtbot.keyClicks(checkin.no_show_reason, "sent home ill")
    qtbot.keyClick(checkin.no_show_reason, Qt.Key.Key_Return)

    def question() -> QMessageBox:
        (box,) = [b for b in checkin.findChildren(QMessageBox, "confirmNoShow") if b.isVisible()]
        return box

    # Recording absent asks first; Enter (a scanner sends one) answers Cancel.
    box = question()
    assert "C3" in box.text() and "sent home ill" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not box.isVisible())
    wait_idle(qtbot, ctx)
    assert not [
        i
        for i in world.services.encounters.encounters(world.cora, "OSCE-1", station_key="alpha")
        if i.candidate_number == "C3"
    ]
    qtbot.keyClick(checkin.no_show_reason, Qt.Key.Key_Return)
    box = question()
    qtbot.mouseClick(box.findChild(QPushButton, "confirmNoShowButton"), Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert "C3" in ctx.message_bar.text
    infos = world.services.encounters.encounters(world.cora, "OSCE-1", station_key="alpha")
    absent = [i for i in infos if i.candidate_number == "C3"]
    assert [i.status for i in absent] == ["no_show"]
    view = world.services.encounters.encounter_view(world.cora, absent[0].id)
    assert view.comments["private"].text == "No-show: sent home ill"
    assert station.stack.currentIndex() == station.CHECKIN


def test_unknown_candidate_is_refused_with_a_message(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    station = make_station()
    qtbot.mouseClick(station.precheck.continue_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: station.checkin.station_key is not None)
    qtbot.keyClicks(station.checkin.scan, "NOBODY-9")
    qtbot.keyClick(station.checkin.scan, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx)
    assert station.stack.currentIndex() == station.CHECKIN
    assert "NOBODY-9" in station.checkin.status.text()


def test_keyboard_only_scoring_and_the_hidden_score(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    station = make_station()
    _check_in(qtbot, ctx, station, "C3")
    encounter = station.encounter
    qtbot.keyClick(encounter, Qt.Key.Key_F5)
    qtbot.keyClick(encounter, Qt.Key.Key_F6)  # skip the reading time
    assert encounter.timer is not None and encounter.timer.phase is Phase.ACTIVE
    # The first item has the focus; keys mark it and arrows move on.
    first = _row(station, "a1")
    assert first.hasFocus()
    qtbot.keyClick(first, Qt.Key.Key_Y)
    qtbot.keyClick(first, Qt.Key.Key_Down)
    second = _row(station, "a2")
    assert second.hasFocus()
    qtbot.keyClick(second, Qt.Key.Key_X)
    qtbot.keyClick(second, Qt.Key.Key_Delete)  # cleared again
    qtbot.keyClick(second, Qt.Key.Key_Up)
    assert first.hasFocus()
    # A rating off the scale and 'partial' on a binary item are ignored.
    qtbot.keyClick(_row(station, "a3"), Qt.Key.Key_9)
    qtbot.keyClick(first, Qt.Key.Key_P)
    wait_idle(qtbot, ctx)
    assert _row(station, "a3").value is None
    assert first.value is MarkValue.DONE and second.value is None
    view = world.services.encounters.encounter_view(world.eli, encounter.encounter_id)
    assert view.marks["a1"].value is MarkValue.DONE
    assert view.marks["a2"].value is None  # the clearing is stored too
    assert [m.value for m in view.history["a2"]] == [MarkValue.NOT_DONE, None]

    # The running score stays hidden until asked for.
    assert not encounter.score_label.isVisible()
    qtbot.keyClick(encounter, Qt.Key.Key_F9)
    wait_idle(qtbot, ctx)
    assert encounter.score_label.isVisible()
    assert encounter.score_label.text().startswith("Score so far: 1 of 7")
    qtbot.keyClick(encounter, Qt.Key.Key_F9)
    assert not encounter.score_label.isVisible()


def test_critical_items_are_marked_in_words(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    ctx.actor = world.ann  # beta: b1 is critical, no device
    station = make_station()
    _check_in(qtbot, ctx, station, "C1")
    encounter = station.encounter
    critical = _row(station, "b1").critical_label
    assert critical is not None and "Critical" in critical.text()
    assert _row(station, "b2").critical_label is None
    assert not encounter.device_box.isVisible()
    assert encounter.grade_row is None


def test_a_submitted_encounter_opens_locked(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    station = make_station()
    qtbot.mouseClick(station.precheck.continue_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    qtbot.waitUntil(lambda: bool(station.checkin.shown()))
    qtbot.keyClicks(station.checkin.scan, "C2")  # submitted in the world's set-up
    qtbot.keyClick(station.checkin.scan, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx)
    # Seen already: one Enter only warns, a second one opens it.
    assert station.stack.currentIndex() == station.CHECKIN
    assert "already been marked and submitted" in station.checkin.status.text()
    assert "already been marked and submitted" in ctx.message_bar.text
    qtbot.keyClick(station.checkin.scan, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx)
    assert station.stack.currentIndex() == station.ENCOUNTER
    assert ctx.message_bar.text == ""  # the warning was answered
    encounter = station.encounter
    assert encounter.locked and encounter.next_button.isVisible()
    assert not encounter.submit_button.isVisible()
    qtbot.keyClick(encounter, Qt.Key.Key_F5)
    assert encounter.timer is None
    _press(qtbot, _row(station, "a1"), Qt.Key.Key_D)
    assert _row(station, "a1").value is None


def test_back_to_check_in_before_the_clock_starts(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    station = make_station()
    _check_in(qtbot, ctx, station, "C3")
    encounter = station.encounter
    assert encounter.back_button.isVisible()
    qtbot.mouseClick(encounter.back_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    assert station.stack.currentIndex() == station.CHECKIN
    station.checkin.check_in("C1")
    wait_idle(qtbot, ctx)
    assert station.stack.currentIndex() == station.ENCOUNTER
    assert encounter.view is not None and encounter.view.encounter.candidate_number == "C1"
    encounter.start_timer()
    assert not encounter.back_button.isVisible()


def test_visual_bell_follows_the_settings(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    ctx.settings = replace(ctx.settings, visual_bell=False, bell_sound=False)
    station = make_station()
    status, text = station.precheck.bell_check()
    assert status == "error" and "visual bell" in text
    _check_in(qtbot, ctx, station, "C3")
    encounter = station.encounter
    encounter.start_timer()
    world.clock.advance(60)
    encounter.tick()
    assert isinstance(ctx.bell, RecordingBell)
    assert ctx.bell.rung == [BellKind.READING_START, BellKind.START]  # the sink still rings
    assert encounter.clock.flashes_shown == 0  # but nothing flashes


# --------------------------------------------------------------------------- finding candidates


def _open_check_in(qtbot: QtBot, ctx: AppContext, station: ExaminerStation) -> CheckInPanel:
    qtbot.mouseClick(station.precheck.continue_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, ctx)
    checkin = station.checkin
    qtbot.waitUntil(lambda: bool(checkin.shown()))
    assert checkin.search.hasFocus()  # ready to type
    return checkin


def _type(qtbot: QtBot, checkin: CheckInPanel, text: str) -> None:
    """Replace the search text by typing it, and wait until the list follows it."""
    checkin.search.clear()
    if text.isascii():
        qtbot.keyClicks(checkin.search, text)
    else:  # QTest types ASCII only; an input method inserts the rest
        checkin.search.insert(text)
    wanted = [e.candidate_number for e in checkin.roster.entries if matches(e, text)]
    qtbot.waitUntil(lambda: checkin.shown() == wanted)


@pytest.fixture
def jose(world: World, tmp_path: Path) -> None:
    roster = tmp_path / "late-entries.csv"
    roster.write_text(
        "candidate_id,family_name,given_name,group\nC4,Núñez,José,Blue\nC5,Ng,Josephine,Red\n",
        encoding="utf-8",
    )
    world.services.roster.import_roster(world.cora, "OSCE-1", roster)


def test_search_by_name_ignores_accents_and_case(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation, jose: None
) -> None:
    station = make_station()
    checkin = _open_check_in(qtbot, ctx, station)
    assert checkin.shown() == ["C1", "C2", "C3", "C4", "C5"]
    assert "Núñez, José" in checkin.row_text("C4") and "Blue" in checkin.row_text("C4")
    _type(qtbot, checkin, "jose")
    assert checkin.shown() == ["C4", "C5"]  # José and Josephine
    _type(qtbot, checkin, "NUNEZ")
    assert checkin.shown() == ["C4"]
    _type(qtbot, checkin, "jos red")  # every word must match: Josephine of group Red
    assert checkin.shown() == ["C5"]
    _type(qtbot, checkin, "poe")
    assert checkin.shown() == ["C3"]
    _type(qtbot, checkin, "zz")
    assert checkin.shown() == []
    qtbot.keyClick(checkin.search, Qt.Key.Key_Return)
    assert "No candidate matches" in checkin.status.text()
    # Type, Enter: the candidate found is checked in.
    _type(qtbot, checkin, "josé nú")
    assert checkin.shown() == ["C4"] and checkin.selected_number() == "C4"
    qtbot.keyClick(checkin.search, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx)
    assert station.stack.currentIndex() == station.ENCOUNTER
    view = station.encounter.view
    assert view is not None and view.encounter.candidate_number == "C4"


def test_arrows_in_the_search_box_choose_and_enter_checks_in(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    station = make_station()
    checkin = _open_check_in(qtbot, ctx, station)
    # The first candidate still to be seen is highlighted: C1, checked in but not marked.
    assert checkin.selected_number() == "C1"
    qtbot.keyClick(checkin.search, Qt.Key.Key_Down)
    qtbot.keyClick(checkin.search, Qt.Key.Key_Down)
    assert checkin.selected_number() == "C3" and checkin.search.hasFocus()
    qtbot.keyClick(checkin.search, Qt.Key.Key_Up)
    assert checkin.selected_number() == "C2"
    qtbot.keyClick(checkin.search, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx)
    assert station.stack.currentIndex() == station.CHECKIN  # C2 was submitted: a warning
    assert "C2 (Roe, Al)" in checkin.status.text()
    qtbot.keyClick(checkin.search, Qt.Key.Key_Down)  # changing one's mind forgets it
    assert checkin.pending_confirmation is None
    qtbot.keyClick(checkin.search, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx)
    view = station.encounter.view
    assert station.stack.currentIndex() == station.ENCOUNTER
    assert view is not None and view.encounter.candidate_number == "C3"


def test_a_number_typed_in_full_in_the_search_box_checks_that_candidate_in(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    station = make_station()
    checkin = _open_check_in(qtbot, ctx, station)
    qtbot.keyClicks(checkin.search, "c3")  # as a badge reader types it, case aside
    qtbot.keyClick(checkin.search, Qt.Key.Key_Return)
    wait_idle(qtbot, ctx)
    view = station.encounter.view
    assert view is not None and view.encounter.candidate_number == "C3"


def test_a_candidate_with_another_examiner_is_flagged(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    world.services.exams.assign_examiner(world.cora, "OSCE-1", "alpha", "una")
    una = world.services.identity.authenticate("una", EXAMINER_PIN)
    world.services.encounters.check_in(una, "OSCE-1", "alpha", "C3")
    station = make_station()
    checkin = _open_check_in(qtbot, ctx, station)
    assert "In progress — una" in checkin.row_text("C3")
    _type(qtbot, checkin, "bo")
    assert checkin.selected_number() == "C3"
    qtbot.keyClick(checkin.search, Qt.Key.Key_Return)
    assert "is being marked at this station by una" in checkin.status.text()
    qtbot.keyClick(checkin.search, Qt.Key.Key_Return)  # anyway: the service decides
    wait_idle(qtbot, ctx)
    assert station.stack.currentIndex() == station.CHECKIN
    assert "already has a primary encounter" in checkin.status.text()
    infos = world.services.encounters.encounters(world.cora, "OSCE-1", station_key="alpha")
    assert [(i.candidate_number, i.examiner) for i in infos if i.candidate_number == "C3"] == [
        ("C3", "una")
    ]


def test_fold_and_matches() -> None:
    assert fold("José Núñez") == "jose nunez"
    assert fold("STRASSE") == fold("Straße")
    entry = StationCandidate("C9", "Ødegård", "Zoë", "A-2", None, None, None, "not_started", None)
    assert matches(entry, "zoe")
    assert matches(entry, "") and matches(entry, "  c9 ")
    assert not matches(entry, "zoe x")


# --------------------------------------------------------------------------- readability


@pytest.mark.parametrize("window", ["#f4f4f4", "#ffffff", "#202124", "#17181a"])
@pytest.mark.parametrize("status", [s.value for s in Status])
def test_status_text_is_shaded_to_readable_contrast(window: str, status: str) -> None:
    colour, _symbol, _label = status_style(status)
    background = QColor(window)
    shown = readable_on(colour, background)
    assert contrast_ratio(shown, background) >= 4.5
    if contrast_ratio(colour, background) >= 4.5:
        assert shown == colour  # a readable colour is left as it is


def test_contrast_ratio_matches_the_wcag_extremes() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#777777")) == pytest.approx(1.0)


def test_the_precheck_warning_is_readable_in_the_light_theme(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation
) -> None:
    ctx.settings = replace(ctx.settings, bell_sound=False)  # the bell check warns
    station = make_station()
    station.precheck.refresh()
    assert station.precheck.results["bell"][0] == "warning"
    state = station.precheck.rows["bell"][0]
    sheet = state.styleSheet()
    shown = QColor(sheet.split("color:")[1].split(";")[0].strip())
    window = state.palette().color(QPalette.ColorRole.Window)
    assert contrast_ratio(shown, window) >= 3.0


def test_the_compact_layout_folds_the_cpr_panel_and_shrinks_the_clock(
    qtbot: QtBot, ctx: AppContext, world: World, make_station: MakeStation, source: RingSource
) -> None:
    station = make_station()
    _check_in(qtbot, ctx, station, "C3")
    encounter = station.encounter
    assert encounter.device_box.isVisible() and encounter.panel_button.isVisible()
    narrow = encounter.scroll_area.width()
    # F10 folds the panel away: the checklist takes the width; the device keeps streaming.
    qtbot.keyClick(encounter, Qt.Key.Key_F10)
    qtbot.wait(1)
    assert not encounter.device_box.isVisible()
    assert encounter.scroll_area.width() > narrow + 100
    assert source.started and not source.stopped
    qtbot.keyClick(encounter, Qt.Key.Key_F10)
    qtbot.wait(1)
    assert encounter.device_box.isVisible()
    # A short window (the 1024x700 minimum) gets the compact clock; a tall one the large.
    window = encounter.window()
    window.resize(1024, 600)
    qtbot.waitUntil(lambda: encounter.clock.compact)
    assert encounter.clock.time_label.font().pointSizeF() == encounter.clock.COMPACT_TIME_PT
    window.resize(1280, 900)
    qtbot.waitUntil(lambda: not encounter.clock.compact)
