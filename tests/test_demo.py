"""The demonstration exam (station/demo/, ``skillstation demo``).

One demo is built for the module (seed 7, twelve candidates, the four OSCE stations)
and its database, roster and results are checked as a coordinator would: through the
stored rows, the results file and the audit check. The command line builds the same
seed again, in a folder holding an earlier demo, and must write the same results.
"""

from __future__ import annotations

import csv
import os
import random
import shlex
import stat
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from conftest import DemoCopy
from sqlalchemy import select

from assessments.definitions.library import load_library
from assessments.scoring import ItemMark, MarkValue
from devices.cpr.analysis import analyze_trace
from devices.trace import read_trace
from station import cli
from station.commands import session as cli_session
from station.commands.demo import invocation, summary
from station.demo import (
    DB_NAME,
    EXAM_CODE,
    MANIFEST_NAME,
    OSCE_STATIONS,
    OUTPUT_NAMES,
    DemoConfig,
    DemoResult,
    build_demo,
    demo_candidates,
    examiner_marks,
    prepare_folder,
)
from station.errors import UserError
from station.services import RESULTS_COLUMNS, StationServices
from station.storage import open_database
from station.storage.audit import verify
from station.storage.models import (
    Candidate,
    CommentEntry,
    Encounter,
    GradeEntry,
)
from station.storage.models import (
    ItemMark as StoredMark,
)

SEED = 7
CHEAP = PasswordHasher.from_parameters(CHEAPEST)


@pytest.fixture(scope="module")
def demo(demo_copy: DemoCopy) -> DemoResult:
    """The demo every test here looks at (built once: it takes a few seconds)."""
    return demo_copy(DemoConfig(seed=SEED))


def _results(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == RESULTS_COLUMNS
        return list(reader)


def _scripts(text: str) -> set[str]:
    """The scripts of the letters of ``text``, from their Unicode names."""
    found = set()
    for ch in text:
        name = unicodedata.name(ch, "")
        for script in ("CYRILLIC", "ARABIC", "CJK", "HANGUL", "GREEK"):
            if name.startswith(script):
                found.add(script)
        if ch.isalpha() and "WITH" in name and name.startswith("LATIN"):
            found.add("LATIN ACCENTED")
    return found


# --------------------------------------------------------------------------- contents


def test_the_demo_has_the_cohort_stations_and_examiners_asked_for(demo: DemoResult) -> None:
    assert demo.exam_code == EXAM_CODE
    assert demo.candidates >= 12
    assert demo.stations == OSCE_STATIONS and len(demo.stations) >= 3
    assert demo.hawk.stringency is not None and demo.hawk.stringency > 0.5
    assert demo.dove.stringency is not None and demo.dove.stringency < -0.5
    with open_database(demo.database, create=False) as db, db.read() as session:
        candidates = list(session.scalars(select(Candidate)))
        encounters = list(session.scalars(select(Encounter)))
    assert len(candidates) == demo.candidates
    scripts = set().union(*(_scripts(c.family_name + c.given_name) for c in candidates))
    assert {"LATIN ACCENTED", "CYRILLIC", "ARABIC", "CJK"} <= scripts
    statuses = Counter(e.status for e in encounters)
    assert statuses == {"submitted": demo.submitted, "no_show": 1}
    assert Counter(e.marker for e in encounters)["second"] == demo.second_marked > 0


def test_the_roster_file_is_the_one_imported(demo: DemoResult) -> None:
    raw = demo.roster.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # as a spreadsheet's "CSV UTF-8" writes it
    with demo.roster.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with open_database(demo.database, create=False) as db, db.read() as session:
        stored = {
            c.candidate_number: (c.family_name, c.given_name, c.email, c.group_name)
            for c in session.scalars(select(Candidate))
        }
    assert stored == {
        r["candidate_id"]: (r["family_name"], r["given_name"], r["email"], r["group"]) for r in rows
    }


def test_results_hold_every_submitted_encounter_and_not_the_no_show(demo: DemoResult) -> None:
    rows = _results(demo.results)
    assert len(rows) == demo.result_rows == demo.submitted
    candidate, station = demo.no_show
    pairs = Counter((r["candidate_id"], r["station_id"]) for r in rows)
    assert (candidate, station) not in pairs
    # Everyone else was seen at every station, once or (double-marked) twice.
    roster = {f"C-{n:03d}" for n in range(1, demo.candidates + 1)}
    expected = {(c, s) for c in roster for s in demo.stations} - {demo.no_show}
    assert set(pairs) == expected
    second = [r for r in rows if r["marker"] == "second"]
    assert len(second) == demo.second_marked > 0
    for row in second:
        assert pairs[(row["candidate_id"], row["station_id"])] == 2
    examiners = {r["examiner_id"] for r in rows}
    assert {demo.hawk.username, demo.dove.username} <= examiners
    assert {r["outcome"] for r in rows} <= {"pass", "fail", "critical_fail", "pending"}
    assert all(r["submitted_at"].startswith("2026-03-02T") for r in rows)


def test_marks_grades_comments_and_device_judgements_are_stored(demo: DemoResult) -> None:
    library = load_library()
    rated = {key for key in demo.stations if library[key].global_rating is not None}
    with open_database(demo.database, create=False) as db, db.read() as session:
        marks = list(session.scalars(select(StoredMark)))
        comments = list(session.scalars(select(CommentEntry)))
        grades = list(session.scalars(select(GradeEntry)))
        encounters = {e.id: e for e in session.scalars(select(Encounter))}
        services = StationServices(db)
        coordinator = services.identity.authenticate(
            demo.coordinator.username, demo.coordinator.secret
        )
        views = {
            e.id: services.encounters.encounter_view(coordinator, e.id)
            for e in encounters.values()
            if e.status == "submitted"
        }
    assert len(marks) == demo.marks
    sources = Counter(m.source for m in marks)
    assert sources["device"] > 0 and sources["override"] == 1 and sources["examiner"] > 0
    # Corrections keep the first tap in the history, with the reason on the new row.
    corrected = [m for m in marks if m.revision > 1 and m.source == "examiner"]
    assert corrected and all(m.reason for m in corrected)
    feedback = {c.encounter_id for c in comments if c.kind == "feedback"}
    assert feedback == set(views)
    graded = {g.encounter_id for g in grades}
    assert graded == {eid for eid, v in views.items() if v.encounter.station_key in rated}
    for view in views.values():
        assert not view.score.missing  # submitted complete: every item has its mark


def test_each_cpr_encounter_keeps_its_manikin_trace_and_the_metrics_analysed_from_it(
    demo: DemoResult, tmp_path: Path
) -> None:
    """The CPR station ran the pty simulator end to end: every submitted encounter there
    has a trace from the serial path, and its stored metrics are what the analyser makes
    of that stored trace."""
    with open_database(demo.database, create=False) as db:
        services = StationServices(db)
        coordinator = services.identity.authenticate(
            demo.coordinator.username, demo.coordinator.secret
        )
        cpr = [
            e
            for e in services.encounters.encounters(
                coordinator, EXAM_CODE, station_key="adult-cpr-aed"
            )
            if e.status == "submitted"
        ]
        stored = {
            e.id: (
                services.encounters.encounter_trace(coordinator, e.id),
                services.encounters.encounter_view(coordinator, e.id).metrics,
            )
            for e in cpr
        }
    assert cpr and demo.device_traces == len(cpr)
    assert demo.trace_encounter in stored
    profiles = set()
    for encounter_id, (trace, metrics) in stored.items():
        path = tmp_path / f"{encounter_id}.csv"
        path.write_bytes(trace.data)
        recorded = read_trace(path)
        assert "/dev/" in recorded.identity["url"]  # read from a pseudo-terminal
        assert recorded.identity["serial"].startswith("DEMO-")
        assert recorded.rate_hz == pytest.approx(100.0)
        assert recorded.gaps == [] and len(recorded.samples) == trace.info.sample_count
        assert recorded.samples[-1].device_t_s == pytest.approx(29.99)
        again = analyze_trace(recorded).as_dict()
        assert metrics == {k: float(again[k]) for k in metrics}
        assert metrics["compressions"] >= 30
        profiles.add(round(metrics["pct_depth_ok"]))
    assert len(profiles) > 1  # candidates do CPR differently


def test_the_audit_trail_of_the_demo_verifies(demo: DemoResult) -> None:
    assert demo.audit.ok
    with open_database(demo.database, create=False) as db:
        result = verify(db, db.audit_key)
    assert result.ok, result.problem
    assert result.entries >= demo.marks


def test_the_credentials_file_is_private_and_its_secrets_sign_in(demo: DemoResult) -> None:
    mode = stat.S_IMODE(demo.credentials.stat().st_mode)
    assert mode == 0o600
    text = demo.credentials.read_text(encoding="utf-8")
    with open_database(demo.database, create=False) as db:
        services = StationServices(db)
        for account in (demo.coordinator, *demo.examiners):
            assert f" {account.username} " in text and f" {account.secret} " in text
            assert services.identity.authenticate(account.username, account.secret).username == (
                account.username
            )


# --------------------------------------------------------------------------- the command


def test_the_command_writes_the_same_results_for_the_same_seed(
    demo: DemoResult,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(cli_session, "password_hasher", CHEAP)
    out = tmp_path / "again"
    # An earlier demo in the folder is replaced, after saying so.
    out.mkdir()
    (out / MANIFEST_NAME).write_text('{"kind": "skillstation-demo"}', encoding="utf-8")
    (out / DB_NAME).write_bytes(b"an earlier demo database")
    (out / "notes.txt").write_text("mine", encoding="utf-8")

    code = cli.main(["demo", "--out", str(out), "--seed", str(SEED), "--candidates", "12"])

    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "replacing the earlier demo" in captured.err and DB_NAME in captured.err
    assert (out / "results.csv").read_bytes() == demo.results.read_bytes()
    assert (out / "roster.csv").read_bytes() == demo.roster.read_bytes()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    credentials = (out / "credentials.txt").read_text(encoding="utf-8")
    password = next(
        line.split()[2] for line in credentials.splitlines() if line.startswith("coordinator ")
    )
    assert f"password: {password}" in captured.out  # shown once, on the screen
    assert "audit verify" in captured.out and "results export" in captured.out
    assert password != demo.coordinator.secret  # secrets are not derived from the seed

    monkeypatch.setenv("SKILLSTATION_PIN", password)
    db = str(out / DB_NAME)
    assert cli.main(["--db", db, "--user", "coordinator", "audit", "verify"]) == 0
    assert "audit log OK" in capsys.readouterr().out


@pytest.mark.slow
def test_another_seed_gives_another_exam(tmp_path: Path) -> None:
    small = ("who-hand-rub", "newborn-resuscitation-hbb", "iv-cannulation")
    first = build_demo(
        tmp_path / "a",
        DemoConfig(seed=1, candidates=4, stations=small, double_marked=1),
        password_hasher=CHEAP,
    )
    second = build_demo(
        tmp_path / "b",
        DemoConfig(seed=2, candidates=4, stations=small, double_marked=1),
        password_hasher=CHEAP,
    )
    assert first.audit.ok and second.audit.ok
    assert first.results.read_bytes() != second.results.read_bytes()
    assert first.roster.read_bytes() != second.roster.read_bytes()


def test_a_folder_with_files_the_demo_did_not_write_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "exam-data"
    out.mkdir()
    (out / DB_NAME).write_bytes(b"somebody's real database")
    assert cli.main(["demo", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "not made by `skillstation demo`" in err and "nothing was changed" in err
    assert (out / DB_NAME).read_bytes() == b"somebody's real database"
    # A file where the folder should be is refused too, with a message, not a traceback.
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert cli.main(["demo", "--out", str(tmp_path / "file")]) == 1
    assert "is a file" in capsys.readouterr().err


def test_prepare_folder_removes_only_what_an_earlier_demo_wrote(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    folder.mkdir()
    for name in OUTPUT_NAMES:
        (folder / name).write_text("old", encoding="utf-8")
    (folder / MANIFEST_NAME).write_text('{"kind": "skillstation-demo"}', encoding="utf-8")
    (folder / "keep.csv").write_text("mine", encoding="utf-8")
    told: list[str] = []
    removed = prepare_folder(folder, progress=told.append)
    assert sorted(p.name for p in removed) == sorted(OUTPUT_NAMES)
    assert sorted(os.listdir(folder)) == ["keep.csv"]
    assert len(told) == 1 and "replacing the earlier demo" in told[0]
    assert prepare_folder(folder) == ()  # nothing left to replace


def test_too_few_candidates_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["demo", "--out", "x", "--candidates", "1"]) == 2
    assert "at least 2" in capsys.readouterr().err
    with pytest.raises(UserError, match="no bundled station 'nope'"):
        build_demo("unused", DemoConfig(stations=("nope", "who-hand-rub")))


# --------------------------------------------------------------------------- the parts


def test_every_cohort_of_four_or_more_mixes_the_scripts() -> None:
    for seed in range(20):
        cohort = demo_candidates(4, seed)
        scripts = set().union(*(_scripts(c.family_name + c.given_name) for c in cohort))
        assert {"LATIN ACCENTED", "CYRILLIC", "ARABIC", "CJK"} <= scripts, seed
    big = demo_candidates(300, 1)
    assert len({c.candidate_id for c in big}) == 300
    assert big[0].candidate_id == "C-001" and big[-1].candidate_id == "C-300"
    assert demo_candidates(12, 5) == demo_candidates(12, 5) != demo_candidates(12, 6)


def test_a_hawk_gives_less_credit_than_a_dove_for_the_same_performances() -> None:
    defn = load_library()["iv-cannulation"]
    values = {MarkValue.DONE: 2, MarkValue.PARTIAL: 1, MarkValue.NOT_DONE: 0}
    performances = [
        [ItemMark(item.id, MarkValue.PARTIAL, 10.0) for item in defn.items()] for _ in range(60)
    ]

    def credit(stringency: float) -> int:
        rng = random.Random(3)
        total = 0
        for marks in performances:
            for mark in examiner_marks(defn, marks, stringency, rng):
                assert isinstance(mark.value, MarkValue)
                total += values[mark.value]
        return total

    neutral = credit(0.0)
    assert credit(1.0) < neutral < credit(-1.0)


def test_the_try_next_lines_work_as_printed_from_a_shell_without_the_venv_on_path(
    demo: DemoResult, tmp_path: Path
) -> None:
    """After ``./scripts/run demo``, ``skillstation`` is in .venv/bin, not on PATH: the
    printed commands must name the program so that they run when pasted."""
    program = Path(sys.executable).parent / "skillstation"
    shell_path = os.pathsep.join(
        part for part in os.environ["PATH"].split(os.pathsep) if Path(part) != program.parent
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", shell_path)
        command = invocation(str(program))
    assert command == shlex.quote(str(program.resolve()))
    text = summary(demo, command)
    lines = [line.strip() for line in text.splitlines()]
    dry_run = next(line for line in lines if line.endswith("dry-run who-hand-rub"))
    users = next(line for line in lines if line.endswith("users list"))
    env = {
        **os.environ,
        "PATH": shell_path,
        "SKILLSTATION_DB": str(demo.database),
        "SKILLSTATION_PIN": demo.coordinator.secret,
        "HOME": str(tmp_path),
    }
    for line in (dry_run, users):
        done = subprocess.run(
            ["bash", "-c", line], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, (line, done.stderr)
    # With the program itself on PATH, the plain name is printed.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PATH", f"{program.parent}{os.pathsep}{shell_path}")
        assert invocation(str(program)) == "skillstation"
    assert invocation("/usr/bin/python3").endswith(" -m station")
