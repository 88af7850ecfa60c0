"""Practice attempts and device traces through the services: permissions, audit, the
life of an attempt, and traces stored with encounters and read back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from test_services_support import World, build_world, copy_world

from station.auth.permissions import PermissionDenied
from station.services import Conflict, InvalidInput, NotFound, StationServices
from station.services.types import DefinitionRef
from station.storage.audit import verify
from station.storage.models import AuditEntry, DeviceTrace

TRACE = (
    b"# device: SkillStation CPR simulator sim-1.0 serial SIM0001\n"
    b"t_s,depth_mm,force_n,lung_volume_ml\n"
    b"0.000,0.0,0.0,0.0\n0.010,1.5,20.0,0.0\n"
)
METRICS = {"compressions": 30.0, "mean_depth_mm": 53.2, "pct_depth_ok": 90.0, "score": 88.0}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    world = build_world(tmp_path_factory.mktemp("practice-template"))
    world.close()  # checkpoints the WAL, so the file can be copied
    yield world


@pytest.fixture
def world(template: World, tmp_path: Path) -> Iterator[World]:
    copy = copy_world(template, tmp_path / "world")
    yield copy
    copy.close()


def _second_trainee(world: World) -> None:
    world.services.identity.add_user(world.cora, "tia", "Tia", "trainee", "482913")


def _audit_chain_ok(services: StationServices) -> None:
    result = verify(services.db, services.db.audit_key)
    assert result.ok, result


def test_attempt_from_start_to_finish(world: World) -> None:
    services, tom = world.services, world.tom
    attempt = services.practice.start_practice(tom, "adult-cpr-aed")
    assert (attempt.username, attempt.station_key, attempt.status) == (
        "tom",
        "adult-cpr-aed",
        "in_progress",
    )
    assert attempt.score is None and attempt.ended_at is None
    assert attempt.started_at == world.clock.now()

    trace = services.practice.record_practice_trace(
        tom, attempt.id, TRACE, "sim://cpr serial SIM0001", 2
    )
    assert (trace.attempt_id, trace.encounter_id, trace.sample_count) == (attempt.id, None, 2)
    assert trace.size_bytes == len(TRACE)
    stored = services.practice.record_practice_metrics(tom, attempt.id, {**METRICS, "ccf": None})
    assert stored == METRICS
    world.clock.advance(65.0)
    finished = services.practice.finish_practice(
        tom, attempt.id, 88.0, details={"profile": "adult", "marks": {"a1": "done"}}
    )
    assert (finished.status, finished.score) == ("completed", 88.0)
    assert finished.ended_at is not None
    assert (finished.ended_at - finished.started_at).total_seconds() == 65.0

    details = services.practice.practice_attempt(tom, attempt.id)
    assert details.attempt == finished
    assert details.metrics == METRICS
    assert details.details == {"profile": "adult", "marks": {"a1": "done"}}
    assert details.definition.id == "adult-cpr-aed"
    assert [t.id for t in details.traces] == [trace.id]
    read = services.practice.practice_trace(tom, attempt.id)
    assert read.data == TRACE and read.info == trace
    assert services.practice.practice_attempts(tom) == [finished]
    _audit_chain_ok(services)


def test_writes_are_audited_with_their_actor(world: World) -> None:
    services, tom = world.services, world.tom
    attempt = services.practice.start_practice(tom, "adult-cpr-aed")
    services.practice.record_practice_trace(tom, attempt.id, TRACE, "sim", 2)
    services.practice.record_practice_metrics(tom, attempt.id, {"score": 70.0})
    services.practice.finish_practice(tom, attempt.id, 70.0)
    with services.db.read() as session:
        entries = list(
            session.scalars(
                select(AuditEntry).where(
                    AuditEntry.table_name.in_(
                        ["practice_attempts", "device_traces", "metric_values"]
                    )
                )
            )
        )
    seen = [(e.table_name, e.action, e.field, e.actor_name) for e in entries]
    assert ("practice_attempts", "insert", None, "tom") in seen
    assert ("device_traces", "insert", None, "device") in seen
    assert ("metric_values", "insert", None, "device") in seen
    assert ("practice_attempts", "update", "status", "tom") in seen
    assert ("practice_attempts", "update", "score_json", "tom") in seen
    trace_entry = next(e for e in entries if e.table_name == "device_traces")
    assert trace_entry.new_json is not None and "sha256:" in trace_entry.new_json


def test_a_trainee_cannot_see_or_change_another_trainees_attempts(world: World) -> None:
    services, tom = world.services, world.tom
    _second_trainee(world)
    tia = services.identity.authenticate("tia", "482913")
    attempt = services.practice.start_practice(tom, "adult-cpr-aed")
    services.practice.record_practice_trace(tom, attempt.id, TRACE, "sim", 2)

    with pytest.raises(PermissionDenied, match="belongs to another user"):
        services.practice.practice_attempt(tia, attempt.id)
    with pytest.raises(PermissionDenied, match="belongs to another user"):
        services.practice.practice_trace(tia, attempt.id)
    with pytest.raises(PermissionDenied, match="belongs to another user"):
        services.practice.practice_attempts(tia, username="tom")
    with pytest.raises(PermissionDenied, match="belongs to another user"):
        services.practice.record_practice_metrics(tia, attempt.id, {"score": 100.0})
    with pytest.raises(PermissionDenied, match="belongs to another user"):
        services.practice.record_practice_trace(tia, attempt.id, TRACE, "sim", 2)
    with pytest.raises(PermissionDenied, match="belongs to another user"):
        services.practice.finish_practice(tia, attempt.id, 100.0)
    with pytest.raises(PermissionDenied, match="belongs to another user"):
        services.practice.abandon_practice(tia, attempt.id)
    assert services.practice.practice_attempts(tia) == []
    assert services.practice.practice_attempt(tom, attempt.id).metrics == {}


def test_coordinators_see_everyones_attempts_examiners_their_own(world: World) -> None:
    services = world.services
    _second_trainee(world)
    tia = services.identity.authenticate("tia", "482913")
    world.clock.advance(1.0)
    tom_attempt = services.practice.start_practice(world.tom, "adult-cpr-aed")
    world.clock.advance(1.0)
    tia_attempt = services.practice.start_practice(tia, "adult-cpr-aed")
    world.clock.advance(1.0)
    eli_attempt = services.practice.start_practice(world.eli, "adult-cpr-aed")

    every = services.practice.practice_attempts(world.cora)
    assert [a.id for a in every] == [eli_attempt.id, tia_attempt.id, tom_attempt.id]
    assert [a.id for a in services.practice.practice_attempts(world.cora, username="TIA")] == [
        tia_attempt.id
    ]
    assert services.practice.practice_attempt(world.cora, tom_attempt.id).attempt == tom_attempt
    assert [a.id for a in services.practice.practice_attempts(world.eli)] == [eli_attempt.id]
    with pytest.raises(PermissionDenied):
        services.practice.practice_attempt(world.eli, tom_attempt.id)
    # Coordinators look, but do not record into someone else's attempt.
    with pytest.raises(PermissionDenied, match="belongs to another user"):
        services.practice.finish_practice(world.cora, tom_attempt.id, 50.0)
    with pytest.raises(NotFound, match="no user 'nobody'"):
        services.practice.practice_attempts(world.cora, username="nobody")


def test_a_finished_or_abandoned_attempt_takes_nothing_more(world: World) -> None:
    services, tom = world.services, world.tom
    done = services.practice.start_practice(tom, "adult-cpr-aed")
    services.practice.finish_practice(tom, done.id, None)
    dropped = services.practice.start_practice(tom, "adult-cpr-aed")
    services.practice.record_practice_metrics(tom, dropped.id, {"compressions": 4.0})
    abandoned = services.practice.abandon_practice(tom, dropped.id)
    assert (abandoned.status, abandoned.score) == ("abandoned", None)
    assert services.practice.practice_attempt(tom, dropped.id).metrics == {"compressions": 4.0}
    for attempt_id in (done.id, dropped.id):
        with pytest.raises(Conflict, match="start a new attempt"):
            services.practice.record_practice_metrics(tom, attempt_id, {"score": 1.0})
        with pytest.raises(Conflict):
            services.practice.record_practice_trace(tom, attempt_id, TRACE, "sim", 2)
        with pytest.raises(Conflict):
            services.practice.finish_practice(tom, attempt_id, 10.0)
        with pytest.raises(Conflict):
            services.practice.abandon_practice(tom, attempt_id)


def test_bad_input_is_refused_and_nothing_is_written(world: World, tmp_path: Path) -> None:
    services, tom = world.services, world.tom
    attempt = services.practice.start_practice(tom, "adult-cpr-aed")
    with pytest.raises(InvalidInput, match="outside 0 to 100"):
        services.practice.finish_practice(tom, attempt.id, 101.0)
    with pytest.raises(InvalidInput, match="not a number"):
        services.practice.finish_practice(tom, attempt.id, True)
    with pytest.raises(InvalidInput, match="JSON"):
        services.practice.finish_practice(tom, attempt.id, 1.0, details={"x": object()})
    with pytest.raises(InvalidInput, match="unknown device metric 'speed'"):
        services.practice.record_practice_metrics(tom, attempt.id, {"speed": 1.0})
    with pytest.raises(InvalidInput, match="outside its range"):
        services.practice.record_practice_metrics(tom, attempt.id, {"pct_depth_ok": 140.0})
    with pytest.raises(InvalidInput, match="empty"):
        services.practice.record_practice_trace(tom, attempt.id, b"", "sim", 0)
    with pytest.raises(InvalidInput, match="not UTF-8"):
        services.practice.record_practice_trace(tom, attempt.id, b"t_s\n\xff\n", "sim", 1)
    with pytest.raises(InvalidInput, match="device identity is empty"):
        services.practice.record_practice_trace(tom, attempt.id, TRACE, "  ", 2)
    with pytest.raises(InvalidInput, match="sample count"):
        services.practice.record_practice_trace(tom, attempt.id, TRACE, "sim", -1)
    with pytest.raises(NotFound, match="no such trace file"):
        services.practice.record_practice_trace(tom, attempt.id, tmp_path / "missing.csv", "sim", 2)
    with pytest.raises(NotFound, match="no practice attempt 'nope'"):
        services.practice.practice_attempt(tom, "nope")
    with pytest.raises(NotFound, match="no device trace"):
        services.practice.practice_trace(tom, attempt.id)
    with pytest.raises(NotFound, match="no station 'no-such-station'"):
        services.practice.start_practice(tom, "no-such-station")
    with pytest.raises(InvalidInput, match="is a file"):
        services.practice.start_practice(tom, str(world.folder / "defs" / "alpha.yaml"))
    details = services.practice.practice_attempt(tom, attempt.id)
    assert (details.attempt.status, details.metrics, details.traces) == ("in_progress", {}, ())


def test_start_by_definition_id_or_exact_version(world: World, tmp_path: Path) -> None:
    services, tom = world.services, world.tom
    first = services.practice.start_practice(tom, DefinitionRef("alpha", "1"))
    assert (first.station_key, first.definition_version) == ("alpha", "1")
    again = services.practice.start_practice(tom, first.definition_id)
    assert again.definition_id == first.definition_id and again.id != first.id
    path = tmp_path / "trace.csv"
    path.write_bytes(TRACE)
    info = services.practice.record_practice_trace(tom, again.id, path, "replay://trace.csv", 2)
    assert services.practice.practice_trace(tom, again.id, info.id).data == TRACE
    with pytest.raises(NotFound, match="no trace 'other'"):
        services.practice.practice_trace(tom, again.id, "other")


def test_a_trace_is_stored_with_its_encounter_and_read_back(world: World) -> None:
    services, eli = world.services, world.eli
    first = services.encounters.record_device_trace(eli, world.draft, TRACE, "sim://cpr SIM0001", 2)
    world.clock.advance(1.0)
    second = services.encounters.record_device_trace(
        eli, world.draft, TRACE + b"0.020,3.0,40.0,0.0\n", "x", 3
    )
    assert (first.encounter_id, first.attempt_id) == (world.draft, None)
    newest = services.encounters.encounter_trace(eli, world.draft)
    assert newest.info == second and newest.data.endswith(b"0.020,3.0,40.0,0.0\n")
    assert services.encounters.encounter_trace(world.cora, world.draft, first.id).data == TRACE
    with services.db.read() as session:
        row = session.get(DeviceTrace, first.id)
        assert row is not None and row.data == TRACE and row.path is None
    _audit_chain_ok(services)


def test_encounter_traces_follow_the_marking_and_viewing_rules(world: World) -> None:
    services = world.services
    with pytest.raises(PermissionDenied, match="already been submitted"):
        services.encounters.record_device_trace(world.eli, world.submitted, TRACE, "sim", 2)
    with pytest.raises(PermissionDenied, match="not assigned"):
        services.encounters.record_device_trace(world.ann, world.draft, TRACE, "sim", 2)
    with pytest.raises(PermissionDenied):
        services.encounters.record_device_trace(world.tom, world.draft, TRACE, "sim", 2)
    services.encounters.record_device_trace(world.eli, world.draft, TRACE, "sim", 2)
    with pytest.raises(PermissionDenied):
        services.encounters.encounter_trace(world.ann, world.draft)
    with pytest.raises(PermissionDenied):
        services.encounters.encounter_trace(world.tom, world.draft)
    with pytest.raises(NotFound, match="has no device trace"):
        services.encounters.encounter_trace(world.eli, world.submitted)
    with pytest.raises(NotFound, match="no encounter 'nope'"):
        services.encounters.encounter_trace(world.eli, "nope")


def test_a_trace_kept_as_a_file_beside_the_database_is_read(world: World) -> None:
    services = world.services
    info = services.encounters.record_device_trace(world.eli, world.draft, TRACE, "sim", 2)
    folder = services.db.path.parent / "traces"
    folder.mkdir()
    (folder / "t.csv").write_bytes(TRACE + b"0.020,3.0,40.0,0.0\n")
    with services.db.write() as session:
        row = session.get(DeviceTrace, info.id)
        assert row is not None
        row.data = None
        row.path = "traces/t.csv"
    assert (
        services.encounters.encounter_trace(world.eli, world.draft).info.size_bytes
        == len(TRACE) + 19
    )
    (folder / "t.csv").unlink()
    with pytest.raises(NotFound, match="cannot be read"):
        services.encounters.encounter_trace(world.eli, world.draft)


# --------------------------------------------------------------------------- one call


def _cpr_trace(tmp_path: Path, cycles: int = 2) -> bytes:
    """A recorded trace of ``cycles`` cycles of good CPR (30 compressions each)."""
    from devices.cpr.synth import cpr_session, synthesize
    from devices.trace import TraceWriter

    path = tmp_path / "cpr.csv"
    with TraceWriter(path, identity={"model": "SimManikin"}) as writer:
        for sample in synthesize(cpr_session(cycles), rate_hz=100.0, seed=3).trace.samples:
            writer.write(sample)
    return path.read_bytes()


def _reanalysed(data: bytes, profile: str = "adult") -> dict[str, float]:
    from assessments.metrics import METRIC_NAMES
    from devices.cpr.analysis import analyze_trace
    from devices.cpr.profiles import get_profile
    from devices.trace import parse_trace

    figures = analyze_trace(parse_trace(data), get_profile(profile)).as_dict()
    return {k: float(v) for k in METRIC_NAMES if isinstance(v := figures.get(k), int | float)}


def _counts(services: StationServices) -> tuple[int, int, int]:
    from sqlalchemy import func

    from station.storage.models import MetricValue

    with services.db.read() as session:
        return (
            session.scalar(select(func.count()).select_from(DeviceTrace)) or 0,
            session.scalar(select(func.count()).select_from(MetricValue)) or 0,
            session.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


def test_one_call_stores_a_cpr_trace_with_the_metrics_analysed_from_it(
    world: World, tmp_path: Path
) -> None:
    services = world.services
    data = _cpr_trace(tmp_path)
    record = services.encounters.record_cpr_trace(
        world.eli, data, "model=SimManikin", encounter_id=world.draft
    )
    assert record.trace is not None and record.trace.sample_count > 0
    view = services.encounters.encounter_view(world.eli, world.draft)
    stored = services.encounters.encounter_trace(world.eli, world.draft)
    assert stored.data == data
    assert view.metrics == record.metrics == _reanalysed(stored.data)
    assert view.metrics["compressions"] == 60

    attempt = services.practice.start_practice(world.tom, "adult-cpr-aed")
    record = services.practice.record_cpr_trace(
        world.tom,
        data,
        "model=SimManikin",
        attempt_id=attempt.id,
        profile="child",
        details={"mode": "device", "seconds": 61.2},
    )
    details = services.practice.practice_attempt(world.tom, attempt.id)
    assert details.metrics == _reanalysed(
        services.practice.practice_trace(world.tom, attempt.id).data, "child"
    )
    assert details.attempt.status == "completed" and record.attempt == details.attempt
    assert details.attempt.score == details.metrics["score"]
    assert details.details == {
        "cpr_profile": "child",
        "device": "model=SimManikin",
        "gaps": 0,
        "mode": "device",
        "seconds": 61.2,
    }
    _audit_chain_ok(services)


@pytest.mark.parametrize("owner", ["encounter", "attempt"])
def test_a_cpr_trace_and_its_metrics_are_stored_in_one_transaction(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, owner: str
) -> None:
    """A fault after the trace's row is written leaves neither trace nor metrics."""
    import station.services.traces as traces

    services = world.services
    data = _cpr_trace(tmp_path)
    attempt = services.practice.start_practice(world.tom, "adult-cpr-aed")

    def store() -> object:
        if owner == "encounter":
            return services.encounters.record_cpr_trace(
                world.eli, data, "model=SimManikin", encounter_id=world.draft
            )
        return services.practice.record_cpr_trace(
            world.tom, data, "model=SimManikin", attempt_id=attempt.id
        )

    written: list[str] = []

    def fault(session: object, *args: object, **kwargs: object) -> None:
        from sqlalchemy.orm import Session

        assert isinstance(session, Session)
        session.flush()
        with session.no_autoflush:
            written.extend(r.id for r in session.scalars(select(DeviceTrace)))
        raise OSError("the disk went away")

    before = _counts(services)
    monkeypatch.setattr(traces, "add_metrics", fault)
    with pytest.raises(OSError, match="went away"):
        store()
    assert written  # the trace was written inside the transaction...
    assert _counts(services) == before  # ...and rolled back with it
    assert services.practice.practice_attempt(world.tom, attempt.id).attempt.status == "in_progress"
    monkeypatch.undo()
    store()
    traces, metrics, _entries = _counts(services)
    assert traces == before[0] + 1 and metrics > before[1]
    _audit_chain_ok(services)


def test_the_one_call_refuses_bad_input_and_stores_nothing(world: World, tmp_path: Path) -> None:
    services = world.services
    before = _counts(services)
    data = _cpr_trace(tmp_path, cycles=1)
    bad = b"t_s,depth_mm,force_n,lung_volume_ml\n0.0,1.0,,\n0.01,deep,,\n"
    with pytest.raises(InvalidInput, match=r"the trace:3: .*deep"):
        services.encounters.record_cpr_trace(world.eli, bad, "sim", encounter_id=world.draft)
    with pytest.raises(InvalidInput, match="no CPR profile 'horse'"):
        services.encounters.record_cpr_trace(
            world.eli, data, "sim", encounter_id=world.draft, profile="horse"
        )
    with pytest.raises(PermissionDenied):
        services.encounters.record_cpr_trace(world.ann, data, "sim", encounter_id=world.draft)
    assert _counts(services) == before
    # A trace without samples keeps no row; its metrics say it had no compressions.
    attempt = services.practice.start_practice(world.tom, "adult-cpr-aed")
    empty = b"t_s,depth_mm,force_n,lung_volume_ml\n"
    record = services.practice.record_cpr_trace(world.tom, empty, "sim", attempt_id=attempt.id)
    assert record.trace is None and record.metrics["compressions"] == 0
    assert record.attempt is not None and record.attempt.score is None
