"""The ``demo`` command on the command line: its name, help and arguments. The handler is in
:mod:`station.commands.demo`, imported only when the command runs, so that this module stays
cheap to import (see :mod:`station.cli`).
"""

from __future__ import annotations

import argparse

from station.commands.arguments import Command, count


def _demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", required=True, metavar="DIR", help="folder for the demo database and files"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    parser.add_argument(
        "--candidates",
        type=count(2),
        default=12,
        metavar="N",
        help="number of candidates, at least 2 (default: 12)",
    )


COMMANDS: tuple[Command, ...] = (
    Command(
        "demo",
        "build a demonstration exam with simulated candidates",
        "Create a demonstration database in a folder: an exam with the bundled stations, "
        "simulated candidates marked by simulated examiners, and its result files.",
        "station.commands.demo:run",
        _demo_arguments,
    ),
)
