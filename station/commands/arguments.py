"""What every command's declaration is made of: :class:`Command`, and the argument types
and options several groups of commands share.

Cheap to import, like every ``*_args`` module beside it: the parser is built from these
declarations for ``skillstation --help`` and ``--version``, before any handler is imported.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import NamedTuple

from station.i18n import _


class Command(NamedTuple):
    """A subcommand: its name, one-line help, longer description, the handler to import
    when it runs, and a function that adds its arguments to its parser.

    A name with a space ("exam create") is a command of a group (``GROUPS`` of its
    module). ``global_options`` says whether ``--db`` and ``--user`` may also follow the
    command.
    """

    name: str
    help: str
    description: str
    handler: str
    arguments: Callable[[argparse.ArgumentParser], None]
    global_options: bool = False


def no_arguments(parser: argparse.ArgumentParser) -> None:
    """A command without arguments of its own."""


def count(minimum: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("{text!r} is not a whole number").format(text=text)
            ) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(
                _("{value} is too small; give at least {minimum}").format(
                    value=value, minimum=minimum
                )
            )
        return value

    return parse


def exam_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--exam", required=True, metavar="CODE", help="the exam's code")
