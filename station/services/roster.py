"""Importing an exam's candidate roster from a CSV file.

The file is what a spreadsheet writes with "CSV UTF-8": UTF-8 text (a byte-order mark
is fine), commas between values, double quotes around a value holding a comma. Its
first line names the columns, in any order, with case and surrounding spaces ignored:
``candidate_id``, ``family_name`` and ``given_name`` are required, ``email`` and
``group`` optional. Any other column is an error (a misspelt optional column would
otherwise be dropped silently).

The import is all or nothing. Every problem is reported, one per line, as
``roster.csv:7: <what is wrong> — <what to do>``, and nothing is stored until the
whole file is right, so a roster is never half imported.

A candidate's ``candidate_id`` is their id across exams. Importing a candidate who is
already in the database with the same details enters them for this exam; with other
details it is an error on that row (two people would otherwise share one id).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station.auth.permissions import Action, Actor, Context
from station.i18n import _
from station.services.base import ServiceBase
from station.services.csv_input import csv_records, decode_csv, line_of, read_csv_file
from station.services.errors import Conflict, InvalidInput
from station.services.types import RosterResult
from station.storage.audit import (
    INSERT,
    PreparedEntry,
    append,
    append_prepared,
    insert_values,
    prepare_entries,
)
from station.storage.audit import Actor as AuditActor
from station.storage.models import (
    AuditEntry,
    Candidate,
    Exam,
    ExamCandidate,
    ExamStatus,
    format_utc,
    new_id,
)

REQUIRED_COLUMNS = ("candidate_id", "family_name", "given_name")
OPTIONAL_COLUMNS = ("email", "group")
_ALL_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
#: Enough to catch a typing slip (no @, a space, no dot in the domain); the address is
#: not checked further because only the candidate's institution can confirm it.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_LIMITS = {"candidate_id": 64, "family_name": 200, "given_name": 200, "email": 320, "group": 120}


@dataclass(frozen=True)
class RosterRow:
    """One candidate line of a roster file (``line`` is where the record starts)."""

    line: int
    candidate_id: str
    family_name: str
    given_name: str
    email: str | None
    group: str | None


def _header(cells: list[str], shown: str, line: int) -> tuple[list[str], list[str]]:
    """The column names of the header row, and the problems with it."""
    names = [cell.strip().lower() for cell in cells]
    problems: list[str] = []
    if len(names) == 1 and ";" in names[0]:
        return names, [
            _(
                "{file}:{line}: the values are separated by semicolons, not commas — "
                "save the file as 'CSV UTF-8 (comma delimited)' and import it again"
            ).format(file=shown, line=line)
        ]
    unknown = [
        cell.strip() for cell, name in zip(cells, names, strict=True) if name not in _ALL_COLUMNS
    ]
    if unknown:
        template = (
            _(
                "{file}:{line}: unknown columns {unknown} — the columns are {required} and "
                "optionally {optional}; remove or rename the others"
            )
            if len(unknown) > 1
            else _(
                "{file}:{line}: unknown column {unknown} — the columns are {required} and "
                "optionally {optional}; remove or rename the others"
            )
        )
        problems.append(
            template.format(
                file=shown,
                line=line,
                unknown=", ".join(repr(u) for u in unknown),
                required=", ".join(REQUIRED_COLUMNS),
                optional=(" " + _("and") + " ").join(OPTIONAL_COLUMNS),
            )
        )
    repeated = sorted({n for n in names if names.count(n) > 1 and n in _ALL_COLUMNS})
    if repeated:
        problems.append(
            _("{file}:{line}: column {columns} appears more than once — keep one").format(
                file=shown, line=line, columns=", ".join(repeated)
            )
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        problems.append(
            _(
                "{file}:{line}: the header lacks {missing} — the first line must name the "
                "columns: {columns}"
            ).format(
                file=shown,
                line=line,
                missing=", ".join(missing),
                columns=",".join(REQUIRED_COLUMNS) + "[,email,group]",
            )
        )
    return names, problems


def _check_row(
    values: dict[str, str], shown: str, line: int, first_line: dict[str, int]
) -> tuple[RosterRow | None, list[str]]:
    problems: list[str] = []
    where = f"{shown}:{line}"
    for column, limit in _LIMITS.items():
        value = values.get(column, "")
        if len(value) > limit:
            problems.append(
                _("{where}: {column} is {length} characters long — shorten it to {limit}").format(
                    where=where, column=column, length=len(value), limit=limit
                )
            )
        if any(ord(ch) < 32 for ch in value):
            problems.append(
                _(
                    "{where}: {column} contains a line break or control character — remove it"
                ).format(where=where, column=column)
            )
    number = values["candidate_id"]
    if not number:
        problems.append(
            _("{where}: candidate_id is empty — give every candidate an id").format(where=where)
        )
    elif number in first_line:
        problems.append(
            _(
                "{where}: candidate_id {number!r} is also on line {first} — give each "
                "candidate their own id, or remove the repeated line"
            ).format(where=where, number=number, first=first_line[number])
        )
    else:
        first_line[number] = line
    if not values["family_name"]:
        problems.append(
            _("{where}: family_name is empty — give the candidate's family name").format(
                where=where
            )
        )
    email = values.get("email", "")
    if email and not _EMAIL.match(email):
        problems.append(
            _(
                "{where}: email {email!r} is not an email address — correct it, or leave the "
                "cell empty"
            ).format(where=where, email=email)
        )
    if problems:
        return None, problems
    return (
        RosterRow(
            line=line,
            candidate_id=number,
            family_name=values["family_name"],
            given_name=values["given_name"],
            email=email or None,
            group=values.get("group") or None,
        ),
        [],
    )


def parse_roster(raw: bytes, shown: str) -> tuple[list[RosterRow], list[str]]:
    """The candidates of a roster file and every problem found, in file order.
    ``shown`` is the file name as the messages give it."""
    text, problems = decode_csv(raw, shown)
    if text is None:
        return [], problems
    names: list[str] | None = None
    rows: list[RosterRow] = []
    first_line: dict[str, int] = {}
    for start, cells in csv_records(text, shown, problems):
        if names is None:
            names, header_problems = _header(cells, shown, start)
            if header_problems:
                return [], header_problems
            continue
        if len(cells) != len(names):
            template = (
                _(
                    "{file}:{line}: 1 value, but the header has {columns} columns — check for "
                    "a missing or extra comma (a value holding a comma must be in double quotes)"
                )
                if len(cells) == 1
                else _(
                    "{file}:{line}: {count} values, but the header has {columns} columns — check "
                    "for a missing or extra comma (a value holding a comma must be in double "
                    "quotes)"
                )
            )
            problems.append(
                template.format(file=shown, line=start, count=len(cells), columns=len(names))
            )
            continue
        values = {name: cell.strip() for name, cell in zip(names, cells, strict=True)}
        row, row_problems = _check_row(values, shown, start, first_line)
        problems.extend(row_problems)
        if row is not None:
            rows.append(row)
    if names is None:
        problems.append(
            _(
                "{file}: the file is empty — its first line names the columns ({columns}), "
                "then one line per candidate"
            ).format(file=shown, columns=",".join(REQUIRED_COLUMNS) + "[,email,group]")
        )
    elif not rows and not problems:
        problems.append(
            _("{file}: there are no candidates under the header — add one per line").format(
                file=shown
            )
        )
    return rows, problems


def _details(candidate: Candidate) -> tuple[str, str, str | None, str | None]:
    return (
        candidate.family_name,
        candidate.given_name,
        candidate.email,
        candidate.group_name,
    )


def _describe(details: tuple[str, str, str | None, str | None]) -> str:
    family, given, email, group = details
    text = f"{family}, {given}" if given else family
    if email:
        text += f" <{email}>"
    if group:
        text += " " + _("(group {group})").format(group=group)
    return text


@dataclass
class _Plan:
    """What a roster import will write, worked out from one snapshot of the database:
    the problems against stored candidates, the rows of ``candidates`` and
    ``exam_candidates`` to insert (column values in :data:`_CANDIDATE_COLUMNS` and
    :data:`_LINK_COLUMNS` order) and their audit entries, prepared."""

    problems: list[str]
    new_candidates: list[tuple[object, ...]]
    links: list[tuple[str, str]]
    entries: list[PreparedEntry]
    added: list[str]
    enrolled: list[str]
    already: list[str]


_CANDIDATE_COLUMNS = (
    "id", "candidate_number", "family_name", "given_name", "email", "group_name", "created_at",
)  # fmt: skip
_LINK_COLUMNS = ("exam_id", "candidate_id")
#: Tables a concurrent change to which makes a prepared roster import stale.
_ROSTER_TABLES = ("candidates", "exam_candidates")


def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


class RosterServices(ServiceBase):
    """Candidate rosters."""

    def import_roster(
        self, actor: Actor, exam_code: str, csv_path: str | os.PathLike[str]
    ) -> RosterResult:
        """Enter the candidates of a roster file for an exam, all or none.

        Raises :class:`InvalidInput` listing every problem (``roster.csv:7: ...``) and
        stores nothing when any row is wrong; :class:`NotFound` when the file is missing.
        Rows already entered for the exam with the same details change nothing.

        The write lock other stations wait for is held only to insert: the file is read
        and checked, the rows and their audit entries (hashes included) worked out from a
        snapshot of the database, before the write transaction; inside it, the snapshot
        is checked still to hold (no roster change since), else worked out again there.
        """
        shown = os.fspath(csv_path)
        with self.db.read() as session:
            self._roster_exam(session, actor, exam_code)
        # Read and parse the file before the write transaction: a slow or hostile file
        # (a FIFO, a huge file) must never hold the write lock other stations wait for.
        raw = read_csv_file(
            shown,
            missing=_("{file}: no such file — check the path of the roster"),
            folder=_("{file}: this is a folder — give the roster's CSV file"),
        )
        rows, problems = parse_roster(raw, shown)
        now = self.now()
        with self.db.read() as session:
            exam, audit_actor = self._roster_exam(session, actor, exam_code)
            seen_seq = _head_seq(session)
            plan = self._plan(session, exam.id, rows, shown, now, audit_actor)
        with self.db.write() as session:
            exam, audit_actor = self._roster_exam(session, actor, exam_code)
            if exam.status == ExamStatus.CLOSED.value:
                raise Conflict(
                    _("exam {exam!r} is closed; its roster can no longer change").format(
                        exam=exam.code
                    )
                )
            if _roster_changed_since(session, seen_seq):
                # Another program changed candidates meanwhile: work it out again here.
                plan = self._plan(session, exam.id, rows, shown, now, audit_actor)
            if problems or plan.problems:
                every = sorted([*problems, *plan.problems], key=line_of)
                raise InvalidInput(
                    every,
                    summary=_("{file}: nothing was imported; fix these and try again").format(
                        file=shown
                    ),
                )
            # Multi-row INSERTs of values worked out beforehand: the write lock is held
            # for a moment, not a minute.
            connection = session.connection()
            if plan.new_candidates:
                connection.exec_driver_sql(
                    _insert_sql("candidates", _CANDIDATE_COLUMNS), plan.new_candidates
                )
            if plan.links:
                connection.exec_driver_sql(
                    _insert_sql("exam_candidates", _LINK_COLUMNS), plan.links
                )
            append_prepared(session, plan.entries)
            append(
                session,
                self.audit_key,
                actor=audit_actor,
                action="roster.import",
                table="exams",
                record_id=exam.id,
                new={
                    "file": Path(shown).name,
                    "rows": len(rows),
                    "added": len(plan.added),
                    "enrolled": len(plan.enrolled),
                },
                at=now,
            )
            return RosterResult(
                exam.code, tuple(plan.added), tuple(plan.enrolled), tuple(plan.already)
            )

    def _roster_exam(
        self, session: Session, actor: Actor, exam_code: str
    ) -> tuple[Exam, AuditActor]:
        """The exam whose roster ``actor`` imports, and the actor as audited, once the
        permission is checked."""
        exam = self._exam(session, exam_code)
        audit_actor = self._authorize(
            session, actor, Action.IMPORT_ROSTER, Context(exam_id=exam.id, exam_name=exam.code)
        )
        return exam, audit_actor

    def _plan(
        self,
        session: Session,
        exam_id: str,
        rows: list[RosterRow],
        shown: str,
        now: datetime,
        audit_actor: AuditActor,
    ) -> _Plan:
        """Work out what importing ``rows`` writes, from what ``session`` sees."""
        existing = {
            c.candidate_number: c
            for c in session.scalars(
                select(Candidate).where(
                    Candidate.candidate_number.in_([r.candidate_id for r in rows])
                )
            )
        }
        problems: list[str] = []
        for row in rows:
            known = existing.get(row.candidate_id)
            given = (row.family_name, row.given_name, row.email, row.group)
            if known is not None and _details(known) != given:
                problems.append(
                    _(
                        "{file}:{line}: candidate {number!r} is already in the database "
                        "as {stored}, not {given} — use the stored details, or give this "
                        "person another id"
                    ).format(
                        file=shown,
                        line=row.line,
                        number=row.candidate_id,
                        stored=_describe(_details(known)),
                        given=_describe(given),
                    )
                )
        plan = _Plan(problems, [], [], [], [], [], [])
        if problems:
            return plan
        enrolled_ids = set(
            session.scalars(
                select(ExamCandidate.candidate_id).where(ExamCandidate.exam_id == exam_id)
            )
        )
        stamp = format_utc(now)
        entries: list[dict[str, object]] = []
        for row in rows:
            known = existing.get(row.candidate_id)
            candidate_id = known.id if known is not None else new_id()
            if known is None:
                values: dict[str, object] = {
                    "id": candidate_id,
                    "candidate_number": row.candidate_id,
                    "family_name": row.family_name,
                    "given_name": row.given_name,
                    "email": row.email,
                    "group_name": row.group,
                    "created_at": now,
                }
                plan.new_candidates.append(
                    tuple(stamp if c == "created_at" else values[c] for c in _CANDIDATE_COLUMNS)
                )
                # The audit log names candidates by id and number only: the name,
                # e-mail and group are audited as their SHA-256 (replayed by verify).
                entries.append(
                    {
                        "actor": audit_actor,
                        "action": INSERT,
                        "table": "candidates",
                        "record_id": candidate_id,
                        "new": insert_values("candidates", values),
                        "at": now,
                    }
                )
                plan.added.append(row.candidate_id)
            if candidate_id in enrolled_ids:
                plan.already.append(row.candidate_id)
                continue
            plan.links.append((exam_id, candidate_id))
            entries.append(
                {
                    "actor": audit_actor,
                    "action": INSERT,
                    "table": "exam_candidates",
                    "record_id": f"{exam_id}/{candidate_id}",
                    "new": insert_values(
                        "exam_candidates", {"exam_id": exam_id, "candidate_id": candidate_id}
                    ),
                    "at": now,
                }
            )
            enrolled_ids.add(candidate_id)
            plan.enrolled.append(row.candidate_id)
        # In key order, the rows go into the tables' and the log's indexes in order:
        # the inserts under the lock take about a third less time than in file order.
        plan.new_candidates.sort()
        plan.links.sort()
        entries.sort(key=lambda e: (str(e["table"]), str(e["record_id"])))
        plan.entries = prepare_entries(self.audit_key, entries)
        return plan


def _head_seq(session: Session) -> int:
    """The sequence number of the newest audit entry (0 without one)."""
    return int(session.scalar(select(func.max(AuditEntry.seq))) or 0)


def _roster_changed_since(session: Session, seq: int) -> bool:
    """Whether a candidate or an exam's roster changed after audit entry ``seq``: every
    change to them is audited (``audit verify`` replays both tables)."""
    return (
        session.scalar(
            select(AuditEntry.seq)
            .where(AuditEntry.seq > seq, AuditEntry.table_name.in_(_ROSTER_TABLES))
            .limit(1)
        )
        is not None
    )
