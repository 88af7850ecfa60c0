"""``skillstation exam ...``: setting up and running an exam from the command line.

Each command signs in as ``--user`` (a coordinator) and calls one service; what it
prints is what the service returned, so the output shows what was stored.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from station.commands.session import open_session
from station.files import csv_writer, write_file
from station.i18n import _
from station.services import ExamInfo


def _describe(exam: ExamInfo) -> list[str]:
    starts = _("not set") if exam.starts_at is None else exam.starts_at.astimezone().isoformat()
    lines = [
        _("exam {code}: {title} ({status})").format(
            code=exam.code, title=exam.title, status=exam.status
        ),
        _("  starts {starts}; language {language}; {candidates} candidates").format(
            starts=starts, language=exam.language, candidates=exam.candidates
        ),
    ]
    rules = []
    if exam.pass_mark_pct is not None:
        rules.append(_("pass mark {pct} %").format(pct=f"{exam.pass_mark_pct:g}"))
    if exam.min_stations_passed is not None:
        rules.append(_("at least {n} stations passed").format(n=exam.min_stations_passed))
    lines.append(_("  rule: ") + ("; ".join(rules) if rules else _("none set")))
    for station in exam.stations:
        examiners = ", ".join(station.examiners) or _("no examiner yet")
        lines.append(
            f"  {station.position}. {station.station_key} v{station.version}: "
            f"{station.title} [{examiners}]"
        )
    return lines


def create(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        exam = session.services.exams.create_exam(
            session.user,
            code=args.code,
            title=args.title,
            starts_at=args.starts_at,
            stations=args.stations,
            language=args.language,
            pass_mark_pct=args.pass_mark,
            min_stations_passed=args.min_stations,
        )
    print(_("created ") + "\n".join(_describe(exam)))
    return 0


def assign(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        session.services.exams.assign_examiner(session.user, args.exam, args.station, args.examiner)
        exam = session.services.exams.exam(session.user, args.exam)
    station = exam.station(args.station)
    print(
        _("station {station} of exam {exam}: examiners {examiners}").format(
            station=station.station_key, exam=exam.code, examiners=", ".join(station.examiners)
        )
    )
    return 0


def import_candidates(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        result = session.services.roster.import_roster(session.user, args.exam, args.roster)
        exam = session.services.exams.exam(session.user, args.exam)
    print(
        _(
            "{roster}: {read} candidates read; {enrolled} entered for exam {exam} ({added} new "
            "to the database), {already} already entered; the exam now has {total} candidates"
        ).format(
            roster=args.roster,
            read=result.rows,
            enrolled=len(result.enrolled),
            exam=result.exam_code,
            added=len(result.added),
            already=len(result.already_enrolled),
            total=exam.candidates,
        )
    )
    return 0


def _clock(value: datetime) -> str:
    return value.astimezone().strftime("%H:%M")


def timetable(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        plan = session.services.exams.build_timetable(
            session.user, args.exam, rest_stations=args.rest_stations
        )
    if args.out:
        _write_rows(Path(args.out), plan.to_rows())
    offset = plan.start.astimezone().strftime("%z")
    cycles = (_("{n} cycle") if plan.cycles == 1 else _("{n} cycles")).format(n=plan.cycles)
    rest = (_("{n} rest station") if plan.rest_stations == 1 else _("{n} rest stations")).format(
        n=plan.rest_stations
    )
    print(
        _(
            "timetable of exam {exam}: {slots} slots of {minutes} min in {cycles}, {rest}; "
            "{day} {start} to {end} (UTC{offset})"
        ).format(
            exam=args.exam,
            slots=len(plan.slots),
            minutes=f"{plan.slot_s / 60:g}",
            cycles=cycles,
            rest=rest,
            day=f"{plan.start.astimezone():%Y-%m-%d}",
            start=_clock(plan.start),
            end=_clock(plan.end),
            offset=f"{offset[:3]}:{offset[3:]}",
        )
    )
    width = max(len(s) for s in plan.circuit)
    for slot in plan.slots:
        print(
            _("slot {slot} (cycle {cycle}) {start}-{end}").format(
                slot=slot.index, cycle=slot.cycle, start=_clock(slot.start), end=_clock(slot.end)
            )
        )
        seated = {e.position: e.candidate_id for e in plan.entries if e.slot.index == slot.index}
        for position, station in enumerate(plan.circuit):
            candidate = seated.get(position)
            if candidate is None and station == "REST":
                continue
            print(f"  {station:<{width}}  {candidate or _('(idle)')}")
    if args.out:
        print(_("written to {out}").format(out=args.out))
    return 0


def _write_rows(out: Path, rows: list[tuple[str, ...]]) -> None:
    """Write CSV rows whole or not at all (:func:`station.files.write_file`)."""
    write_file(out, csv_writer(rows))


def open_exam(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        exam = session.services.exams.open_exam(session.user, args.exam)
    print(_("exam {code} is open: assigned examiners can mark").format(code=exam.code))
    return 0


def close_exam(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        exam = session.services.exams.close_exam(session.user, args.exam)
    print(
        _("exam {code} is closed: submitted encounters now change only by amendment").format(
            code=exam.code
        )
    )
    return 0
