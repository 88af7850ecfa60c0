"""The one writer: order, durability of results, errors, closing."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError, Future
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from station.storage.engine import Database, open_database
from station.storage.keys import ENV_KEY_FILE
from station.storage.models import Candidate
from station.storage.writer import WriteQueue, WriteQueueClosedError


@pytest.fixture(autouse=True)
def _no_key_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_KEY_FILE, raising=False)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "exam.db")
    yield database
    database.close()


def add_candidate(number: str) -> Callable[[Session], str]:
    def op(session: Session) -> str:
        candidate = Candidate(candidate_number=number, family_name="F", given_name="G")
        session.add(candidate)
        session.flush()
        return candidate.id

    return op


def numbers(db: Database) -> list[str]:
    with db.read() as s:
        return list(
            s.scalars(select(Candidate.candidate_number).order_by(Candidate.candidate_number))
        )


def test_operations_run_in_submission_order_on_one_thread(db: Database) -> None:
    seen: list[tuple[int, str]] = []

    def op(i: int) -> Callable[[Session], int]:
        def run(session: Session) -> int:
            seen.append((i, threading.current_thread().name))
            session.add(Candidate(candidate_number=f"{i:03}", family_name="F", given_name="G"))
            return i

        return run

    with WriteQueue(db) as queue:
        futures = [queue.submit(op(i)) for i in range(50)]
        assert [f.result() for f in futures] == list(range(50))
    assert [i for i, _ in seen] == list(range(50))
    assert {name for _, name in seen} == {"skillstation-writer"}
    with db.read() as s:
        assert len(s.scalars(select(Candidate)).all()) == 50


def test_a_result_means_the_change_is_committed(db: Database, tmp_path: Path) -> None:
    with WriteQueue(db) as queue:
        candidate_id = queue.submit(add_candidate("A1")).result()
        # Another connection (another program) already sees it.
        with open_database(tmp_path / "exam.db") as other, other.read() as s:
            assert s.get_one(Candidate, candidate_id).candidate_number == "A1"


def test_a_failing_operation_rolls_back_and_the_queue_goes_on(db: Database) -> None:
    def half_then_fail(session: Session) -> None:
        session.add(Candidate(candidate_number="half", family_name="F", given_name="G"))
        session.flush()
        raise ValueError("rubric missing")

    with WriteQueue(db) as queue:
        before = queue.submit(add_candidate("before"))
        failing = queue.submit(half_then_fail)
        duplicate = queue.submit(add_candidate("before"))
        after = queue.submit(add_candidate("after"))
        assert isinstance(before.result(), str)
        with pytest.raises(ValueError, match="rubric missing"):
            failing.result()
        with pytest.raises(Exception, match="UNIQUE constraint failed"):
            duplicate.result()
        assert isinstance(after.result(), str)
    assert numbers(db) == ["after", "before"]


def test_close_runs_what_was_queued_then_refuses_more(db: Database) -> None:
    gate = threading.Event()

    def wait_for_gate(session: Session) -> str:
        gate.wait()
        return "opened"

    queue = WriteQueue(db)
    first = queue.submit(wait_for_gate)
    queued: list[Future[str]] = [queue.submit(add_candidate(f"q{i}")) for i in range(5)]
    gate.set()
    queue.close()
    assert first.result() == "opened"
    assert all(f.done() and f.exception() is None for f in queued)
    assert numbers(db) == [f"q{i}" for i in range(5)]
    assert queue.closed
    with pytest.raises(WriteQueueClosedError):
        queue.submit(add_candidate("late"))
    queue.close()  # a second close is harmless


def test_a_cancelled_operation_never_runs(db: Database) -> None:
    gate = threading.Event()
    ran: list[str] = []

    def blocker(session: Session) -> None:
        gate.wait()

    def never(session: Session) -> None:
        ran.append("never")

    with WriteQueue(db) as queue:
        queue.submit(blocker)
        cancelled = queue.submit(never)
        assert cancelled.cancel()
        gate.set()
    with pytest.raises(CancelledError):
        cancelled.result()
    assert ran == []
