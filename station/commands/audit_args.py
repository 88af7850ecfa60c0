"""The ``audit`` commands on the command line: their names, help and arguments. The handlers
are in :mod:`station.commands.audit`, imported only when a command runs, so that this module
stays cheap to import (see :mod:`station.cli`).
"""

from __future__ import annotations

import argparse

from station.commands.arguments import Command

#: The groups of these commands: name -> (one-line help, description).
GROUPS: dict[str, tuple[str, str]] = {
    "audit": ("check the audit trail", "Check the signed audit log of the database."),
}


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


COMMANDS: tuple[Command, ...] = (
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
)
