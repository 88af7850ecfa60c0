"""What the database commands share: opening the database, and signing in.

- The database is the one named by ``--db``, else ``SKILLSTATION_DB``, else
  ``skillstation.db`` in the data folder (``SKILLSTATION_HOME`` or the platform's).
- ``--user NAME`` signs in. The PIN or password comes from ``SKILLSTATION_PIN`` (for
  scripts) or is asked for without echo when the command runs in a terminal. It is never
  taken from the command line, where other users of the computer could read it in the
  process list and the shell would keep it in its history.
- A new secret (``users add``) comes from ``SKILLSTATION_NEW_PIN`` or is asked twice.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from argon2 import PasswordHasher

from station.auth.permissions import Actor
from station.errors import UserError
from station.i18n import _
from station.services import StationServices
from station.storage import Database, DatabaseNotFoundError, open_database

ENV_PIN = "SKILLSTATION_PIN"
ENV_NEW_PIN = "SKILLSTATION_NEW_PIN"

#: The password hasher the commands use (None: the station's Argon2id parameters). Tests
#: set a cheap one here.
password_hasher: PasswordHasher | None = None


@dataclass(frozen=True)
class Session:
    """An open database, its services, and the signed-in user (if any)."""

    db: Database
    services: StationServices
    actor: Actor | None

    @property
    def user(self) -> Actor:
        """The signed-in user; commands that need one open with ``sign_in=True``."""
        assert self.actor is not None, "open the session with sign_in=True"
        return self.actor


@contextmanager
def open_session(
    args: argparse.Namespace, *, sign_in: bool = True, create: bool = False
) -> Iterator[Session]:
    """Open the database of ``--db`` and sign in as ``--user``; close it afterwards.

    Without ``create``, a missing database is an error that says how to make one.
    """
    db = open_db(args, create=create)
    try:
        services = make_services(db)
        actor = authenticate(args, services) if sign_in else None
        yield Session(db, services, actor)
    finally:
        db.close()


def open_db(args: argparse.Namespace, *, create: bool = False) -> Database:
    """The database of ``--db`` (or SKILLSTATION_DB, or the default)."""
    location: str | None = getattr(args, "db", None)
    try:
        return open_database(location, create=create)
    except DatabaseNotFoundError as err:
        raise UserError(
            _(
                "{problem}. Check --db or SKILLSTATION_DB; a new database is created by adding "
                "its first account: skillstation users add NAME --role coordinator --name "
                '"Your Name"'
            ).format(problem=err)
        ) from err


def make_services(db: Database) -> StationServices:
    return StationServices(db, password_hasher=password_hasher)


def require_user(args: argparse.Namespace) -> str:
    """The ``--user`` name, or an error saying the command needs one."""
    name: str | None = getattr(args, "user", None)
    if not name:
        raise UserError(
            _(
                "this command needs a signed-in user: give --user NAME (the PIN or password is "
                "read from {variable} or asked for)"
            ).format(variable=ENV_PIN)
        )
    return name


def authenticate(args: argparse.Namespace, services: StationServices) -> Actor:
    """Sign in as ``--user`` with the secret from SKILLSTATION_PIN or a prompt."""
    name = require_user(args)
    secret = read_secret(_("PIN or password for {name}: ").format(name=name), name)
    return services.identity.authenticate(name, secret)


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def read_secret(prompt: str, username: str) -> str:
    """The signing-in user's secret: SKILLSTATION_PIN, else a prompt without echo."""
    secret = os.environ.get(ENV_PIN)
    if secret:
        return secret
    if not _interactive():
        raise UserError(
            _(
                "no PIN or password for {username}: set {variable} in the environment, or run "
                "the command in a terminal to be asked for it"
            ).format(username=repr(username), variable=ENV_PIN)
        )
    secret = getpass.getpass(prompt)
    if not secret:
        raise UserError(_("no PIN or password was typed; nothing was done"))
    return secret


def read_new_secret(username: str) -> str:
    """A new account's secret: SKILLSTATION_NEW_PIN, else asked twice without echo."""
    secret = os.environ.get(ENV_NEW_PIN)
    if secret:
        return secret
    if not _interactive():
        raise UserError(
            _(
                "no PIN or password for the new account {username}: set {variable} in "
                "the environment, or run the command in a terminal to be asked for it"
            ).format(username=repr(username), variable=ENV_NEW_PIN)
        )
    first = getpass.getpass(_("new PIN or password for {username}: ").format(username=username))
    second = getpass.getpass(_("the same again: "))
    if first != second:
        raise UserError(_("the two entries differ; nothing was done, try again"))
    if not first:
        raise UserError(_("no PIN or password was typed; nothing was done"))
    return first
