"""Hashing, checking and choosing passwords and PINs.

Secrets are stored only as Argon2id hashes (RFC 9106), in the PHC string format that
carries its own salt and parameters, so a hash made with older parameters still
verifies and :func:`needs_rehash` tells the service to store a fresh one at the next
successful sign-in.

Parameters (:data:`STATION_PARAMETERS`): Argon2id, 46 MiB of memory (m=47104 KiB), one
pass (t=1), one lane (p=1), 16-byte salt, 32-byte tag. This is one of the equivalent
minimum settings in the OWASP Password Storage Cheat Sheet (which lists 46 MiB/t=1,
19 MiB/t=2, 12 MiB/t=3 ... as equal in strength); we take the row with the most memory,
because memory is what makes guessing on graphics cards expensive. RFC 9106 section 4
asks first for as much memory as the machine can spare and then for as many passes as
the time budget allows; its "second recommended" setting (64 MiB, t=3, p=4) took 90 to
130 ms per verification on a two-core test machine, too slow for a station where
examiners sign in between encounters on a modest laptop, while this setting took about
40 ms there. One lane keeps the cost the same on single-core machines.

A six-digit PIN has only a million values: no hash setting protects it against someone
who has copied the database file and guesses offline. PINs are acceptable because the
station throttles guesses (:mod:`station.auth.throttle`) and the database file is kept
on the station; the file itself must be protected (disk encryption, locked room).

Before hashing, every secret is normalised to Unicode NFKC, as NIST SP 800-63B
(section 5.1.1.2) advises, so the same password typed on two keyboards that compose
accented letters differently still matches.

Tests pass a cheap hasher from :func:`make_hasher` through the ``hasher`` argument.
"""

from __future__ import annotations

import secrets
import unicodedata
from itertools import pairwise
from typing import Final

from argon2 import Parameters, PasswordHasher, Type
from argon2.exceptions import Argon2Error

from station.auth.permissions import Role
from station.errors import UserError
from station.i18n import _

#: The Argon2id parameters new hashes are made with; see the module documentation.
STATION_PARAMETERS: Final[Parameters] = Parameters(
    type=Type.ID,
    version=19,
    salt_len=16,
    hash_len=32,
    time_cost=1,
    memory_cost=47_104,
    parallelism=1,
)

#: Examiners and trainees may sign in with a PIN of at least this many digits.
MIN_PIN_DIGITS: Final = 6
#: Passwords (any secret that is not all digits, and every coordinator's secret) need at
#: least this many characters.
MIN_PASSWORD_LENGTH: Final = 10
#: Longer secrets are refused: nobody types more, and hashing megabytes on every sign-in
#: attempt would be a cheap way to keep the station busy.
MAX_SECRET_LENGTH: Final = 256

#: Roles whose members mark at the station, where a short numeric PIN is quick to type
#: on a touch screen between encounters.
PIN_ROLES: Final = frozenset({Role.EXAMINER, Role.TRAINEE})


class WeakSecretError(UserError, ValueError):
    """A chosen password or PIN breaks the policy; ``str()`` tells the user what to do.

    A :class:`UserError`, so that every surface (command line, GUI) shows the policy's own
    message rather than treating it as a bug."""


def make_hasher(parameters: Parameters = STATION_PARAMETERS) -> PasswordHasher:
    """A hasher for ``parameters`` (tests pass cheap ones, such as ``argon2.profiles.CHEAPEST``)."""
    return PasswordHasher.from_parameters(parameters)


_STATION_HASHER: Final = make_hasher()


def _normalize(secret: str) -> str:
    return unicodedata.normalize("NFKC", secret)


def hash_secret(secret: str, *, hasher: PasswordHasher | None = None) -> str:
    """The Argon2id hash of ``secret``, as a PHC string to store in the users table.

    Call :func:`check_secret_policy` first: this function hashes whatever it is given.
    """
    return (hasher or _STATION_HASHER).hash(_normalize(secret))


def verify_secret(stored_hash: str, secret: str, *, hasher: PasswordHasher | None = None) -> bool:
    """Whether ``secret`` matches ``stored_hash``.

    Never raises for a wrong secret, a malformed or truncated hash or a secret that
    cannot be encoded: the answer is then ``False``. The parameters are read from the
    hash itself, so ``hasher`` only matters for its text encoding.
    """
    try:
        return (hasher or _STATION_HASHER).verify(stored_hash, _normalize(secret))
    except (Argon2Error, ValueError):
        # ValueError covers InvalidHashError and UnicodeError.
        return False


def needs_rehash(stored_hash: str, *, hasher: PasswordHasher | None = None) -> bool:
    """Whether ``stored_hash`` was made with other parameters than the current ones.

    After a successful sign-in the service stores ``hash_secret(secret)`` in its place.
    A hash that cannot be read at all also answers ``True``.
    """
    try:
        return (hasher or _STATION_HASHER).check_needs_rehash(stored_hash)
    except (Argon2Error, ValueError):
        return True


_dummy_hashes: dict[tuple[object, ...], str] = {}


def verify_unknown_user(secret: str, *, hasher: PasswordHasher | None = None) -> bool:
    """Spend the time of a real verification, then answer ``False``.

    The service calls this when the username does not exist, so that the time a
    sign-in takes does not reveal which usernames exist.
    """
    hasher = hasher or _STATION_HASHER
    key = (hasher.type, hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    dummy = _dummy_hashes.get(key)
    if dummy is None:
        dummy = _dummy_hashes.setdefault(key, hasher.hash(secrets.token_urlsafe(32)))
    verify_secret(dummy, secret, hasher=hasher)
    return False


# ----------------------------------------------------------------------------- policy


def _is_sequence(text: str) -> bool:
    """Whether each character follows the previous one by the same step of +1 or -1.

    Digits wrap around (``890123``, ``210987``); letters do not (``abcdefghij``).
    """
    if len(text) < 3:
        return False
    steps = {ord(b) - ord(a) for a, b in pairwise(text)}
    if steps in ({1}, {-1}):
        return True
    if text.isascii() and text.isdigit():
        wrapped = {(int(b) - int(a)) % 10 for a, b in pairwise(text)}
        return wrapped in ({1}, {9})
    return False


def _repeated_group(text: str) -> str | None:
    """The shortest group that, repeated, makes up ``text`` (``121212`` -> ``12``).

    A trailing partial repeat counts (``1231231``). None if no group of at most half
    the length does.
    """
    for size in range(1, len(text) // 2 + 1):
        group = text[:size]
        if all(text[i] == group[i % size] for i in range(len(text))):
            return group
    return None


def check_secret_policy(secret: str, role: Role, *, username: str | None = None) -> None:
    """Raise :class:`WeakSecretError` if ``secret`` may not be chosen by a user of ``role``.

    Examiners and trainees may choose a PIN of at least :data:`MIN_PIN_DIGITS` digits
    (0-9); anyone may choose a password of at least :data:`MIN_PASSWORD_LENGTH`
    characters, and coordinators must. Refused whatever the length: one character or
    one short group repeated (``111111``, ``121212``, ``123123``), a run such as
    ``123456``, ``654321`` or ``abcdefghij`` (the first secrets an attacker tries),
    the username inside the secret, control characters (a pasted line break), and
    characters that cannot be stored.
    """
    if not secret:
        raise WeakSecretError(_("The password or PIN is empty."))
    try:
        secret.encode("utf-8")
    except UnicodeEncodeError:
        raise WeakSecretError(
            _("The password contains characters that cannot be stored; type it again.")
        ) from None
    text = _normalize(secret)
    if len(text) > MAX_SECRET_LENGTH:
        raise WeakSecretError(
            _("The password is {length} characters long; use at most {limit} characters.").format(
                length=len(text), limit=MAX_SECRET_LENGTH
            )
        )
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise WeakSecretError(
            _("The password contains a control character such as a tab or a line break; remove it.")
        )

    is_pin = text.isascii() and text.isdigit()
    pin = is_pin and role in PIN_ROLES
    if role in PIN_ROLES:
        if is_pin and len(text) < MIN_PIN_DIGITS:
            raise WeakSecretError(
                _("The PIN has {length} digits; use at least {minimum} digits.").format(
                    length=len(text), minimum=MIN_PIN_DIGITS
                )
            )
        if not is_pin and len(text) < MIN_PASSWORD_LENGTH:
            raise WeakSecretError(
                _(
                    "The password has {length} characters; use a PIN of at least "
                    "{digits} digits (0-9 only) or a password of at least {minimum} characters."
                ).format(length=len(text), digits=MIN_PIN_DIGITS, minimum=MIN_PASSWORD_LENGTH)
            )
    elif len(text) < MIN_PASSWORD_LENGTH:
        raise WeakSecretError(
            _(
                "The password has {length} characters; a {role} needs a password of at "
                "least {minimum} characters."
            ).format(length=len(text), role=_(role.value), minimum=MIN_PASSWORD_LENGTH)
        )

    # Messages never quote the secret: they may end up in a log.
    group = _repeated_group(text)
    if group is not None and len(group) == 1:
        raise WeakSecretError(
            _("The PIN repeats one character, such as 111111; choose one that is harder to guess.")
            if pin
            else _(
                "The password repeats one character, such as 111111; choose one that is "
                "harder to guess."
            )
        )
    if group is not None:
        raise WeakSecretError(
            _(
                "The PIN repeats a short group of characters, such as 121212 or 123123; "
                "choose one that is harder to guess."
            )
            if pin
            else _(
                "The password repeats a short group of characters, such as 121212 or 123123; "
                "choose one that is harder to guess."
            )
        )
    if _is_sequence(text):
        raise WeakSecretError(
            _(
                "The PIN is a run of consecutive characters, such as 123456; "
                "choose one that is harder to guess."
            )
            if pin
            else _(
                "The password is a run of consecutive characters, such as 123456; "
                "choose one that is harder to guess."
            )
        )
    if username is not None:
        name = _normalize(username).strip().casefold()
        if len(name) >= 3 and name in text.casefold():
            raise WeakSecretError(
                _("The PIN contains the username; choose one that is harder to guess.")
                if pin
                else _("The password contains the username; choose one that is harder to guess.")
            )


#: Letters and digits that cannot be misread for one another (no 0/o, 1/l/i).
_READABLE_ALPHABET: Final = "abcdefghjkmnpqrstuvwxyz23456789"


def new_password(username: str) -> str:
    """A new coordinator password that the policy accepts: three groups of four letters
    and digits (about 59 bits), easy to read out and type."""
    while True:
        groups = ["".join(secrets.choice(_READABLE_ALPHABET) for _ in range(4)) for _ in range(3)]
        password = "-".join(groups)
        try:
            check_secret_policy(password, Role.COORDINATOR, username=username)
        except WeakSecretError:
            continue
        return password


def new_pin(username: str) -> str:
    """A new six-digit examiner PIN that the PIN policy accepts (no runs, no repeats)."""
    while True:
        pin = f"{secrets.randbelow(10**6):06d}"
        try:
            check_secret_policy(pin, Role.EXAMINER, username=username)
        except WeakSecretError:
            continue
        return pin
