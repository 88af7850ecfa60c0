"""Device traces kept with an encounter or a practice attempt.

A trace is the CSV that :class:`devices.trace.TraceWriter` writes (format in
``docs/devices.md``). The station keeps its bytes **inline** in the database
(``device_traces.data``): a backup, a restore or a copy of the database file carries
the traces with it, and the audit entry of the row records the SHA-256 of the bytes,
so a trace changed afterwards no longer matches its entry. Rows written by other
tools with a ``path`` instead are read from that path, relative to the directory the
database file is in.

The encounter and practice services share the helpers here (a trace row, the metric
rows, the analysis of a CPR trace); the frozen values they return are
:class:`TraceInfo` (what the row says), :class:`StoredTrace` (with the bytes) and
:class:`CprRecord` (what ``record_cpr_trace`` stored). A CPR trace and the metrics
analysed from it are stored together, in one transaction, by
``services.encounters.record_cpr_trace`` and ``services.practice.record_cpr_trace``,
which share :func:`analyse_cpr_trace` and :func:`store_cpr_trace`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.metrics import DEVICE_METRICS
from station.i18n import _
from station.services.base import DEVICE_ACTOR, clean_text
from station.services.errors import InvalidInput, NotFound
from station.services.types import MarkInfo, PracticeInfo
from station.storage.audit import Actor as AuditActor
from station.storage.audit import record_insert
from station.storage.models import DeviceTrace, MetricValue, new_id

if TYPE_CHECKING:
    from devices.cpr.analysis import CprSummary
    from devices.trace import Trace

#: Largest trace accepted: a 500 Hz board recorded for an hour is about 60 MB of CSV.
MAX_TRACE_BYTES = 128 * 1024 * 1024
#: Longest device identity kept (model, firmware, serial number, URL).
MAX_IDENTITY = 2_000

TraceSource = bytes | str | os.PathLike[str]
"""A trace as the services take it: the CSV bytes, or the path of a CSV file."""


@dataclass(frozen=True)
class TraceInfo:
    """A stored device trace, without its bytes."""

    id: str
    encounter_id: str | None
    attempt_id: str | None
    device_identity: str
    sample_count: int
    size_bytes: int
    created_at: datetime


@dataclass(frozen=True)
class StoredTrace:
    """A stored device trace and its CSV bytes (``data.decode("utf-8")`` is the text)."""

    info: TraceInfo
    data: bytes


def trace_bytes(trace: TraceSource) -> bytes:
    """The CSV bytes of ``trace`` (bytes as they are; a path read from disk).

    Raises :class:`NotFound` for a missing file and :class:`InvalidInput` for one that
    is empty, too large or not UTF-8 text.
    """
    if isinstance(trace, bytes):
        data = trace
        shown = _("the trace")
    else:
        path = Path(trace)
        shown = str(path)
        try:
            size = path.stat().st_size
            if size > MAX_TRACE_BYTES:
                raise InvalidInput([_too_large(shown, size)])
            data = path.read_bytes()
        except FileNotFoundError:
            raise NotFound(_("{file}: no such trace file").format(file=shown)) from None
        except IsADirectoryError:
            raise InvalidInput(
                [_("{file} is a folder; give the trace CSV file").format(file=shown)]
            ) from None
        except OSError as error:
            raise NotFound(
                _("{file}: cannot read the trace ({reason})").format(
                    file=shown, reason=error.strerror
                )
            ) from None
    if not data:
        raise InvalidInput([_("{file} is empty; record the trace again").format(file=shown)])
    if len(data) > MAX_TRACE_BYTES:
        raise InvalidInput([_too_large(shown, len(data))])
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            [
                _("{file}: byte {offset} is not UTF-8 text; a trace is a CSV file").format(
                    file=shown, offset=error.start
                )
            ]
        ) from None
    return data


def add_trace(
    session: Session,
    key: bytes,
    *,
    actor: AuditActor,
    at: datetime,
    data: bytes,
    device_identity: str,
    sample_count: int,
    encounter_id: str | None = None,
    attempt_id: str | None = None,
) -> TraceInfo:
    """Insert a trace row for an encounter or an attempt, with its audit entry."""
    identity = clean_text(
        device_identity,
        _("the device identity"),
        required=True,
        limit=MAX_IDENTITY,
        hint=_("name the device (model, serial number or URL)"),
    )
    if isinstance(sample_count, bool) or not isinstance(sample_count, int) or sample_count < 0:
        raise InvalidInput(
            [
                _("sample count {count!r} must be a whole number, 0 or more").format(
                    count=sample_count
                )
            ]
        )
    row = DeviceTrace(
        id=new_id(),
        encounter_id=encounter_id,
        attempt_id=attempt_id,
        path=None,
        data=data,
        sample_count=sample_count,
        device_identity=identity,
        created_at=at,
    )
    record_insert(session, key, actor=actor, row=row, at=at)
    return trace_info(row, len(data))


def trace_info(row: DeviceTrace, size: int | None = None) -> TraceInfo:
    if size is None:
        size = len(row.data) if row.data is not None else 0
    return TraceInfo(
        id=row.id,
        encounter_id=row.encounter_id,
        attempt_id=row.attempt_id,
        device_identity=row.device_identity,
        sample_count=row.sample_count,
        size_bytes=size,
        created_at=row.created_at,
    )


def trace_rows(
    session: Session, *, encounter_id: str | None = None, attempt_id: str | None = None
) -> list[DeviceTrace]:
    """The traces of an encounter or an attempt, oldest first."""
    query = select(DeviceTrace)
    if encounter_id is not None:
        query = query.where(DeviceTrace.encounter_id == encounter_id)
    else:
        query = query.where(DeviceTrace.attempt_id == attempt_id)
    return list(session.scalars(query.order_by(DeviceTrace.created_at, DeviceTrace.id)))


def load_trace(row: DeviceTrace, database_path: Path) -> StoredTrace:
    """The row with its bytes (inline, or read from its path beside the database)."""
    if row.data is not None:
        return StoredTrace(trace_info(row, len(row.data)), bytes(row.data))
    assert row.path is not None  # the path_or_data constraint
    path = Path(row.path)
    if not path.is_absolute():
        path = database_path.parent / path
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NotFound(
            _(
                "{file}: the trace file of this record cannot be read ({reason}); restore it "
                "from the backup it was saved with"
            ).format(file=path, reason=error.strerror)
        ) from None
    return StoredTrace(trace_info(row, len(data)), data)


def _too_large(shown: str, size: int) -> str:
    return _("{file}: {size} bytes is larger than a trace can be ({limit})").format(
        file=shown, size=size, limit=MAX_TRACE_BYTES
    )


def check_metrics(metrics: Mapping[str, float | None]) -> dict[str, float]:
    """The metrics that have a value, checked against :data:`DEVICE_METRICS`."""
    problems: list[str] = []
    values: dict[str, float] = {}
    for name, raw in metrics.items():
        info = DEVICE_METRICS.get(name)
        if info is None:
            problems.append(
                _("unknown device metric {name!r}; the metrics are: {metrics}").format(
                    name=name, metrics=", ".join(DEVICE_METRICS)
                )
            )
            continue
        if raw is None:
            continue
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            problems.append(
                _("metric {name!r} has the value {value!r}, which is not a number").format(
                    name=name, value=raw
                )
            )
            continue
        number = float(raw)
        if math.isnan(number):
            continue  # the device had no reading
        if (
            not math.isfinite(number)
            or number < info.minimum
            or (info.maximum is not None and number > info.maximum)
        ):
            if info.maximum is None:
                message = _("metric {name!r} = {value} is outside its range ({low} {unit} and up)")
            else:
                message = _(
                    "metric {name!r} = {value} is outside its range ({low} to {high} {unit})"
                )
            problems.append(
                message.format(
                    name=name,
                    value=f"{number:g}",
                    low=f"{info.minimum:g}",
                    high=f"{info.maximum:g}" if info.maximum is not None else "",
                    unit=info.unit,
                )
            )
            continue
        values[name] = number
    if problems:
        raise InvalidInput(problems)
    return values


def parse_stored_trace(stored: StoredTrace) -> Trace | None:
    """The samples of a stored trace, or None for a trace that cannot be read."""
    from devices.trace import TraceError, parse_trace

    try:
        return parse_trace(stored.data)
    except TraceError:
        return None


def add_metrics(
    session: Session,
    key: bytes,
    values: Mapping[str, float],
    *,
    at: datetime,
    encounter_id: str | None = None,
    attempt_id: str | None = None,
) -> None:
    """Insert a device's metrics (checked values) for an encounter or an attempt, each
    row audited under the ``device`` actor."""
    for name, number in values.items():
        row = MetricValue(
            id=new_id(),
            encounter_id=encounter_id,
            attempt_id=attempt_id,
            name=name,
            value=number,
            recorded_at=at,
        )
        record_insert(session, key, actor=DEVICE_ACTOR, row=row, at=at)


@dataclass(frozen=True)
class CprAnalysis:
    """A CPR trace read and analysed, ready to be stored with its metrics."""

    data: bytes
    samples: int
    summary: CprSummary
    #: The metrics to store (names of ``DEVICE_METRICS``; those without a value left out).
    values: dict[str, float]
    #: The name of the CPR targets used (``adult``, ``child``, ``infant``).
    profile: str


@dataclass(frozen=True)
class CprRecord:
    """What ``record_cpr_trace`` stored."""

    #: The trace's row (None for a trace without samples, which is not kept).
    trace: TraceInfo | None
    #: The analysis of the stored trace: the stored metrics are its figures.
    summary: CprSummary
    #: The metrics stored (names of ``DEVICE_METRICS``; those without a value left out).
    metrics: dict[str, float]
    #: An encounter's device items marked from the metrics.
    marks: tuple[MarkInfo, ...]
    #: A practice attempt, completed.
    attempt: PracticeInfo | None


def analyse_cpr_trace(trace: TraceSource, profile: str | None) -> CprAnalysis:
    """Read a feedback device's trace (the CSV bytes, or the path of the CSV) and
    analyse it against the CPR targets ``profile`` (default ``adult``); bad input is
    :class:`InvalidInput`. Runs outside any transaction: the analysis of an hour's trace
    must not hold the write lock."""
    from devices.cpr.analysis import analyze_trace
    from devices.cpr.profiles import PROFILES, get_profile
    from devices.trace import TraceError, parse_trace

    data = trace_bytes(trace)
    try:
        parsed = parse_trace(data, _("the trace"))
    except TraceError as error:
        raise InvalidInput([str(error)]) from None
    try:
        targets = get_profile(profile or "adult")
    except ValueError:
        raise InvalidInput(
            [
                _("no CPR profile {profile!r}; choose one of {known}").format(
                    profile=profile, known=", ".join(PROFILES)
                )
            ]
        ) from None
    summary = analyze_trace(parsed, targets)
    figures = summary.as_dict()
    values = check_metrics({k: _number(figures.get(k)) for k in DEVICE_METRICS})
    return CprAnalysis(data, len(parsed.samples), summary, values, targets.name)


def store_cpr_trace(
    session: Session,
    key: bytes,
    analysis: CprAnalysis,
    device_identity: str,
    *,
    at: datetime,
    encounter_id: str | None = None,
    attempt_id: str | None = None,
) -> TraceInfo | None:
    """Insert the trace (unless it has no samples) and its metrics, inside the caller's
    write transaction; returns the trace's row."""
    info = None
    if analysis.samples:
        info = add_trace(
            session,
            key,
            actor=DEVICE_ACTOR,
            at=at,
            data=analysis.data,
            device_identity=device_identity,
            sample_count=analysis.samples,
            encounter_id=encounter_id,
            attempt_id=attempt_id,
        )
    add_metrics(
        session, key, analysis.values, at=at, encounter_id=encounter_id, attempt_id=attempt_id
    )
    return info


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
