"""The ``skillstation`` command line.

The parser is built here, cheaply: every subcommand is declared in :data:`COMMANDS` with
its arguments and the dotted name of its handler ("station.commands.<module>:<function>"),
which is imported only when that command runs. This keeps ``skillstation --version`` and
``--help`` fast: nothing heavy (pydantic, yaml, sqlalchemy, numpy) is imported here.

Exit codes: 0 success; 1 a problem with the input or data (a :class:`UserError`, or an
internal error, reported with the place its traceback was saved); 2 wrong usage (from
argparse); 130 interrupted with Ctrl+C.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from station._version import __version__
from station.errors import UserError

PROG = "skillstation"

Handler = Callable[[argparse.Namespace], int]


class Command(NamedTuple):
    """A subcommand: its name, one-line help, longer description, the handler to import
    when it runs, and a function that adds its arguments to its parser."""

    name: str
    help: str
    description: str
    handler: str
    arguments: Callable[[argparse.ArgumentParser], None]


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
    Command(
        "dry-run",
        "rehearse stations on a simulated clock",
        "Walk stations through one simulated encounter each: bells, scenario events and the "
        "marks of a simulated candidate, scored by the exam engine. Nothing is saved.",
        "station.commands.dryrun:run",
        _dry_run_arguments,
    ),
)


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command (cheap: no handler is imported)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="SkillStation: clinical skills assessment stations (OSCE checklists, "
        "timed simulation scenarios) and skills-lab practice.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND", required=True)
    for command in COMMANDS:
        sub = subparsers.add_parser(
            command.name, help=command.help, description=command.description
        )
        command.arguments(sub)
        sub.set_defaults(handler=command.handler)
    return parser


def load_handler(dotted: str) -> Handler:
    """Import ``"package.module:function"`` and return the function."""
    from importlib import import_module

    module_name, _, attribute = dotted.partition(":")
    handler: Handler = getattr(import_module(module_name), attribute)
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see the module docstring)."""
    parser = build_parser()
    try:
        args = parser.parse_args(None if argv is None else list(argv))
    except SystemExit as stop:  # --help, --version and usage errors end here
        return _exit_code(stop.code)
    try:
        return load_handler(args.handler)(args)
    except UserError as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`skillstation schema | head`): stop quietly,
        # and keep Python from complaining when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as err:  # anything else is a bug: log it, tell the user where
        return _report_crash(err, argv)


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def log_dir() -> Path:
    """Where SkillStation writes its logs: ``$SKILLSTATION_HOME/logs`` when that is set,
    else the user's log folder for SkillStation."""
    home = os.environ.get("SKILLSTATION_HOME")
    if home:
        return Path(home) / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir("skillstation", appauthor=False))


def _report_crash(err: BaseException, argv: Sequence[str] | None) -> int:
    """Save the traceback of an internal error to a log file and tell the user where."""
    import platform
    import time
    import traceback

    summary = f"{type(err).__name__}: {err}".strip().splitlines()[0][:200]
    args = list(sys.argv[1:] if argv is None else argv)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / f"crash-{stamp}-{os.getpid()}.log"
        with log.open("w", encoding="utf-8") as out:
            out.write(f"{PROG} {__version__} on Python {platform.python_version()}\n")
            out.write(f"arguments: {args!r}\n\n")
            traceback.print_exception(err, file=out)
    except Exception as log_err:  # the disk is full, the folder is read-only...
        print(
            f"{PROG}: internal error ({summary}); the traceback could not be saved "
            f"({log_err}). Please report this, with the command you ran.",
            file=sys.stderr,
        )
        return 1
    print(
        f"{PROG}: internal error ({summary}). This is a bug in SkillStation, not a problem "
        f"with your input. The full traceback was written to {log}; please include that "
        "file when you report it.",
        file=sys.stderr,
    )
    return 1
