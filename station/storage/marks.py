"""Appending marks, grades and comments, and reading an encounter's current values.

Marks are never overwritten. Each change appends a row with the next ``revision`` for
its item (or for the encounter's grade, or for the comment kind), together with its
audit entry, in the caller's write transaction; the current value is the row with the
highest revision. The revision, not the time stamp, orders the history: a wall clock
set back during the exam cannot make an older mark look newer, and the UNIQUE
constraint on the revision turns two writers racing for the same item into an error
instead of a silent tie.

These functions check only what the database must guarantee. Whether a value fits the
item (a rating within its scale, an override with a reason the examiner gave) is the
marking service's business.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, and_, bindparam, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from station.storage.audit import Actor, insert_row, record_insert
from station.storage.engine import connection_of
from station.storage.models import (
    CommentEntry,
    CommentKind,
    GradeEntry,
    ItemMark,
    MarkSource,
    new_id,
    utc_now,
)


@dataclass(frozen=True)
class EncounterValues:
    """The current marks, grade and comments of one encounter (latest rows)."""

    encounter_id: str
    items: dict[str, ItemMark] = field(default_factory=dict)
    grade: GradeEntry | None = None
    comments: dict[str, CommentEntry] = field(default_factory=dict)

    @property
    def item_values(self) -> dict[str, str]:
        """Item id → current value, leaving out cleared marks."""
        return {item: row.value for item, row in self.items.items() if row.value is not None}

    @property
    def grade_value(self) -> int | None:
        return None if self.grade is None else self.grade.grade

    def comment(self, kind: CommentKind | str) -> str:
        row = self.comments.get(str(kind))
        return "" if row is None else row.text


def _recorder(actor: Actor, recorded_by: str | None) -> str:
    who = recorded_by or actor.id
    if who is None:
        raise ValueError("a mark must be recorded by a user: pass recorded_by")
    return who


def _next(
    session: Session, column: InstrumentedAttribute[int], *conditions: ColumnElement[bool]
) -> int:
    current = session.scalar(select(func.max(column)).where(*conditions))
    return 1 if current is None else int(current) + 1


def append_item_mark(
    session: Session,
    key: bytes,
    *,
    actor: Actor,
    encounter_id: str,
    item_id: str,
    value: str | None,
    source: MarkSource | str = MarkSource.EXAMINER,
    t_s: float | None = None,
    reason: str | None = None,
    recorded_by: str | None = None,
    at: datetime | None = None,
) -> ItemMark:
    """Append a mark for one item (``value=None`` clears it) with its audit entry.

    ``recorded_by`` defaults to the actor (a device mark is recorded by the examiner
    running the station). ``at`` is the injected clock's time.
    """
    when = at or utc_now()
    values = {
        "id": new_id(),
        "encounter_id": encounter_id,
        "item_id": item_id,
        "revision": _next_mark_revision(session, encounter_id, item_id),
        "value": value,
        "t_s": t_s,
        "source": str(source),
        "reason": reason,
        "recorded_by": _recorder(actor, recorded_by),
        "recorded_at": when,
    }
    # The busiest write of an exam day: Core INSERTs of the row and its audit entry
    # (no flush, no read-back); the row returned is a plain copy, not in the session.
    insert_row(
        session,
        key,
        actor=actor,
        table=ItemMark.__tablename__,
        values=values,
        reason=reason,
        at=when,
    )
    return ItemMark(**values)


_MARK_REVISION = select(func.max(ItemMark.revision)).where(
    ItemMark.encounter_id == bindparam("encounter_id"), ItemMark.item_id == bindparam("item_id")
)


def _next_mark_revision(session: Session, encounter_id: str, item_id: str) -> int:
    current = connection_of(session).scalar(
        _MARK_REVISION, {"encounter_id": encounter_id, "item_id": item_id}
    )
    return 1 if current is None else int(current) + 1


def append_grade(
    session: Session,
    key: bytes,
    *,
    actor: Actor,
    encounter_id: str,
    grade: int | None,
    reason: str | None = None,
    recorded_by: str | None = None,
    at: datetime | None = None,
) -> GradeEntry:
    """Append the global grade (0-based step; None clears it) with its audit entry."""
    when = at or utc_now()
    row = GradeEntry(
        encounter_id=encounter_id,
        revision=_next(session, GradeEntry.revision, GradeEntry.encounter_id == encounter_id),
        grade=grade,
        reason=reason,
        recorded_by=_recorder(actor, recorded_by),
        recorded_at=when,
    )
    record_insert(session, key, actor=actor, row=row, reason=reason, at=when)
    return row


def append_comment(
    session: Session,
    key: bytes,
    *,
    actor: Actor,
    encounter_id: str,
    kind: CommentKind | str,
    text: str,
    reason: str | None = None,
    recorded_by: str | None = None,
    at: datetime | None = None,
) -> CommentEntry:
    """Append a comment of one kind (an empty text clears it) with its audit entry."""
    when = at or utc_now()
    row = CommentEntry(
        encounter_id=encounter_id,
        kind=str(kind),
        revision=_next(
            session,
            CommentEntry.revision,
            CommentEntry.encounter_id == encounter_id,
            CommentEntry.kind == str(kind),
        ),
        text=text,
        reason=reason,
        recorded_by=_recorder(actor, recorded_by),
        recorded_at=when,
    )
    record_insert(session, key, actor=actor, row=row, reason=reason, at=when)
    return row


def current_values_many(
    session: Session, encounter_ids: Iterable[str]
) -> dict[str, EncounterValues]:
    """The current values of several encounters in three queries (for reports)."""
    ids = list(dict.fromkeys(encounter_ids))
    result = {eid: EncounterValues(eid) for eid in ids}
    if not ids:
        return result

    latest_marks = (
        select(
            ItemMark.encounter_id,
            ItemMark.item_id,
            func.max(ItemMark.revision).label("revision"),
        )
        .where(ItemMark.encounter_id.in_(ids))
        .group_by(ItemMark.encounter_id, ItemMark.item_id)
        .subquery()
    )
    for mark in session.scalars(
        select(ItemMark).join(
            latest_marks,
            and_(
                ItemMark.encounter_id == latest_marks.c.encounter_id,
                ItemMark.item_id == latest_marks.c.item_id,
                ItemMark.revision == latest_marks.c.revision,
            ),
        )
    ):
        result[mark.encounter_id].items[mark.item_id] = mark

    latest_grades = (
        select(GradeEntry.encounter_id, func.max(GradeEntry.revision).label("revision"))
        .where(GradeEntry.encounter_id.in_(ids))
        .group_by(GradeEntry.encounter_id)
        .subquery()
    )
    for grade in session.scalars(
        select(GradeEntry).join(
            latest_grades,
            and_(
                GradeEntry.encounter_id == latest_grades.c.encounter_id,
                GradeEntry.revision == latest_grades.c.revision,
            ),
        )
    ):
        values = result[grade.encounter_id]
        result[grade.encounter_id] = EncounterValues(
            values.encounter_id, values.items, grade, values.comments
        )

    latest_comments = (
        select(
            CommentEntry.encounter_id,
            CommentEntry.kind,
            func.max(CommentEntry.revision).label("revision"),
        )
        .where(CommentEntry.encounter_id.in_(ids))
        .group_by(CommentEntry.encounter_id, CommentEntry.kind)
        .subquery()
    )
    for comment in session.scalars(
        select(CommentEntry).join(
            latest_comments,
            and_(
                CommentEntry.encounter_id == latest_comments.c.encounter_id,
                CommentEntry.kind == latest_comments.c.kind,
                CommentEntry.revision == latest_comments.c.revision,
            ),
        )
    ):
        result[comment.encounter_id].comments[comment.kind] = comment
    return result


def current_values(session: Session, encounter_id: str) -> EncounterValues:
    """The current marks, grade and comments of one encounter."""
    return current_values_many(session, [encounter_id])[encounter_id]


def item_history(session: Session, encounter_id: str, item_id: str) -> list[ItemMark]:
    """Every mark an item received in an encounter, oldest first."""
    return list(
        session.scalars(
            select(ItemMark)
            .where(ItemMark.encounter_id == encounter_id, ItemMark.item_id == item_id)
            .order_by(ItemMark.revision)
        )
    )
