"""``skillstation db upgrade|backup|restore``: looking after the database file.

These work on the file itself and ask for no sign-in: whoever can run them can read
and copy the file anyway, and an upgrade must run before anyone can sign in to a
database made by an older SkillStation. Protect the file (and its audit key) with the
computer's own means: accounts, disk encryption, a locked room.
"""

from __future__ import annotations

import argparse

from station.storage import upgrade as upgrade_database
from station.storage.backup import backup as backup_database
from station.storage.backup import restore as restore_database
from station.storage.paths import resolve_location


def upgrade(args: argparse.Namespace) -> int:
    """Migrate to the current schema; print what was done and where the backup is."""
    result = upgrade_database(args.db)
    print(result.summary)
    return 0


def backup(args: argparse.Namespace) -> int:
    """Write a checked, consistent copy of the database (and its key) to OUT."""
    source = resolve_location(args.db).path
    result = backup_database(source, args.out)
    print(result.summary)
    return 0


def restore(args: argparse.Namespace) -> int:
    """Put a checked backup in place of the database, keeping the old files aside."""
    result = restore_database(args.backup, args.db)
    print(result.summary)
    return 0
