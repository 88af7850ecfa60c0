"""Who is at the keyboard: signing in, and managing the accounts.

Sign-in follows :mod:`station.auth`: the lockout is checked before the secret is tried
(a guess during a lockout is never tried), an unknown username costs the time of a
real verification (:func:`verify_unknown_user`, so timing does not reveal which names
exist), a hash made with older parameters is renewed at the next successful sign-in,
and every attempt, good or bad, gets an audit entry. The failure count and the lockout
are kept in the users table, so a restart does not lift a lockout.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station.auth.passwords import (
    check_secret_policy,
    hash_secret,
    needs_rehash,
    verify_secret,
    verify_unknown_user,
)
from station.auth.permissions import Action, Actor, Role
from station.auth.throttle import LockedOut, LoginThrottle, ThrottleState
from station.i18n import _
from station.services.base import (
    ServiceBase,
    ServiceContext,
    clean_text,
    normalize_username,
    reason_hint,
    user_info,
)
from station.services.errors import Conflict, InvalidInput, SignInFailed
from station.services.types import UserInfo
from station.storage.audit import Actor as AuditActor
from station.storage.audit import append, record_change, record_insert
from station.storage.models import User, UserRole, new_id

#: 2 to 80 characters: lower-case letters, digits, '.', '_' and '-', starting with a
#: letter or digit (names people type at a sign-in screen, and that read well in logs).
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
_SIGNIN_FAILED = "wrong username or password/PIN; check both and try again"


class IdentityServices(ServiceBase):
    """Sign-in and user accounts.

    ``password_hasher`` defaults to the station's Argon2id parameters (tests pass a
    cheap one). Lockouts are kept in wall-clock time (they are stored), read from the
    context's clock.
    """

    def __init__(
        self, context: ServiceContext, *, password_hasher: PasswordHasher | None = None
    ) -> None:
        super().__init__(context)
        self.password_hasher = password_hasher
        self.throttle = LoginThrottle(clock=lambda: self.clock.now().timestamp())

    def has_users(self) -> bool:
        """Whether any account exists (a new database needs :meth:`bootstrap_coordinator`)."""
        with self.db.read() as session:
            return session.scalar(select(User.id).limit(1)) is not None

    def authenticate(self, username: str, secret: str) -> Actor:
        """The signed-in :class:`Actor` for ``username`` and ``secret``.

        Raises :class:`LockedOut` (with the time left) while the account is locked after
        repeated failures, and :class:`SignInFailed` for an unknown name, a wrong secret
        or a deactivated account. The failure is committed (count, lockout, audit entry)
        before the exception is raised.
        """
        name = normalize_username(username)
        shown = name if USERNAME_PATTERN.match(name) else "(not a valid username)"
        hasher = self.password_hasher
        # Argon2 takes a large fraction of a second by design: it runs between two short
        # transactions, never inside the write transaction other stations wait for. The
        # write goes ahead only if the stored hash is still the one verified (checked
        # again on the rare change in between).
        outcome: Actor | Exception
        while True:
            with self.db.read() as session:
                found = session.execute(
                    select(User.secret_hash, User.failed_logins, User.locked_until).where(
                        User.username == name
                    )
                ).one_or_none()
            verified = False
            fresh_hash: str | None = None
            if found is None:
                verify_unknown_user(secret, hasher=hasher)
            elif not self.throttle.seconds_left(
                _throttle_state(found[1], found[2]), self.now().timestamp()
            ):
                verified = verify_secret(found[0], secret, hasher=hasher)
                if verified and needs_rehash(found[0], hasher=hasher):
                    fresh_hash = hash_secret(secret, hasher=hasher)
            now = self.now()
            with self.db.write() as session:
                user = session.scalar(select(User).where(User.username == name))
                if (user is None) != (found is None) or (
                    user is not None and found is not None and user.secret_hash != found[0]
                ):
                    continue  # the account changed meanwhile: verify against what it is now
                outcome = self._record_signin(session, user, shown, verified, fresh_hash, now)
            break
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def _record_signin(
        self,
        session: Session,
        user: User | None,
        shown: str,
        verified: bool,
        fresh_hash: str | None,
        now: datetime,
    ) -> Actor | Exception:
        """Inside the write: the throttle, the audit entry and the outcome of a sign-in
        whose secret was verified before (``verified``; ``fresh_hash`` replaces a hash
        made with older parameters)."""
        key = self.audit_key
        if user is None:
            append(
                session,
                key,
                actor=AuditActor(None, shown),
                action="signin.failed",
                new={"username": shown, "why": "unknown username"},
                at=now,
            )
            return SignInFailed(_(_SIGNIN_FAILED))
        audit_actor = AuditActor(user.id, user.username)
        state = _throttle_state(user.failed_logins, user.locked_until)
        left = self.throttle.seconds_left(state, now.timestamp())
        if left > 0:
            append(
                session,
                key,
                actor=audit_actor,
                action="signin.refused",
                new={"why": "locked", "seconds_left": round(left)},
                at=now,
            )
            return LockedOut(left)
        if not verified:
            state = self.throttle.record_failure(state, now.timestamp())
            _store_throttle(user, state)
            append(
                session,
                key,
                actor=audit_actor,
                action="signin.failed",
                new={"why": "wrong secret", "failures": state.failures},
                at=now,
            )
            return SignInFailed(_(_SIGNIN_FAILED))
        if not user.active:
            append(
                session,
                key,
                actor=audit_actor,
                action="signin.failed",
                new={"why": "account deactivated"},
                at=now,
            )
            return SignInFailed(
                _(
                    "the account {username!r} is deactivated; ask a coordinator to reactivate it"
                ).format(username=user.username)
            )
        _store_throttle(user, self.throttle.record_success(state))
        if fresh_hash is not None:
            # Not audited: the hash is not an audited field, and the secret itself did
            # not change.
            user.secret_hash = fresh_hash
        append(session, key, actor=audit_actor, action="signin", at=now)
        return Actor(user.id, user.username, Role(user.role), True)

    def bootstrap_coordinator(self, username: str, display_name: str, secret: str) -> Actor:
        """Create the first account of a new database: a coordinator. Refused (Conflict)
        once any account exists."""
        name, display = _check_names(username, display_name)
        check_secret_policy(secret, Role.COORDINATOR, username=name)
        hashed = hash_secret(secret, hasher=self.password_hasher)
        now = self.now()
        with self.db.write() as session:
            if session.scalar(select(User.id).limit(1)) is not None:
                raise Conflict(
                    _(
                        "this database already has user accounts; a coordinator adds new "
                        "ones (skillstation --user COORDINATOR users add ...)"
                    )
                )
            user = User(
                id=new_id(),
                username=name,
                display_name=display,
                role=UserRole.COORDINATOR.value,
                secret_hash=hashed,
                active=True,
                failed_logins=0,
                created_at=now,
            )
            record_insert(
                session,
                self.audit_key,
                actor=AuditActor(user.id, name),
                row=user,
                reason="first account of a new database",
                at=now,
            )
        return Actor(user.id, user.username, Role.COORDINATOR, True)

    def add_user(
        self, actor: Actor, username: str, display_name: str, role: Role | str, secret: str
    ) -> UserInfo:
        """Create an account (coordinators only). The secret must meet the policy of
        the role (:func:`check_secret_policy`, raising WeakSecretError)."""
        name, display = _check_names(username, display_name)
        chosen = _role(role)
        now = self.now()
        with self.db.write() as session:
            audit_actor = self._authorize(session, actor, Action.MANAGE_USERS)
            if session.scalar(select(User.id).where(User.username == name)) is not None:
                raise Conflict(
                    _("there is already a user {name!r}; choose another username").format(name=name)
                )
            check_secret_policy(secret, chosen, username=name)
            user = User(
                id=new_id(),
                username=name,
                display_name=display,
                role=chosen.value,
                secret_hash=hash_secret(secret, hasher=self.password_hasher),
                active=True,
                failed_logins=0,
                created_at=now,
            )
            record_insert(session, self.audit_key, actor=audit_actor, row=user, at=now)
            return user_info(user)

    def list_users(self, actor: Actor) -> list[UserInfo]:
        """Every account, by username (coordinators only)."""
        with self.db.read() as session:
            self._authorize(session, actor, Action.MANAGE_USERS)
            return [user_info(u) for u in session.scalars(select(User).order_by(User.username))]

    def set_user_active(self, actor: Actor, username: str, active: bool, reason: str) -> UserInfo:
        """Deactivate or reactivate an account, with a reason (coordinators only).

        Reactivating also lifts a sign-in lockout. The last active coordinator cannot be
        deactivated: nobody could manage the station afterwards.
        """
        why = clean_text(reason, _("the reason"), required=True, hint=reason_hint())
        now = self.now()
        with self.db.write() as session:
            audit_actor = self._authorize(session, actor, Action.MANAGE_USERS)
            user = self._user_by_name(session, username)
            if not active and user.active and user.role == UserRole.COORDINATOR.value:
                others = session.scalar(
                    select(func.count())
                    .select_from(User)
                    .where(
                        User.role == UserRole.COORDINATOR.value,
                        User.active.is_(True),
                        User.id != user.id,
                    )
                )
                if not others:
                    raise Conflict(
                        _(
                            "{username!r} is the last active coordinator; add or "
                            "reactivate another coordinator first"
                        ).format(username=user.username)
                    )
            record_change(
                session,
                self.audit_key,
                actor=audit_actor,
                row=user,
                field="active",
                new=bool(active),
                reason=why,
                at=now,
            )
            if active:
                _store_throttle(user, ThrottleState())
            return user_info(user)

    def change_secret(self, actor: Actor, current_secret: str, new_secret: str) -> UserInfo:
        """Change one's own PIN or password.

        Every active account may, giving its current secret again (a station left signed
        in must not let a passer-by take the account over). A wrong current secret
        counts as a failed sign-in: it is audited and counts towards the lockout. The
        new secret must meet the role's policy (:func:`check_secret_policy`) and differ
        from the current one. Hashing runs outside any transaction, so other stations
        never wait behind it; the stored hash changes only if nobody changed it meanwhile.
        """
        hasher = self.password_hasher
        now = self.now()
        with self.db.read() as session:
            user = session.get(User, actor.user_id)
            if user is None or not user.active:
                raise SignInFailed(_(_SIGNIN_FAILED))
            stored_hash, username, role = user.secret_hash, user.username, Role(user.role)
            state = _throttle_state(user.failed_logins, user.locked_until)
        left = self.throttle.seconds_left(state, now.timestamp())
        if left > 0:
            raise LockedOut(left)
        if not verify_secret(stored_hash, current_secret, hasher=hasher):
            with self.db.write() as session:
                user = self._user_by_name(session, username)
                failed = self.throttle.record_failure(
                    _throttle_state(user.failed_logins, user.locked_until), now.timestamp()
                )
                _store_throttle(user, failed)
                append(
                    session,
                    self.audit_key,
                    actor=AuditActor(user.id, user.username),
                    action="secret.change_failed",
                    new={"why": "wrong current secret", "failures": failed.failures},
                    at=now,
                )
            raise SignInFailed(
                _("the current PIN or password is wrong; nothing was changed, try again")
            )
        check_secret_policy(new_secret, role, username=username)
        if new_secret == current_secret:
            raise InvalidInput(
                [_("the new PIN or password is the same as the current one; choose another")]
            )
        hashed = hash_secret(new_secret, hasher=hasher)
        with self.db.write() as session:
            user = self._user_by_name(session, username)
            if user.secret_hash != stored_hash:
                raise Conflict(
                    _("the PIN or password was changed meanwhile; sign in again and retry")
                )
            user.secret_hash = hashed
            _store_throttle(
                user,
                self.throttle.record_success(
                    _throttle_state(user.failed_logins, user.locked_until)
                ),
            )
            append(
                session,
                self.audit_key,
                actor=AuditActor(user.id, user.username),
                action="secret.changed",
                new={"username": user.username, "by": "the account itself"},
                at=now,
            )
            return user_info(user)

    def reset_secret(
        self, actor: Actor, username: str, new_secret: str, reason: str = ""
    ) -> UserInfo:
        """Give another account a new PIN or password (coordinators only; audited with
        who did it and why). It also lifts a sign-in lockout: a forgotten PIN is the usual
        reason for both. One's own secret is changed with :meth:`change_secret`, which
        asks for the current one."""
        why = clean_text(reason, _("the reason"), required=False) or _("reset by a coordinator")
        with self.db.read() as session:
            self._authorize(session, actor, Action.MANAGE_USERS)
            user = self._user_by_name(session, username)
            if user.id == actor.user_id:
                raise InvalidInput(
                    [
                        _(
                            "to change your own PIN or password give the current one: "
                            "use users passwd without a name"
                        )
                    ]
                )
            name, role = user.username, Role(user.role)
        check_secret_policy(new_secret, role, username=name)
        hashed = hash_secret(new_secret, hasher=self.password_hasher)
        now = self.now()
        with self.db.write() as session:
            audit_actor = self._authorize(session, actor, Action.MANAGE_USERS)
            user = self._user_by_name(session, name)
            user.secret_hash = hashed
            _store_throttle(user, ThrottleState())
            append(
                session,
                self.audit_key,
                actor=audit_actor,
                action="secret.reset",
                new={"username": user.username, "reason": why},
                at=now,
            )
            return user_info(user)


def _throttle_state(failures: int | None, locked_until: datetime | None) -> ThrottleState:
    """A user's stored throttle fields as a :class:`ThrottleState`."""
    return ThrottleState(failures or 0, None if locked_until is None else locked_until.timestamp())


def _store_throttle(user: User, state: ThrottleState) -> None:
    user.failed_logins = state.failures
    user.locked_until = (
        None if state.locked_until is None else datetime.fromtimestamp(state.locked_until, UTC)
    )


def _check_names(username: str, display_name: str) -> tuple[str, str]:
    name = normalize_username(username)
    if not USERNAME_PATTERN.match(name):
        raise InvalidInput(
            [
                _(
                    "username {username!r} is not valid: use 2 to 80 lower-case letters, "
                    "digits, '.', '_' or '-', starting with a letter or digit (e.g. dr.ng)"
                ).format(username=username)
            ]
        )
    display = clean_text(display_name, _("the display name"), required=True, limit=200)
    return name, display


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise InvalidInput(
            [_("role {role!r} is not one of {roles}").format(role=role, roles=roles)]
        ) from None
