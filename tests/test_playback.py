"""Playing a recording back, without Qt (station/playback.py): the playback clock at
each speed, and moving between events as the debrief player's keys do."""

from __future__ import annotations

import pytest

from common.clock import FakeClock
from station.playback import PlaybackClock, next_event, previous_event, step_speed


def test_the_playback_clock_runs_at_its_speed_from_its_anchor() -> None:
    clock = FakeClock()
    playback = PlaybackClock(clock)
    playback.anchor(10.0)
    clock.advance(2.0)
    assert playback.time() == pytest.approx(12.0)
    playback.set_speed(2.0, playing=True)  # re-anchored where it was
    clock.advance(1.0)
    assert playback.time() == pytest.approx(14.0)
    playback.set_speed(0.5, playing=False)  # paused: the anchor stays
    assert playback.speed == 0.5
    with pytest.raises(ValueError, match="above 0"):
        playback.set_speed(0.0, playing=True)


def test_speeds_step_along_the_offered_ones_and_stop_at_the_ends() -> None:
    assert step_speed(1.0, 1) == 1.5 and step_speed(1.0, -1) == 0.75
    assert step_speed(2.0, 1) == 2.0 and step_speed(0.5, -1) == 0.5
    assert step_speed(1.1, 1) == 1.5  # from the nearest offered speed


def test_events_are_found_after_and_before_the_cursor() -> None:
    times = [1.0, 5.0, 5.02, 9.0]

    def frame(t_s: float) -> int:
        return round(t_s * 10)  # 10 frames a second

    visible = [0, 1, 2, 3]
    assert next_event(times, visible, 0.0, 0, frame) == 0
    # An event on the frame shown is passed over.
    assert next_event(times, visible, 4.99, 50, frame) == 3
    assert next_event(times, [0, 1], 6.0, 60, frame) is None
    assert previous_event(times, visible, 9.0, 90, frame, playing=False) == 2
    # While playing, the event passed less than a second ago is skipped.
    assert previous_event(times, visible, 9.5, 95, frame, playing=True) == 2
    assert previous_event(times, visible, 10.5, 105, frame, playing=True) == 3
    assert previous_event(times, [3], 9.0, 90, None, playing=False) is None
