"""Slow work never holds the write lock other stations wait for.

Argon2 verification (a large fraction of a second by design) and the reading and
parsing of a user's file run outside the write transaction. Each test does the slow
step with a probe that tries to take the write lock from another connection at once
(``BEGIN IMMEDIATE`` with no busy timeout): it must get it. Nothing is timed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, suppress
from pathlib import Path
from typing import Any

import pytest
from test_services_support import EXAMINER_PIN, World, build_world

from station.services import SignInFailed


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    built = build_world(tmp_path / "world")
    yield built
    built.close()


def _lock_is_free(db: Path) -> bool:
    with closing(sqlite3.connect(db, timeout=0, isolation_level=None)) as other:
        try:
            other.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            return False
        other.execute("ROLLBACK")
        return True


def _probing(db: Path, seen: list[bool], call: Callable[..., Any]) -> Callable[..., Any]:
    def probe(*args: Any, **kwargs: Any) -> Any:
        seen.append(_lock_is_free(db))
        return call(*args, **kwargs)

    return probe


@pytest.mark.parametrize(
    ("username", "secret"),
    [("eli", EXAMINER_PIN), ("eli", "000000"), ("nobody-here", "000000")],
    ids=["right secret", "wrong secret", "unknown user"],
)
def test_sign_in_hashes_outside_the_write_transaction(
    world: World, monkeypatch: pytest.MonkeyPatch, username: str, secret: str
) -> None:
    from station.services import identity

    seen: list[bool] = []
    for name in ("verify_secret", "verify_unknown_user", "hash_secret"):
        probe = _probing(world.services.db.path, seen, getattr(identity, name))
        monkeypatch.setattr(identity, name, probe)
    with suppress(SignInFailed):
        world.services.identity.authenticate(username, secret)
    assert seen and all(seen), "argon2 ran while the write lock was held"


@pytest.mark.parametrize("what", ["roster", "results"])
def test_imports_read_and_parse_before_the_write(
    world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, what: str
) -> None:
    from station.services import imports, roster

    module, name = (roster, "parse_roster") if what == "roster" else (imports, "parse_results")
    seen: list[bool] = []
    monkeypatch.setattr(module, name, _probing(world.services.db.path, seen, getattr(module, name)))
    path = tmp_path / "file.csv"
    path.write_text("candidate_id,family_name,given_name\nC9,Loe,Di\n", encoding="utf-8")
    try:
        if what == "roster":
            world.services.roster.import_roster(world.cora, "OSCE-1", path)
        else:
            world.services.imports.import_results(world.cora, "OSCE-1", path)
    except Exception:  # a results import of a roster file is refused; parsing came first
        pass
    assert seen == [True]
