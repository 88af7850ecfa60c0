"""What a new station sets up on its first start, so there is something to try at once.

On an empty database: a coordinator account (the first account, ``coordinator``) with a
new random password, an examiner account (``examiner``) with a new random PIN, and a
practice exam ``PRACTICE-OSCE`` made of the bundled OSCE stations and the bundled
simulation scenario (adult in-hospital cardiac arrest, for the scenario console), with
twelve demonstration candidates, the examiner assigned to every station and the exam open, so an
examiner can mark straight away. The secrets are shown once in the first-run panel and
kept nowhere else; the coordinator should change them (or add real accounts and
deactivate these).

The desktop station calls :func:`first_run_setup` on its service worker's thread (it
writes to the database); screenshots and benchmarks set up a station the same way.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from station.auth.passwords import new_password, new_pin
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


@dataclass(frozen=True)
class FirstRunAccounts:
    """The accounts made on the first start, with their secrets (shown once)."""

    coordinator: str
    coordinator_password: str
    examiner: str
    examiner_pin: str
    exam_code: str


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
