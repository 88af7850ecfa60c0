"""``skillstation stats``: from a results CSV and from an exam in a real database (a
demo exam built through the services), the JSON object, the table, and the errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from conftest import DemoCopy

from assessments.psychometrics import analyse_exam, read_results_csv
from station import cli
from station.commands import session as cli_session
from station.demo import DemoConfig, DemoResult
from station.services import StationServices
from station.storage import open_database
from station.storage.keys import key_path_for

CHEAP = PasswordHasher.from_parameters(CHEAPEST)
HEADER = "candidate_id,station_id,examiner_id,score,max_score,global_grade"
EXAM_KEYS = {"candidates", "incomplete", "stations", "alpha", "sem", "cut_score", "pass_mark"}
STATION_KEYS = {
    "station_id",
    "n",
    "mean",
    "sd",
    "cut_score",
    "r2",
    "discrimination",
    "failures",
    "alpha_if_deleted",
    "examiner_eta2",
}


def _csv(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def worked_csv(tmp_path: Path) -> Path:
    """The worked example of docs/psychometrics.md, plus a station whose examiner gave
    everyone the same grade."""
    marks = {
        "A": [(8, 2), (5, 1), (3, 0), (9, 3)],
        "B": [(7, 2), (6, 1), (4, 1), (10, 3)],
        "C": [(6, 1), (5, 1), (2, 0), (9, 4)],
    }
    lines = [
        f"C{i + 1},{sid},ex-{sid},{score},10,{grade}"
        for sid, values in marks.items()
        for i, (score, grade) in enumerate(values)
    ]
    return _csv(tmp_path / "results.csv", lines)


def test_json_from_a_csv(worked_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["stats", str(worked_csv), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"exam", "stations", "warnings"}
    assert set(out["exam"]) >= EXAM_KEYS
    assert [s["station_id"] for s in out["stations"]] == ["A", "B", "C"]
    assert all(set(s) >= STATION_KEYS for s in out["stations"])
    assert out["stations"][0]["cut_score"] == pytest.approx(52.0)
    assert out["exam"]["candidates"] == 4 and type(out["exam"]["candidates"]) is int
    assert out == json.loads(json.dumps(analyse_exam(read_results_csv(worked_csv)).to_json()))


def test_options_reach_the_figures(worked_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["stats", str(worked_csv), "--json", "--borderline-grade", "2"]
    assert cli.main([*args, "--sem-multiplier", "1.96"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["stations"][0]["cut_score"] == pytest.approx(31 + 21 * 2)
    exam = out["exam"]
    assert exam["sem_multiplier"] == 1.96
    assert exam["pass_mark"] == pytest.approx(exam["cut_score"] + 1.96 * exam["sem"])


def test_the_table_shows_flags_and_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [f"C{i},S,dr.same,{s},10,2" for i, s in enumerate((3, 6, 9, 4))]
    lines += [
        f"C{i},T,dr.ok,{s},10,{g}" for i, (s, g) in enumerate(((3, 0), (6, 1), (9, 3), (4, 1)))
    ]
    path = _csv(tmp_path / "same.csv", lines)
    assert cli.main(["stats", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"Statistics of {path}" in out
    assert "Cronbach's alpha" in out and "pass mark" in out
    assert "S: an examiner gave everyone the same global grade (same_grade_examiner)" in out
    assert "S: borderline regression undefined (no cut score) (brm_undefined)" in out
    assert "Warnings:" in out and "examiner dr.same gave all 4 candidates" in out
    station_line = next(line for line in out.splitlines() if line.strip().startswith("S "))
    assert "–" in station_line  # the undefined cut, shown as such


def test_a_bad_csv_is_reported_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _csv(tmp_path / "bad.csv", ["C1,S,e,5,10,1", "C2,S,e,5,ten,1"])
    assert cli.main(["stats", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"skillstation: error: {path}:3: max_score 'ten' is not a number")
    assert "Traceback" not in err
    assert cli.main(["stats", str(tmp_path / "missing.csv")]) == 1
    assert "cannot read the file" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["stats"],
        ["stats", "r.csv", "--exam", "X"],
        ["stats", "r.csv", "--sem-multiplier", "lots"],
        ["stats", "r.csv", "--sem-multiplier", "-1"],
        ["stats", "r.csv", "--borderline-grade", "-1"],
        ["stats", "r.csv", "--sem-multiplier", "nan"],
    ],
)
def test_wrong_usage_exits_with_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(args) == 2
    assert "Traceback" not in capsys.readouterr().err


# --------------------------------------------------------------------------- database


@pytest.fixture(scope="module")
def demo(demo_copy: DemoCopy) -> DemoResult:
    """A demo exam: twelve simulated candidates, four stations, two double-marked, one
    no-show (built once for the module)."""
    return demo_copy(DemoConfig(seed=3))


@pytest.fixture
def as_coordinator(demo: DemoResult, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr(cli_session, "password_hasher", CHEAP)
    monkeypatch.setenv("SKILLSTATION_PIN", demo.coordinator.secret)
    return ["--db", str(demo.database), "--user", demo.coordinator.username]


def test_json_from_an_exam_in_the_database(
    demo: DemoResult, as_coordinator: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main([*as_coordinator, "stats", "--exam", demo.exam_code, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [s["station_id"] for s in out["stations"]] == list(demo.stations)
    exam = out["exam"]
    assert exam["stations"] == len(demo.stations)
    assert exam["candidates"] + exam["incomplete"] == demo.candidates
    assert exam["incomplete"] >= 1  # the no-show
    assert {a["station_id"] for a in out["agreement"]} == set(demo.stations[:2])
    assert sum(a["encounters"] for a in out["agreement"]) == demo.second_marked
    assert {i["station_id"] for i in out["items"]} == set(demo.stations)
    # The newborn station has no global rating: no regression, hence no exam cut.
    newborn = next(s for s in out["stations"] if s["station_id"] == "newborn-resuscitation-hbb")
    assert newborn["cut_score"] is None and "brm_undefined" in newborn["flags"]
    assert exam["cut_score"] is None and exam["pass_mark"] is None
    assert any("newborn-resuscitation-hbb" in w for w in out["warnings"])
    for station in out["stations"]:
        if station["station_id"] != "newborn-resuscitation-hbb":
            assert station["cut_score"] is not None


def test_the_database_and_its_export_give_the_same_figures(
    demo: DemoResult, as_coordinator: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo's results.csv is the export of the same encounters: read back, it gives
    the database's station figures (borderline step 1 on every bundled scale)."""
    args = ["stats", "--borderline-grade", "1", "--json"]
    assert cli.main([*as_coordinator, *args, "--exam", demo.exam_code]) == 0
    from_db = json.loads(capsys.readouterr().out)
    assert cli.main([*args, str(demo.results)]) == 0
    from_csv = json.loads(capsys.readouterr().out)
    csv_stations = {s["station_id"]: s for s in from_csv["stations"]}
    assert set(csv_stations) == set(demo.stations)
    for a in from_db["stations"]:
        b = csv_stations[a["station_id"]]
        for key in ("n", "mean", "sd", "cut_score", "r2", "examiner_eta2"):
            assert a[key] == pytest.approx(b[key]), key
    # A bare results file counts totals below the pass mark; a stored exam counts the
    # candidates whose exam result is fail (the results model's figure).
    assert from_csv["exam"]["failures_basis"] == "pass_mark"
    assert from_db["exam"]["failures_basis"] == "exam_outcome"
    by_station = {a["station_id"]: a for a in from_csv["agreement"]}
    assert from_db["agreement"] == [by_station[a["station_id"]] for a in from_db["agreement"]]
    assert from_db["exam"]["alpha"] == pytest.approx(from_csv["exam"]["alpha"])


def test_exclusions_are_left_out(demo: DemoResult, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    copy.write_bytes(demo.database.read_bytes())
    key = key_path_for(copy)
    key.write_bytes(key_path_for(demo.database).read_bytes())
    key.chmod(0o600)
    with open_database(copy, create=False) as db:
        services = StationServices(db, password_hasher=CHEAP)
        me = services.identity.authenticate(demo.coordinator.username, demo.coordinator.secret)
        before = services.stats.exam_statistics(me, demo.exam_code)
        item = next(i for i in before.items if i.station_id == "iv-cannulation")
        services.results.exclude(
            me, demo.exam_code, "iv-cannulation", item.item_id, "ambiguous wording"
        )
        services.results.exclude(
            me, demo.exam_code, "who-hand-rub", None, "wrong poster on the wall"
        )
        after = services.stats.exam_statistics(me, demo.exam_code)
    assert [s.station_id for s in after.stations] == [
        s for s in demo.stations if s != "who-hand-rub"
    ]
    assert (item.station_id, item.item_id) not in {(i.station_id, i.item_id) for i in after.items}
    assert after.exam.stations == before.exam.stations - 1


def test_an_examiner_may_not_see_the_statistics(
    demo: DemoResult, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli_session, "password_hasher", CHEAP)
    examiner = demo.examiners[0]
    monkeypatch.setenv("SKILLSTATION_PIN", examiner.secret)
    args = ["--db", str(demo.database), "--user", examiner.username]
    assert cli.main([*args, "stats", "--exam", demo.exam_code]) == 1
    err = capsys.readouterr().err
    assert err.startswith("skillstation: error:") and "Traceback" not in err


def test_an_unknown_exam(as_coordinator: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([*as_coordinator, "stats", "--exam", "NOPE"]) == 1
    assert "there is no exam with the code 'NOPE'" in capsys.readouterr().err
