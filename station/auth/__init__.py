"""Who the user is and what they may do: secrets, sign-in throttling and permissions.

Plain Python with no database: the services keep the hashes and throttle states in the
users table and call these functions, so every rule holds whatever the caller (GUI,
command line or script).

- :mod:`station.auth.passwords`: Argon2id hashing of passwords and PINs, the policy
  for choosing them, and new ones that meet it.
- :mod:`station.auth.throttle`: lockouts after repeated failed sign-ins.
- :mod:`station.auth.permissions`: roles, actions and the permission matrix.
"""

from station.auth.passwords import (
    WeakSecretError,
    check_secret_policy,
    hash_secret,
    needs_rehash,
    new_password,
    new_pin,
    verify_secret,
    verify_unknown_user,
)
from station.auth.permissions import (
    Action,
    Actor,
    Context,
    PermissionDenied,
    Role,
    allowed,
    check,
)
from station.auth.throttle import LockedOut, LoginThrottle, ThrottleState

__all__ = [
    "Action",
    "Actor",
    "Context",
    "LockedOut",
    "LoginThrottle",
    "PermissionDenied",
    "Role",
    "ThrottleState",
    "WeakSecretError",
    "allowed",
    "check",
    "check_secret_policy",
    "hash_secret",
    "needs_rehash",
    "new_password",
    "new_pin",
    "verify_secret",
    "verify_unknown_user",
]
