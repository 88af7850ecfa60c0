"""``skillstation audit verify``: check the signed audit log.

Prints the first problem (``entry <seq>: <reason>`` or ``record <table> <id>: <field>
db=<value> replay=<value>``) and exits with 1, or a one-line summary ending with the
last entry to note down as a checkpoint, and exits with 0. See docs/audit.md.
"""

from __future__ import annotations

import argparse

from station.commands.session import open_session


def verify(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        result = session.services.verify_audit(session.user, checkpoint=args.checkpoint)
    if not result.ok:
        print(result.problem)
        return 1
    print(result.summary)
    return 0
