"""What a new station sets up on its first start, so there is something to try at once.

On an empty database: a coordinator account (the first account, ``coordinator``) with a
new random password, an examiner account (``examiner``) with a new random PIN, and a
practice exam ``PRACTICE-OSCE`` made of the bundled OSCE stations and the bundled
simulation scenario (adult in-hospital cardiac arrest, for the scenario console), with
twelve demonstration candidates, the examiner assigned to every station and the exam open, so an
examiner can mark straight away. The secrets are shown once in the first-run panel and
kept nowhere else; the coordinator should change them (or add real accounts and
deactivate these).

Runs on the service worker's thread (it writes to the database); no Qt here.
"""

from __future__ import annotations

import secrets
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from station.auth.passwords import WeakSecretError, check_secret_policy
from station.auth.permissions import Role
from station.demo import OSCE_STATIONS, demo_candidates, write_roster
from station.services import StationServices

COORDINATOR_USERNAME = "coordinator"
EXAMINER_USERNAME = "examiner"
PRACTICE_EXAM_CODE = "PRACTICE-OSCE"
PRACTICE_CANDIDATES = 12
#: The bundled simulation scenario in the practice exam, so that the scenario console has
#: something to run on a new station.
PRACTICE_SCENARIO = "scenario-adult-ihca"
#: Letters and digits that cannot be misread for one another (no 0/o, 1/l/i).
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


@dataclass(frozen=True)
class FirstRunAccounts:
    """The accounts made on the first start, with their secrets (shown once)."""

    coordinator: str
    coordinator_password: str
    examiner: str
    examiner_pin: str
    exam_code: str


def new_password(username: str) -> str:
    """Three groups of four letters and digits (about 59 bits), easy to read and type."""
    while True:
        groups = ["".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3)]
        password = "-".join(groups)
        try:
            check_secret_policy(password, Role.COORDINATOR, username=username)
        except WeakSecretError:
            continue
        return password


def new_pin(username: str) -> str:
    """Six digits that the PIN policy accepts (no runs, no repeats)."""
    while True:
        pin = f"{secrets.randbelow(10**6):06d}"
        try:
            check_secret_policy(pin, Role.EXAMINER, username=username)
        except WeakSecretError:
            continue
        return pin


def first_run_setup(services: StationServices, *, starts_at: datetime) -> FirstRunAccounts | None:
    """Set up a new database (see the module documentation); None when it already has
    accounts (nothing is changed then)."""
    if services.identity.has_users():
        return None
    password = new_password(COORDINATOR_USERNAME)
    pin = new_pin(EXAMINER_USERNAME)
    coordinator = services.identity.bootstrap_coordinator(
        COORDINATOR_USERNAME, "Station coordinator", password
    )
    services.identity.add_user(
        coordinator, EXAMINER_USERNAME, "Practice examiner", Role.EXAMINER, pin
    )
    keys = (*OSCE_STATIONS, PRACTICE_SCENARIO)
    refs = [services.definitions.bundled_definition(coordinator, key).ref for key in keys]
    services.exams.create_exam(
        coordinator,
        code=PRACTICE_EXAM_CODE,
        title="Practice OSCE (demonstration candidates)",
        starts_at=starts_at,
        stations=refs,
        language="en",
        pass_mark_pct=60.0,
        min_stations_passed=max(1, len(refs) - 1),
    )
    with tempfile.TemporaryDirectory(prefix="skillstation-roster-") as folder:
        roster = Path(folder) / "roster.csv"
        write_roster(roster, demo_candidates(PRACTICE_CANDIDATES, seed=1))
        services.roster.import_roster(coordinator, PRACTICE_EXAM_CODE, roster)
    for key in keys:
        services.exams.assign_examiner(coordinator, PRACTICE_EXAM_CODE, key, EXAMINER_USERNAME)
    services.exams.build_timetable(coordinator, PRACTICE_EXAM_CODE)
    services.exams.open_exam(coordinator, PRACTICE_EXAM_CODE)
    return FirstRunAccounts(
        coordinator=COORDINATOR_USERNAME,
        coordinator_password=password,
        examiner=EXAMINER_USERNAME,
        examiner_pin=pin,
        exam_code=PRACTICE_EXAM_CODE,
    )
