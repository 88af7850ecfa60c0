"""The rotation timetable: sizing the circuit, rotating candidates, the CSV rows."""

from __future__ import annotations

import csv
import io
import math
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.definitions.model import Timing
from assessments.timetable import CSV_HEADER, REST, Timetable, build_timetable

TIMING = Timing(reading_s=60, active_s=480, changeover_s=60)  # 10-minute slots
START = datetime(2026, 3, 2, 8, 30, tzinfo=timezone(timedelta(hours=1)))


def names(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{i + 1:02d}" for i in range(count)]


def build(stations: int, candidates: int, rest: int | None = None, **kw: float) -> Timetable:
    return build_timetable(names("s", stations), names("c", candidates), START, TIMING, rest, **kw)


def check_rotation(table: Timetable, stations: list[str], candidates: list[str]) -> None:
    """The invariants every timetable keeps, whatever its size."""
    # Every candidate visits every station exactly once.
    for candidate in candidates:
        visits = Counter(e.station_id for e in table.by_candidate(candidate))
        visits.pop(REST, None)
        assert visits == Counter(stations), candidate
    # No station (or rest chair) holds two candidates in a slot; no candidate is in two places.
    per_slot_position = Counter((e.slot.index, e.position) for e in table.entries)
    assert max(per_slot_position.values()) == 1
    per_slot_candidate = Counter((e.slot.index, e.candidate_id) for e in table.entries)
    assert max(per_slot_candidate.values()) == 1
    # Position (p + k) mod L: each candidate moves one place along the ring per slot.
    ring = len(table.circuit)
    for candidate in candidates:
        day = table.by_candidate(candidate)
        assert len({e.slot.cycle for e in day}) == 1
        cycle_slots = [s for s in table.slots if s.cycle == day[0].slot.cycle]
        assert [e.slot for e in day] == cycle_slots, "present in every slot of the cycle"
        seat = day[0].position
        assert [e.position for e in day] == [(seat + k) % ring for k in range(len(day))]
    # Slots follow each other and last one slot each.
    for slot in table.slots:
        assert slot.end - slot.start == timedelta(seconds=table.slot_s)
    assert [s.index for s in table.slots] == list(range(1, len(table.slots) + 1))
    assert table.end == table.slots[-1].end
    assert table.circuit.count(REST) == table.rest_stations
    assert table.station_ids == tuple(stations)


# --------------------------------------------------------------------------- examples


def test_few_candidates_one_cycle_without_rest_and_idle_stations() -> None:
    table = build(5, 3)
    assert (table.rest_stations, table.cycles, len(table.slots)) == (0, 1, 5)
    assert table.circuit == ("s01", "s02", "s03", "s04", "s05")
    assert table.start == START
    assert table.end == START + timedelta(minutes=50)
    assert [e.candidate_id for e in table.by_station("s01")] == ["c01", "c03", "c02"]
    check_rotation(table, names("s", 5), names("c", 3))


def test_rest_stations_avoid_a_second_cycle() -> None:
    table = build(10, 12)
    assert (table.rest_stations, table.cycles, len(table.slots)) == (2, 1, 12)
    assert table.circuit == (
        *("s01", "s02", "s03", "s04", "s05", REST),
        *("s06", "s07", "s08", "s09", "s10", REST),
    )
    check_rotation(table, names("s", 10), names("c", 12))


def test_two_cycles_when_rest_stations_cannot_seat_everyone() -> None:
    table = build(10, 21)
    assert (table.rest_stations, table.cycles, len(table.slots)) == (1, 2, 22)
    assert [s.cycle for s in table.slots] == [1] * 11 + [2] * 11
    check_rotation(table, names("s", 10), names("c", 21))


def test_a_part_filled_cycle_drops_slots_everyone_would_spend_resting() -> None:
    table = build(4, 6, rest=1)  # ring s01 s02 s03 s04 REST
    assert table.cycles == 2
    assert [s.cycle for s in table.slots] == [1] * 5 + [2] * 4
    assert [e.station_id for e in table.by_candidate("c06")] == ["s01", "s02", "s03", "s04"]
    check_rotation(table, names("s", 4), names("c", 6))


def test_ties_go_to_fewer_rest_stations() -> None:
    # 2 stations, 6 candidates: three cycles of 2 slots, or two cycles of 3 slots on a
    # ring with one rest station; both take 6 slots.
    assert len(build(2, 6, rest=1).slots) == 6
    table = build(2, 6)
    assert (table.rest_stations, table.cycles, len(table.slots)) == (0, 3, 6)


def test_cycle_break_separates_cycles() -> None:
    table = build(3, 6, rest=0, cycle_break_s=900)
    assert table.slots[2].end == START + timedelta(minutes=30)
    assert table.slots[3].start == START + timedelta(minutes=45)
    assert table.end == START + timedelta(minutes=75)


def test_rows_for_csv_list_every_station_in_every_slot_and_candidates_at_rest() -> None:
    table = build(3, 4)  # one cycle on a ring of 3 stations and one rest
    assert table.rest_stations == 1
    rows = table.to_rows()
    assert rows[0] == CSV_HEADER
    assert rows[1:5] == [
        ("1", "1", "2026-03-02T08:30:00+01:00", "2026-03-02T08:40:00+01:00", "s01", "c01"),
        ("1", "1", "2026-03-02T08:30:00+01:00", "2026-03-02T08:40:00+01:00", "s02", "c02"),
        ("1", "1", "2026-03-02T08:30:00+01:00", "2026-03-02T08:40:00+01:00", "s03", "c03"),
        ("1", "1", "2026-03-02T08:30:00+01:00", "2026-03-02T08:40:00+01:00", REST, "c04"),
    ]
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    assert len(list(csv.reader(io.StringIO(text.getvalue())))) == 1 + 4 * 4


def test_rows_show_idle_stations_with_an_empty_candidate() -> None:
    rows = build(3, 1).to_rows(header=False)
    assert len(rows) == 3 * 3
    assert [row[5] for row in rows if row[1] == "2"] == ["", "c01", ""]


@pytest.mark.parametrize(
    ("stations", "candidates", "start", "rest", "message"),
    [
        ([], ["c1"], START, None, "at least one station"),
        (["a", "b"], [], START, None, "at least one candidate"),
        (["a", "a"], ["c1"], START, None, "listed more than once: a"),
        ("abc", ["c1"], START, None, "not the single text"),
        (["a", ""], ["c1"], START, None, "not a valid id"),
        (["a", REST], ["c1"], START, None, "reserved for rest stations"),
        (["a"], ["c1"], datetime(2026, 3, 2, 8, 30), None, "no time zone"),
        (["a"], ["c1"], START, -1, "rest_stations must be a whole number"),
    ],
)
def test_bad_input_gets_a_clear_message(
    stations: list[str], candidates: list[str], start: datetime, rest: int | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        build_timetable(stations, candidates, start, TIMING, rest)


def test_unknown_candidate_or_station_is_named() -> None:
    table = build(2, 2)
    with pytest.raises(ValueError, match="candidate 'zz' is not on this timetable"):
        table.by_candidate("zz")
    with pytest.raises(ValueError, match="station 'zz' is not on this timetable"):
        table.by_station("zz")
    with pytest.raises(ValueError, match="cycle_break_s"):
        build(2, 2, cycle_break_s=-5)


# --------------------------------------------------------------------------- properties


@settings(deadline=None, max_examples=200)
@given(
    stations=st.integers(min_value=1, max_value=12),
    candidates=st.integers(min_value=1, max_value=60),
    rest=st.one_of(st.none(), st.integers(min_value=0, max_value=12)),
)
def test_every_candidate_sees_every_station_once_and_stations_never_double_up(
    stations: int, candidates: int, rest: int | None
) -> None:
    table = build(stations, candidates, rest)
    check_rotation(table, names("s", stations), names("c", candidates))
    assert len({e.candidate_id for e in table.entries}) == candidates
    for station in names("s", stations):
        assert sorted(e.candidate_id for e in table.by_station(station)) == names("c", candidates)
    by_cycle: defaultdict[int, set[str]] = defaultdict(set)
    for entry in table.entries:
        by_cycle[entry.slot.cycle].add(entry.candidate_id)
    assert all(len(group) <= len(table.circuit) for group in by_cycle.values())
    if rest is not None:
        assert table.rest_stations == rest


@settings(deadline=None, max_examples=200)
@given(
    stations=st.integers(min_value=1, max_value=12),
    candidates=st.integers(min_value=1, max_value=60),
)
def test_the_chosen_circuit_is_the_shortest_day(stations: int, candidates: int) -> None:
    chosen = build(stations, candidates)
    assert 0 <= chosen.rest_stations <= math.ceil(stations / 2)
    assert len(chosen.slots) >= stations, "nobody can visit S stations in fewer than S slots"
    for rest in range(0, math.ceil(stations / 2) + 1):
        other = build(stations, candidates, rest)
        assert (len(chosen.slots), chosen.rest_stations) <= (len(other.slots), rest)
    if candidates <= stations:
        assert (chosen.rest_stations, chosen.cycles, len(chosen.slots)) == (0, 1, stations)
    assert chosen.end == START + timedelta(seconds=len(chosen.slots) * chosen.slot_s)
    assert chosen.start.astimezone(UTC) == datetime(2026, 3, 2, 7, 30, tzinfo=UTC)
