"""Reading station definitions from YAML files, with problems a faculty author can fix.

A definition goes through three stages, and each reports every problem it finds with
the file, line and column it concerns (a :class:`~assessments.definitions.problems.Problem`):

1. **bytes to text** (:mod:`.text`): NUL bytes (not a text file), bytes that are not
   UTF-8, control characters YAML forbids;
2. **text to data** (:mod:`.yamltree`): YAML syntax (tabs, unclosed quotes, bad
   indentation), duplicate keys (YAML itself silently keeps the last one), unsupported
   tags, runaway aliases;
3. **data to definition**: the typed model (:mod:`assessments.definitions.model`) checks
   each value, its errors put in an author's words by :mod:`.explain` (which
   :mod:`.locate` helps find in the file), then :mod:`assessments.definitions.checks`
   checks what spans several values (duplicate ids, rules naming unknown items, bells
   after the end).

The YAML is composed once into a node tree (PyYAML's ``SafeLoader``, so every node
carries its start position) and the plain data is built from that tree, which is what
lets the loader notice duplicate keys and map any data path — keys and list indices, as
pydantic and the checks report them — back to a line and column. Nothing is parsed
twice. This module runs the stages on a text, a file or folders of files (found and read
by :mod:`.files`); :mod:`.library` loads the bundled stations.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from assessments.definitions.checks import check_definition
from assessments.definitions.explain import explain_validation
from assessments.definitions.files import (
    definition_files,
    missing_path_message,
    read_definition_file,
)
from assessments.definitions.model import StationDefinition
from assessments.definitions.problems import GUIDE, DataPath, DefinitionError, Problem, show_value
from assessments.definitions.text import decode
from assessments.definitions.yamltree import MAX_DEPTH, MAX_VALUES, Tree, compose
from common.messages import Message

__all__ = [
    "MAX_DEPTH",
    "MAX_VALUES",
    "DefinitionError",
    "Problem",
    "load_definition",
    "load_definition_text",
    "validate_paths",
]


# --------------------------------------------------------------------------- public API


def load_definition(path: str | os.PathLike[str]) -> StationDefinition:
    """Read and check one definition file. Raises :class:`DefinitionError` listing every
    problem found."""
    loaded = _load_file(Path(path), os.fspath(path))
    if loaded.problems or loaded.definition is None:
        raise DefinitionError(loaded.problems)
    return loaded.definition


def load_definition_text(text: str | bytes, path: str = "<string>") -> StationDefinition:
    """Check a definition given as text (or the raw bytes of a file); ``path`` names it
    in the problems. Raises :class:`DefinitionError`."""
    loaded = _load_text(text, path)
    if loaded.problems or loaded.definition is None:
        raise DefinitionError(loaded.problems)
    return loaded.definition


def validate_paths(
    paths: Iterable[str | os.PathLike[str]],
) -> tuple[list[tuple[Path, StationDefinition]], list[Problem]]:
    """Check files and folders of definitions (folders are searched recursively for
    ``*.yaml`` and ``*.yml``; hidden folders are skipped).

    Returns the valid definitions in file order and every problem, sorted. An id used by
    more than one file is a problem in each file after the first (which stays valid):
    an exam refers to stations by id.
    """
    problems: list[Problem] = []
    files: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for given in paths:
        shown = os.fspath(given)
        path = Path(given)
        if path.is_dir():
            found = definition_files(path)
            if not found:
                problems.append(
                    Problem(
                        shown,
                        None,
                        None,
                        "this folder holds no station definitions (no *.yaml or *.yml files "
                        "in it or its sub-folders): check the path",
                    )
                )
            candidates = found
        elif path.exists():
            candidates = [path]
        else:
            problems.append(Problem(shown, None, None, missing_path_message(path)))
            continue
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                files.append((candidate, os.fspath(candidate)))

    valid: list[tuple[Path, StationDefinition]] = []
    first_file_of_id: dict[str, str] = {}
    for file, shown in files:
        loaded = _load_file(file, shown)
        problems.extend(loaded.problems)
        defn = loaded.definition
        if defn is None or loaded.problems:
            continue
        first = first_file_of_id.get(defn.id)
        if first is not None:
            line, col = loaded.position(("id",))
            problems.append(
                Problem(
                    shown,
                    line,
                    col,
                    Message(
                        "id {id!r} is already used by {first}: each definition needs an id of "
                        "its own; rename one of them",
                        id=defn.id,
                        first=first,
                    ),
                )
            )
            continue
        first_file_of_id[defn.id] = shown
        valid.append((file, defn))
    return valid, sorted(problems)


def _load_file(path: Path, shown: str) -> _Loaded:
    data = read_definition_file(path, shown)
    if isinstance(data, Problem):
        return _Loaded.failed(data)
    return _load_text(data, shown)


# --------------------------------------------------------------------------- loading


@dataclass
class _Loaded:
    """What loading one text gave: the definition (None if it could not be built), the
    problems, and the composed YAML for positions."""

    definition: StationDefinition | None
    problems: list[Problem]
    tree: Tree | None = None

    @classmethod
    def failed(cls, problem: Problem) -> _Loaded:
        return cls(None, [problem])

    def position(self, path: DataPath) -> tuple[int | None, int | None]:
        if self.tree is None:
            return None, None
        return self.tree.position(path)


def _load_text(raw: str | bytes, path: str) -> _Loaded:
    text, problem = decode(raw, path)
    if text is None:
        assert problem is not None
        return _Loaded.failed(problem)
    tree, problems = compose(text, path)
    if tree is None:
        return _Loaded(None, problems)
    if not isinstance(tree.data, dict):
        line, col = tree.position(())
        what = (
            Message("a list")
            if isinstance(tree.data, list)
            else Message("only the value {value}", value=show_value(tree.data))
        )
        problems.append(
            Problem(
                path,
                line,
                col,
                Message(
                    "the file holds {what}, but a definition is a mapping of keys to values "
                    "('id: ...', 'title: ...' lines starting at the left margin): see {guide}",
                    what=what,
                    guide=GUIDE,
                ),
            )
        )
        return _Loaded(None, problems, tree)
    definition: StationDefinition | None = None
    try:
        definition = StationDefinition.model_validate(tree.data)
    except ValidationError as err:
        problems.extend(explain_validation(err, tree, path))
    except (TypeError, RecursionError) as err:  # pragma: no cover - a model bug, not the file's
        # A validator that fails other than with ValueError is a bug in the model; the
        # author still gets a message rather than a traceback.
        problems.append(
            Problem(
                path,
                None,
                None,
                f"the definition could not be checked ({err!r}): please report this",
            )
        )
    if definition is not None:
        for location, message in check_definition(definition):
            line, col = tree.position(location)
            problems.append(Problem(path, line, col, message))
    return _Loaded(definition, problems, tree)
