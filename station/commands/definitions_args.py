"""The ``validate`` and ``schema`` commands on the command line: their names, help and
arguments. The handlers are in :mod:`station.commands.definitions`, imported only when a
command runs, so that this module stays cheap to import (see :mod:`station.cli`).
"""

from __future__ import annotations

import argparse

from station.commands.arguments import Command


def _validate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="definition files, or folders searched for *.yaml and *.yml files",
    )


def _schema_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the schema to FILE instead of standard output",
    )


COMMANDS: tuple[Command, ...] = (
    Command(
        "validate",
        "check station definition files",
        "Check station definitions (YAML) and report every problem with its file, line and "
        "column. Exits with 0 when all are valid, 1 otherwise.",
        "station.commands.definitions:validate",
        _validate_arguments,
    ),
    Command(
        "schema",
        "print the JSON Schema of a station definition",
        "Print the JSON Schema of a station definition, for editors that check YAML as you "
        "type (e.g. VS Code with the YAML extension).",
        "station.commands.definitions:schema",
        _schema_arguments,
    ),
)
