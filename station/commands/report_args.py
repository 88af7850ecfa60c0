"""The ``report`` commands on the command line: their names, help and arguments. The handlers
are in :mod:`station.commands.report`, imported only when a command runs, so that this
module stays cheap to import (see :mod:`station.cli`).
"""

from __future__ import annotations

import argparse

from station.commands.arguments import Command, count, exam_option

#: The groups of these commands: name -> (one-line help, description).
GROUPS: dict[str, tuple[str, str]] = {
    "report": (
        "write PDF reports",
        "Write PDF reports: candidate feedback, the exam report, practice, badges, blank "
        "checklists and the rotation timetable.",
    ),
}


def _report_common(parser: argparse.ArgumentParser, out_help: str) -> None:
    parser.add_argument("--out", required=True, metavar="PATH", help=out_help)
    parser.add_argument(
        "--lang",
        choices=("en", "fr", "es"),
        default=None,
        help="language of the report (default: the exam's)",
    )


def _report_exam_sheet_arguments(parser: argparse.ArgumentParser) -> None:
    exam_option(parser)
    _report_common(parser, "the PDF file to write")


def _report_candidate_arguments(parser: argparse.ArgumentParser) -> None:
    exam_option(parser)
    parser.add_argument(
        "--candidate",
        metavar="NUMBER",
        help="one candidate's number; without it, every candidate of the exam",
    )
    _report_common(
        parser, "the PDF file (with --candidate), else the folder for one PDF per candidate"
    )
    parser.add_argument(
        "--draft",
        action="store_true",
        help='before the results are released: print "DRAFT — results not released" on '
        "every page instead of refusing",
    )
    parser.add_argument(
        "--workers",
        type=count(1),
        default=2,
        metavar="N",
        help="processes rendering the reports of a whole exam (default: 2)",
    )


def _report_exam_arguments(parser: argparse.ArgumentParser) -> None:
    _report_exam_sheet_arguments(parser)
    parser.add_argument(
        "--borderline-grade",
        type=count(0),
        metavar="G",
        help="0-based borderline step for every station (default: each station's own)",
    )
    parser.add_argument(
        "--sem-multiplier",
        type=float,
        default=1.0,
        metavar="K",
        help="pass mark = cut score + K x SEM (default: 1)",
    )


def _report_practice_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--trainee",
        metavar="NAME",
        help="whose attempts (default: the signed-in user; coordinators may name anyone)",
    )
    _report_common(parser, "the PDF file to write")


COMMANDS: tuple[Command, ...] = (
    Command(
        "report candidate",
        "write candidate feedback reports (PDF)",
        "Write a candidate's feedback report, or with no --candidate every candidate's into "
        "a folder (in parallel, with progress). Refused before the results are released "
        "unless --draft.",
        "station.commands.report:candidate",
        _report_candidate_arguments,
        True,
    ),
    Command(
        "report exam",
        "write the exam (cohort) report (PDF)",
        "Write the exam report: reliability, pass mark, station metrics with flags, score "
        "distributions, borderline regression, examiners, item analysis, failing and "
        "incomplete candidates.",
        "station.commands.report:exam",
        _report_exam_arguments,
        True,
    ),
    Command(
        "report practice",
        "write a trainee's practice report (PDF)",
        "Write a trainee's practice report: attempts over time, metric trends, the latest attempt.",
        "station.commands.report:practice",
        _report_practice_arguments,
        True,
    ),
    Command(
        "report badges",
        "write the candidates' badge sheet (PDF)",
        "Write badge cards with each candidate's name, number and a QR code for check-in.",
        "station.commands.report:badges",
        _report_exam_sheet_arguments,
        True,
    ),
    Command(
        "report blank-checklists",
        "write blank paper checklists of the exam's stations (PDF)",
        "Write a blank checklist per station, the paper fallback when a station computer fails.",
        "station.commands.report:blank_checklists",
        _report_exam_sheet_arguments,
        True,
    ),
    Command(
        "report timetable",
        "write the rotation timetable (PDF)",
        "Write the stored rotation timetable: one row per slot, one column per station.",
        "station.commands.report:timetable",
        _report_exam_sheet_arguments,
        True,
    ),
)
