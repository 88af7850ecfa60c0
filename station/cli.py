"""The ``skillstation`` command line.

This module is the entry point: it puts the parser together, runs the command and turns
what goes wrong into a message and an exit code. Each group of commands is declared
beside its handlers, in ``station/commands/<module>_args.py``: its names, help texts and
arguments, and the dotted name of each handler ("station.commands.<module>:<function>"),
which is imported only when that command runs. This keeps ``skillstation --version`` and
``--help`` fast: nothing heavy (pydantic, yaml, sqlalchemy, numpy) is imported to build
the parser.

Commands that work on the database are grouped (``db upgrade``, ``exam create``...): a
command's name holds its group and its own name, separated by a space. The global
options ``--db`` and ``--user`` may be given before the command or after it.

Exit codes: 0 success; 1 a problem with the input or data (a :class:`UserError`, a
refused permission, a locked account, a weak password, a database problem, or an internal
error, reported with the place its traceback was saved); 2 wrong usage (from argparse);
130 interrupted with Ctrl+C.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from station._version import __version__
from station.commands import (
    analyze_video_args,
    audit_args,
    cpr_args,
    db_args,
    definitions_args,
    demo_args,
    devices_args,
    dryrun_args,
    exam_args,
    media_args,
    practice_args,
    report_args,
    results_args,
    stats_args,
    users_args,
    video_args,
)
from station.commands.arguments import Command as Command
from station.errors import UserError
from station.i18n import LANGUAGES, _, set_language

PROG = "skillstation"

Handler = Callable[[argparse.Namespace], int]


#: The modules declaring the commands, in the order ``--help`` lists them. Each holds
#: ``COMMANDS`` (and ``GROUPS`` for commands of a group), beside its handlers' module.
_DECLARATIONS = (
    definitions_args,
    dryrun_args,
    db_args,
    users_args,
    exam_args,
    results_args,
    stats_args,
    audit_args,
    report_args,
    demo_args,
    devices_args,
    cpr_args,
    analyze_video_args,
    video_args,
    practice_args,
    media_args,
)

#: Every subcommand (see :class:`Command`).
COMMANDS: tuple[Command, ...] = tuple(
    command for module in _DECLARATIONS for command in module.COMMANDS
)

#: The groups of commands: name -> (one-line help, description).
GROUPS: dict[str, tuple[str, str]] = {
    name: texts for module in _DECLARATIONS for name, texts in getattr(module, "GROUPS", {}).items()
}


class _TranslatedFormatterMixin:
    """Puts argparse's own "usage: " prefix in the current language."""

    def add_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None = None,
    ) -> None:
        if prefix is None:
            prefix = _("usage: ")
        super().add_usage(usage, actions, groups, prefix)  # type: ignore[misc]


class TranslatedHelpFormatter(_TranslatedFormatterMixin, argparse.HelpFormatter):
    """argparse's default help layout, with its own words translated."""


class TranslatedRawDescriptionHelpFormatter(
    _TranslatedFormatterMixin, argparse.RawDescriptionHelpFormatter
):
    """argparse's raw-description help layout, with its own words translated."""


#: argparse's error messages that are translated: English beginning -> message id.
_ARGPARSE_ERRORS = (
    "the following arguments are required: ",
    "unrecognized arguments: ",
    "expected one argument",
    "invalid choice: ",
    "invalid int value: ",
    "invalid float value: ",
    "not allowed with argument ",
)


class TranslatedArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose own words (usage, section titles, -h help, common errors)
    follow the language of :mod:`station.i18n`; in English it prints what argparse does."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        formatter = kwargs.get("formatter_class", argparse.HelpFormatter)
        if formatter is argparse.HelpFormatter:
            kwargs["formatter_class"] = TranslatedHelpFormatter
        elif formatter is argparse.RawDescriptionHelpFormatter:
            kwargs["formatter_class"] = TranslatedRawDescriptionHelpFormatter
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = _("show this help message and exit")

    def error(self, message: str) -> NoReturn:
        """Print the usage and a translated ``error:`` line, and exit with code 2."""
        self.print_usage(sys.stderr)
        self.exit(
            2,
            _("{prog}: error: {message}\n").format(
                prog=self.prog, message=_translate_argparse_error(message)
            ),
        )


def _translate_argparse_error(message: str) -> str:
    """argparse's error ``message`` with its fixed English words translated."""
    prefix = ""
    rest = message
    if rest.startswith("argument ") and ": " in rest:
        name, _sep, rest = rest[len("argument ") :].partition(": ")
        prefix = _("argument {name}: ").format(name=name)
    for english in _ARGPARSE_ERRORS:
        if rest.startswith(english):
            return prefix + _(english) + rest[len(english) :]
    return prefix + rest


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """``--db`` and ``--user``. After a command they default to "not given", so that
    the values given before it are kept."""
    default: object = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help=_(
            "the database: a file path or sqlite:/// URL (default: $SKILLSTATION_DB, else "
            "skillstation.db in the data folder)"
        ),
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=default,
        help=_("sign in as NAME; the PIN or password comes from $SKILLSTATION_PIN or a prompt"),
    )


def _epilog() -> str:
    width = max(len(c.name) for c in COMMANDS)
    lines = [f"  {c.name:<{width}}  {_(c.help)}" for c in COMMANDS]
    return (
        _("all commands:")
        + "\n"
        + "\n".join(lines)
        + "\n\n"
        + _("exit codes: 0 done, 1 a problem with the input or the data, 2 wrong usage.")
        + "\n"
        + _("Run `skillstation COMMAND --help` for a command's options.")
    )


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command (cheap: no handler is imported)."""
    parser = TranslatedArgumentParser(
        prog=PROG,
        description=_(
            "SkillStation: clinical skills assessment stations (OSCE checklists, "
            "timed simulation scenarios) and skills-lab practice."
        ),
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {__version__}",
        help=_("show program's version number and exit"),
    )
    _global_options(parser, top=True)
    parser.add_argument(
        "--lang",
        metavar="LANG",
        choices=LANGUAGES,
        default=None,
        help=_(
            "the language of messages: en, fr or es (default: $SKILLSTATION_LANG, else "
            "the system's)"
        ),
    )
    subparsers = parser.add_subparsers(title=_("commands"), metavar="COMMAND", required=True)
    groups: dict[str, argparse._SubParsersAction[TranslatedArgumentParser]] = {}
    for command in COMMANDS:
        group, _sep, name = command.name.rpartition(" ")
        target = subparsers
        if group:
            if group not in groups:
                help_text, description = GROUPS[group]
                group_parser = subparsers.add_parser(
                    group, help=_(help_text), description=_(description)
                )
                groups[group] = group_parser.add_subparsers(
                    title=_("commands"), metavar="COMMAND", required=True
                )
            target = groups[group]
        sub = target.add_parser(name, help=_(command.help), description=_(command.description))
        command.arguments(sub)
        _translate_option_help(sub)
        if command.global_options:
            _global_options(sub, top=False)
        sub.set_defaults(handler=command.handler)
    return parser


def _translate_option_help(parser: argparse.ArgumentParser) -> None:
    """Put the help texts of ``parser``'s arguments in the current language.

    The texts are written in English where the arguments are added (the message ids);
    the i18n tests walk every parser to check that each has its translations.
    """
    for action in parser._actions:
        if isinstance(action.help, str) and action.help != argparse.SUPPRESS:
            action.help = _(action.help)


def _language_option(argv: Sequence[str]) -> str | None:
    """The value of the global ``--lang`` option given before the command, if it names a
    supported language (the parser reports a wrong one); None when it is not given.

    It is read before the parser is built, so that the help texts are in that language.
    """
    tokens = list(argv)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token == "--lang" and index + 1 < len(tokens):
            value = tokens[index + 1]
            return value if value in LANGUAGES else None
        if token.startswith("--lang="):
            value = token.partition("=")[2]
            return value if value in LANGUAGES else None
        if token in ("--db", "--user"):
            index += 2
            continue
        if not token.startswith("-"):
            return None  # the command: a --lang after it is the command's own option
        index += 1
    return None


def load_handler(dotted: str) -> Handler:
    """Import ``"package.module:function"`` and return the function."""
    from importlib import import_module

    module_name, _, attribute = dotted.partition(":")
    handler: Handler = getattr(import_module(module_name), attribute)
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see the module docstring)."""
    set_language(_language_option(sys.argv[1:] if argv is None else argv))
    parser = build_parser()
    try:
        args = parser.parse_args(None if argv is None else list(argv))
    except SystemExit as stop:  # --help, --version and usage errors end here
        return _exit_code(stop.code)
    try:
        return load_handler(args.handler)(args)
    except UserError as err:
        print(_("{prog}: error: {message}").format(prog=PROG, message=err), file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print(_("{prog}: interrupted").format(prog=PROG), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`skillstation schema | head`): stop quietly,
        # and keep Python from complaining when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as err:
        if _is_user_problem(err):
            print(_("{prog}: error: {message}").format(prog=PROG, message=err), file=sys.stderr)
            return 1
        # Anything else is a bug: log it, tell the user where.
        return _report_crash(err, argv)


#: Exceptions that carry a message for the user although they are not UserErrors:
#: (module, class). Looked up only in modules already imported, so that naming them
#: here costs nothing at start-up.
_USER_PROBLEMS = (
    ("station.storage.errors", "StorageError"),
    ("station.auth.permissions", "PermissionDenied"),
    ("station.auth.throttle", "LockedOut"),
)


def _is_user_problem(err: Exception) -> bool:
    """Whether ``err`` says something the user can act on (a database that needs an
    upgrade, a refused permission, a locked account)."""
    for module_name, class_name in _USER_PROBLEMS:
        module = sys.modules.get(module_name)
        kind = getattr(module, class_name, None) if module is not None else None
        if isinstance(kind, type) and isinstance(err, kind):
            return True
    return False


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
        from station.files import private_file, private_folder

        # A traceback can hold names and marks: as private as the database (0600, 0700).
        folder = private_folder(log_dir())
        log = private_file(folder / f"crash-{stamp}-{os.getpid()}.log")
        with log.open("w", encoding="utf-8") as out:
            out.write(f"{PROG} {__version__} on Python {platform.python_version()}\n")
            out.write(f"arguments: {args!r}\n\n")
            traceback.print_exception(err, file=out)
    except Exception as log_err:  # the disk is full, the folder is read-only...
        print(
            _(
                "{prog}: internal error ({summary}); the traceback could not be saved "
                "({problem}). Please report this, with the command you ran."
            ).format(prog=PROG, summary=summary, problem=log_err),
            file=sys.stderr,
        )
        return 1
    print(
        _(
            "{prog}: internal error ({summary}). This is a bug in SkillStation, not a problem "
            "with your input. The full traceback was written to {log}; please include that "
            "file when you report it."
        ).format(prog=PROG, summary=summary, log=log),
        file=sys.stderr,
    )
    return 1
