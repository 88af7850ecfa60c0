"""The database commands of the command line, run in-process through ``station.cli.main``:
what they print, their exit codes, and their messages for bad input."""

from __future__ import annotations

import csv
import getpass
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from test_services_support import (
    CHEAP_HASHER,
    COORDINATOR_SECRET,
    EXAMINER_PIN,
    write_definitions,
)

import station.commands.session as session_module
from assessments.scoring import MarkValue
from station.cli import COMMANDS, build_parser, main
from station.services import RESULTS_COLUMNS, StationServices
from station.storage import open_database

Run = tuple[int, str, str]


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """SKILLSTATION_DB points at a new database file; hashing is cheap; no terminal."""
    path = tmp_path / "station.db"
    monkeypatch.setenv("SKILLSTATION_DB", str(path))
    monkeypatch.delenv("SKILLSTATION_NEW_PIN", raising=False)
    monkeypatch.setattr(session_module, "password_hasher", CHEAP_HASHER)
    monkeypatch.setattr(session_module, "_interactive", lambda: False)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def _as(monkeypatch: pytest.MonkeyPatch, secret: str | None, new: str | None = None) -> None:
    for name, value in (("SKILLSTATION_PIN", secret), ("SKILLSTATION_NEW_PIN", new)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)


@pytest.fixture
def staffed(
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[Path]:
    """A database with coordinator cora and examiner eli, and an exam OSCE-1 (alpha,
    beta) with two candidates, eli at alpha; signed in as cora through the environment."""
    alpha, beta = write_definitions(tmp_path / "defs")
    _as(monkeypatch, None, COORDINATOR_SECRET)
    assert run(capsys, "users", "add", "cora", "--role", "coordinator", "--name", "Cora")[0] == 0
    _as(monkeypatch, COORDINATOR_SECRET, EXAMINER_PIN)
    assert run(capsys, "--user", "cora", "users", "add", "eli", "--role", "examiner",
               "--name", "Dr Eli")[0] == 0  # fmt: skip
    code, out, err = run(
        capsys, "--user", "cora", "exam", "create", "--code", "OSCE-1", "--title", "Spring OSCE",
        "--starts-at", "2026-03-02T08:30:00+01:00", "--station", str(alpha), str(beta),
        "--pass-mark", "60",
    )  # fmt: skip
    assert code == 0, err
    assert out.splitlines()[0] == "created exam OSCE-1: Spring OSCE (draft)"
    assert "1. alpha v1: Alpha station [no examiner yet]" in out
    assert "rule: pass mark 60 %" in out
    code, out, err = run(
        capsys, "--user", "cora", "exam", "assign", "--exam", "OSCE-1", "--station", "alpha",
        "--examiner", "eli",
    )  # fmt: skip
    assert (code, out) == (0, "station alpha of exam OSCE-1: examiners eli\n"), err
    roster = tmp_path / "roster.csv"
    roster.write_text("candidate_id,family_name,given_name\nC1,Doe,Jo\nC2,Roe,Al\n", "utf-8")
    code, out, err = run(
        capsys, "--user", "cora", "exam", "import-candidates", "--exam", "OSCE-1", str(roster)
    )
    assert code == 0, err
    assert out == (
        f"{roster}: 2 candidates read; 2 entered for exam OSCE-1 (2 new to the database), "
        "0 already entered; the exam now has 2 candidates\n"
    )
    yield db_path


def mark_c1_at_alpha(path: Path, comment: str | None = None) -> str:
    """eli marks C1 at alpha of the open exam OSCE-1 through the services (the GUI's
    way), on the same file, and submits: 7 of 7 points, grade 2 (Pass). Returns the
    encounter's id."""
    with open_database(path) as db:
        services = StationServices(db, password_hasher=CHEAP_HASHER)
        eli = services.identity.authenticate("eli", EXAMINER_PIN)
        encounter = services.encounters.check_in(eli, "OSCE-1", "alpha", "C1")
        for item, value in (("a1", MarkValue.DONE), ("a2", MarkValue.DONE), ("a3", 5)):
            services.encounters.mark_item(eli, encounter.id, item, value, t_s=10.0)
        services.encounters.mark_item(eli, encounter.id, "a5", MarkValue.DONE, t_s=10.0)
        services.encounters.record_device_metrics(eli, encounter.id, {"pct_depth_ok": 90.0})
        services.encounters.set_grade(eli, encounter.id, 2)
        if comment is not None:
            services.encounters.comment(eli, encounter.id, "feedback", comment)
        services.encounters.submit(eli, encounter.id)
    return encounter.id


def test_an_exam_day_from_the_command_line(
    staffed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--user", "cora", "users", "list")
    assert code == 0
    assert out.splitlines() == [
        "username  role         status       name",
        "cora      coordinator  active       Cora",
        "eli       examiner     active       Dr Eli",
    ]
    timetable_csv = tmp_path / "timetable.csv"
    code, out, err = run(
        capsys, "--user", "cora", "exam", "timetable", "--exam", "OSCE-1", "--out",
        str(timetable_csv), "--rest-stations", "0",
    )  # fmt: skip
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("timetable of exam OSCE-1: 2 slots of 7 min in 1 cycle, 0 rest")
    assert lines[1].startswith("slot 1 (cycle 1) ")
    assert lines[2:4] == ["  alpha  C1", "  beta   C2"]
    assert lines[-1] == f"written to {timetable_csv}"
    with timetable_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["cycle", "slot", "start", "end", "station_id", "candidate_id"]
    assert rows[1] == ["1", "1", "2026-03-02T07:30:00+00:00", "2026-03-02T07:37:00+00:00",
                       "alpha", "C1"]  # fmt: skip
    code, out, _ = run(capsys, "--user", "cora", "exam", "open", "--exam", "OSCE-1")
    assert (code, out) == (0, "exam OSCE-1 is open: assigned examiners can mark\n")

    mark_c1_at_alpha(staffed)

    out_csv = tmp_path / "results.csv"
    code, out, err = run(
        capsys, "--user", "cora", "results", "export", "--exam", "OSCE-1", "--format", "csv",
        "--out", str(out_csv),
    )  # fmt: skip
    assert (code, out) == (0, f"1 result of exam OSCE-1 written to {out_csv}\n"), err
    with out_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == RESULTS_COLUMNS
    assert rows[1][:11] == [
        "C1", "alpha", "eli", "7", "7", "2", "3 Pass", "pass", "", "1", "primary"
    ]  # fmt: skip
    assert rows[1][12] == "100"

    code, out, _ = run(capsys, "--user", "cora", "exam", "close", "--exam", "OSCE-1")
    assert code == 0 and "is closed" in out
    code, out, _ = run(capsys, "--user", "cora", "audit", "verify")
    assert code == 0
    assert out.startswith("audit log OK: ") and len(out.splitlines()) == 1
    checkpoint = out.split("Last entry: ")[1].split(" ")[0]
    code, out, _ = run(capsys, "audit", "verify", "--checkpoint", checkpoint, "--user", "cora")
    assert code == 0 and out.startswith("audit log OK")


def test_audit_verify_reports_the_first_problem(
    staffed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--user", "cora", "audit", "verify")
    assert code == 0
    seq = int(out.split("Last entry: ")[1].split(":")[0])
    with closing(sqlite3.connect(staffed)) as connection:
        exam_id = connection.execute("SELECT id FROM exams").fetchone()[0]
        connection.execute("UPDATE exams SET title = 'Tampered'")
        connection.commit()
    code, out, err = run(capsys, "--user", "cora", "audit", "verify")
    assert (code, out, err) == (
        1,
        f'record exams {exam_id}: title db="Tampered" replay="Spring OSCE"\n',
        "",
    )
    code, out, _ = run(
        capsys, "--user", "cora", "audit", "verify", "--checkpoint", f"{seq}:0000000000000000"
    )
    assert code == 1
    assert out.startswith(f"entry {seq}: mac ") and "differs from the noted checkpoint" in out
    code, _, err = run(capsys, "--user", "cora", "audit", "verify", "--checkpoint", "yesterday")
    assert code == 1 and "is not an audit checkpoint" in err


def _audit_counts(path: Path) -> tuple[int, int, int]:
    with closing(sqlite3.connect(path)) as connection:
        total, newest = connection.execute("SELECT count(*), max(seq) FROM audit_log").fetchone()
        by_cora = connection.execute(
            "SELECT count(*) FROM audit_log WHERE actor_name = 'cora'"
        ).fetchone()[0]
    return int(total), int(newest), int(by_cora)


def test_audit_log_pages_and_filters_the_entries(
    staffed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Signing in is itself audited: count after the command has run.
    code, out, _ = run(capsys, "--user", "cora", "audit", "log", "--limit", "3")
    total, newest, _ = _audit_counts(staffed)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 4
    # Newest first, numbered from the newest entry down.
    assert [int(line.split()[0]) for line in lines[:3]] == [newest, newest - 1, newest - 2]
    assert lines[3] == f"entries 1-3 of {total}, newest first"

    code, out, _ = run(
        capsys, "--user", "cora", "audit", "log", "--actor", "cora", "--limit", "1000"
    )
    _, _, by_cora = _audit_counts(staffed)
    lines = out.splitlines()
    assert code == 0 and len(lines) == by_cora + 1
    assert all(line.split()[3] == "cora" for line in lines[:-1])  # seq, date, time, user

    code, _, err = run(capsys, "--user", "cora", "audit", "log", "--limit", "0")
    assert code == 1 and "a page holds 1 to 1000 entries" in err


def test_the_first_account(db_path: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    _as(monkeypatch, None, EXAMINER_PIN)
    code, _, err = run(capsys, "users", "add", "eli", "--role", "examiner", "--name", "Eli")
    assert code == 1
    assert "first account must be a coordinator" in err and "--role coordinator" in err
    code, _, err = run(capsys, "users", "add", "cora", "--role", "coordinator", "--name", "Cora")
    assert code == 1 and "a coordinator needs a password of at least 10 characters" in err
    _as(monkeypatch, None, None)
    code, _, err = run(capsys, "users", "add", "cora", "--role", "coordinator", "--name", "Cora")
    assert code == 1
    assert "set SKILLSTATION_NEW_PIN in the environment, or run the command in a terminal" in err
    _as(monkeypatch, None, COORDINATOR_SECRET)
    code, out, _ = run(capsys, "users", "add", "cora", "--role", "coordinator", "--name", "Cora")
    assert (code, out) == (0, f"added coordinator 'cora' (Cora), the first account of {db_path}\n")
    code, _, err = run(capsys, "users", "add", "eli", "--role", "examiner", "--name", "Eli")
    assert code == 1 and "sign in as a coordinator to add one (--user NAME" in err


def test_prompts_never_echo_and_ask_twice(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers: list[str] = []
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr(session_module, "_interactive", lambda: True)
    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    _as(monkeypatch, None, None)
    answers[:] = [COORDINATOR_SECRET, COORDINATOR_SECRET + "x"]
    code, _, err = run(capsys, "users", "add", "cora", "--role", "coordinator", "--name", "Cora")
    assert code == 1 and "the two entries differ" in err
    answers[:] = [COORDINATOR_SECRET, COORDINATOR_SECRET]
    code, out, _ = run(capsys, "users", "add", "cora", "--role", "coordinator", "--name", "Cora")
    assert code == 0
    answers[:] = [COORDINATOR_SECRET]
    code, out, _ = run(capsys, "--user", "cora", "users", "list")
    assert code == 0 and "cora" in out
    assert prompts == [
        "new PIN or password for cora: ",
        "the same again: ",
        "new PIN or password for cora: ",
        "the same again: ",
        "PIN or password for cora: ",
    ]
    assert COORDINATOR_SECRET not in out


@pytest.mark.parametrize(
    ("argv", "secret", "message"),
    [
        (["exam", "import-candidates", "--exam", "OSCE-1", "{tmp}/absent.csv"], COORDINATOR_SECRET,
         "{tmp}/absent.csv: no such file — check the path of the roster"),
        (["exam", "import-candidates", "--exam", "OSCE-1", "{tmp}/bad.csv"], COORDINATOR_SECRET,
         "{tmp}/bad.csv:3: candidate_id 'C1' is also on line 2"),
        (["exam", "open", "--exam", "NOPE"], COORDINATOR_SECRET,
         "there is no exam with the code 'NOPE'; exams: OSCE-1"),
        (["exam", "assign", "--exam", "OSCE-1", "--station", "gamma", "--examiner", "eli"],
         COORDINATOR_SECRET, "exam 'OSCE-1' has no station 'gamma'; its stations are: alpha, beta"),
        (["exam", "open", "--exam", "OSCE-1"], "wrong-password-1",
         "wrong username or password/PIN; check both and try again"),
        (["exam", "open", "--exam", "OSCE-1"], None,
         "no PIN or password for 'cora': set SKILLSTATION_PIN in the environment, or run the "
         "command in a terminal to be asked for it"),
        (["exam", "create", "--code", "X", "--title", "X", "--starts-at", "2026-03-02T08:30",
          "--station", "{tmp}/defs/beta.yaml", "--user", "eli"], EXAMINER_PIN,
         "examiner 'eli' may not create an exam: only coordinators may do this."),
        (["exam", "create", "--code", "X", "--title", "X", "--starts-at", "2026-03-02T08:30",
          "--station", "gamma"], COORDINATOR_SECRET,
         "there is no station 'gamma' in the database or the bundled library"),
        (["results", "export", "--exam", "OSCE-1", "--out", "{tmp}/no/such/dir/r.csv"],
         COORDINATOR_SECRET, "the folder does not exist"),
        (["exam", "timetable", "--exam", "OSCE-1", "--rest-stations", "0", "--out",
          "{tmp}/no/dir/t.csv"], COORDINATOR_SECRET, "the folder does not exist"),
        (["users", "add", "zed", "--role", "examiner", "--name", "Zed"], COORDINATOR_SECRET,
         "The PIN is a run of consecutive characters"),
    ],
    ids=["missing-roster", "bad-csv", "unknown-exam", "unknown-station", "wrong-pin", "no-pin",
         "not-allowed", "unknown-definition", "export-folder", "timetable-folder", "weak-pin"],
)  # fmt: skip
def test_bad_input_exits_with_1_and_a_message(
    staffed: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    secret: str | None,
    message: str,
) -> None:
    (tmp_path / "bad.csv").write_text(
        "candidate_id,family_name,given_name\nC1,A,B\nC1,C,D\n", encoding="utf-8"
    )
    _as(monkeypatch, secret, "123456")
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    if "--user" not in args:
        args = ["--user", "cora", *args]
    code, _, err = run(capsys, *args)
    assert code == 1
    assert err.startswith("skillstation: error: ")
    assert message.replace("{tmp}", str(tmp_path)) in err


def test_a_locked_account_says_how_long_to_wait(
    staffed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _as(monkeypatch, "000000")
    for _ in range(5):
        assert run(capsys, "--user", "eli", "exam", "open", "--exam", "OSCE-1")[0] == 1
    _as(monkeypatch, EXAMINER_PIN)
    code, _, err = run(capsys, "--user", "eli", "exam", "open", "--exam", "OSCE-1")
    assert code == 1
    assert err.startswith("skillstation: error: Too many failed sign-in attempts. Try again in")


def test_database_problems_are_explained(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    _as(monkeypatch, COORDINATOR_SECRET)
    code, _, err = run(capsys, "--user", "cora", "users", "list")
    assert code == 1
    assert f"there is no SkillStation database at {db_path}" in err
    assert "users add NAME --role coordinator" in err
    assert not db_path.exists()  # nothing was created by a command that only reads
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    code, _, err = run(capsys, "--db", str(junk), "--user", "cora", "users", "list")
    assert code == 1 and err.startswith("skillstation: error: ")
    code, _, err = run(capsys, "--db", "postgresql://host/db", "db", "upgrade")
    assert code == 1 and "SkillStation keeps its data in a SQLite file" in err


def test_backup_restore_and_upgrade(
    staffed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "db", "upgrade")
    assert (code, out) == (0, f"{staffed} is already at schema revision 0005; nothing to do\n")
    backup = tmp_path / "copy.db"
    code, out, _ = run(capsys, "db", "backup", str(backup))
    assert code == 0 and out.startswith(f"backup written to {backup} (")
    assert "the audit key was copied to" in out
    code, _, err = run(capsys, "db", "backup", str(backup))
    assert code == 1 and "already exists" in err
    code, out, _ = run(capsys, "db", "restore", str(backup), "--db", str(staffed))
    assert code == 0 and out.startswith(f"restored {staffed} from {backup}")
    code, out, _ = run(capsys, "--user", "cora", "audit", "verify")
    assert code == 0 and out.startswith("audit log OK")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["exam", "create", "--title", "T", "--starts-at", "2026-03-02T08:30", "--station", "a"],
         "the following arguments are required: --code"),
        (["exam", "create", "--code", "C", "--title", "T", "--starts-at", "tomorrow",
          "--station", "a"], "'tomorrow' is not a date and time"),
        (["demo", "--out", "d", "--candidates", "1"], "1 is too small; give at least 2"),
        (["demo"], "the following arguments are required: --out"),
        (["results", "export", "--exam", "E", "--format", "ods", "--out", "r"],
         "invalid choice: 'ods'"),
        (["exam", "timetable", "--exam", "E", "--rest-stations", "-1"], "-1 is too small"),
        (["audit"], "the following arguments are required: COMMAND"),
        (["db", "backup"], "the following arguments are required: OUT"),
        (["users", "add", "x", "--role", "admin", "--name", "X"], "invalid choice: 'admin'"),
    ],
)  # fmt: skip
def test_usage_errors_exit_with_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err


def test_the_command_table() -> None:
    names = [c.name for c in COMMANDS]
    for name in ("validate", "schema", "dry-run", "db upgrade", "db backup", "db restore",
                 "users add", "users list", "exam create", "exam assign",
                 "exam import-candidates", "exam timetable", "exam open", "exam close",
                 "results export", "audit verify", "demo"):  # fmt: skip
        assert name in names
    demo = next(c for c in COMMANDS if c.name == "demo")
    assert demo.handler == "station.commands.demo:run"
    args = build_parser().parse_args(["demo", "--out", "somewhere"])
    assert (args.out, args.seed, args.candidates) == ("somewhere", 1, 12)
    # Global options go before or after the command.
    args = build_parser().parse_args(["exam", "open", "--exam", "E", "--db", "x.db"])
    assert (args.db, args.user, args.exam) == ("x.db", None, "E")
    args = build_parser().parse_args(["--db", "x.db", "--user", "u", "exam", "open", "--exam", "E"])
    assert (args.db, args.user) == ("x.db", "u")
