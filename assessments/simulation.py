"""Simulated candidates and examiners: plausible, seeded marks for a definition.

Used where real people are not at hand: the dry run of a station (``skillstation
dry-run``), the demonstration database and the benchmarks' cohorts. The model is
deliberately simple but shaped like real OSCE data, so that standard setting and the
psychometrics have something sensible to work on:

- a candidate has an ability ``theta`` (standard normal across a cohort);
- each item has an easiness drawn once from its id (the same item is as hard for every
  candidate and every run), and the chance it is done is the logistic of
  ``1.3 * theta + easiness`` (a one-parameter item response model);
- items are done in the order they are written, spread over the active phase;
- device metrics (CPR depth, rate, recoil, compression fraction) follow theta with noise;
- the examiner's global grade follows the station percentage, shifted by the examiner's
  stringency (hawks grade lower, doves higher) and blurred by noise, so borderline
  regression finds a slope with scatter around it.

Everything is drawn from a ``random.Random`` the caller seeds: the same seed gives the
same marks.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass

from assessments.definitions.model import (
    AnyItem,
    BinaryItem,
    DeviceItem,
    RatingItem,
    StationDefinition,
    ThreePointItem,
    TimedItem,
)
from assessments.scoring import ItemMark, MarkValue


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def item_easiness(station_key: str, item_id: str) -> float:
    """A fixed easiness for an item, between -0.5 and 2.5 (most checklist items are
    done by most candidates), derived from its ids so it is stable across runs."""
    digest = hashlib.sha256(f"{station_key}/{item_id}".encode()).digest()
    return -0.5 + 3.0 * (int.from_bytes(digest[:4], "big") / 2**32)


@dataclass(frozen=True, slots=True)
class SimulatedPerformance:
    """What a simulated candidate did at a station, as an examiner would record it."""

    marks: tuple[ItemMark, ...]
    metrics: dict[str, float]
    finished_at_s: float


def simulate_metrics(theta: float, rng: random.Random) -> dict[str, float]:
    """Plausible CPR quality figures for a candidate of ability ``theta``.

    Centred on what skills-lab studies report for trainees (most reach the depth band
    about two thirds of the time); targets are those of the AHA 2020 / ERC 2021 adult
    guidance (depth 50-60 mm, rate 100-120 /min, CCF > 80 % per the 2013 AHA consensus).
    """

    def pct(centre: float, spread: float) -> float:
        return round(min(100.0, max(0.0, rng.gauss(centre + spread * theta, 8.0))), 1)

    compressions = max(0, round(rng.gauss(60 + 4 * theta, 4)))
    return {
        "compressions": float(compressions),
        "mean_depth_mm": round(min(75.0, max(20.0, rng.gauss(51 + 4 * theta, 4))), 1),
        "mean_rate_cpm": round(min(160.0, max(70.0, rng.gauss(112 - 2 * theta, 8))), 1),
        "pct_depth_ok": pct(66, 15),
        "pct_rate_ok": pct(70, 12),
        "pct_full_recoil": pct(78, 10),
        "ccf": round(min(0.98, max(0.3, rng.gauss(0.80 + 0.05 * theta, 0.05))), 3),
        "ventilations": float(max(0, round(rng.gauss(4, 0.8)))),
        "pct_vent_volume_ok": pct(60, 15),
        "longest_pause_s": round(max(2.0, rng.gauss(9 - 2 * theta, 2.5)), 1),
        "score": pct(68, 14),
    }


def _mark_for(item: AnyItem, p_done: float, t_s: float, rng: random.Random) -> ItemMark | None:
    roll = rng.random()
    if isinstance(item, DeviceItem):
        return None  # judged from the metrics, not marked by the examiner
    if isinstance(item, BinaryItem):
        value = MarkValue.DONE if roll < p_done else MarkValue.NOT_DONE
        return ItemMark(item.id, value, t_s)
    if isinstance(item, ThreePointItem):
        if roll < p_done:
            value = MarkValue.DONE
        elif roll < p_done + (1 - p_done) * 0.6:
            value = MarkValue.PARTIAL
        else:
            value = MarkValue.NOT_DONE
        return ItemMark(item.id, value, t_s)
    if isinstance(item, RatingItem):
        level = min(
            item.scale_max, max(1, round(1 + (item.scale_max - 1) * p_done + rng.gauss(0, 0.6)))
        )
        return ItemMark(item.id, level, t_s)
    if isinstance(item, TimedItem):
        if roll >= p_done:
            return ItemMark(item.id, MarkValue.NOT_DONE, t_s)
        # A capable candidate does it well inside the limit; a weak one runs late.
        late = rng.random() > p_done
        when = item.within_s * (rng.uniform(1.05, 1.6) if late else rng.uniform(0.3, 0.95))
        return ItemMark(item.id, MarkValue.DONE, round(when, 1))
    raise TypeError(f"unknown item type {type(item).__name__}")


def simulate_performance(
    defn: StationDefinition, theta: float, rng: random.Random
) -> SimulatedPerformance:
    """Marks a candidate of ability ``theta`` earns at ``defn``, stamped with times
    spread over the active phase in the order the items are written."""
    items = defn.items()
    active = defn.timing.active_s
    # The candidate works through the station in about 60-95 % of the time.
    finish = active * min(0.97, max(0.4, rng.gauss(0.78 - 0.05 * theta, 0.08)))
    marks: list[ItemMark] = []
    for index, item in enumerate(items):
        t_s = round(finish * (index + 1) / (len(items) + 1) + rng.uniform(-2, 2), 1)
        t_s = max(1.0, t_s)
        p_done = _logistic(1.3 * theta + item_easiness(defn.id, item.id))
        mark = _mark_for(item, p_done, t_s, rng)
        if mark is not None:
            marks.append(mark)
    marks.sort(key=lambda m: m.t_s or 0.0)
    metrics = simulate_metrics(theta, rng) if defn.device is not None else {}
    return SimulatedPerformance(tuple(marks), metrics, round(finish, 1))


def simulate_grade(
    defn: StationDefinition, percent: float, stringency: float, rng: random.Random
) -> int | None:
    """The global grade an examiner gives for a station percentage.

    The scale's steps are read as evenly spread over 30-95 %; ``stringency`` shifts the
    examiner's judgement (+1 ≈ one step harsher), and noise of about half a step blurs it.
    """
    if defn.global_rating is None:
        return None
    steps = len(defn.global_rating.steps)
    position = (percent - 30.0) / 65.0 * (steps - 1)
    position += rng.gauss(0.0, 0.5) - stringency
    return min(steps - 1, max(0, round(position)))
