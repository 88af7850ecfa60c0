"""The simulation scenario console (ui/scenario): scripted events firing on an injected
clock and changing the monitor, manual events, notes, pause and resume, conditions on
the examiner's marks and on the manikin, the event log stored with the encounter, the
monitor's own window, and the threads stopped at the end.

Every test runs on a real SQLite file with a FakeClock; the log is read back through
the services.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from test_services_scenario import SCENARIO_KEY, SIM_EXAM, add_scenario_exam
from test_services_support import World
from ui_support import FedSource, wait_idle

from assessments.scenario import EventStatus
from assessments.scoring import MarkValue
from ui.context import AppContext
from ui.scenario import ScenarioConsole
from ui.scenario.console import MARKS_POLL_S
from ui.scenario.monitor import EcgTrace, alarm_status, ecg_value, rhythm_status
from ui.theme import Status

pytest_plugins = ["ui_support"]  # the ctx and world fixtures


class RingSource(FedSource):
    """A device source the test feeds (no reader thread)."""


MakeConsole = Callable[..., ScenarioConsole]


@pytest.fixture
def make_console(qtbot: QtBot, ctx: AppContext, world: World) -> Iterator[MakeConsole]:
    add_scenario_exam(world)
    ctx.actor = world.eli
    built: list[tuple[QWidget, ScenarioConsole]] = []

    def make(source: RingSource | None = None) -> ScenarioConsole:
        window = QWidget()
        if source is not None:
            from dataclasses import replace

            ctx.settings = replace(ctx.settings, device_url="sim://cpr")
        console = ScenarioConsole(
            ctx, reader_factory=None if source is None else (lambda _url: source)
        )
        qtbot.addWidget(window, before_close_func=lambda _w: console.shutdown())
        layout = QVBoxLayout(window)
        layout.addWidget(ctx.message_bar)
        layout.addWidget(console)
        window.resize(1280, 800)
        window.show()
        window.activateWindow()  # shortcuts act in the active window
        qtbot.waitUntil(window.isActiveWindow)
        built.append((window, console))
        wait_idle(qtbot, ctx)
        return console

    yield make
    for window, console in built:
        if shiboken6.isValid(window):
            console.shutdown()
            window.close()


def _check_in(qtbot: QtBot, ctx: AppContext, console: ScenarioConsole, number: str) -> None:
    console.checkin.load((SIM_EXAM, SCENARIO_KEY))
    wait_idle(qtbot, ctx)
    assert console.checkin.station_key == SCENARIO_KEY
    console.checkin.check_in(number)
    wait_idle(qtbot, ctx)
    assert console.operator is not None
    assert console.stack.currentWidget() is console.operator


def _tick_at(world: World, console: ScenarioConsole, seconds: float) -> None:
    world.clock.advance(seconds)
    console.tick()


def _stored(ctx: AppContext, world: World, console: ScenarioConsole) -> list[tuple[str, str]]:
    assert console.session is not None
    log = world.services.scenario.scenario_log(world.eli, console.session.encounter_id)
    return [(entry.kind, entry.name) for entry in log]


def test_scripted_events_fire_on_the_clock_and_change_the_monitor(
    qtbot: QtBot, ctx: AppContext, world: World, make_console: MakeConsole
) -> None:
    console = make_console()
    _check_in(qtbot, ctx, console, "C1")
    operator, session = console.operator, console.session
    assert operator is not None and session is not None
    monitor = operator.monitor
    assert monitor.tiles["hr"].value.text() == "118"
    assert monitor.rhythm.value.text() == "sinus"
    assert monitor.tiles["spo2"].status is Status.CRITICAL  # 89 %: NEWS2 scores 3

    # Nothing fires before the operator starts.
    _tick_at(world, console, 30)
    assert session.runner.status("handover") is EventStatus.PENDING

    qtbot.mouseClick(operator.start_button, Qt.MouseButton.LeftButton)
    assert session.runner.status("handover") is EventStatus.FIRED
    assert "Handover from the ward nurse" in operator.log.item(1).text()

    _tick_at(world, console, 59)
    assert monitor.tiles["hr"].value.text() == "118"
    _tick_at(world, console, 1)  # 01:00: cardiac arrest in VF
    assert session.runner.status("arrest") is EventStatus.FIRED
    assert monitor.tiles["hr"].value.text() == "0"
    assert monitor.tiles["bp"].value.text() == "0/0"
    assert monitor.rhythm.value.text() == "VF"
    assert monitor.rhythm.status is Status.CRITICAL
    assert "ALARM" in monitor.rhythm.alarm.text()
    assert "ALARM" in monitor.tiles["hr"].alarm.text()

    # SpO2 falls from 89 to 60 over 30 s after the arrest.
    _tick_at(world, console, 15)
    assert monitor.tiles["spo2"].value.text() == "75"  # half way, rounded half up (74.5)
    _tick_at(world, console, 15)  # 01:30: no compressions marked -> the prompt fires
    assert monitor.tiles["spo2"].value.text() == "60"
    assert session.runner.status("prompt-compressions") is EventStatus.FIRED
    assert operator.timeline_items["prompt-compressions"].text(0).endswith("Fired")
    assert operator.clock_label.text().startswith("01:30")

    wait_idle(qtbot, ctx)
    assert _stored(ctx, world, console) == [
        ("start", ""),
        ("scripted", "handover"),
        ("scripted", "arrest"),
        ("vitals", "arrest"),
        ("scripted", "saturation-falls"),
        ("vitals", "saturation-falls"),
        ("scripted", "prompt-compressions"),
    ]
    log = world.services.scenario.scenario_log(world.eli, session.encounter_id)
    assert [entry.t_s for entry in log] == [0.0, 0.0, 60.0, 60.0, 60.0, 60.0, 90.0]
    assert '"rhythm": "VF"' in log[3].detail
    assert '"over_s": 30' in log[5].detail
    # A gradual change says how long it takes; an instant one does not.
    assert operator.log.item(5).text().startswith("01:00  Vital signs over 30 s: ")
    assert "Vital signs: " in operator.log.item(3).text()
    assert "By hand" not in operator.log.item(2).text()  # scripted
    assert all(line.stored and line.failed is None for line in session.lines)
    assert "…" not in operator.log.item(0).text()


def test_manual_events_notes_and_firing_by_hand(
    qtbot: QtBot, ctx: AppContext, world: World, make_console: MakeConsole
) -> None:
    console = make_console()
    _check_in(qtbot, ctx, console, "C1")
    operator, session = console.operator, console.session
    assert operator is not None and session is not None
    button = operator.manual_buttons["relative-arrives"]
    assert not button.isEnabled()  # not before the start
    operator.start_button.click()
    assert button.isEnabled()

    _tick_at(world, console, 20)
    button.click()
    assert session.runner.status("relative-arrives") is EventStatus.FIRED
    assert not button.isEnabled()

    # Any event fires by hand from the timeline: the collapse, ahead of its time.
    operator.timeline.setCurrentItem(operator.timeline_items["arrest"])
    operator.timeline.setFocus()
    qtbot.keyClick(
        operator,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert session.runner.status("arrest") is EventStatus.FIRED
    operator.fire_selected()  # pressing again does nothing more
    assert operator.monitor.rhythm.value.text() == "VF"

    qtbot.keyClicks(operator.note_edit, "Leader asks for the defibrillator")
    qtbot.keyClick(operator.note_edit, Qt.Key.Key_Return)
    assert operator.note_edit.text() == ""
    operator.add_note()  # an empty note is not logged

    wait_idle(qtbot, ctx)
    log = world.services.scenario.scenario_log(world.eli, session.encounter_id)
    assert [(e.kind, e.name, e.t_s) for e in log] == [
        ("start", "", 0.0),
        ("scripted", "handover", 0.0),
        ("manual", "relative-arrives", 20.0),
        ("manual", "arrest", 20.0),
        ("vitals", "arrest", 20.0),
        # Chained straight after the collapse.
        ("scripted", "saturation-falls", 20.0),
        ("vitals", "saturation-falls", 20.0),
        ("note", "", 20.0),
    ]
    assert log[7].detail == "Leader asks for the defibrillator"
    # The console's log tells the operator's events from the script's.
    texts = [operator.log.item(i).text() for i in range(operator.log.count())]
    assert "✋ By hand: " in texts[2] and "✋ By hand: " in texts[3]
    assert "By hand" not in texts[1] and "By hand" not in texts[5]


def test_pause_and_resume_stop_the_scenario_clock(
    qtbot: QtBot, ctx: AppContext, world: World, make_console: MakeConsole
) -> None:
    console = make_console()
    _check_in(qtbot, ctx, console, "C1")
    operator, session = console.operator, console.session
    assert operator is not None and session is not None
    operator.start_button.click()
    _tick_at(world, console, 50)
    operator.timeline.setFocus()
    qtbot.keyClick(operator, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert session.paused
    assert operator.state_label.text() == "PAUSED"
    assert operator.pause_button.text().startswith("Resume")

    _tick_at(world, console, 300)  # a long pause: the arrest (01:00) must not come
    assert session.t_s == 50
    assert session.runner.status("arrest") is EventStatus.PENDING
    assert operator.monitor.tiles["hr"].value.text() == "118"
    # Nor does an event that waits for a mark, even if the mark comes during the pause.
    wait_idle(qtbot, ctx)  # no earlier reading of the marks still on its way
    world.services.encounters.mark_item(
        world.eli, session.encounter_id, "calls-arrest-team", MarkValue.DONE, t_s=50.0
    )
    _tick_at(world, console, MARKS_POLL_S)  # the console reads the marks
    wait_idle(qtbot, ctx)
    assert "calls-arrest-team" in session.items_done
    _tick_at(world, console, 1)
    assert session.runner.status("team-called") is EventStatus.PENDING

    operator.pause_button.click()
    assert not session.paused
    _tick_at(world, console, 10)  # 01:00 of active time
    assert session.runner.status("arrest") is EventStatus.FIRED
    assert session.runner.status("team-called") is EventStatus.FIRED

    wait_idle(qtbot, ctx)
    log = world.services.scenario.scenario_log(world.eli, session.encounter_id)
    assert [(e.kind, e.t_s) for e in log if e.kind in ("pause", "resume")] == [
        ("pause", 50.0),
        ("resume", 50.0),
    ]
    assert [e.t_s for e in log if e.name == "arrest"] == [60.0, 60.0]


def test_conditions_follow_the_examiners_marks_and_missed_events_are_logged(
    qtbot: QtBot, ctx: AppContext, world: World, make_console: MakeConsole
) -> None:
    console = make_console()
    _check_in(qtbot, ctx, console, "C1")
    session = console.session
    assert session is not None
    assert console.operator is not None
    console.operator.start_button.click()
    _tick_at(world, console, 70)
    # The examiner marks compressions started at 01:05 and the arrest call.
    services = world.services
    services.encounters.mark_item(
        world.eli, session.encounter_id, "starts-compressions", MarkValue.DONE, t_s=65.0
    )
    services.encounters.mark_item(
        world.eli, session.encounter_id, "calls-arrest-team", MarkValue.DONE, t_s=66.0
    )
    _tick_at(world, console, MARKS_POLL_S)  # the console reads the marks
    wait_idle(qtbot, ctx)
    _tick_at(world, console, 1)
    assert session.runner.status("team-called") is EventStatus.FIRED
    _tick_at(world, console, 20)  # 01:33: compressions were done by 01:30, no prompt
    assert session.runner.status("prompt-compressions") is EventStatus.MISSED
    assert console.operator is not None
    assert console.operator.timeline_items["prompt-compressions"].text(0).endswith("Missed")
    wait_idle(qtbot, ctx)
    kinds = _stored(ctx, world, console)
    assert ("scripted", "team-called") in kinds
    assert ("missed", "prompt-compressions") in kinds


def test_the_monitor_opens_in_its_own_window_and_closes(
    qtbot: QtBot, ctx: AppContext, world: World, make_console: MakeConsole
) -> None:
    console = make_console()
    _check_in(qtbot, ctx, console, "C1")
    operator = console.operator
    assert operator is not None
    operator.start_button.click()
    operator.monitor_button.click()
    window = console.monitor_window
    assert window is not None
    qtbot.waitExposed(window)
    assert window.isWindow() and window.isVisible()
    assert window.monitor.session is console.session
    _tick_at(world, console, 60)
    assert window.monitor.rhythm.value.text() == "VF"  # the same model drives both
    assert window.monitor.tiles["hr"].value.text() == operator.monitor.tiles["hr"].value.text()
    assert len(window.monitor.trace.points) > 0

    window.close()
    assert console.monitor_window is None
    operator.monitor_button.click()  # opens again
    assert console.monitor_window is not None
    console.shutdown()
    assert console.monitor_window is None


def test_the_scenario_ends_when_its_time_runs_out_and_on_the_next_candidate(
    qtbot: QtBot, ctx: AppContext, world: World, make_console: MakeConsole
) -> None:
    console = make_console()
    _check_in(qtbot, ctx, console, "C1")
    operator, session = console.operator, console.session
    assert operator is not None and session is not None
    assert operator.next_button.isEnabled()
    operator.start_button.click()
    assert not operator.next_button.isEnabled()
    _tick_at(world, console, 2000)  # past the 15 minutes of active time
    assert session.ended
    assert session.t_s == 900
    assert operator.state_label.text() == "Ended"
    assert not operator.end_button.isEnabled()
    assert operator.next_button.isEnabled()
    wait_idle(qtbot, ctx)
    log = world.services.scenario.scenario_log(world.eli, session.encounter_id)
    assert (log[-1].kind, log[-1].t_s) == ("end", 900.0)

    operator.next_button.click()
    assert console.session is None
    assert console.stack.currentWidget() is console.checkin
    wait_idle(qtbot, ctx)
    _check_in(qtbot, ctx, console, "C2")
    assert console.session is not None
    assert console.session.view.encounter.candidate_number == "C2"


def test_a_checklist_station_is_refused_and_a_failed_write_is_shown(
    qtbot: QtBot, ctx: AppContext, world: World, make_console: MakeConsole
) -> None:
    world.services.exams.assign_examiner(world.cora, SIM_EXAM, "beta", "eli")
    console = make_console()
    console.checkin.load((SIM_EXAM, "beta"))
    wait_idle(qtbot, ctx)
    console.checkin.check_in("C3")
    wait_idle(qtbot, ctx)
    assert console.session is None
    assert "is not a simulation scenario" in ctx.message_bar.text

    _check_in(qtbot, ctx, console, "C1")
    session = console.session
    assert session is not None
    session.start()
    wait_idle(qtbot, ctx)
    # Submitted elsewhere meanwhile: the next line cannot be stored, and says so.
    world.services.encounters.submit(world.eli, session.encounter_id, allow_incomplete=True)
    assert session.note("too late")
    wait_idle(qtbot, ctx)
    assert session.lines[-1].failed is not None
    operator = console.operator
    assert operator is not None
    assert "not saved" in operator.log.item(len(session.lines) - 1).text()
    assert "was not saved" in ctx.message_bar.text


def test_the_device_reader_is_started_read_and_stopped(
    qtbot: QtBot, ctx: AppContext, world: World, make_console: MakeConsole
) -> None:
    source = RingSource()
    console = make_console(source)
    assert source.started
    _check_in(qtbot, ctx, console, "C1")
    operator = console.operator
    assert operator is not None and console.device_panel is not None
    assert console.device_panel.isVisibleTo(operator)
    assert console.session is not None
    console.tick()
    assert set(console.session.metrics) >= {"ccf", "compressions"}
    console.shutdown()
    assert source.stopped
    assert not console.device_panel.running


def test_the_manikin_trace_is_stored_when_the_scenario_ends(
    qtbot: QtBot, ctx: AppContext, world: World, make_console: MakeConsole
) -> None:
    """The debrief player draws the depth from the encounter's stored trace: the console
    stores what the manikin sent between check-in and the end of the scenario."""
    from devices.cpr.synth import Run, synthesize
    from station.services import NotFound

    source = RingSource()
    console = make_console(source)
    _check_in(qtbot, ctx, console, "C1")
    session, operator = console.session, console.operator
    assert session is not None and operator is not None
    operator.start_button.click()
    samples = synthesize([Run(20, depth_mm=55)], rate_hz=100.0, seed=4).trace.samples
    source.feed(samples)
    assert console.device_panel is not None
    console.device_panel.drain()
    assert console.device_panel.samples == len(samples)
    with pytest.raises(NotFound):
        world.services.encounters.encounter_trace(world.eli, session.encounter_id)
    session.end()
    session.end()  # once only
    wait_idle(qtbot, ctx)
    stored = world.services.encounters.encounter_trace(world.eli, session.encounter_id)
    assert stored.info.sample_count == len(samples)


def test_alarm_bands_and_rhythms() -> None:
    assert alarm_status("hr", 75) is Status.OK
    assert alarm_status("hr", 50) is Status.WARNING
    assert alarm_status("hr", 40) is Status.CRITICAL
    assert alarm_status("hr", 131) is Status.CRITICAL
    assert alarm_status("spo2", 96) is Status.OK
    assert alarm_status("spo2", 93) is Status.WARNING
    assert alarm_status("spo2", 91) is Status.CRITICAL
    assert alarm_status("sbp", 120) is Status.OK
    assert alarm_status("sbp", 100) is Status.WARNING
    assert alarm_status("sbp", 90) is Status.CRITICAL
    assert alarm_status("rr", 16) is Status.OK
    assert alarm_status("rr", 22) is Status.WARNING
    assert alarm_status("rr", 8) is Status.CRITICAL
    assert alarm_status("hr", None) is Status.NOT_STARTED
    assert rhythm_status("VF") is Status.CRITICAL
    assert rhythm_status("asystole") is Status.CRITICAL
    assert rhythm_status("sinus") is Status.OK


def test_the_trace_draws_beats_at_the_heart_rate(qtbot: QtBot) -> None:
    trace = EcgTrace()
    qtbot.addWidget(trace)
    trace.advance(0.0, 60, "sinus")
    assert trace.advance(2.0, 60, "sinus") == 2 * EcgTrace.RATE_HZ
    peaks = [v for v in trace.points if v > 0.8]
    # One R wave a second: two beats, a few samples each above 0.8.
    assert 2 <= len(peaks) <= 2 * 6
    flat = EcgTrace()
    qtbot.addWidget(flat)
    flat.advance(0.0, 0, "asystole")
    flat.advance(1.0, 0, "asystole")
    assert max(abs(v) for v in flat.points) < 0.05
    assert max(abs(ecg_value("VF", 0.0, t / 100)) for t in range(200)) > 0.3


def test_a_new_station_runs_the_bundled_scenario_and_sees_new_exams(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The first-run practice exam holds the bundled cardiac-arrest scenario, so the
    console runs it on a new station; an exam created meanwhile appears when the
    console is shown again, without signing out."""
    from test_services_support import T0, make_services
    from ui_support import close_context, make_context

    from common.clock import FakeClock
    from station.firstrun import PRACTICE_EXAM_CODE, PRACTICE_SCENARIO, first_run_setup

    clock = FakeClock(start_wall=T0)
    services = make_services(tmp_path / "new.db", clock)
    accounts = first_run_setup(services, starts_at=T0)
    assert accounts is not None
    examiner = services.identity.authenticate(accounts.examiner, accounts.examiner_pin)
    ctx = make_context(services, clock, actor=examiner)
    window = QWidget()
    console = ScenarioConsole(ctx)
    qtbot.addWidget(window, before_close_func=lambda _w: console.shutdown())
    QVBoxLayout(window).addWidget(console)
    window.show()
    try:
        wait_idle(qtbot, ctx)
        checkin = console.checkin
        checkin.load((PRACTICE_EXAM_CODE, PRACTICE_SCENARIO))
        wait_idle(qtbot, ctx)
        assert checkin.station_key == PRACTICE_SCENARIO
        checkin.check_in("C-001")
        wait_idle(qtbot, ctx)
        assert console.session is not None and console.operator is not None
        assert console.session.view.definition.scenario is not None
        console.show_checkin()
        wait_idle(qtbot, ctx)

        coordinator = services.identity.authenticate(
            accounts.coordinator, accounts.coordinator_password
        )
        ref = services.definitions.bundled_definition(coordinator, PRACTICE_SCENARIO).ref
        services.exams.create_exam(
            coordinator, code="SIM-NEW", title="New", starts_at=T0, stations=[ref]
        )
        services.exams.assign_examiner(coordinator, "SIM-NEW", PRACTICE_SCENARIO, accounts.examiner)
        roster = tmp_path / "roster.csv"
        roster.write_text("candidate_id,family_name,given_name\nN1,Doe,Jo\n", encoding="utf-8")
        services.roster.import_roster(coordinator, "SIM-NEW", roster)
        services.exams.open_exam(coordinator, "SIM-NEW")
        codes = lambda: [checkin.exam_combo.itemData(i) for i in range(checkin.exam_combo.count())]  # noqa: E731
        assert "SIM-NEW" not in codes()
        console.hide()
        console.show()
        wait_idle(qtbot, ctx)
        assert "SIM-NEW" in codes()
        assert checkin.exam is not None and checkin.exam.code == PRACTICE_EXAM_CODE  # kept
    finally:
        console.shutdown()
        wait_idle(qtbot, ctx)
        close_context(ctx)


def test_the_timeline_shows_every_event_name_in_full(
    qtbot: QtBot, ctx: AppContext, world: World, make_console: MakeConsole
) -> None:
    """Each row grows to its wrapped name and "when" line, rather than cutting them."""
    from PySide6.QtCore import QRect

    console = make_console()
    _check_in(qtbot, ctx, console, "C1")
    operator = console.operator
    assert operator is not None
    timeline = operator.timeline
    assert timeline.columnCount() == 2
    item = operator.timeline_items["handover"]
    assert item.text(1).endswith("\nat 00:00")  # the name, then when it comes

    def rows_fit() -> bool:
        width = timeline.header().sectionSize(1) - 10
        metrics = timeline.fontMetrics()
        for row in operator.timeline_items.values():
            needed = metrics.boundingRect(
                QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), row.text(1)
            ).height()
            if timeline.visualItemRect(row).height() < needed:
                return False
        return True

    qtbot.waitUntil(rows_fit, timeout=5000)
