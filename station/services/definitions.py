"""Station definitions in the database: imported once per version, then frozen.

A definition row never changes (a trigger refuses UPDATE), and an exam station points
at one exact row, so a result can always be re-scored against the checklist the
examiner saw. Importing the same station id and version again is harmless when the
content is the same (the stored row is returned); with other content it is refused:
a changed station needs a new version number.

"The same content" means the same validated definition (its canonical JSON), so a
re-indented file or an edited comment is not a new version.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.definitions.library import bundled_library_dir
from assessments.definitions.loader import DefinitionError, load_definition_text
from assessments.definitions.model import StationDefinition
from station.auth.permissions import Action, Actor
from station.i18n import _
from station.services.base import ServiceBase
from station.services.errors import Conflict, InvalidInput, NotFound
from station.services.types import DefinitionInfo, DefinitionRef
from station.storage.audit import Actor as AuditActor
from station.storage.audit import record_insert
from station.storage.models import (
    Definition,
    Exam,
    ExamStation,
    content_hash,
    definition_json,
    definition_row,
)

_SUFFIXES = (".yaml", ".yml")


def version_key(version: str) -> tuple[int, ...]:
    """A definition version as numbers for comparing: "1.10" is after "1.9"."""
    parts = [int(p) for p in version.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def next_version(version: str) -> str:
    """The version an author would bump to: the last number plus one ("1.2" → "1.3")."""
    parts = version.split(".")
    parts[-1] = str(int(parts[-1]) + 1)
    return ".".join(parts)


def definition_info(row: Definition, *, created: bool = False) -> DefinitionInfo:
    return DefinitionInfo(
        id=row.id,
        station_key=row.station_key,
        version=row.version,
        kind=row.kind,
        title=row.title,
        language=row.language,
        content_hash=row.content_hash,
        created=created,
    )


def _parse(raw: bytes | str, shown: str) -> tuple[StationDefinition, str]:
    """Validate a definition; return it with its source text."""
    try:
        model = load_definition_text(raw, path=shown)
    except DefinitionError as err:
        raise InvalidInput(
            [str(p) for p in err.problems],
            summary=_("{file} is not a valid station definition").format(file=shown),
        ) from err
    text = raw if isinstance(raw, str) else raw.decode("utf-8-sig")
    return model, text


def read_definition_source(path_or_text: str | os.PathLike[str]) -> tuple[StationDefinition, str]:
    """A validated definition and its YAML text, from a file path or from YAML text
    (a string with a line break in it is taken as the text itself)."""
    if isinstance(path_or_text, str) and "\n" in path_or_text:
        return _parse(path_or_text, _("<definition text>"))
    path = Path(path_or_text)
    shown = os.fspath(path_or_text)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(
            _("{file}: no such file; check the path of the definition").format(file=shown)
        ) from None
    except IsADirectoryError:
        raise InvalidInput(
            [_("{file}: this is a folder; give a definition file (.yaml)").format(file=shown)]
        ) from None
    except OSError as err:
        raise InvalidInput(
            [
                _("{file}: cannot read the file ({reason}); check its permissions").format(
                    file=shown, reason=err.strerror or err
                )
            ]
        ) from err
    return _parse(raw, shown)


def bundled_source(station_key: str) -> tuple[StationDefinition, str] | None:
    """The bundled definition with id ``station_key`` and its text, or None."""
    folder = bundled_library_dir()
    if not folder.is_dir():
        return None
    named = [folder / f"{station_key}{suffix}" for suffix in _SUFFIXES]
    others = sorted(p for p in folder.iterdir() if p.suffix in _SUFFIXES and p not in named)
    for path in [p for p in named if p.is_file()] + others:
        model, text = _parse(path.read_bytes(), os.fspath(path))
        if model.id == station_key:
            return model, text
    return None


def bundled_keys() -> list[str]:
    """The ids of the bundled stations, as their file names give them."""
    folder = bundled_library_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.iterdir() if p.suffix in _SUFFIXES)


def looks_like_path(spec: str) -> bool:
    """Whether a station given on the command line is a file rather than a station id."""
    return spec.endswith(_SUFFIXES) or os.sep in spec or "/" in spec or Path(spec).is_file()


class DefinitionServices(ServiceBase):
    """Importing and finding station definitions."""

    def import_definition(
        self, actor: Actor, path_or_text: str | os.PathLike[str]
    ) -> DefinitionInfo:
        """Validate and store a definition (a YAML file, or YAML text).

        The same id, version and content as a stored row returns that row
        (``created=False``); the same id and version with other content raises
        :class:`Conflict`; an invalid definition raises :class:`InvalidInput` listing
        every problem as ``file:line:column: message``.
        """
        model, text = read_definition_source(path_or_text)
        with self.db.write() as session:
            audit_actor = self._authorize(session, actor, Action.IMPORT_DEFINITION)
            row, created = store_definition(
                session, self.audit_key, self.now(), audit_actor, model, text
            )
            return definition_info(row, created=created)

    def bundled_definition(self, actor: Actor, station_key: str) -> DefinitionInfo:
        """Store a station of the bundled library (idempotent, like
        :meth:`import_definition`)."""
        with self.db.write() as session:
            audit_actor = self._authorize(session, actor, Action.IMPORT_DEFINITION)
            found = bundled_source(station_key)
            if found is None:
                raise NotFound(_no_station_message(station_key))
            row, created = store_definition(
                session, self.audit_key, self.now(), audit_actor, *found
            )
            return definition_info(row, created=created)

    def definitions(self, actor: Actor) -> list[DefinitionInfo]:
        """Every stored definition version, by station id then version (coordinators)."""
        with self.db.read() as session:
            self._authorize(session, actor, Action.IMPORT_DEFINITION)
            rows = list(session.scalars(select(Definition)))
        rows.sort(key=lambda r: (r.station_key, version_key(r.version)))
        return [definition_info(r) for r in rows]


def store_definition(
    session: Session,
    audit_key: bytes,
    at: datetime,
    audit_actor: AuditActor,
    model: StationDefinition,
    text: str,
) -> tuple[Definition, bool]:
    existing = session.scalar(
        select(Definition).where(
            Definition.station_key == model.id, Definition.version == model.version
        )
    )
    if existing is not None:
        if existing.content_hash == content_hash(definition_json(model)):
            return existing, False
        used_by = list(
            session.scalars(
                select(Exam.code)
                .join(ExamStation, ExamStation.exam_id == Exam.id)
                .where(ExamStation.definition_id == existing.id)
                .order_by(Exam.code)
            )
        )
        if used_by:
            message = _(
                "station {station!r} version {version} is already stored with other "
                "content and used by exam {exams}; a stored version never changes, so "
                'bump the version (e.g. version: "{next}") and import it again'
            )
        else:
            message = _(
                "station {station!r} version {version} is already stored with other "
                "content; a stored version never changes, so bump the version "
                '(e.g. version: "{next}") and import it again'
            )
        raise Conflict(
            message.format(
                station=model.id,
                version=model.version,
                exams=", ".join(used_by),
                next=next_version(model.version),
            )
        )
    row = definition_row(model, text, created_at=at)
    record_insert(session, audit_key, actor=audit_actor, row=row, at=row.created_at)
    return row, True


def resolve_definition(
    session: Session,
    audit_key: bytes,
    at: datetime,
    audit_actor: AuditActor,
    spec: str | DefinitionRef,
) -> Definition:
    """The definition row a station given to :meth:`create_exam` means.

    - a :class:`DefinitionRef`: that exact stored version;
    - a path to a YAML file: the file, imported (idempotent);
    - a station id: the highest version among the stored ones and the bundled
      library's (which is imported if it is the highest).
    """
    if isinstance(spec, DefinitionRef):
        row = session.scalar(
            select(Definition).where(
                Definition.station_key == spec.station_key,
                Definition.version == spec.version,
            )
        )
        if row is None:
            raise NotFound(
                _(
                    "station {station!r} version {version} is not in the database; import it first"
                ).format(station=spec.station_key, version=spec.version)
            )
        return row
    if looks_like_path(spec):
        model, text = read_definition_source(spec)
        return store_definition(session, audit_key, at, audit_actor, model, text)[0]
    stored = list(session.scalars(select(Definition).where(Definition.station_key == spec)))
    newest = max(stored, key=lambda r: version_key(r.version), default=None)
    bundled = bundled_source(spec)
    if bundled is not None and (
        newest is None or version_key(bundled[0].version) > version_key(newest.version)
    ):
        return store_definition(session, audit_key, at, audit_actor, *bundled)[0]
    if newest is None:
        raise NotFound(_no_station_message(spec))
    return newest


def _no_station_message(station_key: str) -> str:
    keys = bundled_keys()
    if keys:
        message = _(
            "there is no station {station!r} in the database or the bundled library (bundled "
            "stations: {keys}); give a bundled id, or the path of a YAML definition"
        )
    else:
        message = _(
            "there is no station {station!r} in the database or the bundled library (no "
            "stations are bundled); give a bundled id, or the path of a YAML definition"
        )
    return message.format(station=station_key, keys=", ".join(keys))
