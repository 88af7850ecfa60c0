"""The ``analyze-cpr`` command on the command line: its name, help and arguments. The handler
is in :mod:`station.commands.cpr`, imported only when the command runs, so that this module
stays cheap to import (see :mod:`station.cli`).
"""

from __future__ import annotations

import argparse

from station.commands.arguments import Command

#: The profiles ``--profile`` accepts (devices.cpr.profiles.PROFILES, named here so
#: that building the parser imports nothing).
PROFILE_NAMES = ("adult", "child", "infant")


def add_analyze_cpr_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``analyze-cpr``."""
    parser.add_argument("trace", metavar="TRACE.csv", help="a recorded trace")
    parser.add_argument(
        "--profile",
        default="adult",
        choices=PROFILE_NAMES,
        help="CPR targets to judge against (default: adult)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


COMMANDS: tuple[Command, ...] = (
    Command(
        "analyze-cpr",
        "compute CPR quality metrics from a trace",
        "Compute compression depth, rate, recoil, compression fraction, ventilation and a "
        "composite score from a trace CSV.",
        "station.commands.cpr:run_analyze_cpr",
        add_analyze_cpr_arguments,
    ),
)
