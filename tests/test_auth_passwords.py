"""Hashing and verifying secrets, and the policy for choosing them."""

from __future__ import annotations

import unicodedata

import pytest
from argon2 import PasswordHasher, Type, extract_parameters
from argon2.profiles import CHEAPEST
from hypothesis import given, settings
from hypothesis import strategies as st

from station.auth.passwords import (
    MAX_SECRET_LENGTH,
    STATION_PARAMETERS,
    WeakSecretError,
    check_secret_policy,
    hash_secret,
    make_hasher,
    needs_rehash,
    verify_secret,
    verify_unknown_user,
)
from station.auth.permissions import Role

CHEAP = make_hasher(CHEAPEST)


# ------------------------------------------------------------------------ hashing


def test_round_trip() -> None:
    stored = hash_secret("483920", hasher=CHEAP)
    assert stored.startswith("$argon2id$")
    assert "483920" not in stored
    assert verify_secret(stored, "483920", hasher=CHEAP)
    assert not verify_secret(stored, "483921", hasher=CHEAP)
    assert not verify_secret(stored, "", hasher=CHEAP)


def test_each_hash_has_its_own_salt() -> None:
    assert hash_secret("483920", hasher=CHEAP) != hash_secret("483920", hasher=CHEAP)


def test_station_parameters_are_the_documented_ones() -> None:
    """Argon2id, 46 MiB, t=1, p=1: OWASP's first equivalent setting (see module docs)."""
    assert STATION_PARAMETERS.type is Type.ID
    assert STATION_PARAMETERS.memory_cost == 47_104
    assert STATION_PARAMETERS.time_cost == 1
    assert STATION_PARAMETERS.parallelism == 1
    assert STATION_PARAMETERS.salt_len == 16
    assert STATION_PARAMETERS.hash_len == 32


def test_default_hasher_uses_station_parameters() -> None:
    stored = hash_secret("Sonnenblume 42")
    assert stored.startswith("$argon2id$v=19$m=47104,t=1,p=1$")
    assert extract_parameters(stored) == STATION_PARAMETERS
    assert verify_secret(stored, "Sonnenblume 42")
    assert not needs_rehash(stored)


def test_verification_reads_parameters_from_the_hash() -> None:
    """A hash made with other (older) parameters still verifies, and asks for a rehash."""
    stored = hash_secret("483920", hasher=CHEAP)
    assert verify_secret(stored, "483920")
    assert needs_rehash(stored)
    assert not needs_rehash(stored, hasher=CHEAP)


def test_other_argon2_variant_needs_rehash() -> None:
    argon2i = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.I)
    stored = argon2i.hash("483920")
    assert verify_secret(stored, "483920", hasher=CHEAP)
    assert needs_rehash(stored, hasher=CHEAP)


def test_unicode_forms_match() -> None:
    composed = unicodedata.normalize("NFC", "Café-Zürich")
    decomposed = unicodedata.normalize("NFD", "Café-Zürich")
    assert composed != decomposed
    stored = hash_secret(composed, hasher=CHEAP)
    assert verify_secret(stored, decomposed, hasher=CHEAP)
    # Full-width digits from an East Asian input method are the same PIN.
    assert verify_secret(hash_secret("483920", hasher=CHEAP), "４８３９２０", hasher=CHEAP)


MALFORMED = [
    "",
    "not a hash",
    "$argon2id$",
    "$argon2id$v=19$m=8,t=1,p=1$",
    "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$!!!!",
    "$argon2id$v=19$m=-1,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
    "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
    "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$é",
]


@pytest.mark.parametrize("stored", MALFORMED)
def test_malformed_hash_is_false_not_an_error(stored: str) -> None:
    assert verify_secret(stored, "483920", hasher=CHEAP) is False
    assert needs_rehash(stored, hasher=CHEAP) is True


def test_truncated_hash_is_false() -> None:
    stored = hash_secret("483920", hasher=CHEAP)
    for cut in range(len(stored)):
        assert verify_secret(stored[:cut], "483920", hasher=CHEAP) is False


def test_unencodable_secret_is_false() -> None:
    stored = hash_secret("483920", hasher=CHEAP)
    assert verify_secret(stored, "48\ud8003920", hasher=CHEAP) is False


@settings(deadline=None, max_examples=200)
@given(stored=st.text(max_size=120), secret=st.text(max_size=40))
def test_verify_never_raises(stored: str, secret: str) -> None:
    assert verify_secret(stored, secret, hasher=CHEAP) is False


@settings(deadline=None, max_examples=50)
@given(secret=st.text(st.characters(codec="utf-8"), max_size=40))
def test_any_storable_secret_round_trips(secret: str) -> None:
    stored = hash_secret(secret, hasher=CHEAP)
    assert verify_secret(stored, secret, hasher=CHEAP)


def test_unknown_user_is_always_refused() -> None:
    assert verify_unknown_user("483920", hasher=CHEAP) is False
    assert verify_unknown_user("", hasher=CHEAP) is False


# ------------------------------------------------------------------------- policy

ACCEPTED = [
    ("483920", Role.EXAMINER),
    ("0571938462", Role.EXAMINER),
    ("730418", Role.TRAINEE),
    ("４８３９２０", Role.EXAMINER),  # full-width digits are digits after NFKC
    ("correct horse", Role.EXAMINER),
    ("correct horse", Role.TRAINEE),
    ("Tr0ub4dor&3x", Role.COORDINATOR),
    ("4839201756", Role.COORDINATOR),
    ("mot de passe à Genève", Role.COORDINATOR),
    ("x" * 9 + "y", Role.COORDINATOR),
    ("q" * (MAX_SECRET_LENGTH - 1) + "z", Role.COORDINATOR),
]


@pytest.mark.parametrize(("secret", "role"), ACCEPTED)
def test_accepted(secret: str, role: Role) -> None:
    check_secret_policy(secret, role)


REFUSED = [
    # secret, role, words the message must contain
    ("", Role.EXAMINER, "empty"),
    ("48392", Role.EXAMINER, "at least 6 digits"),
    ("48392", Role.TRAINEE, "at least 6 digits"),
    ("abc12", Role.EXAMINER, "PIN of at least 6 digits"),
    ("pass word", Role.TRAINEE, "password of at least 10 characters"),
    ("483920", Role.COORDINATOR, "a coordinator needs a password of at least 10"),
    ("Tr0ub4dor", Role.COORDINATOR, "at least 10 characters"),
    ("111111", Role.EXAMINER, "repeats one character"),
    ("00000000", Role.TRAINEE, "repeats one character"),
    ("aaaaaaaaaa", Role.COORDINATOR, "repeats one character"),
    ("121212", Role.EXAMINER, "short group"),
    ("123123", Role.EXAMINER, "short group"),
    ("1231231", Role.EXAMINER, "short group"),
    ("abcabcabca", Role.COORDINATOR, "short group"),
    ("passwordpassword", Role.COORDINATOR, "short group"),
    ("123456", Role.EXAMINER, "consecutive"),
    ("654321", Role.TRAINEE, "consecutive"),
    ("890123", Role.EXAMINER, "consecutive"),
    ("321098", Role.EXAMINER, "consecutive"),
    ("1234567890", Role.COORDINATOR, "consecutive"),
    ("abcdefghij", Role.COORDINATOR, "consecutive"),
    ("zyxwvutsrq", Role.EXAMINER, "consecutive"),
    ("line one\nline two", Role.COORDINATOR, "control character"),
    ("correct horse\t", Role.EXAMINER, "control character"),
    ("q" * (MAX_SECRET_LENGTH + 1), Role.COORDINATOR, f"at most {MAX_SECRET_LENGTH}"),
    ("48\ud8003920xyzw", Role.COORDINATOR, "cannot be stored"),
]


@pytest.mark.parametrize(("secret", "role", "words"), REFUSED)
def test_refused(secret: str, role: Role, words: str) -> None:
    with pytest.raises(WeakSecretError, match=words):
        check_secret_policy(secret, role)


def test_username_inside_the_secret_is_refused() -> None:
    with pytest.raises(WeakSecretError, match="username"):
        check_secret_policy("Dr_Ng-surgery-2025", Role.COORDINATOR, username="dr_ng")
    check_secret_policy("surgery-rotation-2025", Role.COORDINATOR, username="dr_ng")
    # Too short a username to mean anything.
    check_secret_policy("bobcat-lantern", Role.COORDINATOR, username="bo")


@pytest.mark.parametrize("secret", ["777777", "343434", "987654", "4567890123"])
def test_messages_never_quote_the_secret(secret: str) -> None:
    with pytest.raises(WeakSecretError) as info:
        check_secret_policy(secret, Role.EXAMINER)
    assert secret not in str(info.value)


def test_weak_secret_error_is_a_value_error() -> None:
    assert issubclass(WeakSecretError, ValueError)
