"""Reading the audit log: a page of entries, newest first, filtered by who and what.

The log itself is written in the same transaction as every change
(:mod:`station.storage.audit`) and checked by ``verify_audit``
(:mod:`station.services.results`); this is how a coordinator reads it, in the console's
audit viewer and with ``skillstation audit log``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from station.auth.permissions import Action, Actor
from station.i18n import _
from station.services.base import ServiceBase
from station.services.errors import InvalidInput
from station.storage.models import AuditEntry

__all__ = ["AUDIT_PAGE", "AuditLogServices", "AuditPage", "AuditRow"]

#: Entries per page unless asked otherwise.
AUDIT_PAGE = 50
#: The most entries one call returns.
_MAX_PAGE = 1000


@dataclass(frozen=True)
class AuditRow:
    """One entry as people read it."""

    seq: int
    at: datetime
    actor: str
    action: str
    #: ``table.field record-id`` (the parts that apply).
    record: str
    #: ``old → new`` as stored (JSON), or the one that exists.
    change: str
    reason: str


@dataclass(frozen=True)
class AuditPage:
    """A page of entries with what the filters can choose from."""

    rows: tuple[AuditRow, ...]
    #: Entries matching the filters, on all pages.
    total: int
    offset: int
    #: Every actor name and action in the log, for the filters.
    actors: tuple[str, ...]
    actions: tuple[str, ...]


def _change(old: str | None, new: str | None) -> str:
    if old is None and new is None:
        return ""
    if old is None:
        return str(new)
    return f"{old} → {new}"


class AuditLogServices(ServiceBase):
    def audit_entries(
        self,
        actor: Actor,
        *,
        actor_name: str = "",
        action: str = "",
        offset: int = 0,
        limit: int = AUDIT_PAGE,
    ) -> AuditPage:
        """Entries ``offset`` to ``offset + limit`` of the audit log, newest first, only
        those by ``actor_name`` and of ``action`` when given (coordinators: VIEW_AUDIT)."""
        if not 1 <= limit <= _MAX_PAGE:
            raise InvalidInput(
                [
                    _("a page holds 1 to {most} entries, not {limit}").format(
                        most=_MAX_PAGE, limit=limit
                    )
                ]
            )
        if offset < 0:
            raise InvalidInput(
                [_("the offset cannot be negative ({offset})").format(offset=offset)]
            )
        with self.db.read() as session:
            self._authorize(session, actor, Action.VIEW_AUDIT)
            query = select(AuditEntry)
            count = select(func.count()).select_from(AuditEntry)
            if actor_name:
                query = query.where(AuditEntry.actor_name == actor_name)
                count = count.where(AuditEntry.actor_name == actor_name)
            if action:
                query = query.where(AuditEntry.action == action)
                count = count.where(AuditEntry.action == action)
            total = int(session.scalar(count) or 0)
            entries = session.scalars(
                query.order_by(AuditEntry.seq.desc()).offset(offset).limit(limit)
            )
            rows = tuple(
                AuditRow(
                    seq=e.seq,
                    at=e.at,
                    actor=e.actor_name,
                    action=e.action,
                    record=" ".join(
                        part
                        for part in (
                            ".".join(p for p in (e.table_name, e.field) if p),
                            e.record_id,
                        )
                        if part
                    ),
                    change=_change(e.old_json, e.new_json),
                    reason=e.reason or "",
                )
                for e in entries
            )
            actors = tuple(
                session.scalars(
                    select(AuditEntry.actor_name).distinct().order_by(AuditEntry.actor_name)
                )
            )
            actions = tuple(
                session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
            )
        return AuditPage(rows, total, offset, actors, actions)
