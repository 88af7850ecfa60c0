"""The ``users`` commands on the command line: their names, help and arguments. The handlers
are in :mod:`station.commands.users`, imported only when a command runs, so that this module
stays cheap to import (see :mod:`station.cli`).
"""

from __future__ import annotations

import argparse

from station.commands.arguments import Command, no_arguments

#: The groups of these commands: name -> (one-line help, description).
GROUPS: dict[str, tuple[str, str]] = {
    "users": (
        "add and list user accounts, change PINs and passwords",
        "Manage the accounts that sign in.",
    ),
}


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


COMMANDS: tuple[Command, ...] = (
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
        no_arguments,
        True,
    ),
)
