"""Shared set-up for the service tests (``test_services_*.py``): two small stations
worked out by hand, cheap password hashing, a fake clock, and a ready exam.

It holds no tests of its own. Everything is made through the services, so the
databases it builds verify cleanly.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import argon2.profiles
from sqlalchemy import func, select

from common.clock import FakeClock
from station.auth.passwords import make_hasher
from station.auth.permissions import Actor
from station.services import StationServices
from station.storage import open_database
from station.storage.keys import key_path_for
from station.storage.models import AuditEntry

#: Argon2id at its cheapest: the tests check behaviour, not hashing cost.
CHEAP_HASHER = make_hasher(argon2.profiles.CHEAPEST)

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

COORDINATOR_SECRET = "Tarmac-gull-42"
EXAMINER_PIN = "482913"

#: Station "alpha": one item of every kind. Weights 1 + 2 + 1 + 2 + 1 = 7 points.
ALPHA_YAML = """\
id: alpha
version: "1"
kind: osce
title: Alpha station
timing: {reading_s: 60, active_s: 300, changeover_s: 60}
device: {kind: cpr_manikin}
sections:
  - id: main
    title: Main
    items:
      - {id: a1, type: binary, text: Greets the patient}
      - {id: a2, type: three_point, text: Explains the procedure, weight: 2}
      - {id: a3, type: rating, text: Communication, scale_max: 5}
      - {id: a4, type: device, text: Compresses deep enough, rule: "pct_depth_ok >= 70", weight: 2}
      - {id: a5, type: timed, text: Calls for help, within_s: 30, late_credit: 0.5}
global_rating:
  steps:
    - {id: fail, label: Fail}
    - {id: borderline, label: Borderline}
    - {id: pass, label: Pass}
  borderline: borderline
pass_rule: {mode: fixed, pass_mark_pct: 60}
"""

#: Station "beta": three binary items, the first critical. 3 points.
BETA_YAML = """\
id: beta
version: "2"
kind: osce
title: Beta station
timing: {reading_s: 60, active_s: 240, changeover_s: 60}
sections:
  - id: main
    title: Main
    items:
      - {id: b1, type: binary, text: Checks identity, critical: true}
      - {id: b2, type: binary, text: Washes hands}
      - {id: b3, type: binary, text: Disposes of sharps}
pass_rule: {mode: fixed, pass_mark_pct: 50}
"""


def write_definitions(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    alpha, beta = folder / "alpha.yaml", folder / "beta.yaml"
    alpha.write_text(ALPHA_YAML, encoding="utf-8")
    beta.write_text(BETA_YAML, encoding="utf-8")
    return alpha, beta


def make_services(path: Path, clock: FakeClock | None = None) -> StationServices:
    return StationServices(
        open_database(path),
        clock=clock or FakeClock(start_wall=T0),
        password_hasher=CHEAP_HASHER,
    )


def audit_count(services: StationServices) -> int:
    with services.db.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


@dataclass
class World:
    """An exam day in progress, built by :func:`build_world`.

    - ``OSCE-1`` is open: stations alpha (eli) and beta (ann); candidates C1, C2, C3.
      ``draft`` is eli's draft encounter with C1 at alpha, ``submitted`` eli's
      submitted encounter with C2.
    - ``OSCE-0`` is closed: station alpha (eli); ``closed_draft`` is a draft left there.
    - ``OSCE-2`` is a draft exam (never opened): alpha (eli).
    - una is an examiner assigned to nothing, tom a trainee, dan a deactivated examiner
      still assigned to alpha of OSCE-1.
    """

    services: StationServices
    clock: FakeClock
    cora: Actor
    eli: Actor
    ann: Actor
    una: Actor
    tom: Actor
    dan: Actor
    draft: str
    submitted: str
    closed_draft: str
    folder: Path

    def close(self) -> None:
        self.services.db.close()


def build_world(folder: Path) -> World:
    folder.mkdir(parents=True, exist_ok=True)
    clock = FakeClock(start_wall=T0)
    services = make_services(folder / "exam.db", clock)
    alpha, beta = write_definitions(folder / "defs")
    cora = services.identity.bootstrap_coordinator("cora", "Cora Coordinator", COORDINATOR_SECRET)
    for name, role in (
        ("eli", "examiner"),
        ("ann", "examiner"),
        ("una", "examiner"),
        ("tom", "trainee"),
        ("dan", "examiner"),
    ):
        services.identity.add_user(cora, name, name.capitalize(), role, EXAMINER_PIN)
    roster = folder / "roster.csv"
    roster.write_text(
        "candidate_id,family_name,given_name\nC1,Doe,Jo\nC2,Roe,Al\nC3,Poe,Bo\n",
        encoding="utf-8",
    )
    for code, paths in (("OSCE-1", [alpha, beta]), ("OSCE-0", [alpha]), ("OSCE-2", [alpha])):
        services.exams.create_exam(
            cora, code=code, title=f"Exam {code}", starts_at=T0, stations=[str(p) for p in paths]
        )
        services.exams.assign_examiner(cora, code, "alpha", "eli")
        services.roster.import_roster(cora, code, roster)
    services.exams.assign_examiner(cora, "OSCE-1", "beta", "ann")
    services.exams.assign_examiner(cora, "OSCE-1", "alpha", "dan")
    services.exams.open_exam(cora, "OSCE-1")
    services.exams.open_exam(cora, "OSCE-0")
    eli = services.identity.authenticate("eli", EXAMINER_PIN)
    draft = services.encounters.check_in(eli, "OSCE-1", "alpha", "C1").id
    submitted = services.encounters.check_in(eli, "OSCE-1", "alpha", "C2").id
    services.encounters.submit(eli, submitted, allow_incomplete=True)
    closed_draft = services.encounters.check_in(eli, "OSCE-0", "alpha", "C1").id
    services.exams.close_exam(cora, "OSCE-0")
    dan = services.identity.authenticate("dan", EXAMINER_PIN)
    services.identity.set_user_active(cora, "dan", False, "left the faculty")
    return World(
        services=services,
        clock=clock,
        cora=cora,
        eli=eli,
        ann=services.identity.authenticate("ann", EXAMINER_PIN),
        una=services.identity.authenticate("una", EXAMINER_PIN),
        tom=services.identity.authenticate("tom", EXAMINER_PIN),
        dan=dan,
        draft=draft,
        submitted=submitted,
        closed_draft=closed_draft,
        folder=folder,
    )


def copy_world(template: World, folder: Path) -> World:
    """A private copy of a built world's database (and key) in ``folder``, so each test
    may change it freely without building it again."""
    folder.mkdir(parents=True, exist_ok=True)
    source = template.services.db.path
    shutil.copy2(source, folder / "exam.db")
    shutil.copy2(key_path_for(source), key_path_for(folder / "exam.db"))
    shutil.copytree(template.folder / "defs", folder / "defs", dirs_exist_ok=True)
    clock = FakeClock(start_wall=template.clock.now())
    services = make_services(folder / "exam.db", clock)
    return World(
        services=services,
        clock=clock,
        cora=template.cora,
        eli=template.eli,
        ann=template.ann,
        una=template.una,
        tom=template.tom,
        dan=template.dan,
        draft=template.draft,
        submitted=template.submitted,
        closed_draft=template.closed_draft,
        folder=folder,
    )
