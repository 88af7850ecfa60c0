"""Errors the services raise for problems the user can fix.

Each is a :class:`station.errors.UserError`, so the command line prints it as it is
(exit 1) and the GUI shows ``str(error)``. Permission refusals are
:class:`station.auth.PermissionDenied` and sign-in lockouts :class:`station.auth.LockedOut`;
both come from :mod:`station.auth` unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from station.errors import InvalidInput, UserError
from station.i18n import _

__all__ = ["Conflict", "Incomplete", "InvalidInput", "NotFound", "SignInFailed"]


class NotFound(UserError):
    """What the request names (an exam, a station, a candidate, a user) does not exist."""


class Conflict(UserError):
    """The request clashes with what is stored: a code already taken, a definition
    version already used for other content, an exam already closed."""


class SignInFailed(UserError):
    """The username and secret do not match an active account. The message is the same
    for an unknown name and a wrong secret, so it does not reveal which names exist."""


class Incomplete(UserError):
    """An encounter cannot be submitted yet: items have no mark (``missing``, item ids in
    checklist order), or the station has a global rating and no grade was given
    (``grade_missing``). Submitting with ``allow_incomplete=True`` goes ahead anyway."""

    def __init__(self, encounter_id: str, missing: Sequence[str], grade_missing: bool) -> None:
        self.encounter_id = encounter_id
        self.missing: tuple[str, ...] = tuple(missing)
        self.grade_missing = grade_missing
        parts = []
        if self.missing:
            items = ", ".join(self.missing)
            if len(self.missing) == 1:
                parts.append(_("1 item not marked ({items})").format(items=items))
            else:
                parts.append(
                    _("{n} items not marked ({items})").format(n=len(self.missing), items=items)
                )
        if grade_missing:
            parts.append(_("no global grade"))
        super().__init__(
            _(
                "the encounter cannot be submitted yet: {missing}. Mark them, or submit it "
                "incomplete on purpose"
            ).format(missing=_("; ").join(parts))
        )
