"""``skillstation report candidate|exam|practice|badges|blank-checklists|timetable``:
the PDF reports (docs/reports.md).

Each command signs in (``--user``), reads the data through the services (with their
permission checks and, for candidate feedback, the release rule) and writes one PDF, or
for ``report candidate`` without ``--candidate`` one PDF per candidate into a folder,
with progress on standard error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from station import pdf_reports
from station.commands.session import open_session
from station.i18n import _


def _done(path: Path) -> int:
    print(_("written {path}").format(path=path))
    return 0


def candidate(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        if args.candidate:
            path = pdf_reports.write_candidate_report(
                session.services.reporting,
                session.user,
                args.exam,
                args.candidate,
                args.out,
                draft=args.draft,
                lang=args.lang,
            )
            return _done(path)

        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty():
                end = "\n" if done == total else ""
                print(
                    "\r" + _("candidate reports: {done}/{total}").format(done=done, total=total),
                    end=end,
                    file=sys.stderr,
                )
            elif done == total or done % 50 < pdf_reports.CHUNK:
                print(
                    _("candidate reports: {done}/{total}").format(done=done, total=total),
                    file=sys.stderr,
                    flush=True,
                )

        paths = pdf_reports.write_candidate_reports(
            session.services.reporting,
            session.user,
            args.exam,
            args.out,
            progress=progress,
            workers=args.workers,
            draft=args.draft,
            lang=args.lang,
        )
    written = (
        _("{count} candidate report written to {folder}")
        if len(paths) == 1
        else _("{count} candidate reports written to {folder}")
    )
    print(written.format(count=len(paths), folder=args.out))
    return 0


def exam(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        path = pdf_reports.write_exam_report(
            session.services.reporting,
            session.user,
            args.exam,
            args.out,
            lang=args.lang,
            borderline_grade=args.borderline_grade,
            sem_multiplier=args.sem_multiplier,
        )
    return _done(path)


def practice(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        trainee = args.trainee or session.user.username
        path = pdf_reports.write_practice_report(
            session.services.reporting, session.user, trainee, args.out, lang=args.lang
        )
    return _done(path)


def badges(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        path = pdf_reports.write_badges(
            session.services.reporting, session.user, args.exam, args.out, lang=args.lang
        )
    return _done(path)


def blank_checklists(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        path = pdf_reports.write_blank_checklists(
            session.services.reporting, session.user, args.exam, args.out, lang=args.lang
        )
    return _done(path)


def timetable(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        path = pdf_reports.write_timetable(
            session.services.reporting, session.user, args.exam, args.out, lang=args.lang
        )
    return _done(path)
