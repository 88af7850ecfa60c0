"""``skillstation users add|list``: the accounts that sign in.

The first account of a new database is added without ``--user`` (there is nobody to
sign in as yet) and must be a coordinator; the database is created with it. After
that, only a signed-in coordinator adds accounts.
"""

from __future__ import annotations

import argparse

from station.auth.permissions import Role
from station.commands.session import authenticate, open_session, read_new_secret
from station.errors import UserError
from station.i18n import _


def add(args: argparse.Namespace) -> int:
    """Add an account; its secret comes from SKILLSTATION_NEW_PIN or a double prompt."""
    with open_session(args, sign_in=False, create=True) as session:
        services = session.services
        if not services.has_users():
            if args.role != Role.COORDINATOR.value:
                raise UserError(
                    _(
                        "this database has no accounts yet, and its first account must be a "
                        "coordinator (who then adds the others): use --role coordinator"
                    )
                )
            secret = read_new_secret(args.username)
            actor = services.bootstrap_coordinator(args.username, args.name, secret)
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
        info = services.add_user(me, args.username, args.name, args.role, secret)
        print(
            _("added {role} {username} ({name})").format(
                role=info.role, username=repr(info.username), name=info.display_name
            )
        )
        return 0


def list_users(args: argparse.Namespace) -> int:
    """Print every account: username, role, status, display name."""
    with open_session(args) as session:
        users = session.services.list_users(session.user)
    width = max([len("username"), *(len(u.username) for u in users)])
    print(f"{'username':<{width}}  {'role':<11}  {'status':<11}  name")
    for user in users:
        status = _("active") if user.active else _("deactivated")
        print(f"{user.username:<{width}}  {user.role.value:<11}  {status:<11}  {user.display_name}")
    return 0
