"""The ``practice`` and ``encounter trace`` commands on the command line: their names, help and
arguments. The handlers are in :mod:`station.commands.practice`, imported only when a
command runs, so that this module stays cheap to import (see :mod:`station.cli`).
"""

from __future__ import annotations

import argparse

from station.commands.arguments import Command

#: The groups of these commands: name -> (one-line help, description).
GROUPS: dict[str, tuple[str, str]] = {
    "practice": (
        "record and list practice attempts",
        "Practise a skill with a feedback device: record an attempt, list attempts, get "
        "an attempt's trace.",
    ),
    "encounter": ("device data of an encounter", "Get what a device recorded in an encounter."),
}


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


COMMANDS: tuple[Command, ...] = (
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
)
