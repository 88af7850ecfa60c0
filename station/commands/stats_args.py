"""The ``stats`` command on the command line: its name, help and arguments. The handler is in
:mod:`station.commands.stats`, imported only when the command runs, so that this module
stays cheap to import (see :mod:`station.cli`).
"""

from __future__ import annotations

import argparse

from station.commands.arguments import Command, count
from station.i18n import _


def _multiplier(text: str) -> float:
    """A number of standard errors for --sem-multiplier: finite, 0 or more."""
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a number, e.g. 1 or 1.96").format(text=text)
        ) from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(
            _("{text!r} must be a number of 0 or more").format(text=text)
        )
    return value


def _stats_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "results",
        nargs="?",
        metavar="RESULTS.csv",
        help="a results CSV: candidate_id,station_id,examiner_id,score,max_score,"
        "global_grade (other columns ignored)",
    )
    parser.add_argument(
        "--exam", metavar="ID", help="the exam's code: use its stored results instead of a CSV"
    )
    parser.add_argument(
        "--borderline-grade",
        type=count(0),
        metavar="G",
        help="0-based position of the borderline step, for every station (default: each "
        "station's own; 1 for a CSV)",
    )
    parser.add_argument(
        "--sem-multiplier",
        type=_multiplier,
        default=1.0,
        metavar="K",
        help="pass mark = cut score + K standard errors of measurement (default: 1)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


COMMANDS: tuple[Command, ...] = (
    Command(
        "stats",
        "standard setting and station quality",
        "Borderline-regression cut scores, the pass mark (cut + K standard errors of "
        "measurement), Cronbach's alpha, station and examiner flags, item analysis and "
        "double-marking agreement, from a results CSV or an exam's stored results "
        "(docs/psychometrics.md). Nothing is written.",
        "station.commands.stats:run",
        _stats_arguments,
        True,
    ),
)
