"""The ``dry-run`` command on the command line: its name, help and arguments. The handler is
in :mod:`station.commands.dryrun`, imported only when the command runs, so that this module
stays cheap to import (see :mod:`station.cli`).
"""

from __future__ import annotations

import argparse

from station.commands.arguments import Command


def _dry_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "stations",
        nargs="*",
        metavar="STATION",
        help="bundled station ids or definition files (default: every bundled station)",
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="seed of the simulated candidate (default: 1)"
    )
    parser.add_argument(
        "--ability",
        type=float,
        default=None,
        help="the simulated candidate's ability, about -2 (weak) to 2 (strong); random if left out",
    )
    parser.add_argument(
        "--lang", default=None, help="language of the texts (default: the station's)"
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print the score only, not the timeline"
    )


COMMANDS: tuple[Command, ...] = (
    Command(
        "dry-run",
        "rehearse stations on a simulated clock",
        "Walk stations through one simulated encounter each: bells, scenario events and the "
        "marks of a simulated candidate, scored by the exam engine. Nothing is saved.",
        "station.commands.dryrun:run",
        _dry_run_arguments,
    ),
)
