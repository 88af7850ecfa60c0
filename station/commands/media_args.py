"""The ``media`` commands on the command line: their names, help and arguments. The handlers
are in :mod:`station.commands.media`, imported only when a command runs, so that this module
stays cheap to import (see :mod:`station.cli`).
"""

from __future__ import annotations

import argparse

from station.commands.arguments import Command, count, no_arguments

#: The groups of these commands: name -> (one-line help, description).
GROUPS: dict[str, tuple[str, str]] = {
    "media": (
        "recordings: consent, timeline, retention, deletion",
        "Record candidates' consent to video, list recordings, print a recording's debrief "
        "timeline, delete recordings and keep them for a set time.",
    ),
}


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
        type=count(1),
        default=None,
        metavar="DAYS",
        help="keep recordings this many days (leave out to show the setting)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep recordings until they are deleted"
    )


COMMANDS: tuple[Command, ...] = (
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
        no_arguments,
        True,
    ),
)
