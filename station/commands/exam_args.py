"""The ``exam`` commands on the command line: their names, help and arguments. The handlers are
in :mod:`station.commands.exam`, imported only when a command runs, so that this module
stays cheap to import (see :mod:`station.cli`).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from station.commands.arguments import Command, count, exam_option
from station.i18n import _

if TYPE_CHECKING:
    from datetime import datetime


#: The groups of these commands: name -> (one-line help, description).
GROUPS: dict[str, tuple[str, str]] = {
    "exam": (
        "set up and run an exam",
        "Create an exam, assign examiners, import candidates, plan the timetable, open and "
        "close it.",
    ),
}


def _iso_time(text: str) -> datetime:
    """An ISO 8601 time for --starts-at; without a zone, the computer's local zone."""
    from datetime import datetime as _datetime

    try:
        value = _datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _(
                "{text!r} is not a date and time; write it as 2026-03-02T08:30 or "
                "2026-03-02T08:30+01:00"
            ).format(text=text)
        ) from None
    return value if value.tzinfo is not None else value.astimezone()


def _exam_create_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--code", required=True, help="a short code, e.g. OSCE-2026-03")
    parser.add_argument("--title", required=True, help="the exam's title")
    parser.add_argument(
        "--starts-at",
        required=True,
        type=_iso_time,
        metavar="ISO",
        help="when the first slot starts, e.g. 2026-03-02T08:30+01:00 (local time if no zone)",
    )
    parser.add_argument(
        "--station",
        dest="stations",
        required=True,
        action="extend",
        nargs="+",
        metavar="KEY_OR_YAML",
        help="the stations in circuit order: bundled or stored station ids, or YAML files",
    )
    parser.add_argument(
        "--pass-mark", type=float, metavar="P", help="exam pass mark: mean station percentage"
    )
    parser.add_argument(
        "--min-stations", type=count(0), metavar="N", help="number of stations to pass"
    )
    parser.add_argument("--language", default="en", help="language of the exam (default: en)")


def _exam_assign_arguments(parser: argparse.ArgumentParser) -> None:
    exam_option(parser)
    parser.add_argument("--station", required=True, metavar="KEY", help="the station's id")
    parser.add_argument("--examiner", required=True, metavar="USER", help="the examiner's username")


def _exam_roster_arguments(parser: argparse.ArgumentParser) -> None:
    exam_option(parser)
    parser.add_argument(
        "roster",
        metavar="ROSTER.csv",
        help="CSV file: candidate_id,family_name,given_name[,email,group]",
    )


def _exam_timetable_arguments(parser: argparse.ArgumentParser) -> None:
    exam_option(parser)
    parser.add_argument("--out", metavar="CSV", help="also write the timetable to this CSV file")
    parser.add_argument(
        "--rest-stations",
        type=count(0),
        metavar="N",
        help="number of rest stations in the circuit (default: the shortest day)",
    )


COMMANDS: tuple[Command, ...] = (
    Command(
        "exam create",
        "create an exam",
        "Create a draft exam whose stations are bound to exact definition versions.",
        "station.commands.exam:create",
        _exam_create_arguments,
        True,
    ),
    Command(
        "exam assign",
        "assign an examiner to a station",
        "Assign an examiner account to a station of an exam.",
        "station.commands.exam:assign",
        _exam_assign_arguments,
        True,
    ),
    Command(
        "exam import-candidates",
        "import the candidate roster from CSV",
        "Import candidates from a UTF-8 CSV file whose first line is "
        "candidate_id,family_name,given_name[,email,group] (any order). All or nothing: "
        "every problem is listed with its line, and nothing is imported until all are fixed.",
        "station.commands.exam:import_candidates",
        _exam_roster_arguments,
        True,
    ),
    Command(
        "exam timetable",
        "plan, store and print the rotation timetable",
        "Plan the rotation of candidates round the stations, store it with the exam and "
        "print it (and write it as CSV with --out).",
        "station.commands.exam:timetable",
        _exam_timetable_arguments,
        True,
    ),
    Command(
        "exam open",
        "open an exam for marking",
        "Open the exam: assigned examiners can mark from now on.",
        "station.commands.exam:open_exam",
        exam_option,
        True,
    ),
    Command(
        "exam close",
        "close an exam",
        "Close the exam: no more marking; submitted encounters change only by amendment.",
        "station.commands.exam:close_exam",
        exam_option,
        True,
    ),
)
