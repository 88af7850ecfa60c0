"""Slowing down password and PIN guessing after failed sign-ins.

Why: examiners and trainees sign in with six-digit PINs, only a million values. Without
a limit, someone at the station (or a script) could try them all in well under a day, even
at the ~40 ms an Argon2id verification costs. With :class:`LoginThrottle`'s defaults the
first four failures cost nothing, so a user who mistypes is not punished; the fifth
locks the account for 30 s, and each further failure doubles the lockout up to 15 min.
After ten failures every guess costs 15 minutes: trying half of the million PINs on one
account would take about 14 years, and even a list of the thousand most common PINs
(the worst of which :func:`station.auth.passwords.check_secret_policy` refuses anyway)
would take about ten days, long enough for someone to notice the audit entries.
A successful sign-in forgets the failures; so does a coordinator who resets the state.

The state is a small frozen :class:`ThrottleState` that the service keeps per user in
the users table and passes in and out, so it survives a restart. Because it is stored,
``locked_until`` is **wall-clock time** (seconds since the Unix epoch, which is UTC):
a monotonic clock starts again at each boot and would make stored deadlines
meaningless. :class:`LoginThrottle` therefore takes a wall clock (``time.time`` by
default); tests inject a fake one, or pass ``now`` explicitly.

The service must call :meth:`LoginThrottle.check` *before* verifying the secret, and
refuse without verifying while the account is locked: a guess during a lockout is then
never tried, so it can neither succeed nor be counted.

A wall clock can be set back. A lockout that, seen from ``now``, ends later than the
longest possible lockout can only come from such a change, so it is not honoured
(setting the clock forward would end any lockout anyway); the failures still count.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Final

from station.i18n import _

#: A clock returning wall-clock time in seconds since the Unix epoch (UTC), such as
#: ``time.time``.
WallClock = Callable[[], float]


@dataclass(frozen=True)
class ThrottleState:
    """One user's record of failed sign-ins, as stored with the user.

    ``failures`` counts consecutive failures since the last success; ``locked_until``
    is the wall-clock time (Unix epoch seconds, UTC) before which sign-in is refused,
    or None.
    """

    failures: int = 0
    locked_until: float | None = None

    def __post_init__(self) -> None:
        if self.failures < 0:
            raise ValueError(f"failures must not be negative, got {self.failures}")
        if self.locked_until is not None and not math.isfinite(self.locked_until):
            raise ValueError(f"locked_until must be a finite time, got {self.locked_until}")


def _in_words(seconds: float) -> str:
    """A wait as a user reads it, rounded up: "1 second", "30 seconds", "2 minutes"."""
    whole = max(1, math.ceil(seconds))
    if whole < 60:
        return (_("{n} second") if whole == 1 else _("{n} seconds")).format(n=whole)
    minutes = math.ceil(whole / 60)
    return (_("{n} minute") if minutes == 1 else _("{n} minutes")).format(n=minutes)


class LockedOut(Exception):
    """Sign-in is refused for ``seconds_left`` more seconds after repeated failures."""

    def __init__(self, seconds_left: float) -> None:
        self.seconds_left = seconds_left
        super().__init__(
            _(
                "Too many failed sign-in attempts. "
                "Try again in {wait}, or ask a coordinator to unlock the account."
            ).format(wait=_in_words(seconds_left))
        )


@dataclass(frozen=True)
class LoginThrottle:
    """The lockout policy: which failure locks the account, and for how long.

    The ``lockout_after``-th consecutive failure locks for ``first_lockout`` seconds;
    each further failure doubles the lockout, up to ``max_lockout`` seconds.
    ``clock`` is used when a method is called without ``now``.
    """

    lockout_after: int = 5
    first_lockout: float = 30.0
    max_lockout: float = 15 * 60.0
    clock: WallClock = field(default=time.time, compare=False)

    def __post_init__(self) -> None:
        if self.lockout_after < 1:
            raise ValueError(f"lockout_after must be at least 1, got {self.lockout_after}")
        if not 0 < self.first_lockout <= self.max_lockout:
            raise ValueError(
                "need 0 < first_lockout <= max_lockout, got "
                f"{self.first_lockout} and {self.max_lockout}"
            )

    def lockout_seconds(self, failures: int) -> float:
        """How long the ``failures``-th consecutive failure locks the account (0: not)."""
        if failures < self.lockout_after:
            return 0.0
        # Past 2**32 the cap has long been reached; stop before floats overflow.
        doublings = min(failures - self.lockout_after, 32)
        return min(self.first_lockout * 2.0**doublings, self.max_lockout)

    def seconds_left(self, state: ThrottleState, now: float | None = None) -> float:
        """Seconds until sign-in is allowed again; 0 when it is allowed now."""
        if state.locked_until is None:
            return 0.0
        current = self.clock() if now is None else now
        left = state.locked_until - current
        if left <= 0 or left > self.max_lockout:
            # Over the longest lockout: the wall clock was set back (module docs).
            return 0.0
        return left

    def check(self, state: ThrottleState, now: float | None = None) -> None:
        """Raise :class:`LockedOut` if sign-in must be refused without trying the secret."""
        left = self.seconds_left(state, now)
        if left > 0:
            raise LockedOut(left)

    def record_failure(self, state: ThrottleState, now: float | None = None) -> ThrottleState:
        """The state after one more failed sign-in at ``now``."""
        current = self.clock() if now is None else now
        failures = state.failures + 1
        lockout = self.lockout_seconds(failures)
        return ThrottleState(failures, current + lockout if lockout > 0 else None)

    def record_success(self, state: ThrottleState) -> ThrottleState:
        """The state after a successful sign-in: failures forgotten, no lockout."""
        return replace(state, failures=0, locked_until=None)


#: The station's policy: 5 failures lock for 30 s, doubling per failure up to 15 min.
STATION_THROTTLE: Final = LoginThrottle()


def check(state: ThrottleState, now: float) -> None:
    """:meth:`LoginThrottle.check` with the station's policy."""
    STATION_THROTTLE.check(state, now)


def record_failure(state: ThrottleState, now: float) -> ThrottleState:
    """:meth:`LoginThrottle.record_failure` with the station's policy."""
    return STATION_THROTTLE.record_failure(state, now)


def record_success(state: ThrottleState) -> ThrottleState:
    """:meth:`LoginThrottle.record_success` with the station's policy."""
    return STATION_THROTTLE.record_success(state)
