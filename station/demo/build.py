""":func:`build_demo`: the accounts, the exam and its timetable, the day played, and the
result files, in a fresh database.
"""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from argon2 import PasswordHasher

from assessments.definitions.model import (
    DeviceItem,
    StationDefinition,
)
from assessments.simulation import simulate_performance
from assessments.timetable import REST, Entry
from common.clock import FakeClock
from station.auth.passwords import new_password, new_pin
from station.auth.permissions import Actor, Role
from station.demo.candidates import DemoCandidate, demo_candidates, write_roster
from station.demo.config import (
    COORDINATOR,
    CREDENTIALS_NAME,
    DB_NAME,
    EXAM_TITLE,
    EXAMINERS,
    RESULTS_NAME,
    ROSTER_NAME,
    Account,
    DemoConfig,
    DemoResult,
)
from station.demo.day import Day, Marker
from station.demo.folder import credentials_text, prepare_folder, write_manifest, write_private
from station.demo.manikin import CPR_SECONDS, SIM_SPEED, CprRecording, record_cpr
from station.errors import UserError
from station.exports.bundle import write_result_files
from station.i18n import _
from station.services import DefinitionRef, StationServices
from station.services.definitions import bundled_keys, bundled_source
from station.storage import open_database


def _load_models(stations: Sequence[str]) -> dict[str, StationDefinition]:
    """The bundled definitions of ``stations``, as the services will store them."""
    models: dict[str, StationDefinition] = {}
    for key in stations:
        found = bundled_source(key)
        if found is None:
            raise UserError(
                _(
                    "there is no bundled station {station!r}; the bundled stations are: {keys}"
                ).format(station=key, keys=", ".join(bundled_keys()))
            )
        models[key] = found[0]
    return models


@dataclass(frozen=True)
class _Staff:
    """The accounts of the exam and who marks where."""

    coordinator: Account
    coordinator_actor: Actor
    examiners: tuple[Account, ...]
    primary: dict[str, Account]
    second: dict[str, Account]


def _create_accounts(
    services: StationServices, clock: FakeClock, config: DemoConfig, out: Path
) -> _Staff:
    """The coordinator (the database's first account), then the examiners; their
    secrets go to the private credentials file."""
    username, display_name = COORDINATOR
    coordinator = Account(username, display_name, Role.COORDINATOR, new_password(username))
    actor = services.identity.bootstrap_coordinator(username, display_name, coordinator.secret)
    clock.advance(60)
    stations = config.stations
    seconds = min(config.double_marked, len(stations))
    examiners = tuple(
        Account(p.username, p.display_name, Role.EXAMINER, new_pin(p.username), p.stringency)
        for p in EXAMINERS[: len(stations) + seconds]
    )
    for account in examiners:
        services.identity.add_user(
            actor, account.username, account.display_name, Role.EXAMINER, account.secret
        )
        clock.advance(20)
    write_private(
        out / CREDENTIALS_NAME, credentials_text(config.exam_code, coordinator, examiners)
    )
    return _Staff(
        coordinator=coordinator,
        coordinator_actor=actor,
        examiners=examiners,
        primary={key: examiners[i] for i, key in enumerate(stations)},
        second={key: examiners[len(stations) + i] for i, key in enumerate(stations[:seconds])},
    )


def _create_exam(
    services: StationServices,
    clock: FakeClock,
    config: DemoConfig,
    models: dict[str, StationDefinition],
    staff: _Staff,
) -> None:
    """Store the bundled stations, create the exam bound to exactly those versions,
    and assign its examiners."""
    coord = staff.coordinator_actor
    refs: list[DefinitionRef] = []
    for key in config.stations:
        info = services.definitions.bundled_definition(coord, key)
        if info.version != models[key].version:
            raise UserError(
                _(
                    "the bundled station {station!r} changed while the demo was being built "
                    "(read version {read}, stored {stored}); run it again"
                ).format(station=key, read=models[key].version, stored=info.version)
            )
        refs.append(info.ref)
        clock.advance(5)
    services.exams.create_exam(
        coord,
        code=config.exam_code,
        title=EXAM_TITLE,
        starts_at=config.starts_at,
        stations=refs,
        language="en",
        pass_mark_pct=60.0,
        min_stations_passed=max(1, len(config.stations) - 1),
    )
    clock.advance(90)
    for key in config.stations:
        assigned = [staff.primary[key]] + ([staff.second[key]] if key in staff.second else [])
        for account in assigned:
            services.exams.assign_examiner(coord, config.exam_code, key, account.username)
            clock.advance(10)


def _plan_day(
    day: Day,
    config: DemoConfig,
    staff: _Staff,
    actors: dict[str, Actor],
    cohort: Sequence[DemoCandidate],
    entries: Sequence[Entry],
    reading_s: float,
    traces: Path,
) -> tuple[str, str]:
    """Schedule every encounter of the day; return the no-show (candidate, station).
    The CPR of each candidate at a device-scored station is recorded now, into
    ``traces`` (:func:`record_cpr`)."""
    models = day.models
    thetas = {c.candidate_id: c.theta for c in cohort}
    chooser = random.Random(f"{config.seed}:plan")
    # A candidate who arrives late misses the first station of their day.
    late = chooser.choice(sorted(thetas))
    missed = min((e for e in entries if e.candidate_id == late), key=lambda e: e.slot.start)
    no_show = (missed.candidate_id, missed.station_id)
    second_marked: dict[str, set[str]] = {}
    for key in staff.second:
        pool = sorted(c for c in thetas if (c, key) != no_show)
        share = max(1, round(config.second_share * len(pool)))
        second_marked[key] = set(chooser.sample(pool, min(share, len(pool))))
    overridden: tuple[str, str] | None = None
    device_stations = [k for k in config.stations if models[k].device is not None]
    if device_stations:
        key = device_stations[0]
        overridden = (chooser.choice(sorted(c for c in thetas if (c, key) != no_show)), key)

    for entry in entries:
        cid, key = entry.candidate_id, entry.station_id
        defn = models[key]
        examiner = staff.primary[key]
        if (cid, key) == no_show:
            day.no_show(actors[examiner.username], entry, reading_s)
            continue
        performance = simulate_performance(
            defn, thetas[cid], random.Random(f"{config.seed}:perf:{cid}:{key}")
        )
        recording: CprRecording | None = None
        if defn.device is not None and any(isinstance(i, DeviceItem) for i in defn.items()):
            recording = record_cpr(
                f"{cid}-{key}",
                thetas[cid],
                random.Random(f"{config.seed}:manikin:{cid}:{key}"),
                traces,
            )
            performance = replace(performance, metrics=recording.metrics)
        markers: list[tuple[Account, Marker]] = [(examiner, "primary")]
        if key in staff.second and cid in second_marked[key]:
            markers.append((staff.second[key], "second"))
        for account, marker in markers:
            day.encounter(
                actors[account.username],
                account.stringency or 0.0,
                marker,
                entry,
                performance,
                random.Random(f"{config.seed}:judge:{cid}:{key}:{marker}"),
                reading_s=reading_s,
                active_s=defn.timing.active_s,
                override=marker == "primary" and overridden == (cid, key),
                recording=recording,
            )
    return no_show


def build_demo(
    folder: str | os.PathLike[str],
    config: DemoConfig | None = None,
    *,
    password_hasher: PasswordHasher | None = None,
    progress: Callable[[str], None] | None = None,
) -> DemoResult:
    """Build a demonstration database and its files in ``folder``; see the module
    documentation for what it holds.

    ``password_hasher`` hashes the accounts' secrets (default: the station's Argon2id
    parameters; tests pass a cheaper one). ``progress`` is told what is happening, one
    line at a time. Raises :class:`UserError` for a folder that cannot be used or holds
    files the demo did not write, and for a configuration that cannot make an exam.
    """
    config = config or DemoConfig()
    config.check()
    out = Path(folder).expanduser().absolute()
    say = progress or (lambda _message: None)
    models = _load_models(config.stations)
    replaced = prepare_folder(out, progress=say)
    write_manifest(out, config)

    # The coordinator starts setting up an hour and a quarter before the first bell.
    clock = FakeClock(start_wall=config.starts_at - timedelta(minutes=75))
    db = open_database(out / DB_NAME)
    try:
        services = StationServices(db, clock=clock, password_hasher=password_hasher)
        say(_("creating the accounts and the exam {exam}").format(exam=config.exam_code))
        staff = _create_accounts(services, clock, config, out)
        coord = staff.coordinator_actor
        _create_exam(services, clock, config, models, staff)
        cohort = demo_candidates(config.candidates, config.seed)
        write_roster(out / ROSTER_NAME, cohort)
        services.roster.import_roster(coord, config.exam_code, out / ROSTER_NAME)
        clock.advance(120)
        plan = services.exams.build_timetable(coord, config.exam_code)
        clock.advance(60)
        services.exams.open_exam(coord, config.exam_code)
        clock.advance(30)
        # Examiners sign in at their stations, as they would on the day.
        actors = {
            account.username: services.identity.authenticate(account.username, account.secret)
            for account in staff.examiners
        }

        day = Day(services, clock, config, models)
        entries = [e for e in plan.entries if e.station_id != REST]
        # The circuit's stations ring together, so every slot has the same phases.
        reading_s = max(m.timing.reading_s for m in models.values())
        device_visits = sum(1 for e in entries if models[e.station_id].device is not None)
        if device_visits:
            say(
                _(
                    "recording up to {count} CPR sessions from the simulated manikin over a "
                    "pseudo-terminal ({seconds} s each at {speed}x speed)"
                ).format(count=device_visits, seconds=f"{CPR_SECONDS:g}", speed=f"{SIM_SPEED:g}")
            )
        with tempfile.TemporaryDirectory(prefix="skillstation-demo-traces-") as traces:
            no_show = _plan_day(
                day, config, staff, actors, cohort, entries, reading_s, Path(traces)
            )
        say(
            _(
                "marking {visits} station visits of {candidates} candidates, slot by slot "
                "({calls} service calls)"
            ).format(visits=len(entries), candidates=len(cohort), calls=f"{len(day.events):,}")
        )
        day.run()

        clock.advance(300)
        services.exams.close_exam(coord, config.exam_code)
        clock.advance(600)
        if config.result_files:
            # Standard set, results released, reports/ and results.xlsx (docs/exports.md).
            clock.advance(3600)
            write_result_files(services, coord, config.exam_code, out, say=say)
        # Written last, from the same results model, so it equals a fresh export.
        rows = services.results.export_results_csv(coord, config.exam_code, out / RESULTS_NAME)
        say(_("checking the audit trail"))
        audit = services.results.verify_audit(coord)
        if not audit.ok:
            raise UserError(
                _(
                    "the audit check of the new demo database failed ({problem}); this is a "
                    "bug in SkillStation: please report it with the seed {seed}"
                ).format(problem=audit.problem, seed=config.seed)
            )
    finally:
        db.close()

    return DemoResult(
        folder=out,
        database=out / DB_NAME,
        roster=out / ROSTER_NAME,
        results=out / RESULTS_NAME,
        credentials=out / CREDENTIALS_NAME,
        exam_code=config.exam_code,
        seed=config.seed,
        stations=config.stations,
        candidates=len(cohort),
        coordinator=staff.coordinator,
        examiners=staff.examiners,
        submitted=day.submitted,
        second_marked=day.second_marked,
        no_show=no_show,
        marks=day.marks,
        result_rows=rows,
        audit=audit,
        replaced=replaced,
        device_traces=day.device_traces,
        trace_encounter=day.trace_encounter,
    )
