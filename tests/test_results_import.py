"""``results import``: paper-marked results brought into an exam, all or nothing.

A demonstration exam is built once; each test works on its own copy of the folder (the
database with its audit key). The imported rows are second markings by examiners who did
not mark that candidate at that station, as a paper second marking would be.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from sqlalchemy import func, select

from assessments.psychometrics import analyse_exam, read_results_csv
from assessments.scoring import Outcome, score_station
from station import cli
from station.auth import PermissionDenied
from station.auth.permissions import Actor
from station.commands import session as cli_session
from station.demo import DB_NAME, DemoConfig, DemoResult, build_demo
from station.services import InvalidInput, NotFound, StationServices
from station.storage import open_database
from station.storage.models import (
    AuditEntry,
    Candidate,
    Definition,
    Encounter,
    ExamStation,
    ImportedResult,
    User,
    definition_model,
)

CHEAP = PasswordHasher.from_parameters(CHEAPEST)
HEADER = [
    "candidate_id",
    "station_id",
    "examiner_id",
    "score",
    "max_score",
    "global_grade",
    "notes",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoResult]:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SKILLSTATION_AUDIT_KEY_FILE", raising=False)
        yield build_demo(
            tmp_path_factory.mktemp("demo"),
            DemoConfig(seed=5, result_files=False),
            password_hasher=CHEAP,
        )


@pytest.fixture
def folder(built: DemoResult, tmp_path: Path) -> Path:
    """A copy of the demo folder for one test."""
    copy = tmp_path / "exam"
    shutil.copytree(built.folder, copy)
    return copy


@pytest.fixture
def services(folder: Path) -> Iterator[StationServices]:
    with open_database(folder / DB_NAME, create=False) as db:
        yield StationServices(db, password_hasher=CHEAP)


@pytest.fixture
def coordinator(services: StationServices, built: DemoResult) -> Actor:
    return services.identity.authenticate(built.coordinator.username, built.coordinator.secret)


def _free_rows(services: StationServices, built: DemoResult, count: int) -> list[list[str]]:
    """``count`` rows of paper results for candidate/station/examiner triples that have
    no encounter yet, with scores and grades that fit the stations."""
    with services.db.read() as session:
        taken = {
            (number, station, examiner)
            for number, station, examiner in session.execute(
                select(Candidate.candidate_number, ExamStation.label, User.username)
                .join(Encounter, Encounter.candidate_id == Candidate.id)
                .join(ExamStation, ExamStation.id == Encounter.exam_station_id)
                .join(User, User.id == Encounter.examiner_id)
            )
        }
        numbers = sorted(session.scalars(select(Candidate.candidate_number)))
        rated = {
            row.station_key
            for row in session.scalars(select(Definition))
            if definition_model(row).global_rating is not None
        }
        # An imported maximum must be the station's own (the bound definition version's).
        maxima = {
            row.station_key: score_station(definition_model(row), []).max_score
            for row in session.scalars(select(Definition))
        }
    examiners = sorted(a.username for a in built.examiners)
    rows = []
    for index, number in enumerate(numbers * 2):
        station = built.stations[index % len(built.stations)]
        examiner = next(e for e in examiners if (number, station, e) not in taken)
        taken.add((number, station, examiner))
        score = 4 + index % 7
        grade = str(index % 3) if station in rated else ""
        rows.append([number, station, examiner, str(score), f"{maxima[station]:g}", grade, "paper"])
        if len(rows) == count:
            return rows
    raise AssertionError("the demo has too few candidates for the rows asked")


def _write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _counts(services: StationServices) -> tuple[int, int, int]:
    with services.db.read() as session:
        return (
            session.scalar(select(func.count()).select_from(Encounter)) or 0,
            session.scalar(select(func.count()).select_from(ImportedResult)) or 0,
            session.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


def test_a_bad_row_17_of_20_imports_nothing(
    services: StationServices, coordinator: Actor, built: DemoResult, tmp_path: Path
) -> None:
    rows = _free_rows(services, built, 20)
    rows[15][3] = "99"  # line 17 (the header is line 1): more than the station's maximum
    path = _write(tmp_path / "paper.csv", rows)
    before = _counts(services)
    with pytest.raises(InvalidInput) as caught:
        services.imports.import_results(coordinator, built.exam_code, path)
    assert caught.value.problems == [
        f"{path}:17: score 99 is outside 0 to {rows[15][4]} — check the score and the maximum"
    ]
    assert "nothing was imported" in str(caught.value)
    assert _counts(services) == before


def test_every_problem_is_reported_with_its_line(
    services: StationServices, coordinator: Actor, built: DemoResult, tmp_path: Path
) -> None:
    rows = _free_rows(services, built, 8)
    rows[0][0] = "C-999"  # line 2: not on the roster
    rows[1][1] = "suturing"  # line 3: not a station of the exam
    rows[2][2] = "nobody"  # line 4: no such user
    rows[3][3] = "seven"  # line 5: not a number
    rows[4][5] = "9"  # line 6: not a step of the rating (or no rating at all)
    rows[5][4] = "0"  # line 7: no maximum
    rows[7] = list(rows[6])  # line 9 repeats line 8
    path = _write(tmp_path / "paper.csv", rows)
    before = _counts(services)
    with pytest.raises(InvalidInput) as caught:
        services.imports.import_results(coordinator, built.exam_code, path)
    lines = [int(p.split(":")[1]) for p in caught.value.problems]
    assert lines == [2, 3, 4, 5, 6, 7, 9]
    text = "\n".join(caught.value.problems)
    assert "'C-999' is not entered for exam" in text
    assert "has no station 'suturing'" in text
    assert "there is no user 'nobody'" in text
    assert "score 'seven' is not a number" in text
    assert "global_grade 9 is not a step of station" in text
    assert "max_score 0 is not above 0" in text
    assert "the same candidate, station and examiner as line 8" in text
    assert _counts(services) == before


def test_a_result_already_marked_is_refused(
    services: StationServices, coordinator: Actor, built: DemoResult, tmp_path: Path
) -> None:
    results = services.results.results(coordinator, built.exam_code)
    marked = results[0]
    row = [marked.candidate_number, marked.station_key, marked.examiner, "5", "10", "", ""]
    path = _write(tmp_path / "paper.csv", [row])
    with pytest.raises(InvalidInput, match="already has a result from"):
        services.imports.import_results(coordinator, built.exam_code, path)


def test_header_and_file_problems(
    services: StationServices, coordinator: Actor, built: DemoResult, tmp_path: Path
) -> None:
    path = _write(tmp_path / "short.csv", [["C-001", "x"]], header=["candidate_id", "station_id"])
    with pytest.raises(InvalidInput, match=r"short\.csv:1: the header has no column examiner_id"):
        services.imports.import_results(coordinator, built.exam_code, path)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InvalidInput, match="the file is empty"):
        services.imports.import_results(coordinator, built.exam_code, empty)
    with pytest.raises(NotFound, match="no such file"):
        services.imports.import_results(coordinator, built.exam_code, tmp_path / "missing.csv")


def test_imported_results_count_in_results_and_exports(
    services: StationServices, coordinator: Actor, built: DemoResult, tmp_path: Path
) -> None:
    rows = _free_rows(services, built, 20)
    rows[0].append("critical_fail")
    header = [*HEADER, "outcome"]
    path = _write(tmp_path / "paper.csv", [r + [""] * (len(header) - len(r)) for r in rows], header)
    before = len(services.results.results(coordinator, built.exam_code))

    done = services.imports.import_results(coordinator, built.exam_code, path)

    assert done.encounters == 20
    assert sum(done.by_station.values()) == 20
    results = services.results.results(coordinator, built.exam_code)
    assert len(results) == before + 20
    data = services.exports.export_data(coordinator, built.exam_code)
    imported = [r for r in results if data.sources[r.encounter_id] == "import"]
    assert len(imported) == 20
    by_key = {(r.candidate_number, r.station_key, r.examiner): r for r in imported}
    for index, row in enumerate(rows):
        result = by_key[(row[0], row[1], row[2])]
        assert result.marker == "second"  # the station's own marking stays the primary
        assert result.score.score == float(row[3])
        assert result.score.max_score == float(row[4])
        assert result.score.percent == pytest.approx(100 * float(row[3]) / float(row[4]))
        assert result.score.grade == (int(row[5]) if row[5] else None)
        assert result.score.items == ()
        if index == 0:
            assert result.score.outcome is Outcome.CRITICAL_FAIL
        else:
            assert result.score.outcome is not Outcome.CRITICAL_FAIL

    out = tmp_path / "results.csv"
    services.exports.export_results(coordinator, built.exam_code, "csv", out)
    with out.open(encoding="utf-8", newline="") as handle:
        exported = {
            (r["candidate_id"], r["station_id"], r["examiner_id"]): r
            for r in csv.DictReader(handle)
        }
    for row in rows:
        line = exported[(row[0], row[1], row[2])]
        assert (line["score"], line["max_score"], line["global_grade"]) == (row[3], row[4], row[5])

    # Every row is in the audit trail, and the trail still verifies.
    with services.db.read() as session:
        summary = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "results.import")
        ).one()
        inserts = session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.table_name == "imported_results", AuditEntry.action == "insert")
        )
    assert summary.actor_name == built.coordinator.username
    assert '"rows":20' in (summary.new_json or "")
    assert inserts == 20
    assert services.results.verify_audit(coordinator).ok


def test_imported_rows_cannot_be_changed_behind_the_log(
    services: StationServices, coordinator: Actor, built: DemoResult, tmp_path: Path, folder: Path
) -> None:
    path = _write(tmp_path / "paper.csv", _free_rows(services, built, 2))
    services.imports.import_results(coordinator, built.exam_code, path)
    with closing(sqlite3.connect(folder / DB_NAME, isolation_level=None)) as connection:
        with pytest.raises(sqlite3.IntegrityError, match="imported_results is append-only"):
            connection.execute("UPDATE imported_results SET score = 12")
        with pytest.raises(sqlite3.IntegrityError, match="imported_results is append-only"):
            connection.execute("DELETE FROM imported_results")
        # Someone with the file who drops the trigger to change a paper score is still
        # caught: audit verify rebuilds imported_results from the log.
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                " AND tbl_name = 'imported_results'"
            )
        ]
        for name in names:
            connection.execute(f"DROP TRIGGER {name}")
        connection.execute("UPDATE imported_results SET score = score + 1")
    result = services.results.verify_audit(coordinator)
    assert not result.ok
    assert "imported_results" in (result.problem or "")


def test_an_examiner_may_not_import(
    services: StationServices, built: DemoResult, tmp_path: Path
) -> None:
    path = _write(tmp_path / "paper.csv", _free_rows(services, built, 2))
    examiner = built.examiners[0]
    actor = services.identity.authenticate(examiner.username, examiner.secret)
    before = _counts(services)
    with pytest.raises(PermissionDenied):
        services.imports.import_results(actor, built.exam_code, path)
    assert _counts(services) == before


def test_the_command_imports_or_names_the_bad_line(
    services: StationServices,
    built: DemoResult,
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(cli_session, "password_hasher", CHEAP)
    monkeypatch.setenv("SKILLSTATION_PIN", built.coordinator.secret)
    base = ["--db", str(folder / DB_NAME), "--user", built.coordinator.username, "results"]
    rows = _free_rows(services, built, 20)
    good = _write(tmp_path / "good.csv", rows)
    bad_rows = [list(r) for r in rows]
    bad_rows[15][4] = "-3"
    bad = _write(tmp_path / "bad.csv", bad_rows)

    code = cli.main([*base, "import", str(bad), "--exam", built.exam_code])
    captured = capsys.readouterr()
    assert code == 1
    assert f"{bad}:17: max_score -3 is not above 0" in captured.err
    assert "Traceback" not in captured.err

    code = cli.main([*base, "import", str(good), "--exam", built.exam_code])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert f"20 results imported into exam {built.exam_code}" in captured.out

    assert cli.main([*base, "import", "--exam", built.exam_code]) == 2


def test_imported_results_count_in_the_statistics(
    services: StationServices, coordinator: Actor, built: DemoResult, tmp_path: Path
) -> None:
    """The statistics of an exam with paper results equal those of its exported CSV:
    an imported encounter counts with its imported score, not as zero marks."""
    rows = _free_rows(services, built, 12)
    services.imports.import_results(
        coordinator, built.exam_code, _write(tmp_path / "paper.csv", rows)
    )
    out = tmp_path / "results.csv"
    services.exports.export_results(coordinator, built.exam_code, "csv", out)

    from_database = services.stats.exam_statistics(coordinator, built.exam_code, borderline_grade=1)
    from_csv = analyse_exam(read_results_csv(out), borderline_grade=1)

    by_station = {s.station_id: s for s in from_csv.stations}
    for station in from_database.stations:
        expected = by_station[station.station_id]
        assert station.n == expected.n
        assert station.mean == pytest.approx(expected.mean)
        assert station.sd == pytest.approx(expected.sd)
    # Twelve paper rows of at least 4/12 each: no imported station result is zero.
    imported_means = [s.mean for s in from_database.stations if s.mean is not None]
    assert imported_means and min(imported_means) > 0


def test_a_max_score_that_is_not_the_station_s_is_refused(
    services: StationServices, coordinator: Actor, built: DemoResult, tmp_path: Path
) -> None:
    rows = _free_rows(services, built, 1)
    rows[0][3], rows[0][4] = "0.0000001", "0.0000003"
    path = _write(tmp_path / "paper.csv", rows)
    before = _counts(services)
    with pytest.raises(InvalidInput) as caught:
        services.imports.import_results(coordinator, built.exam_code, path)
    (problem,) = caught.value.problems
    maximum = score_station_max(services, rows[0][1])
    assert problem.startswith(f"{path}:2: max_score 3e-07 is not the maximum of station ")
    assert f"({maximum}) — give the station's maximum score" in problem
    assert _counts(services) == before


def score_station_max(services: StationServices, station_key: str) -> str:
    with services.db.read() as session:
        row = session.scalars(
            select(Definition).where(Definition.station_key == station_key)
        ).first()
        assert row is not None
        return f"{score_station(definition_model(row), []).max_score:g}"


def test_a_row_imported_with_a_tiny_maximum_bricks_nothing(
    services: StationServices,
    coordinator: Actor,
    built: DemoResult,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A row stored before maxima were checked (max_score 0.0000003): every command that
    reads results still works."""
    from station.pdf_reports import write_candidate_report, write_exam_report
    from station.services import imports

    monkeypatch.setattr(imports, "_against_definition", lambda row, model, where: [])
    rows = _free_rows(services, built, 1)
    rows[0][3], rows[0][4] = "0.0000001", "0.0000003"
    services.imports.import_results(
        coordinator, built.exam_code, _write(tmp_path / "paper.csv", rows)
    )

    for fmt, name in (("csv", "r.csv"), ("xlsx", "r.xlsx"), ("xapi", "r.json")):
        services.exports.export_results(coordinator, built.exam_code, fmt, tmp_path / name)
    services.stats.exam_statistics(coordinator, built.exam_code, borderline_grade=1)
    services.release.set_standard(coordinator, built.exam_code, borderline_grade=1)
    write_exam_report(services.reporting, coordinator, built.exam_code, tmp_path / "exam.pdf")
    write_candidate_report(
        services.reporting, coordinator, built.exam_code, rows[0][0], tmp_path / "c.pdf", draft=True
    )

    assert services.results.verify_audit(coordinator).ok


# --------------------------------------------------------------------------- withdrawal


def _import_one_tiny(
    services: StationServices,
    coordinator: Actor,
    built: DemoResult,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[list[list[str]], list[str]]:
    """Three paper rows, the first with max_score 0.0000003, imported as they were
    before maxima were checked; returns the rows and the first one."""
    from station.services import imports

    rows = _free_rows(services, built, 3)
    rows[0][3], rows[0][4] = "0.0000001", "0.0000003"
    with monkeypatch.context() as patch:
        patch.setattr(imports, "_against_definition", lambda row, model, where: [])
        services.imports.import_results(
            coordinator, built.exam_code, _write(tmp_path / "paper.csv", rows)
        )
    return rows, rows[0]


def _exported(
    services: StationServices, coordinator: Actor, exam: str, out: Path
) -> set[tuple[str, str, str]]:
    services.exports.export_results(coordinator, exam, "csv", out)
    with out.open(encoding="utf-8", newline="") as handle:
        return {
            (r["candidate_id"], r["station_id"], r["examiner_id"]) for r in csv.DictReader(handle)
        }


def test_a_bricking_row_is_withdrawn_and_counts_nowhere(
    services: StationServices,
    coordinator: Actor,
    built: DemoResult,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from station.pdf_reports import write_exam_report
    from station.services import Conflict

    rows, tiny = _import_one_tiny(services, coordinator, built, tmp_path, monkeypatch)
    key = (tiny[0], tiny[1], tiny[2])
    others = [(r[0], r[1], r[2]) for r in rows[1:]]
    assert key in _exported(services, coordinator, built.exam_code, tmp_path / "before.csv")
    results_before = services.results.results(coordinator, built.exam_code)

    done = services.imports.withdraw_imported(
        coordinator, built.exam_code, tiny[0], tiny[1], "  max_score typed as 0.0000003  "
    )

    assert (done.candidate_number, done.station_key, done.examiner) == key
    assert (done.source_file, done.source_line) == ("paper.csv", 2)
    assert done.reason == "max_score typed as 0.0000003"
    assert done.withdrawn_by == built.coordinator.username
    # The results model leaves it out, so every surface does.
    results = services.results.results(coordinator, built.exam_code)
    assert len(results) == len(results_before) - 1
    assert key not in {(r.candidate_number, r.station_key, r.examiner) for r in results}
    exported = _exported(services, coordinator, built.exam_code, tmp_path / "after.csv")
    assert key not in exported
    assert set(others) <= exported
    model = services.results.exam_results(coordinator, built.exam_code)
    assert key not in {(r.candidate_number, r.station_key, r.examiner) for r in model.encounters}
    # The statistics are those of the export without the withdrawn row.
    stats = services.stats.exam_statistics(coordinator, built.exam_code, borderline_grade=1)
    from_csv = analyse_exam(read_results_csv(tmp_path / "after.csv"), borderline_grade=1)
    by_station = {s.station_id: s for s in from_csv.stations}
    for station in stats.stations:
        assert station.n == by_station[station.station_id].n
        assert station.mean == pytest.approx(by_station[station.station_id].mean)
    write_exam_report(services.reporting, coordinator, built.exam_code, tmp_path / "exam.pdf")
    assert (tmp_path / "exam.pdf").read_bytes().startswith(b"%PDF")

    # Audited, with its reason, and the trail (replay included) verifies.
    with services.db.read() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.table_name == "imported_result_withdrawals")
        ).one()
    assert entry.action == "insert"
    assert entry.reason == "max_score typed as 0.0000003"
    assert entry.actor_name == built.coordinator.username
    assert services.results.verify_audit(coordinator).ok

    # Once only; the refusal says who withdrew it and why.
    with pytest.raises(Conflict, match=r"already withdrawn by .*max_score typed as 0\.0000003"):
        services.imports.withdraw_imported(coordinator, built.exam_code, tiny[0], tiny[1], "again")


@pytest.mark.parametrize("tamper", ["insert", "update", "delete"])
def test_audit_verify_names_a_tampered_withdrawal(
    services: StationServices,
    coordinator: Actor,
    built: DemoResult,
    tmp_path: Path,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    tamper: str,
) -> None:
    """A withdrawal written, changed or removed behind the log (triggers dropped) is
    found by audit verify's replay: hiding a result, or bringing one back, is caught."""
    _rows, tiny = _import_one_tiny(services, coordinator, built, tmp_path, monkeypatch)
    services.imports.withdraw_imported(
        coordinator, built.exam_code, tiny[0], tiny[1], "wrong maximum"
    )
    assert services.results.verify_audit(coordinator).ok
    with closing(sqlite3.connect(folder / DB_NAME, isolation_level=None)) as connection:
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            " AND tbl_name = 'imported_result_withdrawals'"
        ).fetchall():
            connection.execute(f"DROP TRIGGER {name}")
        if tamper == "insert":  # hide a second paper result without a trace
            connection.execute(
                "INSERT INTO imported_result_withdrawals"
                " SELECT 'forged-withdrawal', i.id, 'hidden', i.recorded_by, i.recorded_at"
                " FROM imported_results i WHERE i.source_line = 3"
            )
        elif tamper == "update":
            connection.execute("UPDATE imported_result_withdrawals SET reason = 'typo'")
        else:  # count the withdrawn result again
            connection.execute("DELETE FROM imported_result_withdrawals")
    result = services.results.verify_audit(coordinator)
    assert not result.ok
    assert "imported_result_withdrawals" in (result.problem or "")


def test_withdrawal_refuses_bad_input_and_changes_nothing(
    services: StationServices, coordinator: Actor, built: DemoResult, tmp_path: Path
) -> None:
    from station.services import Conflict

    rows = _free_rows(services, built, 2)
    services.imports.import_results(
        coordinator, built.exam_code, _write(tmp_path / "paper.csv", rows)
    )
    number, station, examiner = rows[0][0], rows[0][1], rows[0][2]
    before = _counts(services)
    exam = built.exam_code
    with pytest.raises(InvalidInput, match="the reason is empty; say why"):
        services.imports.withdraw_imported(coordinator, exam, number, station, "   ")
    with pytest.raises(NotFound, match="there is no exam with the code 'NOPE'"):
        services.imports.withdraw_imported(coordinator, "NOPE", number, station, "why")
    with pytest.raises(NotFound, match="has no station 'nowhere'; its stations are"):
        services.imports.withdraw_imported(coordinator, exam, number, "nowhere", "why")
    with pytest.raises(NotFound, match="candidate 'Z-999' is not on the roster"):
        services.imports.withdraw_imported(coordinator, exam, "Z-999", station, "why")
    with pytest.raises(
        NotFound, match=r"from examiner 'nobody' .* imported results there are from"
    ):
        services.imports.withdraw_imported(
            coordinator, exam, number, station, "why", examiner="nobody"
        )
    # The candidate's own station marking is not an imported result.
    with services.db.read() as session:
        station_marked = session.execute(
            select(Candidate.candidate_number, ExamStation.label)
            .join(Encounter, Encounter.candidate_id == Candidate.id)
            .join(ExamStation, ExamStation.id == Encounter.exam_station_id)
            .where(Encounter.id.not_in(select(ImportedResult.encounter_id)))
        ).all()
    imported_at = {(r[0], r[1]) for r in rows}
    marked = next(pair for pair in station_marked if (pair[0], pair[1]) not in imported_at)
    with pytest.raises(NotFound, match=r"was marked at station .*, not imported"):
        services.imports.withdraw_imported(coordinator, exam, marked[0], marked[1], "why")
    assert _counts(services) == before
    # Naming the examiner works as well as leaving it out.
    services.imports.withdraw_imported(
        coordinator, exam, number, station, "why", examiner=examiner.upper()
    )
    with pytest.raises(Conflict):
        services.imports.withdraw_imported(
            coordinator, exam, number, station, "why", examiner=examiner
        )


def test_two_imported_results_at_a_station_need_the_examiner(
    services: StationServices, coordinator: Actor, built: DemoResult, tmp_path: Path
) -> None:
    (row,) = _free_rows(services, built, 1)
    with services.db.read() as session:
        marked_by = set(
            session.scalars(
                select(User.username)
                .join(Encounter, Encounter.examiner_id == User.id)
                .join(Candidate, Candidate.id == Encounter.candidate_id)
                .join(ExamStation, ExamStation.id == Encounter.exam_station_id)
                .where(Candidate.candidate_number == row[0], ExamStation.label == row[1])
            )
        )
    other = next(e.username for e in built.examiners if e.username not in marked_by | {row[2]})
    second = [row[0], row[1], other, *row[3:]]
    services.imports.import_results(
        coordinator, built.exam_code, _write(tmp_path / "paper.csv", [row, second])
    )
    with pytest.raises(
        InvalidInput, match=r"has 2 imported results at station .*name the examiner"
    ):
        services.imports.withdraw_imported(coordinator, built.exam_code, row[0], row[1], "why")
    done = services.imports.withdraw_imported(
        coordinator, built.exam_code, row[0], row[1], "why", examiner=other
    )
    assert done.examiner == other


def test_the_withdraw_command_and_its_messages(
    services: StationServices,
    built: DemoResult,
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(cli_session, "password_hasher", CHEAP)
    monkeypatch.setenv("SKILLSTATION_PIN", built.coordinator.secret)
    base = ["--db", str(folder / DB_NAME), "--user", built.coordinator.username, "results"]
    rows = _free_rows(services, built, 2)
    paper = _write(tmp_path / "p.csv", rows)
    assert cli.main([*base, "import", str(paper), "--exam", built.exam_code]) == 0
    capsys.readouterr()
    where = ["--exam", built.exam_code, "--candidate", rows[0][0], "--station", rows[0][1]]

    code = cli.main([*base, "withdraw-import", *where, "--reason", ""])
    captured = capsys.readouterr()
    assert code == 1
    assert "the reason is empty" in captured.err
    assert "Traceback" not in captured.err
    assert cli.main([*base, "withdraw-import", *where]) == 2  # --reason is required
    capsys.readouterr()

    code = cli.main([*base, "withdraw-import", *where, "--reason", "sheet of another exam"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert (
        f"imported result of candidate {rows[0][0]} at station {rows[0][1]} withdrawn "
        f"(score {rows[0][3]} of {rows[0][4]}, from {rows[0][2]}, p.csv line 2)"
    ) in captured.out

    code = cli.main([*base, "withdraw-import", *where, "--reason", "again"])
    captured = capsys.readouterr()
    assert code == 1
    assert "already withdrawn" in captured.err and "sheet of another exam" in captured.err

    # The withdrawn row cannot simply be imported again: the message says why.
    code = cli.main([*base, "import", str(paper), "--exam", built.exam_code])
    captured = capsys.readouterr()
    assert code == 1
    assert (
        f"{paper}:2: candidate {rows[0][0]!r} had a result from {rows[0][2]!r} at station "
        f"{rows[0][1]!r} that was withdrawn"
    ) in captured.err
