"""The ``results`` commands on the command line: their names, help and arguments. The handlers
are in :mod:`station.commands.results`, imported only when a command runs, so that this
module stays cheap to import (see :mod:`station.cli`).
"""

from __future__ import annotations

import argparse

from station.commands.arguments import Command, count
from station.exports import FORMATS
from station.i18n import _

#: The groups of these commands: name -> (one-line help, description).
GROUPS: dict[str, tuple[str, str]] = {
    "results": (
        "export, import, amend, standard-set and release results",
        "Export computed results, import results marked elsewhere, amend a submitted "
        "encounter, adopt a standard and release the results.",
    ),
}


def _results_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--exam", required=True, metavar="ID", help="the exam's code")
    parser.add_argument(
        "--format",
        default="csv",
        choices=FORMATS,
        help="file format (default: csv); see docs/exports.md",
    )
    parser.add_argument("--out", required=True, metavar="PATH", help="the file to write")
    parser.add_argument(
        "--draft",
        action="store_true",
        help="pdf-zip: write the candidate reports before the results are released",
    )
    parser.add_argument(
        "--xapi-home-page",
        default="https://skillstation.invalid",
        metavar="URL",
        help="xapi: your institution's address, the home page of the candidates' accounts",
    )


def _results_import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="RESULTS.csv", help="the results file to import")
    parser.add_argument("--exam", required=True, metavar="ID", help="the exam's code")


def _results_withdraw_import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--exam", required=True, metavar="ID", help="the exam's code")
    parser.add_argument(
        "--candidate", required=True, metavar="NUMBER", help="the candidate's number"
    )
    parser.add_argument(
        "--station", required=True, metavar="KEY", help="the station's key, as in the exam"
    )
    parser.add_argument(
        "--examiner",
        metavar="USERNAME",
        help="whose imported result, when the candidate has several at the station",
    )
    parser.add_argument(
        "--reason", required=True, metavar="TEXT", help="why it is withdrawn (audited)"
    )


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a number").format(text=text)) from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(_("{text!r} is not a number from 0 up").format(text=text))
    return value


def _standard_set_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--exam", required=True, metavar="ID", help="the exam's code")
    parser.add_argument(
        "--method",
        default="brm",
        choices=("brm", "borderline-group", "cohen"),
        help="how station cut scores are set (default: brm, borderline regression)",
    )
    parser.add_argument(
        "--sem-multiplier",
        type=_non_negative_float,
        default=1.0,
        metavar="K",
        help="pass mark = cut score + K standard errors of measurement (default: 1)",
    )
    parser.add_argument(
        "--borderline-grade",
        type=count(0),
        metavar="G",
        help="0-based borderline step for every station (default: each station's own)",
    )


def _release_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--exam", required=True, metavar="ID", help="the exam's code")
    parser.add_argument("--undo", action="store_true", help="withdraw the release (needs --reason)")
    parser.add_argument("--reason", metavar="TEXT", help="why the release is withdrawn")


def _item_value(text: str) -> tuple[str, str]:
    """``ITEM=VALUE`` of ``--mark``: the item's id and its new value, as typed."""
    item, equals, value = text.partition("=")
    if not equals or not item.strip() or not value.strip():
        raise argparse.ArgumentTypeError(
            _("{text!r} is not ITEM=VALUE; write e.g. hand-hygiene=done or empathy=4").format(
                text=text
            )
        )
    return item.strip(), value.strip()


def _amend_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--encounter", metavar="ID", help="the encounter's id (or name it with the next three)"
    )
    parser.add_argument("--exam", metavar="CODE", help="the exam's code")
    parser.add_argument("--station", metavar="KEY", help="the station's key, as in the exam")
    parser.add_argument("--candidate", metavar="NUMBER", help="the candidate's number")
    parser.add_argument(
        "--examiner",
        metavar="USERNAME",
        help="whose marking, when two examiners marked the candidate at the station",
    )
    parser.add_argument(
        "--mark",
        dest="marks",
        action="append",
        default=[],
        type=_item_value,
        metavar="ITEM=VALUE",
        help="an item's new mark: done, partial, not_done, or a rating (repeat for more items)",
    )
    parser.add_argument(
        "--grade",
        type=count(0),
        metavar="G",
        help="the new global grade, a 0-based step of the rating as in the export's "
        "global_grade column",
    )
    parser.add_argument("--comment", metavar="TEXT", help="the new feedback comment")
    parser.add_argument(
        "--private", action="store_true", help="--comment is a private note, not feedback"
    )
    parser.add_argument(
        "--reason", required=True, metavar="TEXT", help="why it is amended (audited)"
    )


COMMANDS: tuple[Command, ...] = (
    Command(
        "results export",
        "export the results of an exam",
        "Write one row per submitted encounter, scored with the definition version the exam "
        "bound and its exclusions. The file is written whole or not at all.",
        "station.commands.results:export",
        _results_export_arguments,
        True,
    ),
    Command(
        "results import",
        "import paper-marked or historical results",
        "Bring the results of a CSV file (candidate_id,station_id,examiner_id,score,"
        "max_score,global_grade; other columns ignored) into the exam, all rows or none.",
        "station.commands.results:import_results",
        _results_import_arguments,
        True,
    ),
    Command(
        "results withdraw-import",
        "withdraw an imported result",
        "Take back the imported result of a candidate at a station, with a reason: it stays "
        "on record but no longer counts in any result, export, report or statistic.",
        "station.commands.results:withdraw_import",
        _results_withdraw_import_arguments,
        True,
    ),
    Command(
        "results amend",
        "amend a submitted encounter",
        "Change the marks, global grade or comment of a submitted encounter, with a "
        "reason (coordinators). The earlier values stay in the history and the audit "
        "trail; the command prints them beside the new ones, and the result as it now "
        "stands.",
        "station.commands.results:amend",
        _amend_arguments,
        True,
    ),
    Command(
        "results standard-set",
        "adopt the exam's cut scores and pass mark",
        "Compute the station cut scores and the exam's pass mark from the results and adopt "
        "them; results then use them. Refused once the results are released.",
        "station.commands.results:standard_set",
        _standard_set_arguments,
        True,
    ),
    Command(
        "results release",
        "release the results to candidates",
        "Release the exam's results (a standard must be set first), or withdraw the "
        "release with --undo and a reason.",
        "station.commands.results:release",
        _release_arguments,
        True,
    ),
)
