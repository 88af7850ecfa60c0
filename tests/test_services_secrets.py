"""Changing one's own PIN or password, and a coordinator's reset of another account's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from test_services_support import COORDINATOR_SECRET, EXAMINER_PIN, make_services

from common.clock import FakeClock
from station import cli
from station.auth.passwords import WeakSecretError
from station.auth.permissions import PermissionDenied
from station.auth.throttle import LockedOut
from station.commands import session as cli_session
from station.errors import UserError
from station.services import Conflict, InvalidInput, SignInFailed, StationServices
from station.storage.models import AuditEntry, User

NEW_PIN = "739105"


@pytest.fixture
def services(tmp_path: Path) -> Iterator[StationServices]:
    result = make_services(tmp_path / "exam.db")
    cora = result.identity.bootstrap_coordinator("cora", "Cora", COORDINATOR_SECRET)
    result.identity.add_user(cora, "eli", "Dr Eli", "examiner", EXAMINER_PIN)
    yield result
    result.db.close()


def _entries(services: StationServices, action: str) -> list[AuditEntry]:
    with services.db.read() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _failures(services: StationServices, name: str) -> int:
    with services.db.read() as session:
        user = session.scalar(select(User).where(User.username == name))
        assert user is not None
        return user.failed_logins


def test_an_examiner_changes_their_own_pin(services: StationServices) -> None:
    eli = services.identity.authenticate("eli", EXAMINER_PIN)
    info = services.identity.change_secret(eli, EXAMINER_PIN, NEW_PIN)
    assert info.username == "eli"
    assert services.identity.authenticate("eli", NEW_PIN).username == "eli"
    with pytest.raises(SignInFailed):
        services.identity.authenticate("eli", EXAMINER_PIN)
    [entry] = _entries(services, "secret.changed")
    assert entry.actor_name == "eli"
    # The secret itself is nowhere in the audit log.
    with services.db.read() as session:
        logged = " ".join(f"{e.new_json} {e.old_json}" for e in session.scalars(select(AuditEntry)))
    assert NEW_PIN not in logged and EXAMINER_PIN not in logged
    cora = services.identity.authenticate("cora", COORDINATOR_SECRET)
    assert services.results.verify_audit(cora).ok


def test_a_wrong_current_secret_counts_as_a_failed_sign_in(services: StationServices) -> None:
    eli = services.identity.authenticate("eli", EXAMINER_PIN)
    with pytest.raises(SignInFailed, match="current PIN or password is wrong"):
        services.identity.change_secret(eli, "000000", NEW_PIN)
    assert _failures(services, "eli") == 1
    assert len(_entries(services, "secret.change_failed")) == 1
    for _attempt in range(4):
        with pytest.raises(SignInFailed):
            services.identity.change_secret(eli, "000000", NEW_PIN)
    # Five failures lock the account, as five wrong sign-ins would; guessing stops.
    with pytest.raises(LockedOut):
        services.identity.change_secret(eli, EXAMINER_PIN, NEW_PIN)
    clock = services.clock
    assert isinstance(clock, FakeClock)
    clock.advance(31)
    services.identity.change_secret(eli, EXAMINER_PIN, NEW_PIN)
    assert _failures(services, "eli") == 0


def test_the_new_secret_follows_the_policy(services: StationServices) -> None:
    eli = services.identity.authenticate("eli", EXAMINER_PIN)
    with pytest.raises(WeakSecretError) as weak:
        services.identity.change_secret(eli, EXAMINER_PIN, "123456")
    # A UserError: every surface shows the policy's own words, never "internal error".
    assert isinstance(weak.value, UserError)
    with pytest.raises(InvalidInput, match="same as the current one"):
        services.identity.change_secret(eli, EXAMINER_PIN, EXAMINER_PIN)
    assert services.identity.authenticate("eli", EXAMINER_PIN).username == "eli"


def test_a_coordinator_resets_another_account_and_lifts_its_lockout(
    services: StationServices,
) -> None:
    for _attempt in range(5):
        with pytest.raises(SignInFailed):
            services.identity.authenticate("eli", "000000")
    with pytest.raises(LockedOut):
        services.identity.authenticate("eli", EXAMINER_PIN)
    cora = services.identity.authenticate("cora", COORDINATOR_SECRET)
    services.identity.reset_secret(cora, "eli", NEW_PIN, "forgot the PIN")
    assert services.identity.authenticate("eli", NEW_PIN).username == "eli"
    [entry] = _entries(services, "secret.reset")
    assert entry.actor_name == "cora"
    assert "forgot the PIN" in (entry.new_json or "") and "eli" in (entry.new_json or "")
    with pytest.raises(WeakSecretError):
        services.identity.reset_secret(cora, "eli", "111111")
    with pytest.raises(InvalidInput, match="give the current one"):
        services.identity.reset_secret(cora, "cora", "Another-gull-43")
    assert services.results.verify_audit(cora).ok


def test_only_a_coordinator_resets(services: StationServices) -> None:
    eli = services.identity.authenticate("eli", EXAMINER_PIN)
    with pytest.raises(PermissionDenied, match="manage user accounts"):
        services.identity.reset_secret(eli, "cora", "Another-gull-43")
    assert not _entries(services, "secret.reset")


def test_a_change_made_meanwhile_is_not_overwritten(
    services: StationServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two windows changing the same PIN at once: the second is refused, not applied."""
    eli = services.identity.authenticate("eli", EXAMINER_PIN)
    cora = services.identity.authenticate("cora", COORDINATOR_SECRET)
    from station.services import identity

    real_hash = identity.hash_secret

    def hash_while_reset(secret: str, *, hasher: object) -> str:
        monkeypatch.setattr(identity, "hash_secret", real_hash)
        services.identity.reset_secret(cora, "eli", "550193")
        return real_hash(secret, hasher=hasher)  # type: ignore[arg-type]

    monkeypatch.setattr(identity, "hash_secret", hash_while_reset)
    with pytest.raises(Conflict, match="changed meanwhile"):
        services.identity.change_secret(eli, EXAMINER_PIN, NEW_PIN)
    assert services.identity.authenticate("eli", "550193").username == "eli"


# --------------------------------------------------------------------------- command line


def test_users_passwd_on_the_command_line(
    services: StationServices,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(cli_session, "password_hasher", services.identity.password_hasher)
    db = str(services.db.path)
    monkeypatch.setenv("SKILLSTATION_PIN", EXAMINER_PIN)
    monkeypatch.setenv("SKILLSTATION_NEW_PIN", NEW_PIN)
    assert cli.main(["--db", db, "--user", "eli", "users", "passwd"]) == 0
    assert "'eli' was changed" in capsys.readouterr().out
    assert services.identity.authenticate("eli", NEW_PIN).username == "eli"

    # The old PIN no longer signs in, so the same command now fails.
    assert cli.main(["--db", db, "--user", "eli", "users", "passwd"]) == 1
    assert "wrong username or password/PIN" in capsys.readouterr().err

    # An examiner naming someone else is refused; a coordinator resets it.
    monkeypatch.setenv("SKILLSTATION_PIN", NEW_PIN)
    assert cli.main(["--db", db, "--user", "eli", "users", "passwd", "cora"]) == 1
    assert "may not manage user accounts" in capsys.readouterr().err
    monkeypatch.setenv("SKILLSTATION_PIN", COORDINATOR_SECRET)
    monkeypatch.setenv("SKILLSTATION_NEW_PIN", "204817")
    code = cli.main(
        ["--db", db, "--user", "cora", "users", "passwd", "eli", "--reason", "forgotten"]
    )
    assert code == 0
    assert "'eli' has a new PIN or password" in capsys.readouterr().out
    assert services.identity.authenticate("eli", "204817").username == "eli"

    # A weak new PIN gets the policy's own message, not "internal error".
    monkeypatch.setenv("SKILLSTATION_NEW_PIN", "111111")
    assert cli.main(["--db", db, "--user", "cora", "users", "passwd", "eli"]) == 1
    err = capsys.readouterr().err
    assert "internal error" not in err and "error:" in err
