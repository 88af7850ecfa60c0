"""Errors meant for the person at the keyboard.

A :class:`UserError` carries a message that says what is wrong, where, and what to do;
the command line prints it without a traceback. Anything else that escapes a command is
a bug in SkillStation, and is handled as one (see :mod:`station.cli`).
"""

from __future__ import annotations

from collections.abc import Sequence

from station.i18n import _


class UserError(Exception):
    """A problem with the user's input or data, explained for the user.

    ``exit_code`` is what the command line exits with (1 unless a command documents
    another).
    """

    def __init__(self, message: str, *, exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class InvalidInput(UserError):
    """The input breaks one or more rules; ``problems`` lists each one on its own
    (for a CSV file: ``"roster.csv:7: <what is wrong> — <what to do>"``, in file order)."""

    def __init__(self, problems: Sequence[str], *, summary: str | None = None) -> None:
        self.problems: list[str] = list(problems)
        if not self.problems:
            raise ValueError("InvalidInput needs at least one problem")
        if summary is None and len(self.problems) == 1:
            message = self.problems[0]
        else:
            head = summary or _("{n} problems").format(n=len(self.problems))
            message = _("{summary}:").format(summary=head) + "\n"
            message += "\n".join(f"  {p}" for p in self.problems)
        super().__init__(message)


class DiskFull(UserError):
    """The disk holding ``path`` (the database or a file being written) is full.

    Raised instead of SQLite's "database or disk is full" or "disk I/O error" and the
    operating system's ENOSPC wherever SkillStation writes: the transaction or the file
    was abandoned whole, so nothing already saved is lost.
    """

    def __init__(self, path: object) -> None:
        self.path = path
        super().__init__(
            _(
                "the disk holding {path} is full: free space on it and try again; "
                "nothing already saved was lost"
            ).format(path=path)
        )
