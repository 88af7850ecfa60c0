"""The event log of simulation scenarios: recorded line by line with the encounter,
append-only, audited, read back in order, with the marking permissions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_services_support import T0, World, build_world

from station.auth.permissions import PermissionDenied
from station.services import InvalidInput, StationServices

SCENARIO_KEY = "scenario-adult-ihca"
SIM_EXAM = "SIM-1"


def add_scenario_exam(world: World, code: str = SIM_EXAM) -> str:
    """An open exam with the bundled adult cardiac-arrest scenario, examined by eli,
    and the world's candidates C1-C3 on its roster."""
    services, cora = world.services, world.cora
    services.exams.create_exam(
        cora, code=code, title="Simulation day", starts_at=T0, stations=[SCENARIO_KEY, "beta"]
    )
    services.exams.assign_examiner(cora, code, SCENARIO_KEY, "eli")
    services.exams.assign_examiner(cora, code, "beta", "ann")
    services.roster.import_roster(cora, code, world.folder / "roster.csv")
    services.exams.open_exam(cora, code)
    return code


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    built = build_world(tmp_path / "world")
    add_scenario_exam(built)
    try:
        yield built
    finally:
        built.close()


def _encounter(services: StationServices, world: World) -> str:
    return services.scenario.scenario_encounter(
        world.eli, SIM_EXAM, SCENARIO_KEY, "C1"
    ).encounter.id


def test_the_log_is_stored_in_order_and_read_back(world: World) -> None:
    services = world.services
    encounter_id = _encounter(services, world)
    assert services.scenario.scenario_log(world.eli, encounter_id) == []

    services.scenario.record_scenario_event(world.eli, encounter_id, 0.0, "start")
    services.scenario.record_scenario_event(
        world.eli, encounter_id, 0.0, "scripted", "handover", "Nurse"
    )
    services.scenario.record_scenario_event(
        world.eli, encounter_id, 42.5, "note", detail="  calm lead  "
    )
    services.scenario.record_scenario_event(
        world.eli, encounter_id, 50.0, "pause", detail="fire drill"
    )
    services.scenario.record_scenario_event(world.eli, encounter_id, 50.0, "resume")
    services.scenario.record_scenario_event(
        world.eli, encounter_id, 61.0, "manual", "relative-arrives"
    )
    services.scenario.record_scenario_event(
        world.eli, encounter_id, 90.0, "missed", "prompt-compressions"
    )
    services.scenario.record_scenario_event(
        world.eli, encounter_id, 60.0, "vitals", "arrest", '{"hr": 0, "rhythm": "VF"}'
    )

    log = services.scenario.scenario_log(world.eli, encounter_id)
    assert [(e.seq, e.kind, e.name) for e in log] == [
        (1, "start", ""),
        (2, "scripted", "handover"),
        (3, "note", ""),
        (4, "pause", ""),
        (5, "resume", ""),
        (6, "manual", "relative-arrives"),
        (7, "missed", "prompt-compressions"),
        (8, "vitals", "arrest"),
    ]
    assert log[2].detail == "calm lead"
    assert log[2].t_s == 42.5
    assert log[3].detail == "fire drill"
    assert {e.recorded_by for e in log} == {"eli"}
    assert log[0].recorded_at == world.clock.now()
    # The coordinator reads the same log.
    assert services.scenario.scenario_log(world.cora, encounter_id) == log


def test_the_start_line_notes_when_the_encounter_started(world: World) -> None:
    services = world.services
    encounter_id = _encounter(services, world)
    assert services.encounters.encounter_view(world.eli, encounter_id).encounter.started_at is None
    world.clock.advance(5)
    services.scenario.record_scenario_event(world.eli, encounter_id, 0.0, "start")
    started = services.encounters.encounter_view(world.eli, encounter_id).encounter.started_at
    assert started == world.clock.now()
    world.clock.advance(5)
    services.scenario.record_scenario_event(world.eli, encounter_id, 3.0, "start")  # a restart
    assert (
        services.encounters.encounter_view(world.eli, encounter_id).encounter.started_at == started
    )


def test_every_line_is_audited_and_the_chain_verifies(world: World) -> None:
    services = world.services
    encounter_id = _encounter(services, world)
    services.scenario.record_scenario_event(world.eli, encounter_id, 1.0, "note", detail="first")
    services.scenario.record_scenario_event(world.eli, encounter_id, 2.0, "note", detail="second")
    with sqlite3.connect(services.db.path) as connection:
        inserts = connection.execute(
            "SELECT count(*) FROM audit_log WHERE table_name = 'scenario_events' "
            "AND action = 'insert'"
        ).fetchone()[0]
    assert inserts == 2
    assert services.results.verify_audit(world.cora).ok


def test_the_log_cannot_be_changed_or_deleted(world: World) -> None:
    services = world.services
    encounter_id = _encounter(services, world)
    services.scenario.record_scenario_event(world.eli, encounter_id, 1.0, "note", detail="first")
    with sqlite3.connect(services.db.path) as connection:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("UPDATE scenario_events SET detail = 'edited'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("DELETE FROM scenario_events")


@pytest.mark.parametrize(
    ("t_s", "kind", "name", "detail", "message"),
    [
        (1.0, "explosion", "", "", "is not one of: start, scripted"),
        (-1.0, "note", "", "x", "before the start"),
        (float("nan"), "note", "", "x", "not a number of seconds"),
        (1.0, "note", "", "   ", "a note needs some text"),
        (1.0, "scripted", "no-such-event", "", "'no-such-event' is not an event of scenario"),
        (1.0, "manual", "", "", "'' is not an event of scenario"),
        (1.0, "note", "", "x" * 5000, "keep it under 4000"),
    ],
)
def test_wrong_lines_are_refused_with_the_reason(
    world: World, t_s: float, kind: str, name: str, detail: str, message: str
) -> None:
    services = world.services
    encounter_id = _encounter(services, world)
    with pytest.raises(InvalidInput, match=message):
        services.scenario.record_scenario_event(world.eli, encounter_id, t_s, kind, name, detail)
    assert services.scenario.scenario_log(world.eli, encounter_id) == []


def test_only_scenario_stations_have_an_event_log(world: World) -> None:
    services = world.services
    with pytest.raises(InvalidInput, match="is not a simulation scenario"):
        services.scenario.scenario_encounter(world.ann, SIM_EXAM, "beta", "C1")
    checklist = services.encounters.check_in(world.ann, SIM_EXAM, "beta", "C2").id
    with pytest.raises(InvalidInput, match="is not a simulation scenario"):
        services.scenario.record_scenario_event(world.ann, checklist, 1.0, "note", detail="x")


def test_who_may_record_and_read(world: World) -> None:
    services = world.services
    encounter_id = _encounter(services, world)
    # Another station's examiner, an unassigned examiner and a trainee may not record.
    for actor in (world.ann, world.una, world.tom):
        with pytest.raises(PermissionDenied):
            services.scenario.record_scenario_event(actor, encounter_id, 1.0, "note", detail="x")
    # A coordinator changes an encounter only by amending it after submission.
    with pytest.raises(PermissionDenied):
        services.scenario.record_scenario_event(world.cora, encounter_id, 1.0, "note", detail="x")
    for actor in (world.una, world.tom):
        with pytest.raises(PermissionDenied):
            services.scenario.scenario_log(actor, encounter_id)


def test_a_submitted_encounter_takes_no_more_lines(world: World) -> None:
    services = world.services
    encounter_id = _encounter(services, world)
    services.scenario.record_scenario_event(world.eli, encounter_id, 0.0, "start")
    services.scenario.record_scenario_event(world.eli, encounter_id, 600.0, "end")
    services.encounters.submit(world.eli, encounter_id, allow_incomplete=True)
    with pytest.raises(PermissionDenied, match="already been submitted"):
        services.scenario.record_scenario_event(
            world.eli, encounter_id, 601.0, "note", detail="late"
        )
    assert [e.kind for e in services.scenario.scenario_log(world.eli, encounter_id)] == [
        "start",
        "end",
    ]


def test_the_event_log_appears_in_the_candidates_report(world: World, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from reports.candidate import render_candidate_report

    services = world.services
    encounter_id = _encounter(services, world)
    services.scenario.record_scenario_event(world.eli, encounter_id, 0.0, "start")
    services.scenario.record_scenario_event(
        world.eli, encounter_id, 60.0, "scripted", "arrest", "VF"
    )
    services.scenario.record_scenario_event(
        world.eli, encounter_id, 60.0, "vitals", "arrest", '{"hr": 0, "rhythm": "VF"}'
    )
    services.scenario.record_scenario_event(
        world.eli, encounter_id, 75.5, "note", detail="Shock given"
    )
    services.encounters.submit(world.eli, encounter_id, allow_incomplete=True)

    data = services.reporting.candidate_report_data(
        world.cora, SIM_EXAM, "C1", draft=True, lang="fr"
    )
    (scenario,) = [s for s in data.stations if s.station_key == SCENARIO_KEY]
    assert [(line.t_s, line.kind, line.text) for line in scenario.event_log] == [
        (0.0, "start", ""),
        (60.0, "scripted", "Arrêt cardiaque : fibrillation ventriculaire"),
        (60.0, "vitals", "Arrêt cardiaque : fibrillation ventriculaire: hr 0, rhythm VF"),
        (75.5, "note", "Shock given"),
    ]
    (checklist,) = [s for s in data.stations if s.station_key == "beta"]
    assert checklist.event_log == ()

    out = tmp_path / "c1.pdf"
    render_candidate_report(data, out)
    text = "".join(page.extract_text() or "" for page in PdfReader(out).pages)
    flat = "".join(text.split())
    assert "Journaldesévénements" in flat
    assert "01:15" in text and "Shockgiven" in flat
    assert "Notedel'opérateur" in flat or "Notedel’opérateur" in flat
