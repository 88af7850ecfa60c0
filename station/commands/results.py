"""``skillstation results export``: the results of an exam as a file.

One row per submitted encounter, computed when the command runs from the marks, the
definition version the exam bound and the standing exclusions. The columns are listed
in docs/cli.md; the file is written whole or not at all.
"""

from __future__ import annotations

import argparse

from station.commands.session import open_session


def export(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        rows = session.services.export_results_csv(session.user, args.exam, args.out)
    print(f"{rows} result{'s' if rows != 1 else ''} of exam {args.exam} written to {args.out}")
    return 0
