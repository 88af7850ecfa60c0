"""The injected clock and the station timer: phases, bells, pauses, restart.

Every test moves a FakeClock by hand; nothing waits for real time.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.definitions.model import Timing
from assessments.timing import (
    Bell,
    BellKind,
    ExamPause,
    Phase,
    StationTimer,
    TimerError,
    TimerState,
)
from common.clock import Clock, FakeClock, SystemClock

OSCE = Timing(reading_s=60, active_s=300, warning_at_s=240, changeover_s=30)


def kinds(bells: list[Bell]) -> list[BellKind]:
    return [bell.kind for bell in bells]


def started(timing: Timing = OSCE, exam: ExamPause | None = None) -> tuple[FakeClock, StationTimer]:
    clock = FakeClock() if exam is None else exam.clock
    assert isinstance(clock, FakeClock)
    timer = StationTimer(timing, clock, exam)
    timer.start()
    return clock, timer


# --------------------------------------------------------------------------- clock


def test_fake_clock_moves_both_readings_together() -> None:
    start = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
    clock = FakeClock(start_monotonic=1000.0, start_wall=start)
    assert clock.monotonic() == 1000.0
    assert clock.now() == start
    clock.advance(90.5)
    clock.advance(0)
    assert clock.monotonic() == 1090.5
    assert clock.now() == start + timedelta(seconds=90.5)


def test_fake_clock_default_start_and_wall_time_in_utc() -> None:
    clock = FakeClock(start_wall=datetime(2026, 1, 1, 9, tzinfo=UTC).astimezone())
    assert clock.now().utcoffset() == timedelta(0)
    assert FakeClock().now() == datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize("step", [-1.0, float("nan")])
def test_fake_clock_refuses_to_go_back(step: float) -> None:
    with pytest.raises(ValueError, match="cannot go back"):
        FakeClock().advance(step)


def test_fake_clock_refuses_naive_wall_time() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        FakeClock(start_wall=datetime(2026, 1, 1))


def test_fake_clock_sleep_returns_at_once_and_moves_both_readings() -> None:
    """What a device reader's back-off or a simulator's pacing sees: the wait is
    recorded and counts as elapsed on both readings; a negative wait counts as none."""
    clock = FakeClock(start_monotonic=5.0)
    start = clock.now()
    clock.sleep(1.5)
    clock.sleep(-2.0)
    clock.sleep(0.25)
    assert clock.sleeps == [1.5, -2.0, 0.25]
    assert clock.monotonic() == 6.75
    assert clock.now() == start + timedelta(seconds=1.75)


def test_a_clock_without_sleep_is_not_a_clock() -> None:
    """One protocol for every layer: the old wall-time-only and monotonic-and-sleep
    shapes are not clocks any more."""

    class WallOnly:
        def monotonic(self) -> float:
            return 0.0

        def now(self) -> datetime:
            return datetime(2026, 1, 1, tzinfo=UTC)

    assert not isinstance(WallOnly(), Clock)


def test_system_clock_is_a_clock_with_aware_utc_time() -> None:
    clock = SystemClock()
    assert isinstance(clock, Clock)
    assert isinstance(FakeClock(), Clock)
    first = clock.monotonic()
    assert clock.monotonic() >= first
    assert clock.now().utcoffset() == timedelta(0)


# --------------------------------------------------------------------------- bells


def test_bells_ring_at_their_exact_times() -> None:
    clock = FakeClock()
    timer = StationTimer(OSCE, clock)
    assert timer.poll() == []
    assert timer.phase is Phase.NOT_STARTED
    timer.start()
    assert [timer.phase, *kinds(timer.poll())] == [Phase.READING, BellKind.READING_START]

    expected = [
        (60.0, Bell(BellKind.START, Phase.ACTIVE, 60.0), Phase.ACTIVE),
        (300.0, Bell(BellKind.WARNING, Phase.WARNING, 300.0), Phase.WARNING),
        (360.0, Bell(BellKind.END, Phase.CHANGEOVER, 360.0), Phase.CHANGEOVER),
        (390.0, Bell(BellKind.CHANGEOVER_END, Phase.DONE, 390.0), Phase.DONE),
    ]
    now = 0.0
    for at, bell, phase_after in expected:
        clock.advance(at - 0.001 - now)
        assert timer.poll() == [], f"nothing may ring just before {at} s"
        clock.advance(0.001)
        now = at
        assert timer.elapsed_s == pytest.approx(at)
        assert timer.poll() == [bell]
        assert timer.phase is phase_after
    clock.advance(3600)
    assert (timer.poll(), timer.phase) == ([], Phase.DONE)


def test_late_poll_returns_every_bell_once_in_order() -> None:
    clock, timer = started()
    clock.advance(10_000)
    bells = timer.poll()
    assert kinds(bells) == list(BellKind)
    assert [bell.at_s for bell in bells] == [0.0, 60.0, 300.0, 360.0, 390.0]
    assert timer.poll() == []


def test_no_reading_bell_without_reading_time_and_no_warning_bell_without_warning() -> None:
    clock, timer = started(Timing(active_s=120))
    assert timer.poll() == [Bell(BellKind.START, Phase.ACTIVE, 0.0)]
    assert timer.phase is Phase.ACTIVE
    clock.advance(119)
    assert timer.phase is Phase.ACTIVE
    assert timer.poll() == []
    clock.advance(1)
    assert kinds(timer.poll()) == [BellKind.END, BellKind.CHANGEOVER_END]


def test_without_changeover_end_passes_ended_and_changeover_end_follows_at_once() -> None:
    clock, timer = started(Timing(active_s=120, warning_at_s=60))
    clock.advance(120)
    assert timer.poll() == [
        Bell(BellKind.START, Phase.ACTIVE, 0.0),
        Bell(BellKind.WARNING, Phase.WARNING, 60.0),
        Bell(BellKind.END, Phase.ENDED, 120.0),
        Bell(BellKind.CHANGEOVER_END, Phase.DONE, 120.0),
    ]
    assert timer.phase is Phase.DONE
    assert timer.remaining_s == 0.0


def test_warning_bell_must_come_before_the_end() -> None:
    with pytest.raises(ValueError, match="warning bell at 300 s"):
        StationTimer(Timing(active_s=300, warning_at_s=300), FakeClock())


def test_remaining_time_counts_down_each_phase() -> None:
    clock = FakeClock()
    timer = StationTimer(OSCE, clock)
    assert timer.remaining_s == 60.0
    assert StationTimer(Timing(active_s=90), clock).remaining_s == 90.0
    timer.start()
    clock.advance(15)
    assert timer.remaining_s == 45.0
    clock.advance(335)  # station time 350: 50 s after the warning bell, 10 s to the end
    assert (timer.phase, timer.remaining_s) == (Phase.WARNING, 10.0)
    clock.advance(20)
    assert (timer.phase, timer.remaining_s) == (Phase.CHANGEOVER, 20.0)


def test_next_bell_tells_when_to_wake_up() -> None:
    clock = FakeClock()
    timer = StationTimer(OSCE, clock)
    assert timer.next_bell == Bell(BellKind.READING_START, Phase.READING, 0.0)
    timer.start()
    assert timer.next_bell == Bell(BellKind.START, Phase.ACTIVE, 60.0)
    clock.advance(389)
    assert timer.next_bell == Bell(BellKind.CHANGEOVER_END, Phase.DONE, 390.0)
    clock.advance(1)
    assert timer.next_bell is None


def test_skip_reading_starts_active_time_now_and_moves_later_bells() -> None:
    clock, timer = started()
    clock.advance(20)
    timer.skip_reading()
    assert timer.phase is Phase.ACTIVE
    assert timer.stamp() == 0.0
    assert timer.poll() == [
        Bell(BellKind.READING_START, Phase.READING, 0.0),
        Bell(BellKind.START, Phase.ACTIVE, 20.0),
    ]
    clock.advance(240)
    assert timer.poll() == [Bell(BellKind.WARNING, Phase.WARNING, 260.0)]
    assert timer.stamp() == 240.0
    with pytest.raises(TimerError, match="only be skipped during reading"):
        timer.skip_reading()


def test_timer_refuses_actions_that_do_not_fit() -> None:
    clock = FakeClock()
    timer = StationTimer(OSCE, clock)
    with pytest.raises(TimerError, match="not_started"):
        timer.pause("too early")
    with pytest.raises(TimerError, match="only be skipped"):
        timer.skip_reading()
    timer.start()
    with pytest.raises(TimerError, match="already started"):
        timer.start()
    with pytest.raises(TimerError, match="not paused"):
        timer.resume()
    with pytest.raises(ValueError, match="needs a reason"):
        timer.pause("   ")
    timer.pause("candidate unwell")
    with pytest.raises(TimerError, match="already paused"):
        timer.pause("again")
    timer.resume()
    clock.advance(1000)
    with pytest.raises(TimerError, match="done"):
        timer.pause("after the end")


# --------------------------------------------------------------------------- pauses


def test_own_pause_is_left_out_of_station_time_and_delays_the_warning_bell() -> None:
    clock, timer = started()
    clock.advance(100)  # 40 s into active time
    timer.pause("candidate unwell")
    assert timer.is_paused
    assert timer.pause_reason == "candidate unwell"
    clock.advance(120)
    assert timer.elapsed_s == 100.0
    assert timer.stamp() == 40.0, "a mark made during a pause carries the pause's start"
    timer.resume()
    assert not timer.is_paused
    clock.advance(199.5)  # station time 299.5
    timer.poll()
    clock.advance(0.5)
    assert timer.poll() == [Bell(BellKind.WARNING, Phase.WARNING, 300.0)]
    assert clock.monotonic() == 420.0, "the warning rang 120 s of pause later on the clock"
    assert timer.stamp() == 240.0


def test_exam_pause_stops_every_linked_timer_and_no_other() -> None:
    clock = FakeClock()
    exam = ExamPause(clock)
    linked = [StationTimer(OSCE, clock, exam) for _ in range(3)]
    alone = StationTimer(OSCE, clock)
    for timer in [*linked, alone]:
        timer.start()
    clock.advance(70)
    exam.pause("fire alarm")
    assert exam.is_paused and exam.reason == "fire alarm"
    assert all(timer.is_paused and timer.pause_reason == "fire alarm" for timer in linked)
    clock.advance(600)
    assert [timer.elapsed_s for timer in linked] == [70.0] * 3
    assert alone.elapsed_s == 670.0
    exam.resume()
    assert not exam.is_paused and exam.reason is None
    clock.advance(5)
    assert [timer.stamp() for timer in linked] == [15.0] * 3
    assert exam.intervals[0].start == 70.0 and exam.intervals[0].end == 670.0
    with pytest.raises(TimerError, match="not paused"):
        exam.resume()
    exam.pause("power cut")
    with pytest.raises(TimerError, match="already paused"):
        exam.pause("again")


def test_overlapping_own_and_exam_pauses_count_once() -> None:
    clock = FakeClock()
    exam = ExamPause(clock)
    timer = StationTimer(OSCE, clock, exam)
    timer.start()
    clock.advance(100)
    timer.pause("manikin fault")  # own pause 100..130
    clock.advance(10)
    exam.pause("fire alarm")  # exam pause 110..150
    clock.advance(20)
    timer.resume()
    assert timer.is_paused, "the exam-wide pause still holds"
    assert timer.pause_reason == "fire alarm"
    clock.advance(20)
    exam.resume()
    clock.advance(10)  # clock 160; paused 100..150
    assert timer.elapsed_s == 110.0
    assert timer.stamp() == 50.0


def test_exam_pause_begun_before_the_timer_started_counts_only_from_the_start() -> None:
    clock = FakeClock()
    exam = ExamPause(clock)
    exam.pause("late room")
    clock.advance(30)
    timer = StationTimer(OSCE, clock, exam)
    timer.start()
    assert timer.poll() == [Bell(BellKind.READING_START, Phase.READING, 0.0)]
    clock.advance(30)
    assert timer.elapsed_s == 0.0
    exam.resume()
    clock.advance(60)
    assert timer.poll() == [Bell(BellKind.START, Phase.ACTIVE, 60.0)]


def test_stamp_is_zero_until_the_active_phase_and_runs_on_after_the_end() -> None:
    clock, timer = started()
    assert timer.stamp() == 0.0
    clock.advance(59)
    assert timer.stamp() == 0.0
    clock.advance(361)  # station time 420, 60 s after END
    assert timer.stamp() == 360.0, "a late mark keeps its true time for timed items"


# --------------------------------------------------------------------------- restart


def test_restore_adds_the_downtime_and_rings_the_bells_missed_meanwhile() -> None:
    clock, timer = started()
    clock.advance(290)
    assert kinds(timer.poll()) == [BellKind.READING_START, BellKind.START]
    state = timer.snapshot()
    assert state.elapsed_s == 290.0
    stored = json.loads(json.dumps(state.to_dict()))

    # The station PC restarts: a new clock whose monotonic reading means nothing to the old.
    later = FakeClock(start_monotonic=5.0, start_wall=state.saved_at + timedelta(seconds=45))
    loaded = TimerState.from_dict(stored)
    assert loaded == state
    downtime = loaded.downtime_s(later.now())
    assert downtime == 45.0
    resumed = StationTimer.restore(loaded, OSCE, later, downtime_s=downtime)
    assert resumed.elapsed_s == 335.0
    assert resumed.stamp() == 275.0
    assert resumed.poll() == [Bell(BellKind.WARNING, Phase.WARNING, 300.0)]
    later.advance(25)
    assert resumed.poll() == [Bell(BellKind.END, Phase.CHANGEOVER, 360.0)]


def test_restore_keeps_an_own_pause_and_adds_no_downtime() -> None:
    clock, timer = started()
    clock.advance(100)
    timer.pause("candidate unwell")
    clock.advance(50)
    state = TimerState.from_dict(timer.snapshot().to_dict())
    assert state.own_pause_reason == "candidate unwell"
    later = FakeClock()
    resumed = StationTimer.restore(state, OSCE, later, downtime_s=300)
    assert resumed.is_paused and resumed.pause_reason == "candidate unwell"
    assert resumed.elapsed_s == 100.0
    later.advance(10)
    assert resumed.elapsed_s == 100.0
    resumed.resume()
    later.advance(10)
    assert resumed.elapsed_s == 110.0


def test_restore_during_an_exam_pause_adds_no_downtime() -> None:
    clock = FakeClock()
    exam = ExamPause(clock)
    clock_timer = StationTimer(OSCE, clock, exam)
    clock_timer.start()
    clock.advance(80)
    exam.pause("fire alarm")
    state = clock_timer.snapshot()
    assert state.exam_paused and state.was_paused
    later = FakeClock()
    new_exam = ExamPause(later)
    new_exam.pause("fire alarm")
    resumed = StationTimer.restore(state, OSCE, later, new_exam, downtime_s=120)
    later.advance(30)
    assert resumed.elapsed_s == 80.0
    new_exam.resume()
    later.advance(5)
    assert resumed.elapsed_s == 85.0


def test_restore_after_skipped_reading_keeps_the_moved_bells() -> None:
    clock, timer = started()
    clock.advance(10)
    timer.skip_reading()
    state = timer.snapshot()
    resumed = StationTimer.restore(state, OSCE, FakeClock())
    assert resumed.active_start_s == 10.0
    assert [bell.at_s for bell in resumed.schedule] == [0.0, 10.0, 250.0, 310.0, 340.0]


def test_restore_of_a_timer_never_started() -> None:
    timer = StationTimer(OSCE, FakeClock())
    state = timer.snapshot()
    resumed = StationTimer.restore(state, OSCE, FakeClock(), downtime_s=60)
    assert resumed.phase is Phase.NOT_STARTED
    assert resumed.elapsed_s == 0.0


def test_restore_refuses_another_timing_and_bad_downtime() -> None:
    clock, timer = started()
    state = timer.snapshot()
    with pytest.raises(ValueError, match="another timing"):
        StationTimer.restore(state, Timing(reading_s=60, active_s=480), clock)
    with pytest.raises(ValueError, match="downtime_s"):
        StationTimer.restore(state, OSCE, clock, downtime_s=-1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"schema": 7}, "schema 7"),
        ({"elapsed_s": "12"}, "'elapsed_s' must be a number"),
        ({"elapsed_s": -1}, "'elapsed_s' must be a finite number >= 0"),
        ({"active_s": None}, "'active_s' must be a number, not null"),
        ({"started": 1}, "'started' must be true or false"),
        ({"bells_rung": ["start", "gong"]}, "unknown bell"),
        ({"bells_rung": "start"}, "list of bell names"),
        ({"saved_at": "2026-01-01T00:00:00"}, "with a zone"),
        ({"saved_at": "yesterday"}, "ISO 8601"),
        ({"own_pause_reason": ""}, "non-empty text"),
    ],
)
def test_timer_state_from_dict_names_what_is_wrong(change: dict[str, object], message: str) -> None:
    data = started()[1].snapshot().to_dict()
    data.update(change)
    with pytest.raises(ValueError, match=message):
        TimerState.from_dict(data)


def test_timer_state_from_dict_reports_a_missing_key() -> None:
    data = started()[1].snapshot().to_dict()
    del data["active_start_s"]
    with pytest.raises(ValueError, match="missing key 'active_start_s'"):
        TimerState.from_dict(data)


# --------------------------------------------------------------------------- properties

steps = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=200, allow_nan=False),
        st.sampled_from(["poll", "own", "exam", "skip", "none"]),
    ),
    max_size=40,
)
timings = st.builds(
    lambda reading, active, warn_frac, changeover: Timing(
        reading_s=reading,
        active_s=active,
        warning_at_s=None if warn_frac is None else active * warn_frac,
        changeover_s=changeover,
    ),
    st.sampled_from([0.0, 30.0, 60.0, 0.5]),
    st.floats(min_value=1, max_value=900, allow_nan=False),
    st.one_of(st.none(), st.floats(min_value=0.01, max_value=0.99)),
    st.sampled_from([0.0, 45.0, 120.0]),
)


@settings(deadline=None, max_examples=300)
@given(timing=timings, plan=steps)
def test_bells_are_in_time_order_and_each_rings_exactly_once(
    timing: Timing, plan: list[tuple[float, str]]
) -> None:
    clock = FakeClock()
    exam = ExamPause(clock)
    timer = StationTimer(timing, clock, exam)
    timer.start()
    rung: list[Bell] = []
    last_elapsed = 0.0
    for seconds, action in plan:
        clock.advance(seconds)
        elapsed = timer.elapsed_s
        assert elapsed >= last_elapsed
        last_elapsed = elapsed
        if action == "poll":
            new = timer.poll()
            assert all(bell.at_s <= elapsed for bell in new)
            rung.extend(new)
            # Nothing due is left behind after a poll.
            assert all(b.at_s > elapsed or b.kind in kinds(rung) for b in timer.schedule)
        elif action == "own" and timer.phase is not Phase.DONE:
            timer.resume() if timer.own_pause_reason else timer.pause("step")
        elif action == "exam":
            exam.resume() if exam.is_paused else exam.pause("step")
        elif action == "skip" and timer.phase is Phase.READING:
            timer.skip_reading()
    if timer.own_pause_reason:
        timer.resume()
    if exam.is_paused:
        exam.resume()
    clock.advance(timer.done_s + 1)
    rung.extend(timer.poll())
    assert timer.poll() == []
    assert timer.phase is Phase.DONE
    assert rung == list(timer.schedule), "each bell once, in order, at its scheduled time"
    times = [bell.at_s for bell in rung]
    assert times == sorted(times)
    assert len(set(kinds(rung))) == len(rung)
    expected = [BellKind.START, BellKind.END, BellKind.CHANGEOVER_END]
    if timing.reading_s > 0:
        expected.insert(0, BellKind.READING_START)
    if timing.warning_at_s is not None:
        expected.insert(-2, BellKind.WARNING)
    assert kinds(rung) == expected


@settings(deadline=None)
@given(
    steps=st.lists(
        st.tuples(st.floats(min_value=0, max_value=100), st.sampled_from(["own", "exam", "-"])),
        max_size=30,
    )
)
def test_station_time_runs_only_while_neither_pause_holds(steps: list[tuple[float, str]]) -> None:
    """Toggles the station's own pause and the exam pause at random, overlapping or not,
    and counts by hand the seconds during which neither held."""
    clock = FakeClock()
    exam = ExamPause(clock)
    timer = StationTimer(Timing(active_s=6 * 3600), clock, exam)
    timer.start()
    expected = 0.0
    for seconds, toggle in steps:
        if not timer.is_paused:
            expected += seconds
        clock.advance(seconds)
        if toggle == "own":
            timer.resume() if timer.own_pause_reason else timer.pause("own")
        elif toggle == "exam":
            exam.resume() if exam.is_paused else exam.pause("exam")
        assert timer.is_paused == bool(timer.own_pause_reason or exam.is_paused)
        assert timer.elapsed_s == pytest.approx(expected, abs=1e-6)
