"""``skillstation users add|list|passwd``: the accounts that sign in.

The first account of a new database is added without ``--user`` (there is nobody to
sign in as yet) and must be a coordinator; the database is created with it. After
that, only a signed-in coordinator adds accounts.
"""

from __future__ import annotations

import argparse

from station.auth.permissions import Role
from station.commands.session import (
    authenticate,
    open_session,
    read_new_secret,
    read_secret,
    require_user,
)
from station.errors import UserError
from station.i18n import _


def add(args: argparse.Namespace) -> int:
    """Add an account; its secret comes from SKILLSTATION_NEW_PIN or a double prompt."""
    with open_session(args, sign_in=False, create=True) as session:
        services = session.services
        if not services.identity.has_users():
            if args.role != Role.COORDINATOR.value:
                raise UserError(
                    _(
                        "this database has no accounts yet, and its first account must be a "
                        "coordinator (who then adds the others): use --role coordinator"
                    )
                )
            secret = read_new_secret(args.username)
            actor = services.identity.bootstrap_coordinator(args.username, args.name, secret)
            print(
                _("added coordinator {username} ({name}), the first account of {path}").format(
                    username=repr(actor.username), name=args.name, path=session.db.path
                )
            )
            return 0
        if not getattr(args, "user", None):
            raise UserError(
                _(
                    "this database already has accounts: sign in as a coordinator to add one "
                    "(--user NAME, with the PIN or password from SKILLSTATION_PIN or a prompt)"
                )
            )
        me = authenticate(args, services)
        secret = read_new_secret(args.username)
        info = services.identity.add_user(me, args.username, args.name, args.role, secret)
        print(
            _("added {role} {username} ({name})").format(
                role=info.role, username=repr(info.username), name=info.display_name
            )
        )
        return 0


def list_users(args: argparse.Namespace) -> int:
    """Print every account: username, role, status, display name."""
    with open_session(args) as session:
        users = session.services.identity.list_users(session.user)
    header = (_("username"), _("role"), _("status"), _("name"))
    rows = [
        (
            user.username,
            _(user.role.value),
            _("active") if user.active else _("deactivated"),
            user.display_name,
        )
        for user in users
    ]
    # The role and status columns are at least 11 wide, as the English listing has been.
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    widths[1], widths[2] = max(widths[1], 11), max(widths[2], 11)
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[3]]))
    return 0


def passwd(args: argparse.Namespace) -> int:
    """Change one's own secret, or (a coordinator naming another account) reset it."""
    with open_session(args, sign_in=False) as session:
        services = session.services
        name = require_user(args)
        target = args.username
        if target is None or target.strip().lower() == name.strip().lower():
            current = read_secret(_("current PIN or password for {name}: ").format(name=name), name)
            me = services.identity.authenticate(name, current)
            secret = read_new_secret(me.username)
            services.identity.change_secret(me, current, secret)
            print(
                _("the PIN or password of {username} was changed").format(
                    username=repr(me.username)
                )
            )
            return 0
        me = authenticate(args, services)
        secret = read_new_secret(target)
        info = services.identity.reset_secret(me, target, secret, args.reason)
        print(
            _("{username} has a new PIN or password; give it to them in person").format(
                username=repr(info.username)
            )
        )
        return 0
