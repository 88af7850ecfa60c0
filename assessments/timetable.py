"""The rotation timetable of an OSCE circuit: who is at which station in which slot.

A circuit is a ring of **positions**: the exam's stations with, where it helps, a few
**rest stations** (a chair in the corridor) placed evenly among them. All stations of a
circuit share one :class:`~assessments.definitions.model.Timing`, so they ring together
and a **slot** lasts reading + active + changeover time. At each bell the candidates move
one position along the ring. A group of candidates that goes round the ring together is a
**cycle**; when there are more candidates than positions the circuit runs several cycles
one after the other.

How the ring is sized: with S stations, R rest stations and C candidates, each cycle
seats at most L = S + R candidates, so more rest stations mean fewer cycles but longer
ones. :func:`build_timetable` tries R = 0 .. ceil(S / 2) and keeps the one with the
fewest slots in all (the shortest exam day), preferring fewer rest stations on a tie.
With no more candidates than stations that is always one cycle without rest stations;
some stations then stand idle in some slots.

A cycle lasts L slots, less where every candidate of a part-filled cycle would spend its
last slots resting: those slots are dropped (candidates are seated so this happens when
it can). The candidate seated at position p is at position (p + k) mod L in the cycle's
slot k, so each visits every station exactly once and no station ever holds two.

Slots and cycles are numbered from 1, as printed on the timetable.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from assessments.definitions.model import Timing

__all__ = ["CSV_HEADER", "REST", "Entry", "Slot", "Timetable", "build_timetable"]

#: The station id of a rest position. Upper case, so it cannot clash with a station id
#: of a definition (those are lower case).
REST = "REST"

#: The columns of :meth:`Timetable.to_rows`.
CSV_HEADER = ("cycle", "slot", "start", "end", "station_id", "candidate_id")


@dataclass(frozen=True, slots=True)
class Slot:
    """One slot of the day: its cycle and its number (both from 1), start and end."""

    cycle: int
    index: int
    start: datetime
    end: datetime


@dataclass(frozen=True, slots=True)
class Entry:
    """A candidate at a station (or at a rest station, ``REST``) during a slot.

    ``position`` is the index in :attr:`Timetable.circuit`; it tells rest stations apart.
    """

    candidate_id: str
    station_id: str
    slot: Slot
    position: int


@dataclass(frozen=True)
class Timetable:
    """A whole exam day on one circuit. Build it with :func:`build_timetable`."""

    #: The ring of positions in order: station ids and ``REST``.
    circuit: tuple[str, ...]
    slots: tuple[Slot, ...]
    #: In slot order, then circuit order.
    entries: tuple[Entry, ...]
    rest_stations: int
    cycles: int
    slot_s: float

    @property
    def start(self) -> datetime:
        return self.slots[0].start

    @property
    def end(self) -> datetime:
        """When the last slot ends."""
        return self.slots[-1].end

    @property
    def station_ids(self) -> tuple[str, ...]:
        return tuple(station for station in self.circuit if station != REST)

    def by_candidate(self, candidate_id: str) -> list[Entry]:
        """The candidate's day, slot by slot (rest slots included)."""
        found = [entry for entry in self.entries if entry.candidate_id == candidate_id]
        if not found:
            raise ValueError(f"candidate {candidate_id!r} is not on this timetable")
        return found

    def by_station(self, station_id: str) -> list[Entry]:
        """The candidates a station sees, slot by slot (idle slots left out). ``REST``
        gives every rest-station entry."""
        if station_id not in self.circuit:
            known = ", ".join(self.station_ids)
            raise ValueError(f"station {station_id!r} is not on this timetable (stations: {known})")
        return [entry for entry in self.entries if entry.station_id == station_id]

    def to_rows(self, *, header: bool = True) -> list[tuple[str, ...]]:
        """Rows for a CSV file (``csv.writer(f).writerows(timetable.to_rows())``).

        One row per slot and station, with an empty candidate_id when the station is
        idle (so each examiner sees their breaks), plus one row per candidate at rest.
        Times are ISO 8601 with their time zone.
        """
        rows: list[tuple[str, ...]] = [CSV_HEADER] if header else []
        seated = {(entry.slot.index, entry.position): entry for entry in self.entries}
        for slot in self.slots:
            for position, station in enumerate(self.circuit):
                entry = seated.get((slot.index, position))
                if entry is None and station == REST:
                    continue
                rows.append(
                    (
                        str(slot.cycle),
                        str(slot.index),
                        slot.start.isoformat(),
                        slot.end.isoformat(),
                        station,
                        "" if entry is None else entry.candidate_id,
                    )
                )
        return rows


# --------------------------------------------------------------------------- planning


def _ring(station_ids: Sequence[str], rest_stations: int) -> list[str]:
    """The stations in order with ``rest_stations`` rests spread evenly among them (after
    every S/R stations, the last one closing the ring)."""
    count = len(station_ids)
    ring: list[str] = []
    for j, station in enumerate(station_ids):
        ring.append(station)
        rests_after = (j + 1) * rest_stations // count - j * rest_stations // count
        ring.extend([REST] * rests_after)
    return ring


def _rests_before(ring: Sequence[str]) -> list[int]:
    """For each position, how many rest positions come right before it on the ring: a
    candidate seated there ends its round with that many rest slots, which may be cut."""
    size = len(ring)
    runs = []
    for p in range(size):
        run = 0
        while run < size and ring[(p - run - 1) % size] == REST:
            run += 1
        runs.append(run)
    return runs


@dataclass(frozen=True, slots=True)
class _Cycle:
    seats: tuple[int, ...]  # the start position of each candidate, in candidate order
    length: int  # slots


def _plan(ring: Sequence[str], candidates: int) -> list[_Cycle]:
    """Cycles for ``candidates`` on ``ring``: full cycles first, then the rest."""
    size = len(ring)
    runs = _rests_before(ring)
    # Seats whose candidate would end on rest slots first: in a part-filled cycle this
    # lets the cycle finish early.
    preferred = sorted(range(size), key=lambda p: (-runs[p], p))
    cycles: list[_Cycle] = []
    left = candidates
    while left > 0:
        count = min(left, size)
        seats = tuple(range(size)) if count == size else tuple(sorted(preferred[:count]))
        cycles.append(_Cycle(seats, size - min(runs[p] for p in seats)))
        left -= count
    return cycles


def _check_ids(ids: Sequence[str], what: str) -> None:
    if isinstance(ids, str):
        raise ValueError(f"{what} must be a list of ids, not the single text {ids!r}")
    if not ids:
        raise ValueError(f"a timetable needs at least one {what[:-1]}; the list is empty")
    for value in ids:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{what}: {value!r} is not a valid id (give non-empty text)")
    repeated = sorted(value for value, n in Counter(ids).items() if n > 1)
    if repeated:
        raise ValueError(f"{what}: listed more than once: {', '.join(repeated)}")


def build_timetable(
    station_ids: Sequence[str],
    candidate_ids: Sequence[str],
    start: datetime,
    timing: Timing,
    rest_stations: int | None = None,
    *,
    cycle_break_s: float = 0.0,
) -> Timetable:
    """The rotation timetable for one circuit.

    ``timing`` is the circuit's shared station timing (a slot is reading + active +
    changeover). ``rest_stations`` fixes the number of rest stations; None chooses it
    (0 .. ceil(S / 2)) for the fewest slots, preferring fewer rests on a tie.
    ``cycle_break_s`` is a break between cycles (resetting the stations, briefing the
    next group). ``start`` must carry its time zone.
    """
    _check_ids(station_ids, "stations")
    _check_ids(candidate_ids, "candidates")
    if REST in station_ids:
        raise ValueError(f"{REST!r} is reserved for rest stations; rename that station")
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError(
            f"the start time {start.isoformat()} has no time zone; give the exam's local "
            "time with its zone, e.g. 2026-03-02T08:30:00+01:00"
        )
    if not (math.isfinite(cycle_break_s) and cycle_break_s >= 0):
        raise ValueError(f"cycle_break_s must be a number of seconds >= 0, got {cycle_break_s!r}")
    stations = list(station_ids)
    candidates = list(candidate_ids)

    if rest_stations is None:
        options = range(0, math.ceil(len(stations) / 2) + 1)
        # Fewest slots in all, then fewest rest stations.
        rest_stations = min(
            options,
            key=lambda r: (sum(c.length for c in _plan(_ring(stations, r), len(candidates))), r),
        )
    elif isinstance(rest_stations, bool) or not isinstance(rest_stations, int) or rest_stations < 0:
        raise ValueError(f"rest_stations must be a whole number >= 0, got {rest_stations!r}")

    ring = _ring(stations, rest_stations)
    plan = _plan(ring, len(candidates))
    slot_s = float(timing.reading_s + timing.active_s + timing.changeover_s)

    slots: list[Slot] = []
    entries: list[Entry] = []
    offset_s = 0.0
    next_candidate = 0
    for cycle_number, cycle in enumerate(plan, start=1):
        if cycle_number > 1:
            offset_s += cycle_break_s
        group = candidates[next_candidate : next_candidate + len(cycle.seats)]
        next_candidate += len(group)
        for k in range(cycle.length):
            slot = Slot(
                cycle=cycle_number,
                index=len(slots) + 1,
                start=start + timedelta(seconds=offset_s),
                end=start + timedelta(seconds=offset_s + slot_s),
            )
            slots.append(slot)
            offset_s += slot_s
            seated = sorted(
                ((seat + k) % len(ring), candidate)
                for seat, candidate in zip(cycle.seats, group, strict=True)
            )
            entries.extend(
                Entry(candidate, ring[position], slot, position) for position, candidate in seated
            )
    return Timetable(
        circuit=tuple(ring),
        slots=tuple(slots),
        entries=tuple(entries),
        rest_stations=rest_stations,
        cycles=len(plan),
        slot_s=slot_s,
    )
