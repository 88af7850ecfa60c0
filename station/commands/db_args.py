"""The ``db`` commands on the command line: their names, help and arguments. The handlers are
in :mod:`station.commands.db`, imported only when a command runs, so that this module stays
cheap to import (see :mod:`station.cli`).
"""

from __future__ import annotations

import argparse

from station.commands.arguments import Command, no_arguments

#: The groups of these commands: name -> (one-line help, description).
GROUPS: dict[str, tuple[str, str]] = {
    "db": (
        "upgrade, back up or restore the database",
        "Work on the database file itself. These commands need access to the file, not a sign-in.",
    ),
}


def _db_backup_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", metavar="OUT", help="the backup file to write (must not exist)")


def _db_restore_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("backup", metavar="BACKUP", help="the backup file to restore")


COMMANDS: tuple[Command, ...] = (
    Command(
        "db upgrade",
        "migrate the database to this version's schema",
        "Migrate the database to the schema of this SkillStation. A backup of the database "
        "as it was is made beside it first; the command prints where.",
        "station.commands.db:upgrade",
        no_arguments,
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
)
