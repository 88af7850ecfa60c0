"""The stations that ship with SkillStation (``assessments/library``)."""

from __future__ import annotations

from pathlib import Path

from assessments.definitions.loader import validate_paths
from assessments.definitions.model import StationDefinition
from assessments.definitions.problems import DefinitionError


def bundled_library_dir() -> Path:
    """The folder of the stations that ship with SkillStation (``assessments/library``)."""
    return Path(__file__).resolve().parent.parent / "library"


def load_library(directory: Path | None = None) -> dict[str, StationDefinition]:
    """Every definition in ``directory`` (the bundled library by default), by id, in id
    order. Raises :class:`DefinitionError` when any file has a problem."""
    folder = bundled_library_dir() if directory is None else directory
    definitions, problems = validate_paths([folder])
    if problems:
        raise DefinitionError(problems)
    return {defn.id: defn for defn in sorted((d for _, d in definitions), key=lambda d: d.id)}
