"""A station that keeps marking until it is killed: the subprocess of
tests/test_crash_durability.py.

Usage::

    python tests/crash_worker.py marks DB EXAMINER PIN ENCOUNTER_ID
    python tests/crash_worker.py bulk DB COORDINATOR PASSWORD EXAM_CODE ROSTER_CSV
    python tests/crash_worker.py idle DB EXAMINER PIN ENCOUNTER_ID

``marks`` signs in and marks the encounter's examiner-marked items through
:meth:`EncounterServices.mark_item`, over and over, printing ``ACK <mark id>`` (flushed)
after each call has returned, that is after its commit. Whatever was acknowledged must
survive a SIGKILL at any moment.

``bulk`` imports a large roster in one transaction and prints ``COMMIT`` (flushed) the
moment SQLAlchemy hands that transaction to SQLite's COMMIT, so the parent can kill
the process while the commit is being written. Then it prints ``DONE``.

``idle`` signs in, prints ``READY`` and then waits, its connection open and idle, as a
signed-in station between candidates. Each line ``mark`` on its stdin marks one item and
prints ``ACK <mark id>``, or ``REFUSED <error class>`` when the service refuses.

Not a test module (pytest collects ``test_*.py`` only).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from sqlalchemy import event

from assessments.definitions.model import BinaryItem
from assessments.scoring import MarkValue
from station.auth.permissions import Actor
from station.services import StationServices
from station.storage import open_database

#: A worker the parent forgot stops by itself after this many marks.
MAX_MARKS = 100_000
#: The parent makes the accounts with this cheap hasher; signing in with the same one
#: keeps the service from re-hashing the secret with the station's (slow) parameters.
HASHER = PasswordHasher.from_parameters(CHEAPEST)


@contextmanager
def signed_in(
    db_path: str, username: str, pin: str, encounter_id: str
) -> Iterator[tuple[StationServices, Actor, list[str]]]:
    """The services, the signed-in examiner and the encounter's binary items; prints
    ``READY`` once signed in."""
    with open_database(db_path, create=False) as db:
        services = StationServices(db, password_hasher=HASHER)
        examiner = services.identity.authenticate(username, pin)
        view = services.encounters.encounter_view(examiner, encounter_id)
        items = [i.id for i in view.definition.items() if isinstance(i, BinaryItem)]
        print("READY", flush=True)
        yield services, examiner, items


def mark_forever(db_path: str, username: str, pin: str, encounter_id: str) -> None:
    with signed_in(db_path, username, pin, encounter_id) as (services, examiner, items):
        for n in range(MAX_MARKS):
            value = MarkValue.DONE if n % 3 else MarkValue.NOT_DONE
            mark = services.encounters.mark_item(
                examiner, encounter_id, items[n % len(items)], value, t_s=float(n % 100)
            )
            print(f"ACK {mark.id}", flush=True)


def idle_station(db_path: str, username: str, pin: str, encounter_id: str) -> None:
    with signed_in(db_path, username, pin, encounter_id) as (services, examiner, items):
        for n, line in enumerate(sys.stdin):
            if line.strip() != "mark":
                continue
            try:
                mark = services.encounters.mark_item(
                    examiner, encounter_id, items[n % len(items)], MarkValue.DONE, t_s=float(n)
                )
            except Exception as err:  # the parent checks which refusal it was
                print(f"REFUSED {type(err).__name__}", flush=True)
            else:
                print(f"ACK {mark.id}", flush=True)


def bulk_import(db_path: str, username: str, password: str, exam: str, roster: str) -> None:
    with open_database(db_path, create=False) as db:
        services = StationServices(db, password_hasher=HASHER)
        coordinator = services.identity.authenticate(username, password)
        armed = False

        def on_commit(connection: Any) -> None:
            if armed:
                print("COMMIT", flush=True)

        event.listen(db.engine, "commit", on_commit)
        print("READY", flush=True)
        armed = True
        services.roster.import_roster(coordinator, exam, roster)
        print("DONE", flush=True)


def main(argv: list[str]) -> int:
    mode, *rest = argv
    if mode == "marks":
        mark_forever(*rest)
    elif mode == "bulk":
        bulk_import(*rest)
    elif mode == "idle":
        idle_station(*rest)
    else:
        print(f"unknown mode {mode!r}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
