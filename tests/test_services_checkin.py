"""The candidates of a station for check-in: names, groups, timetable slots and the
status of each candidate's encounter, shown only to the station's examiners (while the
exam runs) and to coordinators."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_services_support import EXAMINER_PIN, World, build_world

from station.auth.permissions import PermissionDenied
from station.services import NotFound, StationCandidate


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    built = build_world(tmp_path / "world")
    try:
        yield built
    finally:
        built.close()


def _by_number(entries: list[StationCandidate]) -> dict[str, StationCandidate]:
    return {e.candidate_number: e for e in entries}


def test_the_station_examiner_sees_every_candidate_with_name_and_status(world: World) -> None:
    entries = world.services.checkin.station_candidates(world.eli, "OSCE-1", "alpha")
    assert [e.candidate_number for e in entries] == ["C1", "C2", "C3"]
    found = _by_number(entries)
    assert (found["C1"].family_name, found["C1"].given_name) == ("Doe", "Jo")
    assert found["C1"].display_name == "Doe, Jo"
    assert (found["C1"].status, found["C1"].status_by) == ("in_progress", "eli")
    assert (found["C2"].status, found["C2"].status_by) == ("submitted", "eli")
    assert (found["C3"].status, found["C3"].status_by) == ("not_started", None)
    # No timetable yet: no slots, no cycle, no group in this roster.
    assert all(e.slot_starts_at is None and e.cycle is None and e.group is None for e in entries)


def test_a_no_show_is_reported_as_such(world: World) -> None:
    world.services.encounters.mark_no_show(world.eli, "OSCE-1", "alpha", "C3")
    found = _by_number(world.services.checkin.station_candidates(world.eli, "OSCE-1", "alpha"))
    assert (found["C3"].status, found["C3"].status_by) == ("no_show", "eli")


def test_slots_come_from_the_timetable_in_slot_order(world: World) -> None:
    world.services.exams.build_timetable(world.cora, "OSCE-1")
    entries = world.services.checkin.station_candidates(world.ann, "OSCE-1", "beta")
    rows = [
        r
        for r in world.services.exams.timetable_rows(world.cora, "OSCE-1")
        if r.station_key == "beta"
    ]
    first: dict[str, tuple[int, object, object]] = {}
    for row in rows:
        first.setdefault(row.candidate_number, (row.cycle, row.starts_at, row.ends_at))
    placed = [e for e in entries if e.slot_starts_at is not None]
    assert {e.candidate_number: (e.cycle, e.slot_starts_at, e.slot_ends_at) for e in placed} == (
        first
    )
    starts = [e.slot_starts_at for e in placed]
    assert starts == sorted(starts)  # type: ignore[type-var]
    assert entries[: len(placed)] == placed  # placed candidates come first
    assert {e.candidate_number for e in entries} == {"C1", "C2", "C3"}


def test_group_and_accented_names_come_from_the_roster(world: World, tmp_path: Path) -> None:
    roster = tmp_path / "more.csv"
    roster.write_text(
        "candidate_id,family_name,given_name,group\nC4,Núñez,José,Blue\n", encoding="utf-8"
    )
    world.services.roster.import_roster(world.cora, "OSCE-1", roster)
    found = _by_number(world.services.checkin.station_candidates(world.eli, "OSCE-1", "alpha"))
    assert found["C4"].display_name == "Núñez, José"
    assert found["C4"].group == "Blue"
    assert found["C4"].status == "not_started"


def test_double_marking_shows_each_examiner_their_own_encounter(world: World) -> None:
    world.services.exams.assign_examiner(world.cora, "OSCE-1", "alpha", "una")
    una = world.services.identity.authenticate("una", EXAMINER_PIN)
    world.services.encounters.check_in(una, "OSCE-1", "alpha", "C2", marker="second")
    for_una = _by_number(world.services.checkin.station_candidates(una, "OSCE-1", "alpha"))
    assert (for_una["C2"].status, for_una["C2"].status_by) == ("in_progress", "una")
    # Where una has no encounter, the primary marker's shows.
    assert (for_una["C1"].status, for_una["C1"].status_by) == ("in_progress", "eli")
    for_eli = _by_number(world.services.checkin.station_candidates(world.eli, "OSCE-1", "alpha"))
    assert (for_eli["C2"].status, for_eli["C2"].status_by) == ("submitted", "eli")
    # A coordinator sees the primary encounter.
    for_cora = _by_number(world.services.checkin.station_candidates(world.cora, "OSCE-1", "alpha"))
    assert (for_cora["C2"].status, for_cora["C2"].status_by) == ("submitted", "eli")


def test_an_examiner_not_assigned_to_the_station_is_refused(world: World) -> None:
    with pytest.raises(PermissionDenied, match="not assigned to station 'alpha'"):
        world.services.checkin.station_candidates(world.ann, "OSCE-1", "alpha")  # ann marks beta
    with pytest.raises(PermissionDenied, match="not assigned to station 'alpha'"):
        world.services.checkin.station_candidates(world.una, "OSCE-1", "alpha")


def test_trainees_and_deactivated_examiners_are_refused(world: World) -> None:
    with pytest.raises(
        PermissionDenied, match="only examiners assigned to the station and coordinators"
    ):
        world.services.checkin.station_candidates(world.tom, "OSCE-1", "alpha")
    with pytest.raises(PermissionDenied, match="deactivated"):
        world.services.checkin.station_candidates(world.dan, "OSCE-1", "alpha")


def test_examiners_see_names_only_while_the_exam_runs(world: World) -> None:
    with pytest.raises(PermissionDenied, match="the exam is not running"):
        world.services.checkin.station_candidates(world.eli, "OSCE-0", "alpha")  # closed
    with pytest.raises(PermissionDenied, match="the exam is not running"):
        world.services.checkin.station_candidates(world.eli, "OSCE-2", "alpha")  # never opened
    # Coordinators may look at any time, e.g. to prepare the day.
    closed = _by_number(world.services.checkin.station_candidates(world.cora, "OSCE-0", "alpha"))
    assert (closed["C1"].status, closed["C1"].status_by) == ("in_progress", "eli")


def test_unknown_exam_or_station_is_not_found(world: World) -> None:
    with pytest.raises(NotFound, match="no exam with the code 'NOPE'"):
        world.services.checkin.station_candidates(world.cora, "NOPE", "alpha")
    with pytest.raises(NotFound, match="has no station 'gamma'"):
        world.services.checkin.station_candidates(world.cora, "OSCE-1", "gamma")
