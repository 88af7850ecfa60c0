"""``skillstation audit verify`` and ``audit log``: check and read the signed audit log.

Prints the first problem (``entry <seq>: <reason>`` or ``record <table> <id>: <field>
db=<value> replay=<value>``) and exits with 1, or a one-line summary ending with the
last entry to note down as a checkpoint, and exits with 0. See docs/audit.md.
"""

from __future__ import annotations

import argparse

from station.commands.session import open_session
from station.i18n import _


def verify(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        result = session.services.results.verify_audit(session.user, checkpoint=args.checkpoint)
    if not result.ok:
        print(result.problem)
        return 1
    print(result.summary)
    return 0


def log(args: argparse.Namespace) -> int:
    """``skillstation audit log``: a page of the audit log, newest first."""
    with open_session(args) as session:
        page = session.services.audit_log.audit_entries(
            session.user,
            actor_name=args.actor,
            action=args.action,
            offset=args.offset,
            limit=args.limit,
        )
    for row in page.rows:
        at = row.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        parts = [f"{row.seq:>6}", at, row.actor, row.action]
        if row.record:
            parts.append(row.record)
        if row.change:
            change = row.change if len(row.change) <= 120 else row.change[:117] + "..."
            parts.append(change)
        if row.reason:
            parts.append(_("reason: {reason}").format(reason=row.reason))
        print("  ".join(parts))
    shown = len(page.rows)
    first = page.offset + 1 if shown else page.offset
    print(
        _("entries {first}-{last} of {total}, newest first").format(
            first=first, last=page.offset + shown, total=page.total
        )
    )
    return 0
