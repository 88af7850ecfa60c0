"""An acknowledged mark survives the station being killed at any moment.

``EncounterServices.mark_item`` returns only after its transaction has committed with
``synchronous=FULL`` (docs/storage.md), so a mark the examiner saw acknowledged is on
disk. Here a real station process (tests/crash_worker.py) marks items in a loop on a
real SQLite file and prints ``ACK <mark id>`` after each call returns; the test kills it
with SIGKILL (no clean-up, no atexit, as a power cut or a crash would leave it) after a
seeded random number of acknowledgements, thirty times over on the same file, and after
every kill checks that:

- every acknowledged mark id is in the database,
- ``PRAGMA integrity_check`` says ``ok``,
- the audit chain verifies (each mark's audit entry committed with it).

One more run kills the process while it commits a large roster import, which must then
be in the database entirely or not at all.

The moment of each kill is chosen by the amount of output read, never by sleeping, so
the test times nothing. A guard fails the test if a worker goes silent for a minute
(a hang, not a timing question).
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST

from station.services import StationServices
from station.storage import open_database
from station.storage.audit import verify

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).with_name("crash_worker.py")
RUNS = 30
MAX_ACKS_BEFORE_KILL = 25
BULK_RUN = RUNS // 2
BULK_CANDIDATES = 4000
#: A worker silent this long has hung; the test then fails with its stderr.
HANG_GUARD_S = 60.0

EXAM = "CRASH-1"
STATION = "who-hand-rub"
COORDINATOR, COORDINATOR_SECRET = "cora", "kq7m-x2pa-r9tf"
EXAMINER, EXAMINER_PIN = "eli", "583920"


@dataclass(frozen=True)
class Setup:
    db: Path
    encounter_id: str
    roster: Path


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    """A database with an open exam and a draft encounter for the examiner to mark,
    made through the services (the worker signs in with the same cheap hasher)."""
    path = tmp_path / "station.db"
    hasher = PasswordHasher.from_parameters(CHEAPEST)
    with open_database(path) as db:
        services = StationServices(db, password_hasher=hasher)
        cora = services.identity.bootstrap_coordinator(COORDINATOR, "Cora", COORDINATOR_SECRET)
        services.identity.add_user(cora, EXAMINER, "Eli", "examiner", EXAMINER_PIN)
        services.exams.create_exam(
            cora,
            code=EXAM,
            title="Crash drill",
            starts_at=datetime(2026, 3, 2, 8, 30, tzinfo=UTC),
            stations=[STATION],
        )
        services.exams.assign_examiner(cora, EXAM, STATION, EXAMINER)
        first = tmp_path / "first.csv"
        first.write_text("candidate_id,family_name,given_name\nC-0,Ōtsuka,Rin\n", "utf-8")
        services.roster.import_roster(cora, EXAM, first)
        services.exams.open_exam(cora, EXAM)
        eli = services.identity.authenticate(EXAMINER, EXAMINER_PIN)
        encounter = services.encounters.check_in(eli, EXAM, STATION, "C-0")
    roster = tmp_path / "bulk.csv"
    lines = ["candidate_id,family_name,given_name,email,group"]
    lines += [f"B-{n:05d},Шевченко,Олена {n},b{n}@example.org,bulk" for n in range(BULK_CANDIDATES)]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Setup(path, encounter.id, roster)


class Worker:
    """A crash_worker.py process, read line by line from its raw stdout."""

    def __init__(self, args: list[str], stderr_path: Path) -> None:
        self.stderr_path = stderr_path
        env = dict(os.environ, PYTHONPATH=str(REPO))
        with stderr_path.open("wb") as stderr:
            self.proc = subprocess.Popen(
                [sys.executable, str(WORKER), *args],
                cwd=REPO,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=stderr,
            )
        assert self.proc.stdout is not None
        self.fd = self.proc.stdout.fileno()
        self.buffer = b""

    def line(self) -> str | None:
        """The next line, or None at the end of the output."""
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([self.fd], [], [], HANG_GUARD_S)
            if not ready:
                self.kill()
                pytest.fail(f"the worker went silent; its stderr:\n{self.stderr()}")
            chunk = os.read(self.fd, 65536)
            if not chunk:
                return None
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode()

    def expect(self, word: str) -> None:
        line = self.line()
        if line != word:
            self.kill()
            pytest.fail(f"the worker said {line!r}, not {word!r}; its stderr:\n{self.stderr()}")

    def kill(self) -> int:
        """SIGKILL the worker and wait for it; its exit status."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        return self.proc.wait()

    def rest(self) -> list[str]:
        """The lines it printed before it died (call after :meth:`kill`)."""
        lines = []
        while (line := self.line()) is not None:
            lines.append(line)
        assert self.proc.stdout is not None
        self.proc.stdout.close()
        return lines

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def workers() -> Iterator[list[Worker]]:
    """Every worker started is killed at the end, whatever happened."""
    started: list[Worker] = []
    yield started
    for worker in started:
        worker.kill()
        if worker.proc.stdout is not None and not worker.proc.stdout.closed:
            worker.proc.stdout.close()


def _acks(lines: list[str]) -> set[str]:
    return {line.split(" ", 1)[1] for line in lines if line.startswith("ACK ")}


def _check_database(path: Path, acknowledged: set[str]) -> int:
    """Integrity, every acknowledged mark present, the audit chain; returns the number of
    candidates on the roster."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {row[0] for row in connection.execute("SELECT id FROM item_marks")}
        candidates = connection.execute("SELECT count(*) FROM exam_candidates").fetchone()[0]
    finally:
        connection.close()
    lost = acknowledged - stored
    assert not lost, f"{len(lost)} acknowledged marks are missing after the kill"
    with open_database(path, create=False) as db:
        result = verify(db, db.audit_key)
    assert result.ok, result.problem
    return int(candidates)


def _marking_run(setup: Setup, workers: list[Worker], tmp_path: Path, run: int, k: int) -> set[str]:
    """Mark until ``k`` acknowledgements have been read, kill; every mark acknowledged."""
    worker = Worker(
        ["marks", str(setup.db), EXAMINER, EXAMINER_PIN, setup.encounter_id],
        tmp_path / f"marks-{run}.err",
    )
    workers.append(worker)
    worker.expect("READY")
    seen: list[str] = []
    while len(seen) < k:
        line = worker.line()
        if line is None:
            pytest.fail(f"the worker stopped on its own; its stderr:\n{worker.stderr()}")
        seen.append(line)
    status = worker.kill()
    assert status == -signal.SIGKILL
    return _acks(seen + worker.rest())


def _bulk_run(setup: Setup, workers: list[Worker], tmp_path: Path) -> None:
    """Kill the worker as it commits a roster import; the import is all or nothing."""
    worker = Worker(
        ["bulk", str(setup.db), COORDINATOR, COORDINATOR_SECRET, EXAM, str(setup.roster)],
        tmp_path / "bulk.err",
    )
    workers.append(worker)
    worker.expect("READY")
    worker.expect("COMMIT")
    worker.kill()
    worker.rest()
    candidates = _check_database(setup.db, set())
    assert candidates in (1, 1 + BULK_CANDIDATES)


def test_acknowledged_marks_survive_sigkill(
    setup: Setup, workers: list[Worker], tmp_path: Path
) -> None:
    rng = random.Random(20260302)
    acknowledged: set[str] = set()
    for run in range(RUNS):
        if run == BULK_RUN:
            _bulk_run(setup, workers, tmp_path)
        k = rng.randint(1, MAX_ACKS_BEFORE_KILL)
        acknowledged |= _marking_run(setup, workers, tmp_path, run, k)
        _check_database(setup.db, acknowledged)
    assert len(acknowledged) >= RUNS
