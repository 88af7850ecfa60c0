"""Standard setting and results release (station/services/release.py).

A demonstration exam is built once; each test works on its own copy. Outcomes are
checked before and after a standard is adopted: stations set by standard setting are
pending until then and are judged against the adopted cut afterwards; the exam result
uses the adopted pass mark.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from conftest import DemoCopy
from sqlalchemy import select

from assessments.scoring import Outcome
from common.clock import FakeClock
from station import cli
from station.auth import PermissionDenied
from station.auth.permissions import Actor
from station.commands import session as cli_session
from station.demo import DB_NAME, DemoConfig, DemoResult
from station.services import Conflict, InvalidInput, StationServices
from station.storage import open_database
from station.storage.models import AuditEntry, Exam, StandardSetting

CHEAP = PasswordHasher.from_parameters(CHEAPEST)
NOW = datetime(2026, 3, 9, 14, 0, tzinfo=UTC)
#: The demo's stations whose pass mark comes from standard setting.
SET_BY_STANDARD = ("adult-cpr-aed", "iv-cannulation", "who-hand-rub")


@pytest.fixture(scope="module")
def built(demo_copy: DemoCopy) -> DemoResult:
    return demo_copy(DemoConfig(seed=11, result_files=False))


@pytest.fixture
def folder(built: DemoResult, tmp_path: Path) -> Path:
    copy = tmp_path / "exam"
    shutil.copytree(built.folder, copy)
    return copy


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(start_wall=NOW)


@pytest.fixture
def services(folder: Path, clock: FakeClock) -> Iterator[StationServices]:
    with open_database(folder / DB_NAME, create=False) as db:
        yield StationServices(db, clock=clock, password_hasher=CHEAP)


@pytest.fixture
def coordinator(services: StationServices, built: DemoResult) -> Actor:
    return services.identity.authenticate(built.coordinator.username, built.coordinator.secret)


def _cuts(built: DemoResult, value: float = 50.0) -> dict[str, float]:
    return dict.fromkeys(built.stations, value)


def _adopt(services: StationServices, actor: Actor, built: DemoResult, pass_mark: float = 55.0):  # type: ignore[no-untyped-def]
    return services.release.adopt_standard(
        actor,
        built.exam_code,
        method="brm",
        sem_multiplier=1.0,
        station_cuts=_cuts(built),
        cut_score=50.0,
        pass_mark=pass_mark,
    )


def test_a_standard_sets_the_outcomes_of_standard_setting_stations(
    services: StationServices, coordinator: Actor, built: DemoResult
) -> None:
    before = {r.encounter_id: r for r in services.results.results(coordinator, built.exam_code)}
    pending = [r for r in before.values() if r.station_key in SET_BY_STANDARD]
    assert pending and all(r.score.outcome is not Outcome.PASS for r in pending)
    assert any(r.score.outcome is Outcome.PENDING for r in pending)
    assert services.release.standard(coordinator, built.exam_code) is None

    standard = _adopt(services, coordinator, built)

    assert standard.station_cuts == _cuts(built)
    assert (standard.cut_score, standard.pass_mark, standard.adopted_at) == (50.0, 55.0, NOW)
    assert services.release.standard(coordinator, built.exam_code) == standard
    after = services.results.results(coordinator, built.exam_code)
    assert len(after) == len(before)
    for result in after:
        score = result.score
        if result.station_key not in SET_BY_STANDARD:
            # A fixed pass mark is the station's own; the standard does not touch it.
            assert score == before[result.encounter_id].score
            continue
        assert score.pass_mark_pct == 50.0
        assert score.outcome is not Outcome.PENDING
        assert score.percent is not None
        if score.outcome is Outcome.PASS:
            assert score.percent >= 50.0
        elif score.percent < 50.0:
            assert score.outcome in (Outcome.FAIL, Outcome.CRITICAL_FAIL)
        if before[result.encounter_id].score.outcome is Outcome.CRITICAL_FAIL:
            assert score.outcome is Outcome.CRITICAL_FAIL


def test_the_exam_result_uses_the_adopted_pass_mark(
    services: StationServices, coordinator: Actor, built: DemoResult
) -> None:
    _adopt(services, coordinator, built, pass_mark=55.0)
    outcomes = services.release.exam_outcomes(coordinator, built.exam_code)
    assert [o.candidate_number for o in outcomes] == sorted(o.candidate_number for o in outcomes)
    assert len(outcomes) == built.candidates
    complete = [o for o in outcomes if None not in o.station_percent.values()]
    assert complete
    for outcome in complete:
        percents = list(outcome.station_percent.values())
        assert outcome.overall_pct == pytest.approx(
            sum(p for p in percents if p is not None) / len(percents)
        )
        assert outcome.overall_pct is not None
        below = [r for r in outcome.reasons if r.code == "overall_below_pass_mark"]
        if outcome.overall_pct < 55.0:
            assert outcome.outcome == "fail"
            assert below[0].values["pass_mark"] == 55.0
        else:
            assert below == []
    # The candidate with a missing station is not given a pass.
    incomplete = [o for o in outcomes if None in o.station_percent.values()]
    assert len(incomplete) == 1
    assert incomplete[0].outcome in ("incomplete", "fail")


def test_release_needs_a_standard_and_is_audited(
    services: StationServices, coordinator: Actor, built: DemoResult, clock: FakeClock
) -> None:
    with pytest.raises(Conflict, match="has no standard yet"):
        services.release.release_results(coordinator, built.exam_code)
    _adopt(services, coordinator, built)
    clock.advance(60)

    info = services.release.release_results(coordinator, built.exam_code)

    assert info.released_at == clock.now()
    assert info.standard.pass_mark == 55.0
    with services.db.read() as session:
        exam = session.scalars(select(Exam).where(Exam.code == built.exam_code)).one()
        assert exam.results_released_at == clock.now()
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.field == "results_released_at")
        ).one()
        assert entry.actor_name == built.coordinator.username
        assert json.loads(entry.old_json or "") is None
        inserted = session.scalars(
            select(AuditEntry).where(AuditEntry.table_name == "standard_settings")
        ).one()
        assert inserted.action == "insert"
    assert services.results.verify_audit(coordinator).ok

    with pytest.raises(Conflict, match="already released"):
        services.release.release_results(coordinator, built.exam_code)
    with pytest.raises(Conflict, match="withdraw the release"):
        _adopt(services, coordinator, built)


def test_a_release_is_withdrawn_only_with_a_reason(
    services: StationServices, coordinator: Actor, built: DemoResult, clock: FakeClock
) -> None:
    with pytest.raises(Conflict, match="are not released"):
        services.release.withdraw_release(coordinator, built.exam_code, "a marking error")
    _adopt(services, coordinator, built)
    services.release.release_results(coordinator, built.exam_code)
    with pytest.raises(InvalidInput, match="the reason is empty"):
        services.release.withdraw_release(coordinator, built.exam_code, "  ")
    clock.advance(3600)

    info = services.release.withdraw_release(coordinator, built.exam_code, "station 2 re-marked")

    assert info.released_at is None
    with services.db.read() as session:
        entries = list(
            session.scalars(
                select(AuditEntry)
                .where(AuditEntry.field == "results_released_at")
                .order_by(AuditEntry.seq)
            )
        )
    assert [e.reason for e in entries] == [None, "station 2 re-marked"]
    assert json.loads(entries[-1].new_json or "") is None
    assert services.results.verify_audit(coordinator).ok
    # A new standard may be adopted again, and the newest is the one in force.
    clock.advance(60)
    _adopt(services, coordinator, built, pass_mark=60.0)
    standard = services.release.standard(coordinator, built.exam_code)
    assert standard is not None and standard.pass_mark == 60.0


def test_examiners_may_neither_set_a_standard_nor_release(
    services: StationServices, coordinator: Actor, built: DemoResult
) -> None:
    examiner = built.examiners[0]
    actor = services.identity.authenticate(examiner.username, examiner.secret)
    with pytest.raises(PermissionDenied):
        _adopt(services, actor, built)
    _adopt(services, coordinator, built)
    with pytest.raises(PermissionDenied):
        services.release.release_results(actor, built.exam_code)
    with services.db.read() as session:
        assert session.scalars(select(Exam.results_released_at)).all() == [None]


def test_a_standard_with_a_missing_or_unknown_station_is_refused(
    services: StationServices, coordinator: Actor, built: DemoResult
) -> None:
    cuts = _cuts(built)
    cuts.pop(built.stations[0])
    cuts["suturing"] = 40.0
    with pytest.raises(InvalidInput) as caught:
        services.release.adopt_standard(
            coordinator,
            built.exam_code,
            method="brm",
            sem_multiplier=1.0,
            station_cuts=cuts,
            cut_score=50.0,
            pass_mark=55.0,
        )
    assert caught.value.problems == [
        f"exam {built.exam_code!r} has no station 'suturing'",
        f"station {built.stations[0]!r} has no cut score",
    ]
    with pytest.raises(InvalidInput, match="not one of brm, borderline-group, cohen"):
        services.release.adopt_standard(
            coordinator,
            built.exam_code,
            method="angoff",
            sem_multiplier=1.0,
            station_cuts=_cuts(built),
            cut_score=50.0,
            pass_mark=155.0,
        )


def test_standards_cannot_be_changed_behind_the_log(
    services: StationServices, coordinator: Actor, built: DemoResult, folder: Path
) -> None:
    _adopt(services, coordinator, built)
    with closing(sqlite3.connect(folder / DB_NAME, isolation_level=None)) as connection:
        with pytest.raises(sqlite3.IntegrityError, match="standard_settings is append-only"):
            connection.execute("UPDATE standard_settings SET pass_mark = 0")
        with pytest.raises(sqlite3.IntegrityError, match="standard_settings is append-only"):
            connection.execute("DELETE FROM standard_settings")


def test_set_standard_adopts_the_statistics_figures(
    services: StationServices, coordinator: Actor, built: DemoResult
) -> None:
    stats = services.stats.exam_statistics(coordinator, built.exam_code, sem_multiplier=1.5)
    standard = services.release.set_standard(coordinator, built.exam_code, sem_multiplier=1.5)
    assert standard.method == "brm"
    by_station = {s.station_id: s for s in stats.stations}
    # Stations set by standard setting take the regression's cut; the newborn station
    # keeps its fixed pass mark of 80 %.
    expected = {k: by_station[k].cut_score for k in SET_BY_STANDARD}
    expected["newborn-resuscitation-hbb"] = 80.0
    assert standard.station_cuts == pytest.approx(expected)
    assert list(standard.station_cuts) == list(built.stations)
    cut = sum(expected.values()) / len(expected)  # type: ignore[arg-type]
    assert standard.cut_score == pytest.approx(cut)
    assert stats.exam.sem is not None
    assert standard.pass_mark == pytest.approx(cut + 1.5 * stats.exam.sem)
    assert standard.statistics["candidates"] == stats.exam.candidates
    with services.db.read() as session:
        row = session.scalars(select(StandardSetting)).one()
        assert row.sem_multiplier == 1.5

    cohen = services.release.set_standard(coordinator, built.exam_code, method="cohen")
    assert cohen.method == "cohen"
    assert cohen.station_cuts["iv-cannulation"] == pytest.approx(
        by_station["iv-cannulation"].cohen_cut
    )
    assert services.release.standard(coordinator, built.exam_code) == cohen


def test_the_commands_set_the_standard_and_release(
    built: DemoResult,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(cli_session, "password_hasher", CHEAP)
    monkeypatch.setenv("SKILLSTATION_PIN", built.coordinator.secret)
    base = ["--db", str(folder / DB_NAME), "--user", built.coordinator.username, "results"]
    exam = ["--exam", built.exam_code]

    assert cli.main([*base, "release", *exam]) == 1
    assert "has no standard yet" in capsys.readouterr().err

    assert cli.main([*base, "standard-set", *exam, "--sem-multiplier", "-1"]) == 2
    capsys.readouterr()

    code = cli.main([*base, "standard-set", *exam, "--method", "brm"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert f"standard adopted for exam {built.exam_code} (brm)" in captured.out
    assert "pass mark" in captured.out

    assert cli.main([*base, "release", *exam]) == 0
    assert f"results of exam {built.exam_code} released at" in capsys.readouterr().out

    assert cli.main([*base, "release", *exam, "--undo"]) == 1
    captured = capsys.readouterr()
    assert "the reason is empty" in captured.err and "Traceback" not in captured.err
    assert cli.main([*base, "release", *exam, "--undo", "--reason", "re-marking"]) == 0
    assert "withdrawn" in capsys.readouterr().out
