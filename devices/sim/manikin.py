"""The simulated manikin: a rescuer doing CPR on a manikin, as its sensors would see it.

The model (documented in docs/devices.md) is a sequence of *cycles*: 30 compressions,
then a hands-off pause with 2 rescue breaths, as in adult BLS without an advanced airway
(AHA 2020 / ERC 2021: 30:2). Each compression draws its own period and depth around the
profile's means, so rate and depth wander as they do under real hands. The depth
waveform is not a sine: the chest goes down fast (the descent takes three quarters of
the compression phase, the rest is a short dwell at the bottom), comes back more slowly,
and rests at its release depth until the next push. The duty cycle (compression phase
over the whole cycle) is 40-50 %, around the 45.6 % measured in real out-of-hospital CPR.
Leaning leaves the chest short of full release. Force follows a spring and damper model
of the manikin's chest; lung volume rises on each breath over about a second and falls
back passively. Sensor noise is added last.

Everything is drawn from a seeded random generator, so a seed always gives the same
session, and the generator keeps the ground truth (:meth:`ManikinSignal.truth`): when
each compression started, how deep it went, each breath's volume and each pause, so
that tests can hold the analyser's findings against what really happened.

No NumPy: the model is evaluated sample by sample, a few thousand times a second at
most, and importing this module must stay cheap.
"""

from __future__ import annotations

import bisect
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final

__all__ = [
    "PROFILES",
    "Compression",
    "GroundTruth",
    "ManikinSignal",
    "Pause",
    "Profile",
    "Ventilation",
]

#: Compressions per cycle and breaths per pause (30:2).
COMPRESSIONS_PER_CYCLE: Final = 30
BREATHS_PER_PAUSE: Final = 2

#: Chest stiffness of the manikin, N per mm: about 45 kg-force at 50 mm, in the range of
#: adult training manikins and of human chests (400-500 N for 5 cm).
CHEST_STIFFNESS_N_PER_MM: Final = 9.0
#: Chest damping, N per (mm/s): adds force while the chest moves, most on the fast descent.
CHEST_DAMPING_N_S_PER_MM: Final = 0.04
#: Time for one inspiration (each breath over about 1 s: AHA 2020).
INSPIRATION_S: Final = 1.0
#: Time constant of passive exhalation of the manikin's lung bag.
EXHALATION_TAU_S: Final = 0.4
#: Share of the compression phase spent going down; the rest is the dwell at the bottom.
DESCENT_SHARE: Final = 0.75
#: Share of the cycle spent coming back up (release), whatever the duty cycle.
RELEASE_SHARE: Final = 0.40
#: Hands come onto the chest this long after power-on.
LEAD_IN_S: Final = 1.0

#: Standard deviation of the sensor noise on each channel.
NOISE_DEPTH_MM: Final = 0.3
NOISE_FORCE_N: Final = 2.0
NOISE_VOLUME_ML: Final = 3.0


@dataclass(frozen=True, slots=True)
class Profile:
    """How the simulated rescuer performs. Means and standard deviations are drawn per
    compression (rate, depth, release, duty cycle) or per breath (volume); pause timings
    are scaled by a factor drawn per pause (mean 1, ``pause_sd``).

    With ``randomise``, every cycle of 30:2 first draws its own means from wide ranges,
    so one session mixes good and poor cycles.
    """

    name: str
    description: str
    rate_cpm: float = 110.0
    rate_sd_cpm: float = 3.0
    depth_mm: float = 55.0
    depth_sd_mm: float = 2.5
    release_mm: float = 0.3
    release_sd_mm: float = 0.3
    duty_cycle: float = 0.45
    duty_sd: float = 0.02
    breath_ml: float = 550.0
    breath_sd_ml: float = 40.0
    to_first_breath_s: float = 1.5  # last compression released -> first inspiration
    between_breaths_s: float = 1.5  # end of first inspiration -> second inspiration
    back_to_chest_s: float = 1.5  # end of second inspiration -> next compression
    pause_sd: float = 0.1
    randomise: bool = False

    @property
    def pause_s(self) -> float:
        """The mean hands-off time of one 30:2 pause."""
        return (
            self.to_first_breath_s
            + BREATHS_PER_PAUSE * INSPIRATION_S
            + self.between_breaths_s
            + self.back_to_chest_s
        )


# Targets (cpr-targets.md): rate 100-120 /min, depth 50-60 mm with full recoil, breaths
# of 500-600 mL, pauses under 10 s (AHA 2020 BLS; ERC 2021).
PROFILES: Final[dict[str, Profile]] = {
    p.name: p
    for p in (
        Profile(
            "good",
            "on target: 110/min, 55 mm, full release, 550 mL breaths, pauses of 6.5 s",
        ),
        Profile(
            "shallow",
            "too shallow: 110/min but 40 mm deep",
            depth_mm=40.0,
            depth_sd_mm=3.0,
        ),
        Profile(
            "fast",
            "too fast: 135/min (and a little shallower, as fast hands are)",
            rate_cpm=135.0,
            rate_sd_cpm=4.0,
            depth_mm=50.0,
        ),
        Profile(
            "slow",
            "too slow: 88/min",
            rate_cpm=88.0,
        ),
        Profile(
            "leaning",
            "leaning: the chest never comes back the last 6 mm (about 5.5 kg-force left "
            "on it, above Philips Q-CPR's 2.5 kg leaning threshold)",
            release_mm=6.0,
            release_sd_mm=1.5,
        ),
        Profile(
            "long_pauses",
            "long interruptions: 30:2 pauses of about 14 s (target under 10 s)",
            to_first_breath_s=5.0,
            between_breaths_s=2.0,
            back_to_chest_s=5.0,
            pause_sd=0.15,
        ),
        Profile(
            "random",
            "a mix: each 30:2 cycle draws its own rate (85-140/min), depth (35-70 mm), "
            "release (0-8 mm), breath volume (300-900 mL) and pause length (0.7-2.5 x)",
            randomise=True,
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Compression:
    """One compression as the simulator made it (times in seconds since power-on).

    ``start_s`` the chest starts going down; ``peak_s`` it reaches ``depth_mm``;
    ``release_start_s`` it starts coming back; ``end_s`` the cycle ends (the next
    compression may start). ``release_mm`` is how far down the chest stays at rest
    (0 = full recoil).
    """

    start_s: float
    peak_s: float
    release_start_s: float
    end_s: float
    depth_mm: float
    release_mm: float
    duty_cycle: float

    @property
    def period_s(self) -> float:
        return self.end_s - self.start_s

    @property
    def rate_cpm(self) -> float:
        """The instantaneous rate this compression's period stands for."""
        return 60.0 / self.period_s


@dataclass(frozen=True, slots=True)
class Ventilation:
    """One rescue breath: inspiration from ``start_s`` to ``end_inspiration_s``, then
    passive exhalation; ``volume_ml`` is the volume delivered."""

    start_s: float
    end_inspiration_s: float
    volume_ml: float


@dataclass(frozen=True, slots=True)
class Pause:
    """Hands off the chest from ``start_s`` (last compression's cycle ended) to
    ``end_s`` (next compression starts)."""

    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


@dataclass(frozen=True, slots=True)
class GroundTruth:
    """What the simulator generated up to some time."""

    compressions: tuple[Compression, ...]
    ventilations: tuple[Ventilation, ...]
    pauses: tuple[Pause, ...]


def _clip(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


def _smooth(x: float) -> float:
    """0 -> 1 with zero slope at both ends (half a cosine)."""
    return 0.5 - 0.5 * math.cos(math.pi * x)


class ManikinSignal:
    """The manikin's depth, force and lung volume at any time, plus the ground truth.

    ``value_at(t)`` is the noise-free signal; ``sample(t)`` adds sensor noise. Times
    are seconds since power-on and must only be asked in increasing order for
    ``sample`` (the noise is drawn in sequence); ``value_at`` may be asked any time.
    Cycles are planned lazily as time goes on, so a session can run for hours.
    """

    def __init__(
        self, profile: str | Profile = "good", *, seed: int = 0, noise: bool = True
    ) -> None:
        if isinstance(profile, str):
            if profile not in PROFILES:
                raise ValueError(
                    f"unknown manikin profile {profile!r}; known: {', '.join(PROFILES)}"
                )
            profile = PROFILES[profile]
        self.profile = profile
        self.seed = seed
        self.noise = noise
        self._plan_rng = random.Random(f"manikin-plan/{seed}")
        self._noise_rng = random.Random(f"manikin-noise/{seed}")
        self._compressions: list[Compression] = []
        self._starts: list[float] = []
        self._ventilations: list[Ventilation] = []
        self._vent_starts: list[float] = []
        self._pauses: list[Pause] = []
        self._planned_until = LEAD_IN_S
        self._cycle_profile = profile

    # ------------------------------------------------------------------ planning

    def _draw_cycle_profile(self) -> Profile:
        base = self.profile
        if not base.randomise:
            return base
        rng = self._plan_rng
        scale = rng.uniform(0.7, 2.5)
        return replace(
            base,
            rate_cpm=rng.uniform(85.0, 140.0),
            depth_mm=rng.uniform(35.0, 70.0),
            release_mm=rng.uniform(0.0, 8.0),
            breath_ml=rng.uniform(300.0, 900.0),
            to_first_breath_s=1.5 * scale,
            between_breaths_s=1.5 * scale,
            back_to_chest_s=1.5 * scale,
        )

    def _plan_cycle(self) -> None:
        """Plan the next 30 compressions and the pause with its 2 breaths."""
        rng = self._plan_rng
        p = self._draw_cycle_profile()
        self._cycle_profile = p
        t = self._planned_until
        for _ in range(COMPRESSIONS_PER_CYCLE):
            rate = _clip(rng.gauss(p.rate_cpm, p.rate_sd_cpm), 40.0, 200.0)
            period = 60.0 / rate
            depth = _clip(rng.gauss(p.depth_mm, p.depth_sd_mm), 10.0, 100.0)
            release = _clip(rng.gauss(p.release_mm, p.release_sd_mm), 0.0, depth / 3)
            duty = _clip(rng.gauss(p.duty_cycle, p.duty_sd), 0.35, 0.55)
            phase = duty * period
            comp = Compression(
                start_s=t,
                peak_s=t + DESCENT_SHARE * phase,
                release_start_s=t + phase,
                end_s=t + period,
                depth_mm=depth,
                release_mm=release,
                duty_cycle=duty,
            )
            self._compressions.append(comp)
            self._starts.append(t)
            t += period
        pause_start = t
        factor = max(0.3, rng.gauss(1.0, p.pause_sd))
        t += p.to_first_breath_s * factor
        for index in range(BREATHS_PER_PAUSE):
            if index:
                t += p.between_breaths_s * factor
            volume = _clip(rng.gauss(p.breath_ml, p.breath_sd_ml), 50.0, 1500.0)
            self._ventilations.append(Ventilation(t, t + INSPIRATION_S, volume))
            self._vent_starts.append(t)
            t += INSPIRATION_S
        t += p.back_to_chest_s * factor
        self._pauses.append(Pause(pause_start, t))
        self._planned_until = t

    def _plan_to(self, t_s: float) -> None:
        while self._planned_until <= t_s:
            self._plan_cycle()

    # ------------------------------------------------------------------ signal

    def _depth_and_velocity(self, t: float) -> tuple[float, float]:
        index = bisect.bisect_right(self._starts, t) - 1
        if index < 0:
            return 0.0, 0.0
        c = self._compressions[index]
        if t >= c.end_s:
            return 0.0, 0.0  # in a pause: hands off, full release
        previous = self._compressions[index - 1] if index > 0 else None
        begins_at = (
            previous.release_mm if previous is not None and previous.end_s == c.start_s else 0.0
        )
        if t < c.peak_s:
            span = c.peak_s - c.start_s
            x = (t - c.start_s) / span
            amplitude = c.depth_mm - begins_at
            velocity = amplitude * 0.5 * math.pi * math.sin(math.pi * x) / span
            return begins_at + amplitude * _smooth(x), velocity
        if t < c.release_start_s:
            return c.depth_mm, 0.0
        release_span = min(RELEASE_SHARE * c.period_s, c.end_s - c.release_start_s)
        x = (t - c.release_start_s) / release_span
        if x >= 1.0:
            return c.release_mm, 0.0
        amplitude = c.depth_mm - c.release_mm
        velocity = -amplitude * 0.5 * math.pi * math.sin(math.pi * x) / release_span
        return c.depth_mm - amplitude * _smooth(x), velocity

    def _volume(self, t: float) -> float:
        total = 0.0
        last = bisect.bisect_right(self._vent_starts, t)
        # Only the last few breaths matter: 10 time constants later a breath is gone.
        for v in self._ventilations[max(0, last - BREATHS_PER_PAUSE) : last]:
            if t < v.end_inspiration_s:
                total += v.volume_ml * _smooth((t - v.start_s) / INSPIRATION_S)
            else:
                total += v.volume_ml * math.exp(-(t - v.end_inspiration_s) / EXHALATION_TAU_S)
        return total

    def value_at(self, t_s: float) -> tuple[float, float, float]:
        """Noise-free (depth mm, force N, lung volume mL) at ``t_s`` seconds."""
        self._plan_to(t_s)
        depth, velocity = self._depth_and_velocity(t_s)
        force = CHEST_STIFFNESS_N_PER_MM * depth + CHEST_DAMPING_N_S_PER_MM * velocity
        return depth, max(0.0, force), self._volume(t_s)

    def sample(self, t_s: float) -> tuple[float, float, float]:
        """(depth mm, force N, lung volume mL) as the sensors read them: with noise,
        kept inside what the sensors can report."""
        depth, force, volume = self.value_at(t_s)
        if self.noise:
            rng = self._noise_rng
            depth += rng.gauss(0.0, NOISE_DEPTH_MM)
            force += rng.gauss(0.0, NOISE_FORCE_N)
            volume += rng.gauss(0.0, NOISE_VOLUME_ML)
        return (
            _clip(depth, -5.0, 120.0),
            _clip(force, 0.0, 1000.0),
            _clip(volume, -50.0, 2000.0),
        )

    # ------------------------------------------------------------------ truth

    def truth(self, until_s: float) -> GroundTruth:
        """Every compression, breath and pause that *started* by ``until_s``."""
        self._plan_to(until_s)

        def upto(items: Sequence[Compression | Ventilation | Pause]) -> int:
            return sum(1 for item in items if item.start_s <= until_s)

        return GroundTruth(
            tuple(self._compressions[: upto(self._compressions)]),
            tuple(self._ventilations[: upto(self._ventilations)]),
            tuple(self._pauses[: upto(self._pauses)]),
        )
