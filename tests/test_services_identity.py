"""Sign-in and accounts: throttling kept in the users table, audited failures, rehashing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import argon2.profiles
import pytest
from sqlalchemy import select
from test_services_support import (
    CHEAP_HASHER,
    COORDINATOR_SECRET,
    EXAMINER_PIN,
    T0,
    make_services,
)

from common.clock import FakeClock
from station.auth.passwords import WeakSecretError, make_hasher
from station.auth.permissions import Role
from station.auth.throttle import LockedOut
from station.services import Conflict, InvalidInput, NotFound, SignInFailed, StationServices
from station.storage.models import AuditEntry, User


@pytest.fixture
def services(tmp_path: Path) -> Iterator[StationServices]:
    result = make_services(tmp_path / "exam.db")
    yield result
    result.db.close()


def _actions(services: StationServices) -> list[tuple[str, str]]:
    with services.db.read() as session:
        return [
            (e.action, e.actor_name)
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))
        ]


def _user(services: StationServices, name: str) -> User:
    with services.db.read() as session:
        user = session.scalar(select(User).where(User.username == name))
        assert user is not None
        return user


def test_bootstrap_only_on_an_empty_database(services: StationServices) -> None:
    assert not services.identity.has_users()
    with pytest.raises(WeakSecretError):
        services.identity.bootstrap_coordinator("cora", "Cora", "123456")
    with pytest.raises(InvalidInput, match="username 'C o r a' is not valid"):
        services.identity.bootstrap_coordinator("C o r a", "Cora", COORDINATOR_SECRET)
    cora = services.identity.bootstrap_coordinator(" Cora ", "Cora", COORDINATOR_SECRET)
    assert (cora.username, cora.role) == ("cora", Role.COORDINATOR)
    assert services.identity.has_users()
    with pytest.raises(Conflict, match="already has user accounts"):
        services.identity.bootstrap_coordinator("other", "Other", COORDINATOR_SECRET)
    assert services.identity.authenticate("CORA", COORDINATOR_SECRET).user_id == cora.user_id


def test_add_and_list_users(services: StationServices) -> None:
    cora = services.identity.bootstrap_coordinator("cora", "Cora", COORDINATOR_SECRET)
    eli = services.identity.add_user(cora, "eli", "Dr Eli", Role.EXAMINER, EXAMINER_PIN)
    assert (eli.username, eli.role, eli.active) == ("eli", Role.EXAMINER, True)
    with pytest.raises(Conflict, match="already a user 'eli'"):
        services.identity.add_user(cora, "Eli", "Another", "examiner", EXAMINER_PIN)
    with pytest.raises(InvalidInput, match="role 'admin' is not one of"):
        services.identity.add_user(cora, "adm", "Adm", "admin", COORDINATOR_SECRET)
    with pytest.raises(WeakSecretError, match="contains the username"):
        services.identity.add_user(cora, "tom123", "Tom", "trainee", "xtom123-999")
    with pytest.raises(WeakSecretError, match="needs a password of at least 10"):
        services.identity.add_user(cora, "co2", "Co", "coordinator", EXAMINER_PIN)
    with pytest.raises(InvalidInput, match="the display name is empty"):
        services.identity.add_user(cora, "zed", "  ", "trainee", EXAMINER_PIN)
    assert [u.username for u in services.identity.list_users(cora)] == ["cora", "eli"]
    # The secret is stored only as its Argon2id hash.
    stored = _user(services, "eli").secret_hash
    assert stored.startswith("$argon2id$") and EXAMINER_PIN not in stored


def test_failed_sign_ins_lock_the_account_and_survive_a_restart(
    services: StationServices, tmp_path: Path
) -> None:
    cora = services.identity.bootstrap_coordinator("cora", "Cora", COORDINATOR_SECRET)
    services.identity.add_user(cora, "eli", "Eli", "examiner", EXAMINER_PIN)
    clock = services.clock
    assert isinstance(clock, FakeClock)
    for attempt in range(1, 5):
        with pytest.raises(SignInFailed, match="wrong username or password/PIN"):
            services.identity.authenticate("eli", "000000")
        assert _user(services, "eli").failed_logins == attempt
        assert _user(services, "eli").locked_until is None
    with pytest.raises(SignInFailed):
        services.identity.authenticate("eli", "000000")  # the 5th failure locks for 30 s
    assert _user(services, "eli").locked_until == T0 + timedelta(seconds=30)

    # A restart (a new services object on the same file) keeps the lockout; even the
    # right PIN is refused without being tried, and the refusal is not counted.
    restarted = StationServices(services.db, clock=clock, password_hasher=CHEAP_HASHER)
    clock.advance(10)
    with pytest.raises(LockedOut, match="Try again in 20 seconds"):
        restarted.identity.authenticate("eli", EXAMINER_PIN)
    assert _user(services, "eli").failed_logins == 5

    clock.advance(21)
    eli = restarted.identity.authenticate("eli", EXAMINER_PIN)
    assert eli.username == "eli"
    user = _user(services, "eli")
    assert (user.failed_logins, user.locked_until) == (0, None)

    actions = _actions(services)
    assert actions.count(("signin.failed", "eli")) == 5
    assert ("signin.refused", "eli") in actions
    assert actions[-1] == ("signin", "eli")
    assert services.results.verify_audit(cora).ok


def test_unknown_names_and_deactivated_accounts(services: StationServices) -> None:
    cora = services.identity.bootstrap_coordinator("cora", "Cora", COORDINATOR_SECRET)
    services.identity.add_user(cora, "eli", "Eli", "examiner", EXAMINER_PIN)
    with pytest.raises(SignInFailed) as unknown:
        services.identity.authenticate("nobody", EXAMINER_PIN)
    with pytest.raises(SignInFailed) as wrong:
        services.identity.authenticate("eli", "000000")
    assert str(unknown.value) == str(wrong.value)  # no hint which names exist
    with pytest.raises(SignInFailed):
        services.identity.authenticate("Robert'); DROP TABLE users;--", "x")
    assert ("signin.failed", "nobody") in _actions(services)
    assert ("signin.failed", "(not a valid username)") in _actions(services)

    with pytest.raises(InvalidInput, match="the reason is empty"):
        services.identity.set_user_active(cora, "eli", False, "")
    info = services.identity.set_user_active(cora, "eli", False, "left the faculty")
    assert not info.active
    with pytest.raises(SignInFailed, match="'eli' is deactivated"):
        services.identity.authenticate("eli", EXAMINER_PIN)
    with pytest.raises(NotFound, match="there is no user 'zed'"):
        services.identity.set_user_active(cora, "zed", False, "typo")
    with pytest.raises(Conflict, match="last active coordinator"):
        services.identity.set_user_active(cora, "cora", False, "leaving")
    assert services.identity.set_user_active(cora, "eli", True, "back").active
    assert services.identity.authenticate("eli", EXAMINER_PIN).username == "eli"
    assert services.results.verify_audit(cora).ok


def test_reactivating_lifts_a_lockout(services: StationServices) -> None:
    cora = services.identity.bootstrap_coordinator("cora", "Cora", COORDINATOR_SECRET)
    services.identity.add_user(cora, "eli", "Eli", "examiner", EXAMINER_PIN)
    for _ in range(5):
        with pytest.raises(SignInFailed):
            services.identity.authenticate("eli", "000000")
    with pytest.raises(LockedOut):
        services.identity.authenticate("eli", EXAMINER_PIN)
    services.identity.set_user_active(cora, "eli", True, "unlock: the examiner mistyped")
    assert services.identity.authenticate("eli", EXAMINER_PIN).username == "eli"


def test_hash_is_renewed_when_the_parameters_change(tmp_path: Path) -> None:
    old = make_services(tmp_path / "exam.db")
    cora = old.identity.bootstrap_coordinator("cora", "Cora", COORDINATOR_SECRET)
    old.identity.add_user(cora, "eli", "Eli", "examiner", EXAMINER_PIN)
    before = _user(old, "eli").secret_hash
    stronger = make_hasher(replace(argon2.profiles.CHEAPEST, memory_cost=16, time_cost=2))
    new = StationServices(old.db, clock=old.clock, password_hasher=stronger)
    new.identity.authenticate("eli", EXAMINER_PIN)
    after = _user(old, "eli").secret_hash
    assert after != before and "m=16,t=2" in after
    new.identity.authenticate("eli", EXAMINER_PIN)
    assert _user(old, "eli").secret_hash == after  # renewed once, not at every sign-in
    assert new.results.verify_audit(new.identity.authenticate("cora", COORDINATOR_SECRET)).ok
    old.db.close()
