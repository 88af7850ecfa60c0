"""The export formats (station/exports): item marks as CSV, the workbook, xAPI.

One demonstration exam is built for the module and exported as a coordinator would; the
files are read back (CSV with the csv module, the workbook with openpyxl, the statements
as JSON) and checked against the results CSV and the xAPI 1.0.3 rules.
"""

from __future__ import annotations

import csv
import json
import re
import uuid
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from conftest import DemoCopy
from openpyxl import load_workbook
from sqlalchemy import func, select

from station import cli
from station.auth import PermissionDenied
from station.auth.permissions import Actor
from station.commands import session as cli_session
from station.demo import DemoConfig, DemoResult
from station.exports.items_csv import ITEM_COLUMNS
from station.exports.xlsx import PERCENT_FORMAT, SCORE_FORMAT, STATION_COLUMNS, TIME_FORMAT
from station.services import RESULTS_COLUMNS, InvalidInput, StationServices
from station.storage import open_database
from station.storage.models import AuditEntry

CHEAP = PasswordHasher.from_parameters(CHEAPEST)


@pytest.fixture(scope="module")
def demo(demo_copy: DemoCopy) -> DemoResult:
    return demo_copy(DemoConfig(seed=11, result_files=False))


@pytest.fixture
def services(demo: DemoResult) -> Iterator[StationServices]:
    with open_database(demo.database, create=False) as db:
        yield StationServices(db, password_hasher=CHEAP)


@pytest.fixture
def coordinator(services: StationServices, demo: DemoResult) -> Actor:
    return services.identity.authenticate(demo.coordinator.username, demo.coordinator.secret)


def _csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or ()), rows


def _results_csv(
    services: StationServices, actor: Actor, code: str, out: Path
) -> list[dict[str, str]]:
    services.exports.export_results(actor, code, "csv", out)
    header, rows = _csv(out)
    assert tuple(header) == RESULTS_COLUMNS
    return rows


# --------------------------------------------------------------------------- items-csv


def test_item_rows_add_up_to_each_encounters_score(
    services: StationServices, coordinator: Actor, demo: DemoResult, tmp_path: Path
) -> None:
    results = _results_csv(services, coordinator, demo.exam_code, tmp_path / "results.csv")
    written = services.exports.export_results(
        coordinator, demo.exam_code, "items-csv", tmp_path / "items.csv"
    )
    header, items = _csv(tmp_path / "items.csv")
    assert tuple(header) == ITEM_COLUMNS
    assert written.rows == len(items) > len(results)

    points: dict[tuple[str, str, str], float] = defaultdict(float)
    maxima: dict[tuple[str, str, str], float] = defaultdict(float)
    for row in items:
        key = (row["candidate_id"], row["station_id"], row["examiner_id"])
        points[key] += float(row["points"])
        maxima[key] += float(row["max_points"])
        assert row["critical"] in ("yes", "no")
        assert row["source"] in ("examiner", "device", "override")
        assert row["item_text"].strip()
        assert 0 <= float(row["points"]) <= float(row["max_points"])
    for row in results:
        key = (row["candidate_id"], row["station_id"], row["examiner_id"])
        # Every item of a submitted demo encounter has a counting mark.
        assert points[key] == pytest.approx(float(row["score"]), abs=1e-6)
        assert maxima[key] == pytest.approx(float(row["max_score"]), abs=1e-6)
    # The device's judgements are there too, with their source.
    assert any(row["source"] == "device" for row in items)


# --------------------------------------------------------------------------- xlsx


def test_the_workbook_holds_the_csv_values_formatted(
    services: StationServices, coordinator: Actor, demo: DemoResult, tmp_path: Path
) -> None:
    results = _results_csv(services, coordinator, demo.exam_code, tmp_path / "results.csv")
    written = services.exports.export_results(
        coordinator, demo.exam_code, "xlsx", tmp_path / "r.xlsx"
    )
    assert written.rows == len(results)
    book = load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == ["Summary", "Candidates", *demo.stations, "Items", "About"]

    for name in book.sheetnames:
        sheet = book[name]
        assert sheet.freeze_panes == ("A2" if name == "About" else "B2")
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}" + str(
            sheet.max_row
        )
        assert all(cell.font.bold for cell in sheet[1])
        widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
        assert all(w >= len(str(c.value)) + 2 for w, c in zip(widths, sheet[1], strict=True))

    seen = 0
    by_key = {(r["candidate_id"], r["station_id"], r["examiner_id"]): r for r in results}
    for station in demo.stations:
        sheet = book[station]
        header = [c.value for c in sheet[1]]
        assert tuple(header) == STATION_COLUMNS
        for line in sheet.iter_rows(min_row=2):
            cells = dict(zip(header, line, strict=True))
            row = by_key[(cells["candidate_id"].value, station, cells["examiner_id"].value)]
            seen += 1
            assert cells["score"].value == pytest.approx(float(row["score"]))
            assert cells["score"].number_format == SCORE_FORMAT
            assert cells["max_score"].value == pytest.approx(float(row["max_score"]))
            assert cells["percent"].value == pytest.approx(float(row["percent"]))
            assert cells["percent"].number_format == PERCENT_FORMAT
            grade = cells["global_grade"].value
            assert ("" if grade is None else str(grade)) == row["global_grade"]
            assert cells["outcome"].value == row["outcome"]
            assert cells["marker"].value == row["marker"]
            assert cells["definition_version"].value == row["definition_version"]
            when = cells["submitted_at"].value
            assert isinstance(when, datetime)
            assert when.strftime("%Y-%m-%dT%H:%M:%SZ") == row["submitted_at"]
            assert cells["submitted_at"].number_format == TIME_FORMAT
            assert cells["source"].value == "station"
    assert seen == len(results)

    summary = book["Summary"]
    header = [c.value for c in summary[1]]
    assert header[:3] == ["candidate_id", "family_name", "given_name"]
    assert header[3 : 3 + len(demo.stations)] == list(demo.stations)
    assert summary.max_row - 1 == demo.candidates
    primary = {
        (r["candidate_id"], r["station_id"]): [] for r in results if r["marker"] == "primary"
    }
    for r in results:
        primary[(r["candidate_id"], r["station_id"])].append(float(r["percent"]))
    for line in summary.iter_rows(min_row=2):
        cells = dict(zip(header, line, strict=True))
        percents = []
        for station in demo.stations:
            marks = primary.get((cells["candidate_id"].value, station))
            value = cells[station].value
            if marks is None:
                assert value is None  # the no-show
                continue
            # Double-marked stations: the mean of both markings, as the statistics use.
            assert value == pytest.approx(sum(marks) / len(marks), abs=1e-6)
            assert cells[station].number_format == PERCENT_FORMAT
            percents.append(value)
        assert cells["outcome"].value in ("pass", "fail", "pending")
        if len(percents) == len(demo.stations):
            assert cells["overall_pct"].value == pytest.approx(sum(percents) / len(percents))

    items = book["Items"]
    assert tuple(c.value for c in items[1]) == ITEM_COLUMNS
    _, item_rows = _csv_items(services, coordinator, demo.exam_code, tmp_path / "items.csv")
    assert items.max_row - 1 == len(item_rows)
    first = [c.value for c in items[2]]
    assert first[:7] == [item_rows[0][k] for k in ITEM_COLUMNS[:7]]
    assert first[7] == pytest.approx(float(item_rows[0]["points"]))


def _csv_items(
    services: StationServices, actor: Actor, code: str, out: Path
) -> tuple[list[str], list[dict[str, str]]]:
    services.exports.export_results(actor, code, "items-csv", out)
    return _csv(out)


# --------------------------------------------------------------------------- xapi

_DURATION = re.compile(r"^P(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)$")
_VERBS = {
    f"http://adlnet.gov/expapi/verbs/{v}" for v in ("passed", "failed", "scored", "completed")
}
_IFIS = ("mbox", "mbox_sha1sum", "openid", "account")


def _check_agent(agent: dict[str, Any]) -> None:
    """xAPI 1.0.3 §2.4.2: an Agent has exactly one inverse functional identifier; an
    account has a homePage (an IRL) and a name."""
    assert agent.get("objectType", "Agent") == "Agent"
    assert [k for k in _IFIS if k in agent] == ["account"]
    account = agent["account"]
    assert set(account) == {"homePage", "name"}
    assert account["homePage"].startswith(("http://", "https://"))
    assert isinstance(account["name"], str) and account["name"]


def _check_statement(statement: dict[str, Any], home: str) -> None:
    """The required properties and value rules of an xAPI 1.0.3 statement (§2.4)."""
    assert {"actor", "verb", "object"} <= statement.keys()
    assert uuid.UUID(statement["id"]).version == 5
    _check_agent(statement["actor"])
    verb = statement["verb"]
    assert verb["id"] in _VERBS
    assert verb["display"] == {"en-US": verb["id"].rsplit("/", 1)[1]}
    activity = statement["object"]
    assert activity["objectType"] == "Activity"
    assert activity["id"].startswith(home + "/exams/")
    assert activity["definition"]["type"] == "http://adlnet.gov/expapi/activities/simulation"
    assert all(isinstance(v, str) and v for v in activity["definition"]["name"].values())
    result = statement["result"]
    score = result["score"]
    assert -1 <= score["scaled"] <= 1
    assert score["min"] <= score["raw"] <= score["max"] and score["min"] < score["max"]
    assert score["scaled"] == pytest.approx(score["raw"] / score["max"], abs=1e-6)
    assert result["completion"] is True
    if "duration" in result:
        assert _DURATION.match(result["duration"])
    if verb["id"].endswith(("passed", "failed")):
        assert result["success"] is verb["id"].endswith("passed")
    else:
        assert "success" not in result
    stamp = datetime.fromisoformat(statement["timestamp"].replace("Z", "+00:00"))
    assert stamp.tzinfo is not None
    _check_agent(statement["context"]["instructor"])
    for key in statement["context"]["extensions"]:
        assert key.startswith(home + "/")


def test_xapi_statements_follow_the_spec_and_match_the_results(
    services: StationServices, coordinator: Actor, demo: DemoResult, tmp_path: Path
) -> None:
    home = "https://osce.example.edu"
    results = _results_csv(services, coordinator, demo.exam_code, tmp_path / "results.csv")
    out = tmp_path / "statements.json"
    written = services.exports.export_results(
        coordinator, demo.exam_code, "xapi", out, home_page=home
    )
    statements = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(statements, list) and written.rows == len(statements) == len(results)
    assert len({s["id"] for s in statements}) == len(statements)
    for statement, row in zip(statements, results, strict=True):
        _check_statement(statement, home)
        assert statement["actor"]["account"]["name"] == row["candidate_id"]
        assert statement["context"]["instructor"]["account"]["name"] == row["examiner_id"]
        assert statement["object"]["id"].endswith(f"/stations/{row['station_id']}")
        verb = statement["verb"]["id"].rsplit("/", 1)[1]
        expected = {"pass": "passed", "fail": "failed", "critical_fail": "failed"}
        assert verb == expected.get(
            row["outcome"], "scored" if row["outcome"] == "pending" else "completed"
        )
        assert statement["result"]["score"]["raw"] == pytest.approx(float(row["score"]))
        assert statement["result"]["score"]["max"] == pytest.approx(float(row["max_score"]))
        assert statement["timestamp"].startswith(row["submitted_at"][:-1])
        # Marked at a station, so the encounter was timed there.
        assert "duration" in statement["result"]
    # Exporting again gives the same statement ids.
    services.exports.export_results(coordinator, demo.exam_code, "xapi", out, home_page=home)
    again = json.loads(out.read_text(encoding="utf-8"))
    assert [s["id"] for s in again] == [s["id"] for s in statements]


def test_iso_durations() -> None:
    from station.exports.xapi import iso_duration

    assert iso_duration(0) == "PT0S"
    assert iso_duration(450) == "PT7M30S"
    assert iso_duration(3602.5) == "PT1H0M2.5S"
    assert iso_duration(59.999) == "PT1M0S"
    with pytest.raises(ValueError):
        iso_duration(-1)


def test_a_home_page_that_is_not_a_web_address_is_refused(
    services: StationServices, coordinator: Actor, demo: DemoResult, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput, match="not an http"):
        services.exports.export_results(
            coordinator, demo.exam_code, "xapi", tmp_path / "x.json", home_page="osce"
        )
    assert not (tmp_path / "x.json").exists()


# --------------------------------------------------------------------------- service rules


def _exports(services: StationServices) -> list[AuditEntry]:
    with services.db.read() as session:
        return list(
            session.scalars(select(AuditEntry).where(AuditEntry.action == "results.export"))
        )


@pytest.mark.parametrize("fmt", ["items-csv", "xlsx", "xapi"])
def test_each_export_is_audited_and_the_log_still_verifies(
    services: StationServices, coordinator: Actor, demo: DemoResult, tmp_path: Path, fmt: str
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    before = len(_exports(services))
    written = services.exports.export_results(coordinator, demo.exam_code, fmt, folder / "out")
    entries = _exports(services)
    assert len(entries) == before + 1
    entry = entries[-1]
    assert entry.actor_name == demo.coordinator.username
    assert json.loads(entry.new_json or "{}") == {
        "format": fmt,
        "rows": written.rows,
        "file": "out",
    }
    assert services.results.verify_audit(coordinator).ok
    assert [p.name for p in folder.iterdir()] == ["out"]  # no temporary file left


def test_an_examiner_may_not_export_and_nothing_is_written(
    services: StationServices, demo: DemoResult, tmp_path: Path
) -> None:
    examiner = demo.examiners[0]
    actor = services.identity.authenticate(examiner.username, examiner.secret)
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "r.xlsx"
    target.write_bytes(b"an earlier file")
    with services.db.read() as session:
        entries = session.scalar(select(func.count()).select_from(AuditEntry))
    with pytest.raises(PermissionDenied):
        services.exports.export_results(actor, demo.exam_code, "xlsx", target)
    assert target.read_bytes() == b"an earlier file"
    assert [p.name for p in folder.iterdir()] == ["r.xlsx"]
    with services.db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == entries


def test_unknown_format_and_missing_folder(
    services: StationServices, coordinator: Actor, demo: DemoResult, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput, match="unknown export format 'ods'"):
        services.exports.export_results(coordinator, demo.exam_code, "ods", tmp_path / "r.ods")
    with pytest.raises(InvalidInput, match="the folder does not exist"):
        services.exports.export_results(
            coordinator, demo.exam_code, "xlsx", tmp_path / "no" / "r.xlsx"
        )
    with pytest.raises(InvalidInput, match="this is a folder"):
        services.exports.export_results(coordinator, demo.exam_code, "xapi", tmp_path)


def test_the_csv_format_is_the_existing_export(
    services: StationServices, coordinator: Actor, demo: DemoResult, tmp_path: Path
) -> None:
    services.exports.export_results(coordinator, demo.exam_code, "csv", tmp_path / "a.csv")
    services.results.export_results_csv(coordinator, demo.exam_code, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.csv").read_bytes() == demo.results.read_bytes()


# --------------------------------------------------------------------------- command line


def test_the_command_exports_each_format(
    demo: DemoResult,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(cli_session, "password_hasher", CHEAP)
    monkeypatch.setenv("SKILLSTATION_PIN", demo.coordinator.secret)
    base = ["--db", str(demo.database), "--user", demo.coordinator.username, "results", "export"]
    for fmt, name, unit in (
        ("items-csv", "items.csv", "item marks"),
        ("xlsx", "results.xlsx", "results"),
        ("xapi", "statements.json", "statements"),
    ):
        code = cli.main(
            [*base, "--exam", demo.exam_code, "--format", fmt, "--out", str(tmp_path / name)]
        )
        captured = capsys.readouterr()
        assert code == 0, captured.err
        assert f"{unit} of exam {demo.exam_code} written to" in captured.out
        assert (tmp_path / name).stat().st_size > 0

    code = cli.main([*base, "--exam", demo.exam_code, "--format", "ods", "--out", "x"])
    assert code == 2
    assert "invalid choice" in capsys.readouterr().err

    code = cli.main(
        [
            *base,
            "--exam",
            demo.exam_code,
            "--format",
            "xlsx",
            "--out",
            str(tmp_path / "no" / "r.xlsx"),
        ]
    )
    captured = capsys.readouterr()
    assert code == 1
    assert "the folder does not exist" in captured.err
    assert "Traceback" not in captured.err


def test_long_exports_report_progress_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    from station.commands.results import _progress

    report = _progress("exporting xlsx")
    for done in range(1, 401):
        report(done, 400)
    err = capsys.readouterr().err
    steps = err.replace("\r", "\n").split("\n")
    assert steps[-2:] == ["exporting xlsx: 400/400", ""]
    assert 15 <= len([s for s in steps if s]) <= 22  # about every 5 %
    short = _progress("exporting csv")
    for done in range(1, 11):
        short(done, 10)
    assert capsys.readouterr().err == ""  # a short export says nothing
