"""The ``skillstation`` command line.

The parser is built here, cheaply: every subcommand is declared in :data:`COMMANDS` with
its arguments and the dotted name of its handler ("station.commands.<module>:<function>"),
which is imported only when that command runs. This keeps ``skillstation --version`` and
``--help`` fast: nothing heavy (pydantic, yaml, sqlalchemy, numpy) is imported here.

Commands that work on the database are grouped (``db upgrade``, ``exam create``...): a
command's name holds its group and its own name, separated by a space. The global
options ``--db`` and ``--user`` may be given before the command or after it.

Exit codes: 0 success; 1 a problem with the input or data (a :class:`UserError`, a
refused permission, a locked account, a weak password, a database problem, or an internal
error, reported with the place its traceback was saved); 2 wrong usage (from argparse);
130 interrupted with Ctrl+C.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn

from station._version import __version__
from station.errors import UserError
from station.exports import FORMATS
from station.i18n import LANGUAGES, _, set_language

if TYPE_CHECKING:
    from datetime import datetime

PROG = "skillstation"

Handler = Callable[[argparse.Namespace], int]


class Command(NamedTuple):
    """A subcommand: its name, one-line help, longer description, the handler to import
    when it runs, and a function that adds its arguments to its parser.

    A name with a space ("exam create") is a command of a group (:data:`GROUPS`).
    ``global_options`` says whether ``--db`` and ``--user`` may also follow the command.
    """

    name: str
    help: str
    description: str
    handler: str
    arguments: Callable[[argparse.ArgumentParser], None]
    global_options: bool = False


#: The groups of commands: name -> (one-line help, description).
GROUPS: dict[str, tuple[str, str]] = {
    "db": (
        "upgrade, back up or restore the database",
        "Work on the database file itself. These commands need access to the file, not a sign-in.",
    ),
    "users": (
        "add and list user accounts, change PINs and passwords",
        "Manage the accounts that sign in.",
    ),
    "exam": (
        "set up and run an exam",
        "Create an exam, assign examiners, import candidates, plan the timetable, open and "
        "close it.",
    ),
    "results": (
        "export, import, standard-set and release results",
        "Export computed results, import results marked elsewhere, adopt a standard and "
        "release the results.",
    ),
    "audit": ("check the audit trail", "Check the signed audit log of the database."),
    "report": (
        "write PDF reports",
        "Write PDF reports: candidate feedback, the exam report, practice, badges, blank "
        "checklists and the rotation timetable.",
    ),
    "devices": ("find connected devices", "Serial ports and USB ids of connected devices."),
    "practice": (
        "record and list practice attempts",
        "Practise a skill with a feedback device: record an attempt, list attempts, get "
        "an attempt's trace.",
    ),
    "encounter": ("device data of an encounter", "Get what a device recorded in an encounter."),
    "media": (
        "recordings: consent, timeline, retention, deletion",
        "Record candidates' consent to video, list recordings, print a recording's debrief "
        "timeline, delete recordings and keep them for a set time.",
    ),
}


def _validate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="definition files, or folders searched for *.yaml and *.yml files",
    )


def _schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the schema to FILE instead of standard output",
    )


def _dry_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "stations",
        nargs="*",
        metavar="STATION",
        help="bundled station ids or definition files (default: every bundled station)",
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="seed of the simulated candidate (default: 1)"
    )
    parser.add_argument(
        "--ability",
        type=float,
        default=None,
        help="the simulated candidate's ability, about -2 (weak) to 2 (strong); random if left out",
    )
    parser.add_argument(
        "--lang", default=None, help="language of the texts (default: the station's)"
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print the score only, not the timeline"
    )


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    """A command without arguments of its own."""


def _db_backup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", metavar="OUT", help="the backup file to write (must not exist)")


def _db_restore_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("backup", metavar="BACKUP", help="the backup file to restore")


def _users_add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("username", metavar="USERNAME", help="the sign-in name, e.g. dr.ng")
    parser.add_argument(
        "--role",
        required=True,
        choices=("coordinator", "examiner", "trainee"),
        help="what the account is for (the first account must be a coordinator)",
    )
    parser.add_argument(
        "--name", required=True, metavar="DISPLAY_NAME", help='the name shown, e.g. "Dr Ng"'
    )


def _users_passwd_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "username",
        metavar="USERNAME",
        nargs="?",
        help="another account to give a new PIN or password (coordinators only); "
        "without it, your own",
    )
    parser.add_argument(
        "--reason", default="", help="why another account's secret is reset (audited)"
    )


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


def _count(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("{text!r} is not a whole number").format(text=text)
            ) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(
                _("{value} is too small; give at least {minimum}").format(
                    value=value, minimum=minimum
                )
            )
        return value

    return parse


def _exam_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--exam", required=True, metavar="CODE", help="the exam's code")


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
        "--min-stations", type=_count(0), metavar="N", help="number of stations to pass"
    )
    parser.add_argument("--language", default="en", help="language of the exam (default: en)")


def _exam_assign_arguments(parser: argparse.ArgumentParser) -> None:
    _exam_option(parser)
    parser.add_argument("--station", required=True, metavar="KEY", help="the station's id")
    parser.add_argument("--examiner", required=True, metavar="USER", help="the examiner's username")


def _exam_roster_arguments(parser: argparse.ArgumentParser) -> None:
    _exam_option(parser)
    parser.add_argument(
        "roster",
        metavar="ROSTER.csv",
        help="CSV file: candidate_id,family_name,given_name[,email,group]",
    )


def _exam_timetable_arguments(parser: argparse.ArgumentParser) -> None:
    _exam_option(parser)
    parser.add_argument("--out", metavar="CSV", help="also write the timetable to this CSV file")
    parser.add_argument(
        "--rest-stations",
        type=_count(0),
        metavar="N",
        help="number of rest stations in the circuit (default: the shortest day)",
    )


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
        type=_count(0),
        metavar="G",
        help="0-based borderline step for every station (default: each station's own)",
    )


def _release_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--exam", required=True, metavar="ID", help="the exam's code")
    parser.add_argument("--undo", action="store_true", help="withdraw the release (needs --reason)")
    parser.add_argument("--reason", metavar="TEXT", help="why the release is withdrawn")


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not a number").format(text=text)) from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(_("{text!r} is not a number from 0 up").format(text=text))
    return value


def _multiplier(text: str) -> float:
    """A number of standard errors for --sem-multiplier: finite, 0 or more."""
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a number, e.g. 1 or 1.96").format(text=text)
        ) from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(
            _("{text!r} must be a number of 0 or more").format(text=text)
        )
    return value


def _stats_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "results",
        nargs="?",
        metavar="RESULTS.csv",
        help="a results CSV: candidate_id,station_id,examiner_id,score,max_score,"
        "global_grade (other columns ignored)",
    )
    parser.add_argument(
        "--exam", metavar="ID", help="the exam's code: use its stored results instead of a CSV"
    )
    parser.add_argument(
        "--borderline-grade",
        type=_count(0),
        metavar="G",
        help="0-based position of the borderline step, for every station (default: each "
        "station's own; 1 for a CSV)",
    )
    parser.add_argument(
        "--sem-multiplier",
        type=_multiplier,
        default=1.0,
        metavar="K",
        help="pass mark = cut score + K standard errors of measurement (default: 1)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _report_common(parser: argparse.ArgumentParser, out_help: str) -> None:
    parser.add_argument("--out", required=True, metavar="PATH", help=out_help)
    parser.add_argument(
        "--lang",
        choices=("en", "fr", "es"),
        default=None,
        help="language of the report (default: the exam's)",
    )


def _report_exam_sheet_arguments(parser: argparse.ArgumentParser) -> None:
    _exam_option(parser)
    _report_common(parser, "the PDF file to write")


def _report_candidate_arguments(parser: argparse.ArgumentParser) -> None:
    _exam_option(parser)
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
        type=_count(1),
        default=2,
        metavar="N",
        help="processes rendering the reports of a whole exam (default: 2)",
    )


def _report_exam_arguments(parser: argparse.ArgumentParser) -> None:
    _report_exam_sheet_arguments(parser)
    parser.add_argument(
        "--borderline-grade",
        type=_count(0),
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


def _audit_verify_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--checkpoint",
        metavar="SEQ:MAC",
        help="an entry noted after an earlier check, e.g. 1234:3fa29c0d1e2b4f56",
    )


def _audit_log_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--actor", default="", metavar="NAME", help="only this user's entries")
    parser.add_argument(
        "--action", default="", metavar="ACTION", help="only this action (insert, signin, ...)"
    )
    parser.add_argument(
        "--limit", type=int, default=50, metavar="N", help="entries to show (default: 50)"
    )
    parser.add_argument(
        "--offset", type=int, default=0, metavar="N", help="skip the N newest entries first"
    )


def _demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", required=True, metavar="DIR", help="folder for the demo database and files"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument(
        "--candidates",
        type=_count(2),
        default=12,
        metavar="N",
        help="number of candidates, at least 2 (default: 12)",
    )


def _devices_list_arguments(parser: argparse.ArgumentParser) -> None:
    """``devices list`` takes no arguments."""


def _record_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--device",
        required=True,
        metavar="URL",
        help="port, usb:VID:PID[:SERIAL], serial:///dev/ttyUSB0?baud=115200, socket://host:port, "
        "sim://cpr?profile=good&speed=10, replay://trace.csv",
    )
    parser.add_argument(
        "--seconds",
        required=True,
        type=float,
        metavar="N",
        help="seconds of the device's time line to record",
    )
    parser.add_argument("--out", required=True, metavar="TRACE.csv", help="trace file to write")
    parser.add_argument("--force", action="store_true", help="replace --out if it exists")


def _simulate_device_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pty",
        action="store_true",
        help="offer the simulated manikin on a pseudo-terminal (required for now)",
    )
    parser.add_argument(
        "--link",
        default=None,
        metavar="PATH",
        help="keep a symbolic link to the terminal here (stable across a simulated unplug)",
    )
    parser.add_argument(
        "--profile",
        default="good",
        choices=["good", "shallow", "fast", "slow", "leaning", "long_pauses", "random"],
        help="how the simulated rescuer performs (default: good)",
    )
    parser.add_argument(
        "--speed", type=float, default=1.0, help="device time runs this many times faster"
    )
    parser.add_argument(
        "--rate-hz",
        dest="rate_hz",
        type=float,
        default=200.0,
        metavar="HZ",
        help="samples per second of device time (default: 200)",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed of the simulated rescuer (default: 0)"
    )


def _analyze_cpr_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("trace", metavar="TRACE.csv", help="a recorded trace")
    parser.add_argument(
        "--profile",
        default="adult",
        choices=["adult", "child", "infant"],
        help="CPR targets to judge against (default: adult)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _analyze_video_arguments(parser: argparse.ArgumentParser) -> None:
    from station.commands.analyze_video import parse_roi

    parser.add_argument("video", metavar="VIDEO", help="a CPR video (AVI, MP4...)")
    parser.add_argument(
        "--roi",
        type=parse_roi,
        metavar="x,y,w,h",
        help="the rescuer's arms, in pixels (default: found in the video)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _record_video_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--camera",
        required=True,
        metavar="URL",
        help="camera://N, a video file, or sim://camera?w=640&h=480&fps=30",
    )
    parser.add_argument(
        "--seconds", required=True, type=float, metavar="N", help="seconds to record"
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the files")
    parser.add_argument(
        "--codec",
        default="mjpg",
        choices=["mjpg", "mp4v"],
        help="mjpg (AVI, the default) or mp4v (MP4)",
    )
    parser.add_argument(
        "--segment-mb",
        type=float,
        default=1000.0,
        metavar="MB",
        help="start a new file when one reaches this size (default: 1000)",
    )
    parser.add_argument(
        "--segment-seconds",
        type=float,
        metavar="S",
        help="start a new file after this many seconds (default: by size only)",
    )
    parser.add_argument(
        "--min-free-mb",
        type=float,
        default=500.0,
        metavar="MB",
        help="stop when less than this is free on the disk (default: 500)",
    )


def _practice_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--device",
        required=True,
        metavar="URL",
        help="the feedback device: a port, usb:VID:PID[:SERIAL], socket://host:port, "
        "sim://cpr?profile=good&speed=10 ...",
    )
    parser.add_argument(
        "--seconds", required=True, type=float, metavar="N", help="seconds of CPR to record"
    )
    parser.add_argument(
        "--profile",
        default="adult",
        choices=["adult", "child", "infant"],
        help="CPR targets to judge against (default: adult)",
    )
    parser.add_argument(
        "--station",
        default="adult-cpr-aed",
        metavar="KEY",
        help="the station practised (default: adult-cpr-aed)",
    )


def _practice_list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--username",
        default=None,
        metavar="NAME",
        help="only this user's attempts (default: all you may see)",
    )


def _trace_out_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, metavar="TRACE.csv", help="the file to write")
    parser.add_argument("--force", action="store_true", help="replace --out if it exists")
    parser.add_argument(
        "--trace-id", default=None, metavar="ID", help="a particular trace (default: the newest)"
    )


def _practice_trace_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("attempt", metavar="ATTEMPT", help="the practice attempt's id")
    _trace_out_arguments(parser)


def _encounter_trace_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("encounter", metavar="ENCOUNTER", help="the encounter's id")
    _trace_out_arguments(parser)


def _media_list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--exam", default=None, metavar="CODE", help="only the recordings of this exam"
    )
    parser.add_argument(
        "--deleted", action="store_true", help="also list deleted recordings (their records)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _media_consent_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("encounter", metavar="ENCOUNTER", help="the encounter's id")
    parser.add_argument("--given", action="store_true", help="the candidate agreed to be recorded")
    parser.add_argument("--refused", action="store_true", help="the candidate refused")
    parser.add_argument(
        "--note", default="", metavar="TEXT", help="a note kept with the answer (e.g. form number)"
    )


def _media_timeline_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("media", metavar="MEDIA", help="the recording's id")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _media_delete_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("media", metavar="MEDIA", help="the recording's id")
    parser.add_argument(
        "--reason", required=True, metavar="TEXT", help="why (kept in the audit trail)"
    )


def _media_retention_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "days",
        nargs="?",
        type=_count(1),
        default=None,
        metavar="DAYS",
        help="keep recordings this many days (leave out to show the setting)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep recordings until they are deleted"
    )


COMMANDS: tuple[Command, ...] = (
    Command(
        "validate",
        "check station definition files",
        "Check station definitions (YAML) and report every problem with its file, line and "
        "column. Exits with 0 when all are valid, 1 otherwise.",
        "station.commands.definitions:validate",
        _validate_arguments,
    ),
    Command(
        "schema",
        "print the JSON Schema of a station definition",
        "Print the JSON Schema of a station definition, for editors that check YAML as you "
        "type (e.g. VS Code with the YAML extension).",
        "station.commands.definitions:schema",
        _schema_arguments,
    ),
    Command(
        "dry-run",
        "rehearse stations on a simulated clock",
        "Walk stations through one simulated encounter each: bells, scenario events and the "
        "marks of a simulated candidate, scored by the exam engine. Nothing is saved.",
        "station.commands.dryrun:run",
        _dry_run_arguments,
    ),
    Command(
        "db upgrade",
        "migrate the database to this version's schema",
        "Migrate the database to the schema of this SkillStation. A backup of the database "
        "as it was is made beside it first; the command prints where.",
        "station.commands.db:upgrade",
        _no_arguments,
        True,
    ),
    Command(
        "db backup",
        "back up the database while it is in use",
        "Write a consistent copy of the database (and its audit key, beside it) while "
        "stations keep marking.",
        "station.commands.db:backup",
        _db_backup_arguments,
        True,
    ),
    Command(
        "db restore",
        "replace the database with a backup",
        "Check a backup, move the current database aside (nothing is deleted) and put the "
        "backup in its place. Close SkillStation everywhere first.",
        "station.commands.db:restore",
        _db_restore_arguments,
        True,
    ),
    Command(
        "users add",
        "add a user account",
        "Add an account. The PIN or password is read from SKILLSTATION_NEW_PIN or asked "
        "twice. The first account of a new database needs no --user and must be a "
        "coordinator.",
        "station.commands.users:add",
        _users_add_arguments,
        True,
    ),
    Command(
        "users passwd",
        "change a PIN or password",
        "Change your own PIN or password: the current one from SKILLSTATION_PIN or a "
        "prompt, the new one from SKILLSTATION_NEW_PIN or asked twice. A coordinator "
        "naming another account gives it a new one and lifts its lockout (audited).",
        "station.commands.users:passwd",
        _users_passwd_arguments,
        True,
    ),
    Command(
        "users list",
        "list the user accounts",
        "List every account with its role and whether it is active.",
        "station.commands.users:list_users",
        _no_arguments,
        True,
    ),
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
        _exam_option,
        True,
    ),
    Command(
        "exam close",
        "close an exam",
        "Close the exam: no more marking; submitted encounters change only by amendment.",
        "station.commands.exam:close_exam",
        _exam_option,
        True,
    ),
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
    Command(
        "stats",
        "standard setting and station quality",
        "Borderline-regression cut scores, the pass mark (cut + K standard errors of "
        "measurement), Cronbach's alpha, station and examiner flags, item analysis and "
        "double-marking agreement, from a results CSV or an exam's stored results "
        "(docs/psychometrics.md). Nothing is written.",
        "station.commands.stats:run",
        _stats_arguments,
        True,
    ),
    Command(
        "audit verify",
        "check the audit trail",
        "Check the chain of the audit log and replay it against the tables. Prints the "
        "first problem and exits with 1, or a summary with the last entry to note down.",
        "station.commands.audit:verify",
        _audit_verify_arguments,
        True,
    ),
    Command(
        "audit log",
        "read the audit trail",
        "Print entries of the audit log, newest first: sequence number, time, user, action, "
        "record, change and reason. Filter by user and action; page with --offset.",
        "station.commands.audit:log",
        _audit_log_arguments,
        True,
    ),
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
    Command(
        "demo",
        "build a demonstration exam with simulated candidates",
        "Create a demonstration database in a folder: an exam with the bundled stations, "
        "simulated candidates marked by simulated examiners, and its result files.",
        "station.commands.demo:run",
        _demo_arguments,
    ),
    Command(
        "devices list",
        "list serial ports with their USB ids",
        "List the serial ports of this computer with USB vendor and product ids and serial "
        "numbers, to find a manikin or sensor board.",
        "station.commands.devices:run_devices_list",
        _devices_list_arguments,
    ),
    Command(
        "record",
        "record a device's samples to a trace file",
        "Read a device for N seconds and write its samples to a trace CSV, with any gaps "
        "(unplugs) recorded.",
        "station.commands.devices:run_record",
        _record_arguments,
    ),
    Command(
        "simulate-device",
        "run a simulated manikin on a pseudo-terminal",
        "Offer a simulated CPR manikin speaking the SkillStation protocol on a "
        "pseudo-terminal, so the whole serial path can be tried without hardware.",
        "station.commands.devices:run_simulate_device",
        _simulate_device_arguments,
    ),
    Command(
        "analyze-cpr",
        "compute CPR quality metrics from a trace",
        "Compute compression depth, rate, recoil, compression fraction, ventilation and a "
        "composite score from a trace CSV.",
        "station.commands.cpr:run_analyze_cpr",
        _analyze_cpr_arguments,
    ),
    Command(
        "analyze-video",
        "estimate the compression rate from a CPR video",
        "Estimate the chest-compression rate from a video of CPR, without a sensor "
        "manikin: the mean rate, the compressions counted and the rate of every 5 s "
        "window (every 0.5 s). The moving region is found unless --roi is given.",
        "station.commands.analyze_video:run_analyze_video",
        _analyze_video_arguments,
    ),
    Command(
        "record-video",
        "record a camera to video files with timestamp sidecars",
        "Record N seconds from a camera to AVI (MJPG) or MP4 (mp4v) segments in DIR, each "
        "with a CSV of every frame's host time, and a markers file. Stops early, keeping "
        "what was recorded, when the disk fills or the camera stops.",
        "station.commands.video:run_record_video",
        _record_video_arguments,
    ),
    Command(
        "practice run",
        "record a practice attempt from a device",
        "Record N seconds of CPR from a feedback device as a practice attempt of the "
        "signed-in user: the trace, the CPR metrics and the score are stored, and the "
        "figures printed.",
        "station.commands.practice:run",
        _practice_run_arguments,
        True,
    ),
    Command(
        "practice list",
        "list practice attempts",
        "List practice attempts, newest first: your own, or (coordinators) anyone's.",
        "station.commands.practice:list_attempts",
        _practice_list_arguments,
        True,
    ),
    Command(
        "practice trace",
        "write a practice attempt's device trace to a file",
        "Write the trace CSV stored with a practice attempt to a file (for analyze-cpr).",
        "station.commands.practice:practice_trace",
        _practice_trace_arguments,
        True,
    ),
    Command(
        "encounter trace",
        "write an encounter's device trace to a file",
        "Write the trace CSV a feedback device recorded in an encounter to a file (for "
        "analyze-cpr). Coordinators, and the examiners of the station.",
        "station.commands.practice:encounter_trace",
        _encounter_trace_arguments,
        True,
    ),
    Command(
        "media list",
        "list recordings",
        "List the recordings you may see, newest first: coordinators all, examiners those "
        "of their stations and their own practice, trainees their own practice.",
        "station.commands.media:list_media",
        _media_list_arguments,
        True,
    ),
    Command(
        "media consent",
        "record a candidate's consent to be recorded",
        "Record whether the candidate of an encounter agreed to be recorded on video. The "
        "latest answer counts; without consent given, nothing is recorded.",
        "station.commands.media:consent",
        _media_consent_arguments,
        True,
    ),
    Command(
        "media timeline",
        "print a recording's debrief timeline",
        "Print every mark, grade, comment, marker, scenario event and CPR alarm of a "
        "recording at its time from the first frame.",
        "station.commands.media:timeline",
        _media_timeline_arguments,
        True,
    ),
    Command(
        "media delete",
        "delete a recording's files",
        "Erase a recording's video and sidecar files. The record of the recording stays, "
        "with the time and the reason, in the audit trail too. Coordinators only.",
        "station.commands.media:delete",
        _media_delete_arguments,
        True,
    ),
    Command(
        "media retention",
        "show or set how long recordings are kept",
        "Show how many days recordings are kept, or set it (DAYS, or --keep to keep them "
        "until deleted). Coordinators only.",
        "station.commands.media:retention",
        _media_retention_arguments,
        True,
    ),
    Command(
        "media purge",
        "delete recordings older than the retention",
        "Delete the recordings begun longer ago than the retention and list them. "
        "Coordinators only.",
        "station.commands.media:purge",
        _no_arguments,
        True,
    ),
)


class _TranslatedFormatterMixin:
    """Puts argparse's own "usage: " prefix in the current language."""

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        if prefix is None:
            prefix = _("usage: ")
        super().add_usage(usage, actions, groups, prefix)  # type: ignore[misc]


class TranslatedHelpFormatter(_TranslatedFormatterMixin, argparse.HelpFormatter):
    """argparse's default help layout, with its own words translated."""


class TranslatedRawDescriptionHelpFormatter(
    _TranslatedFormatterMixin, argparse.RawDescriptionHelpFormatter
):
    """argparse's raw-description help layout, with its own words translated."""


#: argparse's error messages that are translated: English beginning -> message id.
_ARGPARSE_ERRORS = (
    "the following arguments are required: ",
    "unrecognized arguments: ",
    "expected one argument",
    "invalid choice: ",
    "invalid int value: ",
    "invalid float value: ",
    "not allowed with argument ",
)


class TranslatedArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words (usage, section titles, -h help, common errors)
    follow the language of :mod:`station.i18n`; in English it prints what argparse does."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        formatter = kwargs.get("formatter_class", argparse.HelpFormatter)
        if formatter is argparse.HelpFormatter:
            kwargs["formatter_class"] = TranslatedHelpFormatter
        elif formatter is argparse.RawDescriptionHelpFormatter:
            kwargs["formatter_class"] = TranslatedRawDescriptionHelpFormatter
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = _("show this help message and exit")

    def error(self, message: str) -> NoReturn:
        """Print the usage and a translated ``error:`` line, and exit with code 2."""
        self.print_usage(sys.stderr)
        self.exit(
            2,
            _("{prog}: error: {message}\n").format(
                prog=self.prog, message=_translate_argparse_error(message)
            ),
        )


def _translate_argparse_error(message: str) -> str:
    """argparse's error ``message`` with its fixed English words translated."""
    prefix = ""
    rest = message
    if rest.startswith("argument ") and ": " in rest:
        name, _sep, rest = rest[len("argument ") :].partition(": ")
        prefix = _("argument {name}: ").format(name=name)
    for english in _ARGPARSE_ERRORS:
        if rest.startswith(english):
            return prefix + _(english) + rest[len(english) :]
    return prefix + rest


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """``--db`` and ``--user``. After a command they default to "not given", so that
    the values given before it are kept."""
    default: object = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help=_(
            "the database: a file path or sqlite:/// URL (default: $SKILLSTATION_DB, else "
            "skillstation.db in the data folder)"
        ),
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=default,
        help=_("sign in as NAME; the PIN or password comes from $SKILLSTATION_PIN or a prompt"),
    )


def _epilog() -> str:
    width = max(len(c.name) for c in COMMANDS)
    lines = [f"  {c.name:<{width}}  {_(c.help)}" for c in COMMANDS]
    return (
        _("all commands:")
        + "\n"
        + "\n".join(lines)
        + "\n\n"
        + _("exit codes: 0 done, 1 a problem with the input or the data, 2 wrong usage.")
        + "\n"
        + _("Run `skillstation COMMAND --help` for a command's options.")
    )


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command (cheap: no handler is imported)."""
    parser = TranslatedArgumentParser(
        prog=PROG,
        description=_(
            "SkillStation: clinical skills assessment stations (OSCE checklists, "
            "timed simulation scenarios) and skills-lab practice."
        ),
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {__version__}",
        help=_("show program's version number and exit"),
    )
    _global_options(parser, top=True)
    parser.add_argument(
        "--lang",
        metavar="LANG",
        choices=LANGUAGES,
        default=None,
        help=_(
            "the language of messages: en, fr or es (default: $SKILLSTATION_LANG, else "
            "the system's)"
        ),
    )
    subparsers = parser.add_subparsers(title=_("commands"), metavar="COMMAND", required=True)
    groups: dict[str, argparse._SubParsersAction[TranslatedArgumentParser]] = {}
    for command in COMMANDS:
        group, _sep, name = command.name.rpartition(" ")
        target = subparsers
        if group:
            if group not in groups:
                help_text, description = GROUPS[group]
                group_parser = subparsers.add_parser(
                    group, help=_(help_text), description=_(description)
                )
                groups[group] = group_parser.add_subparsers(
                    title=_("commands"), metavar="COMMAND", required=True
                )
            target = groups[group]
        sub = target.add_parser(name, help=_(command.help), description=_(command.description))
        command.arguments(sub)
        _translate_option_help(sub)
        if command.global_options:
            _global_options(sub, top=False)
        sub.set_defaults(handler=command.handler)
    return parser


def _translate_option_help(parser: argparse.ArgumentParser) -> None:
    """Put the help texts of ``parser``'s arguments in the current language.

    The texts are written in English where the arguments are added (the message ids);
    the i18n tests walk every parser to check that each has its translations.
    """
    for action in parser._actions:
        if isinstance(action.help, str) and action.help != argparse.SUPPRESS:
            action.help = _(action.help)


def _language_option(argv: Sequence[str]) -> str | None:
    """The value of the global ``--lang`` option given before the command, if it names a
    supported language (the parser reports a wrong one); None when it is not given.

    It is read before the parser is built, so that the help texts are in that language.
    """
    tokens = list(argv)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token == "--lang" and index + 1 < len(tokens):
            value = tokens[index + 1]
            return value if value in LANGUAGES else None
        if token.startswith("--lang="):
            value = token.partition("=")[2]
            return value if value in LANGUAGES else None
        if token in ("--db", "--user"):
            index += 2
            continue
        if not token.startswith("-"):
            return None  # the command: a --lang after it is the command's own option
        index += 1
    return None


def load_handler(dotted: str) -> Handler:
    """Import ``"package.module:function"`` and return the function."""
    from importlib import import_module

    module_name, _, attribute = dotted.partition(":")
    handler: Handler = getattr(import_module(module_name), attribute)
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see the module docstring)."""
    set_language(_language_option(sys.argv[1:] if argv is None else argv))
    parser = build_parser()
    try:
        args = parser.parse_args(None if argv is None else list(argv))
    except SystemExit as stop:  # --help, --version and usage errors end here
        return _exit_code(stop.code)
    try:
        return load_handler(args.handler)(args)
    except UserError as err:
        print(_("{prog}: error: {message}").format(prog=PROG, message=err), file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print(_("{prog}: interrupted").format(prog=PROG), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`skillstation schema | head`): stop quietly,
        # and keep Python from complaining when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as err:
        if _is_user_problem(err):
            print(_("{prog}: error: {message}").format(prog=PROG, message=err), file=sys.stderr)
            return 1
        # Anything else is a bug: log it, tell the user where.
        return _report_crash(err, argv)


#: Exceptions that carry a message for the user although they are not UserErrors:
#: (module, class). Looked up only in modules already imported, so that naming them
#: here costs nothing at start-up.
_USER_PROBLEMS = (
    ("station.storage.errors", "StorageError"),
    ("station.auth.permissions", "PermissionDenied"),
    ("station.auth.throttle", "LockedOut"),
)


def _is_user_problem(err: Exception) -> bool:
    """Whether ``err`` says something the user can act on (a database that needs an
    upgrade, a refused permission, a locked account)."""
    for module_name, class_name in _USER_PROBLEMS:
        module = sys.modules.get(module_name)
        kind = getattr(module, class_name, None) if module is not None else None
        if isinstance(kind, type) and isinstance(err, kind):
            return True
    return False


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def log_dir() -> Path:
    """Where SkillStation writes its logs: ``$SKILLSTATION_HOME/logs`` when that is set,
    else the user's log folder for SkillStation."""
    home = os.environ.get("SKILLSTATION_HOME")
    if home:
        return Path(home) / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir("skillstation", appauthor=False))


def _report_crash(err: BaseException, argv: Sequence[str] | None) -> int:
    """Save the traceback of an internal error to a log file and tell the user where."""
    import platform
    import time
    import traceback

    summary = f"{type(err).__name__}: {err}".strip().splitlines()[0][:200]
    args = list(sys.argv[1:] if argv is None else argv)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    try:
        from station.files import private_file, private_folder

        # A traceback can hold names and marks: as private as the database (0600, 0700).
        folder = private_folder(log_dir())
        log = private_file(folder / f"crash-{stamp}-{os.getpid()}.log")
        with log.open("w", encoding="utf-8") as out:
            out.write(f"{PROG} {__version__} on Python {platform.python_version()}\n")
            out.write(f"arguments: {args!r}\n\n")
            traceback.print_exception(err, file=out)
    except Exception as log_err:  # the disk is full, the folder is read-only...
        print(
            _(
                "{prog}: internal error ({summary}); the traceback could not be saved "
                "({problem}). Please report this, with the command you ran."
            ).format(prog=PROG, summary=summary, problem=log_err),
            file=sys.stderr,
        )
        return 1
    print(
        _(
            "{prog}: internal error ({summary}). This is a bug in SkillStation, not a problem "
            "with your input. The full traceback was written to {log}; please include that "
            "file when you report it."
        ).format(prog=PROG, summary=summary, log=log),
        file=sys.stderr,
    )
    return 1
