"""Lockouts after failed sign-ins, driven by a fake wall clock."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station.auth import throttle
from station.auth.throttle import STATION_THROTTLE, LockedOut, LoginThrottle, ThrottleState

T0 = 1_767_225_600.0  # 2026-01-01 00:00:00 UTC, as time.time() would give it


class FakeClock:
    """Wall-clock seconds that move only when the test says so."""

    def __init__(self, start: float = T0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# Lockout started by the n-th consecutive failure, n = 1, 2, ... (written out, not computed).
EXPECTED_LOCKOUTS = [0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900, 900]


def test_station_policy_numbers() -> None:
    assert (STATION_THROTTLE.lockout_after, STATION_THROTTLE.first_lockout) == (5, 30.0)
    assert STATION_THROTTLE.max_lockout == 15 * 60
    got = [STATION_THROTTLE.lockout_seconds(n) for n in range(1, len(EXPECTED_LOCKOUTS) + 1)]
    assert got == EXPECTED_LOCKOUTS


def test_lockout_schedule_with_a_clock() -> None:
    clock = FakeClock()
    policy = LoginThrottle(clock=clock)
    state = ThrottleState()
    for n, expected in enumerate(EXPECTED_LOCKOUTS, start=1):
        policy.check(state)  # allowed to try
        state = policy.record_failure(state)
        assert state.failures == n
        if expected == 0:
            assert state.locked_until is None
            policy.check(state)
            continue
        assert state.locked_until == clock.now + expected
        with pytest.raises(LockedOut) as info:
            policy.check(state)
        assert info.value.seconds_left == expected
        clock.advance(expected - 0.5)
        with pytest.raises(LockedOut) as info:
            policy.check(state)
        assert info.value.seconds_left == 0.5
        clock.advance(0.5)
        assert policy.seconds_left(state) == 0


def test_success_resets() -> None:
    clock = FakeClock()
    policy = LoginThrottle(clock=clock)
    state = ThrottleState()
    for _ in range(4):
        state = policy.record_failure(state)
    state = policy.record_success(state)
    assert state == ThrottleState(0, None)
    # After a success the count starts again: four more failures do not lock.
    for _ in range(4):
        state = policy.record_failure(state)
    policy.check(state)
    state = policy.record_failure(state)
    with pytest.raises(LockedOut):
        policy.check(state)


def test_failures_are_remembered_after_a_lockout_ends() -> None:
    state = ThrottleState()
    now = T0
    for _ in range(5):
        state = throttle.record_failure(state, now)
    now += 30
    throttle.check(state, now)
    state = throttle.record_failure(state, now)
    assert state == ThrottleState(6, now + 60)


def test_module_functions_take_now() -> None:
    state = ThrottleState(failures=4)
    state = throttle.record_failure(state, T0)
    assert state == ThrottleState(5, T0 + 30)
    with pytest.raises(LockedOut):
        throttle.check(state, T0 + 29.9)
    throttle.check(state, T0 + 30)
    assert throttle.record_success(state) == ThrottleState()


def test_clock_set_back_does_not_lock_for_hours() -> None:
    """A deadline further away than the longest lockout comes from a clock set back."""
    state = ThrottleState(failures=12, locked_until=T0 + 900)
    with pytest.raises(LockedOut):
        throttle.check(state, T0 + 1)
    throttle.check(state, T0 - 3600)  # clock moved back an hour: not honoured
    again = throttle.record_failure(state, T0 - 3600)
    assert again == ThrottleState(13, T0 - 3600 + 900)


def test_many_failures_do_not_overflow() -> None:
    assert STATION_THROTTLE.lockout_seconds(10**6) == 900
    state = throttle.record_failure(ThrottleState(failures=10**9), T0)
    assert state.locked_until == T0 + 900


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0.2, "1 second,"),
        (1, "1 second,"),
        (29.1, "30 seconds"),
        (30, "30 seconds"),
        (60, "1 minute,"),
        (90, "2 minutes"),
        (900, "15 minutes"),
    ],
)
def test_locked_out_message(seconds: float, words: str) -> None:
    message = str(LockedOut(seconds))
    assert message.startswith("Too many failed sign-in attempts. Try again in ")
    assert words in message
    assert LockedOut(seconds).seconds_left == seconds


def test_state_is_frozen_and_checked() -> None:
    state = ThrottleState()
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.failures = 3  # type: ignore[misc]
    with pytest.raises(ValueError, match="negative"):
        ThrottleState(failures=-1)
    with pytest.raises(ValueError, match="finite"):
        ThrottleState(failures=5, locked_until=math.nan)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"lockout_after": 0},
        {"first_lockout": 0.0},
        {"first_lockout": 60.0, "max_lockout": 30.0},
    ],
)
def test_policy_is_checked(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="lockout"):
        LoginThrottle(**kwargs)  # type: ignore[arg-type]


def test_default_clock_is_wall_time() -> None:
    """The stored deadline must survive a reboot, so the default clock is time.time."""
    import time

    assert LoginThrottle().clock is time.time


_events = st.lists(
    st.one_of(
        st.just(("fail", 0.0)),
        st.just(("success", 0.0)),
        st.tuples(st.just("wait"), st.floats(min_value=0.0, max_value=2000.0)),
    ),
    max_size=60,
)


@settings(deadline=None)
@given(events=_events)
def test_against_a_simple_model(events: list[tuple[str, float]]) -> None:
    """The throttle agrees with a model written from the rules in words.

    The model tracks consecutive failures and when the last lockout began; a sign-in
    attempt is refused while locked and then counts as nothing.
    """
    clock = FakeClock()
    policy = LoginThrottle(clock=clock)
    state = ThrottleState()
    failures = 0
    locked_from: float | None = None
    for kind, seconds in events:
        if kind == "wait":
            clock.advance(seconds)
            continue
        lockout = EXPECTED_LOCKOUTS[min(failures, len(EXPECTED_LOCKOUTS)) - 1] if failures else 0
        model_locked = locked_from is not None and clock.now < locked_from + lockout
        try:
            policy.check(state)
        except LockedOut as exc:
            assert model_locked
            assert 0 < exc.seconds_left <= 900
            continue
        assert not model_locked
        if kind == "fail":
            state = policy.record_failure(state)
            failures += 1
            locked_from = clock.now
        else:
            state = policy.record_success(state)
            failures, locked_from = 0, None
        assert state.failures == failures
