"""``skillstation db upgrade|backup|restore``: looking after the database file.

These work on the file itself and ask for no sign-in: whoever can run them can read
and copy the file anyway, and an upgrade must run before anyone can sign in to a
database made by an older SkillStation. Protect the file (and its audit key) with the
computer's own means: accounts, disk encryption, a locked room.

What each command did is printed in the current language (:mod:`station.i18n`), from
the fields of its result; the results' own ``summary`` is the English text.
"""

from __future__ import annotations

import argparse

from station.i18n import _
from station.storage import upgrade as upgrade_database
from station.storage.backup import BackupResult
from station.storage.backup import backup as backup_database
from station.storage.paths import resolve_location
from station.storage.restore import RestoreResult
from station.storage.restore import restore as restore_database
from station.storage.upgrade import UpgradeResult


def upgrade(args: argparse.Namespace) -> int:
    """Migrate to the current schema; print what was done and where the backup is."""
    print(upgrade_text(upgrade_database(args.db)))
    return 0


def backup(args: argparse.Namespace) -> int:
    """Write a checked, consistent copy of the database (and its key) to OUT."""
    source = resolve_location(args.db).path
    print(backup_text(backup_database(source, args.out)))
    return 0


def restore(args: argparse.Namespace) -> int:
    """Put a checked backup in place of the database, keeping the old files aside."""
    print(restore_text(restore_database(args.backup, args.db)))
    return 0


def upgrade_text(result: UpgradeResult) -> str:
    """What an upgrade did, in the current language."""
    if not result.changed:
        return _("{path} is already at schema revision {revision}; nothing to do").format(
            path=result.path, revision=result.to_revision
        )
    text = _("upgraded {path} from schema revision {old} to {new}").format(
        path=result.path, old=result.from_revision or _("(none)"), new=result.to_revision
    )
    if result.backup_path is not None:
        text += _("; the database as it was is kept in {backup}").format(backup=result.backup_path)
    return text


def backup_text(result: BackupResult) -> str:
    """Where a backup went and what to do with its key, in the current language."""
    text = _("backup written to {path} ({size} bytes, integrity ok)").format(
        path=result.path, size=result.size_bytes
    )
    if result.key_path is not None:
        text += _(
            "; the audit key was copied to {key} (mode 0600): keep it as private as the database"
        ).format(key=result.key_path)
    else:
        text += _("; no audit key was copied, so this backup's audit log cannot be verified")
    return text


def restore_text(result: RestoreResult) -> str:
    """What a restore did and what is left to do, in the current language."""
    parts = [
        _("restored {path} from {backup}").format(path=result.db_path, backup=result.backup_path)
    ]
    if result.moved_aside:
        parts.append(
            _("the previous files were kept as {files}").format(
                files=", ".join(map(str, result.moved_aside))
            )
        )
    if not result.key_restored:
        parts.append(
            _(
                "the backup had no audit key beside it: copy its .auditkey file next to the "
                "database before verifying the audit log"
            )
        )
    if result.needs_upgrade:
        parts.append(_("the backup has an older schema: run `skillstation db upgrade`"))
    return "; ".join(parts)
