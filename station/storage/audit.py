"""The audit log: an append-only, hash-chained record of every change that matters.

Every entry carries ``mac = HMAC-SHA256(key, canonical JSON of its fields)``, and the
fields include ``seq`` and ``prev_mac`` (the previous entry's ``mac``; 64 zeros for the
first). Without the key nobody can write an entry that verifies, and because each entry
names its predecessor's MAC, editing, deleting, inserting or reordering entries breaks
the chain at that point. The key is a file beside the database (:mod:`.keys`).

Entries are written in the same transaction as the change they record, so a change
without its entry (or an entry without its change) cannot be committed. Use the helpers:

- :func:`record_insert` after creating a row: ``action="insert"``, ``new`` is the row's
  audited fields as a JSON object, ``old`` is absent.
- :func:`record_change` / :func:`record_changes` to change fields of a row: one
  ``action="update"`` entry per changed field, with ``field``, ``old`` and ``new``.
- :func:`record_delete` before removing a row: ``action="delete"``, ``old`` is the row.
- :func:`append` for everything else (sign-ins, exports, result releases...): any
  other lower-case action name; such entries are chained and signed but not replayed.

:func:`verify` checks the chain, then replays the insert/update/delete entries of the
replayed tables (:data:`REPLAYED_TABLES`) and compares the result with the tables, so a
row changed, added or removed behind the log's back is found too. What this does and
does not protect against is set out in ``docs/audit.md``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Float,
    Integer,
    LargeBinary,
    String,
    insert,
    select,
    type_coerce,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from station.storage.engine import Database, connection_of
from station.storage.keys import load_or_create_key
from station.storage.models import (
    AuditEntry,
    Base,
    Candidate,
    CommentEntry,
    Definition,
    DeviceTrace,
    Encounter,
    Exam,
    ExamCandidate,
    ExamStation,
    ExamStationExaminer,
    Exclusion,
    GradeEntry,
    ImportedResult,
    ImportedResultWithdrawal,
    ItemMark,
    MediaConsent,
    MediaFile,
    MediaMarker,
    MetricValue,
    PracticeAttempt,
    ScenarioEventRow,
    StandardSetting,
    StationSetting,
    User,
    UtcDateTime,
    canonical_json,
    format_utc,
    utc_now,
)

__all__ = [
    "APPEND_ONLY_AUDITED",
    "GENESIS_MAC",
    "REPLAYED_TABLES",
    "Actor",
    "AuditEntry",
    "Checkpoint",
    "PreparedEntry",
    "VerifyResult",
    "append",
    "append_prepared",
    "audited_fields",
    "compute_mac",
    "insert_values",
    "load_or_create_key",
    "prepare_entries",
    "record_change",
    "record_changes",
    "record_delete",
    "record_insert",
    "row_values",
    "verify",
]

#: ``prev_mac`` of the first entry.
GENESIS_MAC = "0" * 64
#: Domain separation: these MACs can never be confused with another use of the key.
_MAC_PREFIX = b"skillstation-audit-v1\n"

INSERT = "insert"
UPDATE = "update"
DELETE = "delete"
_ROW_ACTIONS = (INSERT, UPDATE, DELETE)
_ACTION_NAME = re.compile(r"^[a-z][a-z0-9_.]{0,39}$")

#: Tables whose rows :func:`verify` rebuilds from the log and compares.
REPLAYED_TABLES: dict[str, type[Base]] = {
    "users": User,
    "exams": Exam,
    "encounters": Encounter,
    "item_marks": ItemMark,
    "grade_entries": GradeEntry,
    "comment_entries": CommentEntry,
    "exclusions": Exclusion,
    "imported_results": ImportedResult,
    "imported_result_withdrawals": ImportedResultWithdrawal,
    "standard_settings": StandardSetting,
    "scenario_events": ScenarioEventRow,
    "media_files": MediaFile,
    "media_consents": MediaConsent,
    "media_markers": MediaMarker,
    "station_settings": StationSetting,
    # Who sits which station with which definition version, and which candidate is
    # which: each decides whose result is whose.
    "candidates": Candidate,
    "exam_candidates": ExamCandidate,
    "exam_stations": ExamStation,
    "exam_station_examiners": ExamStationExaminer,
    "definitions": Definition,
    "practice_attempts": PracticeAttempt,
    "device_traces": DeviceTrace,
    "metric_values": MetricValue,
}
#: Replayed tables that only ever receive inserts.
APPEND_ONLY_AUDITED = frozenset(
    {
        "item_marks",
        "grade_entries",
        "comment_entries",
        "imported_results",
        "imported_result_withdrawals",
        "standard_settings",
        "scenario_events",
        "media_consents",
        "media_markers",
    }
)
#: Columns left out of audit entries: secrets, and values that change all the time and
#: decide nothing (sign-in counters, the timer's crash-recovery state).
_NOT_AUDITED: dict[str, frozenset[str]] = {
    "users": frozenset({"secret_hash", "failed_logins", "locked_until"}),
    "encounters": frozenset({"timer_state_json", "updated_at"}),
}
#: Columns audited as the SHA-256 of their text, not the text: a definition's YAML and
#: JSON (long, and already in the table), a candidate's name and e-mail (the audit log
#: names candidates by id and number only).
_DIGESTED: dict[str, frozenset[str]] = {
    "definitions": frozenset({"source_yaml", "data_json"}),
    "candidates": frozenset({"family_name", "given_name", "email", "group_name"}),
}
#: Entries of these non-row actions stand for inserts into a replayed table (written
#: before the table was replayed): ``candidate.add`` carried the candidate number only.
_LEGACY_INSERTS = {"candidate.add": "candidates"}


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a user (``id`` set) or the system (``id`` None)."""

    id: str | None
    name: str

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(user.id, user.username)

    @classmethod
    def system(cls, name: str = "skillstation") -> Actor:
        return cls(None, name)


# --------------------------------------------------------------------------- values


def _columns(table: str) -> list[ColumnElement[Any]]:
    try:
        return list(Base.metadata.tables[table].columns)
    except KeyError:
        raise ValueError(f"no table named {table!r}") from None


def audited_fields(table: str) -> tuple[str, ...]:
    """The columns of ``table`` that audit entries carry, in table order."""
    skip = _NOT_AUDITED.get(table, frozenset())
    return tuple(c.name for c in _columns(table) if c.name not in skip)


def _normalize(column: ColumnElement[Any], value: Any) -> Any:
    """A column value as the JSON value audit entries hold for it.

    Time stamps become their stored text, so that a value read raw from the table and a
    value from a Python object compare equal; blobs, and the texts of
    :data:`_DIGESTED`, become their SHA-256.
    """
    if value is None:
        return None
    table = getattr(column, "table", None)
    if table is not None and column.name in _DIGESTED.get(str(table.name), ()):
        return "sha256:" + hashlib.sha256(str(value).encode("utf-8")).hexdigest()
    if isinstance(value, datetime):
        return format_utc(value)
    kind = column.type
    if isinstance(kind, Boolean):
        return bool(value)
    if isinstance(kind, Integer):
        return int(value)
    if isinstance(kind, Float):
        return float(value)
    if isinstance(kind, LargeBinary):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    return str(value)


def row_values(row: Base) -> dict[str, Any]:
    """The audited fields of a row as JSON values."""
    table = _table_of(row)
    return insert_values(table, {name: getattr(row, name) for name in audited_fields(table)})


def insert_values(table: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The audited fields of a row of ``table`` about to be inserted with the column
    values ``values`` (a column left out is None), as :func:`row_values` gives them for
    the row object: what a bulk insert logs without building an object per row."""
    columns = {c.name: c for c in _columns(table)}
    return {name: _normalize(columns[name], values.get(name)) for name in audited_fields(table)}


def _table_of(row: Base) -> str:
    return str(row.__table__.name)  # type: ignore[attr-defined]


def _record_id(row: Base) -> str:
    identity = sa_inspect(row).identity
    if identity is None:
        identity = tuple(getattr(row, str(c.key)) for c in sa_inspect(row).mapper.primary_key)
        if any(part is None for part in identity):
            raise ValueError("the row has no primary key yet; flush it first")
    return "/".join(str(part) for part in identity)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return format_utc(value)
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    return value


# --------------------------------------------------------------------------- writing


def compute_mac(key: bytes, fields: Mapping[str, Any]) -> str:
    """HMAC-SHA256 over the canonical JSON of an entry's fields (``at`` as stored text)."""
    names = (
        "seq", "at", "actor_id", "actor_name", "action", "table_name", "record_id",
        "field", "old_json", "new_json", "reason", "prev_mac",
    )  # fmt: skip
    payload = canonical_json({name: fields[name] for name in names}).encode("utf-8")
    return hmac.new(key, _MAC_PREFIX + payload, hashlib.sha256).hexdigest()


#: Where a write session remembers the chain head it last appended (``session.info``):
#: inside one ``BEGIN IMMEDIATE`` transaction nobody else appends, so a bulk operation
#: reads the head once, not once per entry.
_HEAD = "skillstation_audit_head"


def _chain_head(session: Session) -> tuple[int, str]:
    cached: tuple[int, str] | None = session.info.get(_HEAD)
    if cached is not None:
        return cached
    row = connection_of(session).execute(_HEAD_QUERY).first()
    return (0, GENESIS_MAC) if row is None else (int(row[0]), str(row[1]))


#: The last entry's seq and mac (built once: the statement is reused, not rebuilt).
_HEAD_QUERY = select(AuditEntry.seq, AuditEntry.mac).order_by(AuditEntry.seq.desc()).limit(1)


def _entry_fields_unchained(
    *,
    actor: Actor,
    action: str,
    table: str | None = None,
    record_id: str | None = None,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    reason: str | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """The column values of an entry, checked, but for its place in the chain (seq,
    prev_mac, mac); ``at`` as a datetime."""
    if not _ACTION_NAME.match(action):
        raise ValueError(f"audit action {action!r} must be lower-case letters, digits, _ or .")
    if action in _ROW_ACTIONS and (table is None or record_id is None):
        raise ValueError(f"an {action!r} entry needs table and record_id")
    if action == INSERT and (old is not None or not isinstance(new, Mapping)):
        raise ValueError("an 'insert' entry has the new row (a mapping) and no old value")
    if action == UPDATE and not field:
        raise ValueError("an 'update' entry names the field it changes")
    if action == DELETE and (new is not None or not isinstance(old, Mapping)):
        raise ValueError("a 'delete' entry has the old row (a mapping) and no new value")
    both = action == UPDATE  # an update records null values as JSON null
    old_json = canonical_json(_json_value(old)) if both or old is not None else None
    new_json = canonical_json(_json_value(new)) if both or new is not None else None
    return {
        "at": at or utc_now(),
        "actor_id": actor.id,
        "actor_name": actor.name,
        "action": action,
        "table_name": table,
        "record_id": record_id,
        "field": field,
        "old_json": old_json,
        "new_json": new_json,
        "reason": reason,
    }


def _entry_row(key: bytes, head: tuple[int, str], **entry: Any) -> dict[str, Any]:
    """The column values of the entry that follows ``head`` (seq, mac), MAC included."""
    unchained = _entry_fields_unchained(**entry)
    seq, prev_mac = head
    when = unchained["at"]
    fields: dict[str, Any] = {
        **unchained,
        "seq": seq + 1,
        "at": format_utc(when),
        "prev_mac": prev_mac,
    }
    return {**fields, "at": when, "mac": compute_mac(key, fields)}


def append(session: Session, key: bytes, **entry: Any) -> AuditEntry:
    """Append one entry to the audit log, in ``session``'s transaction.

    Keywords: ``actor``, ``action`` and optionally ``table``, ``record_id``, ``field``,
    ``old``, ``new``, ``reason``, ``at``. Call it inside :meth:`Database.write` (whose
    ``BEGIN IMMEDIATE`` makes reading the chain head and appending atomic). ``insert``
    needs ``new`` (an object) and no ``old``; ``update`` needs ``field``; ``delete`` needs
    ``old`` (an object) and no ``new``; other actions take what they like.
    ``old``/``new`` must be JSON-serialisable (datetimes are converted).
    """
    row = _entry_row(key, _chain_head(session), **entry)
    audit_entry = AuditEntry(**row)
    # Added, not flushed: the unit of work inserts the entries of a transaction together
    # (in seq order) at the next query or at the commit.
    session.add(audit_entry)
    session.info[_HEAD] = (row["seq"], row["mac"])
    return audit_entry


@dataclass(frozen=True)
class PreparedEntry:
    """An audit entry made ready before the write transaction (:func:`prepare_entries`):
    its column values and its MAC computed up to its place in the chain, which only
    the write transaction knows. The MAC's canonical JSON has its keys sorted, so
    ``prev_mac`` and ``seq`` come late: the HMAC of everything before them is computed
    here, and :func:`append_prepared` finishes it with a copy of that state."""

    values: tuple[Any, ...]
    mac_state: Any  # hmac.HMAC fed with the payload before prev_mac's value
    between: bytes  # the payload between prev_mac's value and seq's
    after: bytes  # the payload after seq's value


#: The audit_log columns a prepared entry holds, in order (then prev_mac, seq, mac).
_PREPARED_COLUMNS = (
    "at", "actor_id", "actor_name", "action", "table_name", "record_id", "field",
    "old_json", "new_json", "reason",
)  # fmt: skip


def _pair(name: str, value: Any) -> str:
    return f"{canonical_json(name)}:{canonical_json(value)}"


def prepare_entries(key: bytes, entries: Iterable[Mapping[str, Any]]) -> list[PreparedEntry]:
    """Prepare entries (each a mapping of :func:`append`'s keywords, ``at`` included)
    outside any transaction, so that appending them holds the write lock only for the
    last step of each MAC and one multi-row INSERT (:func:`append_prepared`)."""
    prepared = []
    for entry in entries:
        fields = _entry_fields_unchained(**entry)
        fields["at"] = format_utc(fields["at"])
        # canonical_json of a flat object: its "key":value pairs in sorted key order.
        names = sorted((*_PREPARED_COLUMNS, "prev_mac", "seq"))
        before = names[: names.index("prev_mac")]
        middle = names[names.index("prev_mac") + 1 : names.index("seq")]
        last = names[names.index("seq") + 1 :]
        head = "{" + ",".join(_pair(n, fields[n]) for n in before) + ',"prev_mac":"'
        between = '",' + ",".join(_pair(n, fields[n]) for n in middle) + ',"seq":'
        after = "," + ",".join(_pair(n, fields[n]) for n in last) + "}"
        prepared.append(
            PreparedEntry(
                values=tuple(fields[n] for n in _PREPARED_COLUMNS),
                mac_state=hmac.new(key, _MAC_PREFIX + head.encode("utf-8"), hashlib.sha256),
                between=between.encode("utf-8"),
                after=after.encode("utf-8"),
            )
        )
    return prepared


def append_prepared(session: Session, prepared: Iterable[PreparedEntry]) -> int:
    """Append entries made by :func:`prepare_entries`, in ``session``'s write
    transaction, with one multi-row INSERT; returns the number appended."""
    session.flush()  # entries added one by one before these come first
    seq, prev_mac = _chain_head(session)
    rows = []
    for entry in prepared:
        seq += 1
        state = entry.mac_state.copy()
        state.update(prev_mac.encode("ascii") + entry.between + str(seq).encode("ascii"))
        state.update(entry.after)
        mac = state.hexdigest()
        rows.append((seq, *entry.values, prev_mac, mac))
        prev_mac = mac
    if rows:
        columns = ("seq", *_PREPARED_COLUMNS, "prev_mac", "mac")
        session.connection().exec_driver_sql(
            f"INSERT INTO audit_log ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})",
            rows,
        )
        session.info[_HEAD] = (seq, prev_mac)
    return len(rows)


def append_many(session: Session, key: bytes, entries: Iterable[Mapping[str, Any]]) -> int:
    """Append many entries (each a mapping of :func:`append`'s keywords) with one
    multi-row INSERT: what a bulk import uses to keep its write transaction short.
    Returns the number appended."""
    session.flush()  # entries added one by one before these come first
    head = _chain_head(session)
    rows = []
    for entry in entries:
        row = _entry_row(key, head, **entry)
        head = (row["seq"], row["mac"])
        rows.append(row)
    if rows:
        session.execute(insert(AuditEntry), rows)
        session.info[_HEAD] = head
    return len(rows)


def record_insert(
    session: Session,
    key: bytes,
    *,
    actor: Actor,
    row: Base,
    reason: str | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add ``row`` (if not yet added) and record an ``insert`` entry with its audited
    fields. The row is flushed first when a value is still to come from the database
    or a column default (its primary key, a creation time); a row whose values are all
    given (a link row of a bulk import) is not, so a bulk insert flushes once."""
    session.add(row)
    mapper = sa_inspect(row).mapper
    if any(
        getattr(row, column.key) is None
        and (
            column.default is not None
            or column.server_default is not None
            or column in mapper.primary_key
        )
        for column in mapper.columns
    ):
        session.flush()
    return append(
        session,
        key,
        actor=actor,
        action=INSERT,
        table=_table_of(row),
        record_id=_record_id(row),
        new=row_values(row),
        reason=reason,
        at=at,
    )


def insert_row(
    session: Session,
    key: bytes,
    *,
    actor: Actor,
    table: str,
    values: Mapping[str, Any],
    reason: str | None = None,
    at: datetime | None = None,
) -> None:
    """Insert one row of ``table`` from ``values`` (every column, primary key and
    defaults included) with its ``insert`` audit entry, as two Core INSERTs.

    The entry is the one :func:`record_insert` would write for the same row; this is its
    fast form for rows written often and never read back in the same operation (a mark):
    no ORM object, no flush of it, no identity look-up.
    """
    if session.new:
        session.flush()  # rows and entries added as objects come first, in order
    sql_table = Base.metadata.tables[table]
    columns = sql_table.columns
    new = {name: _normalize(columns[name], values.get(name)) for name in audited_fields(table)}
    record_id = "/".join(str(values[c.name]) for c in sql_table.primary_key.columns)
    entry = _entry_row(
        key,
        _chain_head(session),
        actor=actor,
        action=INSERT,
        table=table,
        record_id=record_id,
        new=new,
        reason=reason,
        at=at,
    )
    connection = connection_of(session)
    connection.execute(sql_table.insert(), dict(values))
    connection.execute(_ENTRY_INSERT, entry)
    session.info[_HEAD] = (entry["seq"], entry["mac"])


_ENTRY_INSERT = insert(AuditEntry)


def record_changes(
    session: Session,
    key: bytes,
    *,
    actor: Actor,
    row: Base,
    changes: Mapping[str, Any],
    reason: str | None = None,
    at: datetime | None = None,
) -> list[AuditEntry]:
    """Set several fields of ``row`` and record one ``update`` entry per field whose
    value actually changed (in the order given). All fields are set before the flush,
    so constraints spanning them (a submitted encounter has a submission time) hold."""
    table = _table_of(row)
    if table in APPEND_ONLY_AUDITED:
        raise ValueError(f"{table} rows are append-only: add a new row instead of changing one")
    columns = {c.name: c for c in _columns(table)}
    before: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in columns:
            raise ValueError(f"{table} has no column {name!r}")
        before[name] = _normalize(columns[name], getattr(row, name))
        setattr(row, name, value)
    session.flush()
    record_id = _record_id(row)
    entries = []
    for name, value in changes.items():
        after = _normalize(columns[name], value)
        if after != before[name]:
            entries.append(
                append(
                    session,
                    key,
                    actor=actor,
                    action=UPDATE,
                    table=table,
                    record_id=record_id,
                    field=name,
                    old=before[name],
                    new=after,
                    reason=reason,
                    at=at,
                )
            )
    return entries


def record_change(
    session: Session,
    key: bytes,
    *,
    actor: Actor,
    row: Base,
    field: str,
    new: Any,
    reason: str | None = None,
    at: datetime | None = None,
) -> AuditEntry | None:
    """Set one field of ``row`` and record the change; None when the value was the same."""
    entries = record_changes(
        session, key, actor=actor, row=row, changes={field: new}, reason=reason, at=at
    )
    return entries[0] if entries else None


def record_delete(
    session: Session,
    key: bytes,
    *,
    actor: Actor,
    row: Base,
    reason: str | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Delete ``row`` and record a ``delete`` entry holding what it was."""
    table = _table_of(row)
    if table in APPEND_ONLY_AUDITED:
        raise ValueError(f"{table} rows are append-only and are never deleted")
    old = row_values(row)
    record_id = _record_id(row)
    session.delete(row)
    session.flush()
    return append(
        session,
        key,
        actor=actor,
        action=DELETE,
        table=table,
        record_id=record_id,
        old=old,
        reason=reason,
        at=at,
    )


# --------------------------------------------------------------------------- verify


@dataclass(frozen=True)
class Checkpoint:
    """An entry noted down earlier (``"<seq>:<first hex digits of its mac>"``), to detect
    entries removed from the end of the log, which the chain alone cannot show."""

    seq: int
    mac_prefix: str

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        match = re.fullmatch(r"\s*(\d+)\s*:\s*([0-9a-fA-F]{8,64})\s*", text)
        if match is None:
            raise ValueError(
                f"{text!r} is not an audit checkpoint; write it as <entry number>:<mac>, "
                "e.g. 1234:3fa29c0d1e2b4f56 (as printed by verify)"
            )
        return cls(int(match.group(1)), match.group(2).lower())

    def __str__(self) -> str:
        return f"{self.seq}:{self.mac_prefix}"


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of :func:`verify`. ``problem`` is the first problem found."""

    ok: bool
    entries: int
    records_checked: int
    problem: str | None
    summary: str
    last_seq: int | None = None
    last_mac: str | None = None

    @property
    def checkpoint(self) -> Checkpoint | None:
        """The last entry as a checkpoint to note down (16 hex digits of its mac)."""
        if self.last_seq is None or self.last_mac is None:
            return None
        return Checkpoint(self.last_seq, self.last_mac[:16])


@dataclass
class _Chain:
    entries: int = 0
    last_seq: int | None = None
    last_mac: str | None = None
    problem: str | None = None


def _entry_fields(row: Any) -> dict[str, Any]:
    return {
        "seq": row.seq,
        "at": row.at,
        "actor_id": row.actor_id,
        "actor_name": row.actor_name,
        "action": row.action,
        "table_name": row.table_name,
        "record_id": row.record_id,
        "field": row.field,
        "old_json": row.old_json,
        "new_json": row.new_json,
        "reason": row.reason,
        "prev_mac": row.prev_mac,
    }


def _raw_entries(session: Session) -> Iterable[Any]:
    """All entries in seq order, with ``at`` as the text stored (what the MAC covers)."""
    t = AuditEntry.__table__
    statement = (
        select(*[type_coerce(c, String) if c.name == "at" else c for c in t.columns])
        .order_by(t.c.seq)
        .execution_options(yield_per=2000)
    )
    return session.execute(statement)


def _check_chain(session: Session, key: bytes) -> _Chain:
    chain = _Chain()
    expected, prev_mac = 1, GENESIS_MAC
    rows = iter(_raw_entries(session))
    for row in rows:
        chain.entries += 1
        seq = int(row.seq)
        if seq != expected:
            if seq < expected:
                chain.problem = f"entry {seq}: entry numbers must start at 1"
            elif expected == 1:
                chain.problem = f"entry 1: missing (the log starts at entry {seq})"
            else:
                chain.problem = (
                    f"entry {expected}: missing (the log goes from entry {expected - 1} "
                    f"to entry {seq})"
                )
            return chain
        if row.prev_mac != prev_mac:
            chain.problem = (
                "entry 1: prev_mac is not the start of a chain"
                if seq == 1
                else f"entry {seq}: prev_mac does not match the mac of entry {seq - 1}"
            )
            return chain
        if not hmac.compare_digest(compute_mac(key, _entry_fields(row)), str(row.mac)):
            if seq == 1 and not any(
                hmac.compare_digest(compute_mac(key, _entry_fields(r)), str(r.mac)) for r in rows
            ):
                chain.problem = (
                    "entry 1: mac does not verify, nor does any other entry's: the key is "
                    "not this database's audit key (or the whole log was replaced)"
                )
            else:
                chain.problem = (
                    f"entry {seq}: mac does not match the entry's contents (the entry was "
                    "altered, or written without the key)"
                )
            return chain
        chain.last_seq, chain.last_mac = seq, str(row.mac)
        prev_mac = str(row.mac)
        expected += 1
    return chain


def _check_checkpoint(session: Session, checkpoint: Checkpoint, chain: _Chain) -> str | None:
    mac = session.scalar(select(AuditEntry.mac).where(AuditEntry.seq == checkpoint.seq))
    if mac is None:
        return (
            f"entry {checkpoint.seq}: missing, although it was noted as a checkpoint; the "
            f"log now ends at entry {chain.last_seq or 0}, so entries were removed from its end"
        )
    if not mac.startswith(checkpoint.mac_prefix):
        return (
            f"entry {checkpoint.seq}: mac {mac[: len(checkpoint.mac_prefix)]} differs from "
            f"the noted checkpoint {checkpoint.mac_prefix}: the log was rewritten"
        )
    return None


@dataclass
class _Replayed:
    values: dict[str, Any]
    first_seq: int
    deleted_by: int | None = None


def _replay(session: Session) -> tuple[dict[tuple[str, str], _Replayed], str | None]:
    records: dict[tuple[str, str], _Replayed] = {}
    statement = (
        select(
            AuditEntry.seq,
            AuditEntry.action,
            AuditEntry.table_name,
            AuditEntry.record_id,
            AuditEntry.field,
            AuditEntry.old_json,
            AuditEntry.new_json,
        )
        .where(AuditEntry.action.in_([*_ROW_ACTIONS, *_LEGACY_INSERTS]))
        .where(AuditEntry.table_name.in_(list(REPLAYED_TABLES)))
        .order_by(AuditEntry.seq)
        .execution_options(yield_per=2000)
    )
    for seq, action, table, record_id, field, old_json, new_json in session.execute(statement):
        if action in _LEGACY_INSERTS:
            if table != _LEGACY_INSERTS[action]:
                continue
            action = INSERT
            new_json = _legacy_insert(record_id, new_json)
        rkey = (str(table), str(record_id))
        what = f"{table} {record_id}"
        record = records.get(rkey)
        live = record is not None and record.deleted_by is None
        try:
            old = None if old_json is None else json.loads(old_json)
            new = None if new_json is None else json.loads(new_json)
        except ValueError:
            return records, f"entry {seq}: old or new value is not JSON"
        if action != INSERT and table in APPEND_ONLY_AUDITED:
            return records, f"entry {seq}: {action}s {what}, but {table} rows are append-only"
        if action == INSERT:
            if live:
                assert record is not None
                return (
                    records,
                    f"entry {seq}: inserts {what}, already inserted by entry {record.first_seq}",
                )
            if not isinstance(new, dict):
                return records, f"entry {seq}: an insert without the new row"
            records[rkey] = _Replayed(values=new, first_seq=seq)
            continue
        if not live:
            return records, f"entry {seq}: {action}s {what}, which no earlier entry inserted"
        assert record is not None
        if action == UPDATE:
            known = record.values.get(str(field), old)
            if known != old:
                return records, (
                    f"entry {seq}: {what} {field} old={canonical_json(old)} but earlier "
                    f"entries give {canonical_json(known)}"
                )
            record.values[str(field)] = new
        else:
            record.deleted_by = seq
    return records, None


def _legacy_insert(record_id: object, new_json: str | None) -> str:
    """A ``candidate.add`` entry's payload as an insert of the fields it names."""
    try:
        new = json.loads(new_json) if new_json else {}
    except ValueError:
        new = None
    if not isinstance(new, dict):
        return "null"
    return canonical_json({"id": str(record_id), **new})


def _table_rows(session: Session, table: str) -> dict[str, dict[str, Any]]:
    """The audited fields of every row, read raw (time stamps as their stored text), by
    record id (the primary key's parts joined with ``/``, as entries name them)."""
    t = REPLAYED_TABLES[table].__table__
    names = audited_fields(table)
    columns = [t.c[name] for name in names]
    primary = list(sa_inspect(REPLAYED_TABLES[table]).primary_key)
    keys = [c.name for c in primary]
    select_list = [
        type_coerce(c, String) if isinstance(c.type, UtcDateTime) else c for c in columns
    ]
    result: dict[str, dict[str, Any]] = {}
    for row in session.execute(select(*select_list).order_by(*primary)):
        values = {
            name: _normalize(column, value)
            for name, column, value in zip(names, columns, row, strict=True)
        }
        result["/".join(str(values[k]) for k in keys)] = values
    return result


def _compare(session: Session, records: dict[tuple[str, str], _Replayed]) -> tuple[int, str | None]:
    tables = {name: _table_rows(session, name) for name in REPLAYED_TABLES}
    checked = sum(len(rows) for rows in tables.values())
    ordered = sorted(records.items(), key=lambda item: item[1].first_seq)
    for (table, record_id), record in ordered:
        what = f"record {table} {record_id}"
        db_row = tables[table].get(record_id)
        if record.deleted_by is not None:
            if db_row is not None:
                return (
                    checked,
                    f"{what}: still in the table, though entry {record.deleted_by} deleted it",
                )
            continue
        if db_row is None:
            return checked, f"{what}: missing from the table (entry {record.first_seq} inserted it)"
        for name in audited_fields(table):
            if name not in record.values:
                continue  # a column added after the entry was written
            db_value, replay_value = db_row[name], record.values[name]
            if canonical_json(db_value) != canonical_json(replay_value):
                return checked, (
                    f"{what}: {name} db={canonical_json(db_value)} "
                    f"replay={canonical_json(replay_value)}"
                )
    for table, rows in tables.items():
        for record_id in rows:
            if (table, record_id) not in records:
                return checked, f"record {table} {record_id}: no audit entry"
    return checked, None


def verify(db: Database, key: bytes, *, checkpoint: Checkpoint | None = None) -> VerifyResult:
    """Check the audit log of ``db`` with ``key``, in one read snapshot.

    (a) The chain: entries numbered 1, 2, 3... without gaps, each ``prev_mac`` equal to
    the previous ``mac``, each ``mac`` recomputed from the entry → first problem as
    ``"entry <seq>: <reason>"``. With a ``checkpoint`` noted earlier, that entry must
    still be there with the same mac (this catches entries removed from the end).
    (b) The replay: insert/update/delete entries of :data:`REPLAYED_TABLES` rebuilt and
    compared with the tables → ``"record <table> <id>: <field> db=<value> replay=<value>"``,
    or a row with no audit entry at all.
    """
    with db.read() as session:
        chain = _check_chain(session, key)
        problem = chain.problem
        if problem is None and checkpoint is not None:
            problem = _check_checkpoint(session, checkpoint, chain)
        records_checked = 0
        if problem is None:
            records, problem = _replay(session)
            if problem is None:
                records_checked, problem = _compare(session, records)
    if problem is not None:
        summary = f"audit log verification FAILED after {chain.entries} entries: {problem}"
        return VerifyResult(False, chain.entries, records_checked, problem, summary)
    if chain.last_seq is None or chain.last_mac is None:
        summary = f"audit log is empty; {records_checked} records checked"
    else:
        summary = (
            f"audit log OK: {chain.entries} entries, chain intact, {records_checked} records "
            f"match it. Last entry: {chain.last_seq}:{chain.last_mac[:16]} (full mac "
            f"{chain.last_mac}). Note it in the exam record: a later check against it "
            "shows whether entries were removed from the end."
        )
    return VerifyResult(
        True, chain.entries, records_checked, None, summary, chain.last_seq, chain.last_mac
    )
