"""Reading station definitions from YAML files, with problems a faculty author can fix.

A definition goes through three stages, and each reports every problem it finds with
the file, line and column it concerns:

1. **bytes to text**: NUL bytes (not a text file), bytes that are not UTF-8, control
   characters YAML forbids;
2. **text to data**: YAML syntax (tabs, unclosed quotes, bad indentation), duplicate keys
   (YAML itself silently keeps the last one), unsupported tags, runaway aliases;
3. **data to definition**: the typed model (:mod:`assessments.definitions.model`) checks
   each value, then :mod:`assessments.definitions.checks` checks what spans several
   values (duplicate ids, rules naming unknown items, bells after the end).

The YAML is composed once into a node tree (PyYAML's ``SafeLoader``, so every node
carries its start position) and the plain data is built from that tree by this module,
which is what lets it notice duplicate keys and map any data path — keys and list
indices, as pydantic and the checks report them — back to a line and column. Nothing is
parsed twice.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import stat
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from assessments.definitions.checks import check_definition
from assessments.definitions.model import ID_PATTERN, LANG_PATTERN, StationDefinition
from assessments.metrics import METRIC_NAMES
from common.messages import Message

__all__ = [
    "DefinitionError",
    "Problem",
    "bundled_library_dir",
    "load_definition",
    "load_definition_text",
    "load_library",
    "validate_paths",
]

DataPath = tuple[str | int, ...]

#: A definition has a few thousand values at most (a 200-item checklist about 2,500);
#: anchors and aliases may repeat parts of the file, but a file that expands past this
#: many values is a mistake or an attack ("billion laughs"), not a station.
MAX_VALUES = 200_000
#: Nesting deeper than this is never a definition (the model is 7 levels deep).
MAX_DEPTH = 64

_DEFINITION_SUFFIXES = (".yaml", ".yml")
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_GUIDE = "docs/definitions.md"


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a definition file, where it is and what to do about it.

    ``line`` and ``col`` are 1-based, as editors show them; both are None when the
    problem concerns the whole file. Problems sort by file, then position (a problem
    without a position first), then message.
    """

    _order: tuple[str, int, int, str, bool, bool] = field(init=False, repr=False)
    path: str
    line: int | None
    col: int | None
    message: str

    def __post_init__(self) -> None:
        # Comparing None with an int fails, so problems compare on this key first; it
        # only ties when every field is equal.
        key = (
            self.path,
            self.line or 0,
            self.col or 0,
            self.message,
            self.line is not None,
            self.col is not None,
        )
        object.__setattr__(self, "_order", key)

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.path}: {self.message}"
        if self.col is None:
            return f"{self.path}:{self.line}: {self.message}"
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


class DefinitionError(Exception):
    """One or more definitions are not valid; ``problems`` says what and where."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


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
            found = _definition_files(path)
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
            problems.append(Problem(shown, None, None, _missing_path_message(path)))
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


# --------------------------------------------------------------------------- files


def _definition_files(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(root) / name
            for name in sorted(names)
            if name.lower().endswith(_DEFINITION_SUFFIXES) and not name.startswith(".")
        )
    return found


def _missing_path_message(path: Path) -> str:
    if path.is_symlink():
        return Message(
            "this is a symbolic link that leads to no file ({target}): check the link",
            target=os.readlink(path),
        )
    parent = path.parent
    if not parent.is_dir():
        return Message(
            "no such file or folder (the folder {folder!r} does not exist either): check the path",
            folder=os.fspath(parent),
        )
    # A name never suggests itself (a symbolic link that points to itself is "missing").
    names = [p.name for p in parent.iterdir() if p.name != path.name]
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.7)
    if close:
        return Message("no such file or folder: did you mean {guess!r}?", guess=close[0])
    return Message("no such file or folder: check the path")


def _load_file(path: Path, shown: str) -> _Loaded:
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None  # missing or unreadable: reading it below says which
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        # Opening a FIFO would wait for a writer for ever; a device never ends.
        return _Loaded.failed(
            Problem(
                shown,
                None,
                None,
                Message(
                    "this is not a regular file (a device, a pipe or a socket): give a .yaml file"
                ),
            )
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return _Loaded.failed(Problem(shown, None, None, _missing_path_message(path)))
    except IsADirectoryError:
        return _Loaded.failed(
            Problem(
                shown,
                None,
                None,
                Message("this is a folder, not a definition file: give a .yaml file"),
            )
        )
    except OSError as err:
        reason = err.strerror or str(err)
        return _Loaded.failed(
            Problem(
                shown,
                None,
                None,
                Message("cannot read the file ({reason}): check its permissions", reason=reason),
            )
        )
    return _load_text(data, shown)


# --------------------------------------------------------------------------- loading


@dataclass
class _Loaded:
    """What loading one text gave: the definition (None if it could not be built), the
    problems, and the composed YAML for positions."""

    definition: StationDefinition | None
    problems: list[Problem]
    tree: _Tree | None = None

    @classmethod
    def failed(cls, problem: Problem) -> _Loaded:
        return cls(None, [problem])

    def position(self, path: DataPath) -> tuple[int | None, int | None]:
        if self.tree is None:
            return None, None
        return self.tree.position(path)


def _load_text(raw: str | bytes, path: str) -> _Loaded:
    text, problem = _decode(raw, path)
    if text is None:
        assert problem is not None
        return _Loaded.failed(problem)
    tree, problems = _compose(text, path)
    if tree is None:
        return _Loaded(None, problems)
    if not isinstance(tree.data, dict):
        line, col = tree.position(())
        what = (
            Message("a list")
            if isinstance(tree.data, list)
            else Message("only the value {value}", value=_show(tree.data))
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
                    guide=_GUIDE,
                ),
            )
        )
        return _Loaded(None, problems, tree)
    definition: StationDefinition | None = None
    try:
        definition = StationDefinition.model_validate(tree.data)
    except ValidationError as err:
        problems.extend(_explain_validation(err, tree, path))
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


def _decode(raw: str | bytes, path: str) -> tuple[str | None, Problem | None]:
    """The text of a file, or the problem that stops it being read as text."""
    if isinstance(raw, str):
        if "\x00" in raw:
            return None, Problem(path, None, None, _NOT_TEXT)
        return raw.removeprefix("\ufeff"), None
    for bom, codec in _WIDE_BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(codec), None
            except UnicodeDecodeError:
                return None, Problem(
                    path,
                    None,
                    None,
                    Message(
                        "the file starts with a {codec} byte-order mark but is not valid "
                        "{codec}: save it again as UTF-8",
                        codec=codec.upper(),
                    ),
                )
    if b"\x00" in raw:
        return None, Problem(path, None, None, _NOT_TEXT)
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        return None, _not_utf8(raw, err, path)


_NOT_TEXT = Message(
    "this is not a text file (it contains NUL bytes): a definition is a YAML text file "
    "saved as UTF-8; check that this is the right file"
)
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _not_utf8(raw: bytes, err: UnicodeDecodeError, path: str) -> Problem:
    start = err.start
    line_start = raw.rfind(b"\n", 0, start) + 1
    line = raw.count(b"\n", 0, start) + 1
    col = len(raw[line_start:start].decode("utf-8", errors="replace")) + 1
    bad_lines = {raw.count(b"\n", 0, start)}
    # Count the other lines with bad bytes, so the author knows how much there is to fix.
    rest = raw[start:].decode("utf-8", errors="replace")
    offset = raw.count(b"\n", 0, start)
    for index, text_line in enumerate(rest.split("\n")):
        if "\ufffd" in text_line:
            bad_lines.add(offset + index)
    others = len(bad_lines) - 1
    more = (
        ""
        if not others
        else Message(" ({n} other line too)", n=others)
        if others == 1
        else Message(" ({n} other lines too)", n=others)
    )
    return Problem(
        path,
        line,
        col,
        Message(
            "byte 0x{byte} is not valid UTF-8{more}: the file was saved in another encoding; "
            "save it again as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
            byte=f"{raw[start]:02X}",
            more=more,
        ),
    )


# --------------------------------------------------------------------------- YAML


class _Tree:
    """The composed YAML document and the plain data built from it.

    ``index`` maps each mapping node (by ``id``) to its keys, with the key and value
    nodes, so that a data path can be followed back through the nodes to a position.
    """

    def __init__(self, root: Any, data: Any, index: dict[int, dict[Hashable, tuple[Any, Any]]]):
        self.root = root
        self.data = data
        self.index = index

    def node(self, path: DataPath, *, key: bool = False) -> Any:
        """The node that ``path`` leads to; as far as the path exists in the file (a
        missing key gives its parent mapping). With ``key``, the key node of the last
        step when it is a mapping key."""
        node = self.root
        for step, part in enumerate(path):
            if isinstance(node, yaml.MappingNode):
                entry = _lookup(self.index.get(id(node), {}), part)
                if entry is None:
                    break
                if key and step == len(path) - 1:
                    return entry[0]
                node = entry[1]
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(part, int)
                and not isinstance(part, bool)
                and 0 <= part < len(node.value)
            ):
                node = node.value[part]
            else:
                break
        return node

    def position(self, path: DataPath, *, key: bool = False) -> tuple[int, int]:
        mark = self.node(path, key=key).start_mark
        return mark.line + 1, mark.column + 1

    def source(self, path: DataPath) -> str | None:
        """The text of a plain scalar as written in the file (``1.10``, ``no``)."""
        node = self.node(path)
        if isinstance(node, yaml.ScalarNode):
            return str(node.value)
        return None


def _lookup(entries: dict[Hashable, tuple[Any, Any]], part: str | int) -> tuple[Any, Any] | None:
    try:
        found = entries.get(part)
    except TypeError:  # pragma: no cover - path parts are str or int
        return None
    if found is not None:
        return found
    # pydantic reports some keys as text (anchors {1: ...} may come back as '1').
    for candidate, entry in entries.items():
        if not isinstance(candidate, bool) and str(candidate) == str(part):
            return entry
    return None


def _unsupported_tag(tag: str) -> str:
    return Message("the tag {tag} is not supported in a definition: remove it", tag=_tag_name(tag))


class _Stop(Exception):
    """Building the data cannot go on (the problem is already recorded)."""


class _Builder:
    """Builds plain Python data from composed YAML nodes, recording duplicate keys and
    unsupported constructs as problems instead of failing on the first."""

    def __init__(self, loader: Any, path: str) -> None:
        self.loader = loader
        self.path = path
        self.problems: list[Problem] = []
        self.index: dict[int, dict[Hashable, tuple[Any, Any]]] = {}
        self.count = 0
        self.active: set[int] = set()
        self.stack: list[Any] = []

    def problem(self, node: Any, message: str) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message))

    def build(self, node: Any, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            # Point at the top-level entry that expands, not at some node deep inside it.
            self.problem(
                self.stack[1] if len(self.stack) > 1 else node,
                Message(
                    "the file expands to more than {limit} values through anchors and aliases "
                    "(&name / *name): write the repeated parts out, or repeat less",
                    limit=f"{MAX_VALUES:,}",
                ),
            )
            raise _Stop
        if depth > MAX_DEPTH:
            self.problem(
                node,
                Message(
                    "lists and mappings are nested more than {limit} levels deep here: a "
                    "definition is never this deep; check the indentation",
                    limit=MAX_DEPTH,
                ),
            )
            raise _Stop
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if id(node) in self.active:
            self.problem(
                node,
                Message(
                    "an alias (*name) refers to a list or mapping that contains the alias "
                    "itself: a definition cannot contain itself; remove the alias"
                ),
            )
            raise _Stop
        self.active.add(id(node))
        self.stack.append(node)
        try:
            if isinstance(node, yaml.SequenceNode):
                self.check_tag(node, _SEQ_TAG)
                return [self.build(child, depth + 1) for child in node.value]
            self.check_tag(node, _MAP_TAG)
            return self.mapping(node, depth)
        finally:
            self.active.discard(id(node))
            self.stack.pop()

    def check_tag(self, node: Any, expected: str) -> None:
        if node.tag != expected:
            self.problem(node, _unsupported_tag(node.tag))

    def scalar(self, node: Any) -> Any:
        if node.tag == _STR_TAG:
            return node.value
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            self.problem(node, _unsupported_tag(node.tag))
        except Exception:  # PyYAML's constructors fail in many ways on odd values
            self.problem(
                node,
                Message(
                    "{value!r} is not a valid {tag} value: correct it, or remove the tag and put "
                    "the value in quotes",
                    value=node.value,
                    tag=_tag_name(node.tag),
                ),
            )
        return node.value

    def mapping(self, node: Any, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        entries: dict[Hashable, tuple[Any, Any]] = {}
        first_line: dict[Hashable, int] = {}
        merges: list[Any] = []
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag == _MERGE_TAG:
                merges.append(value_node)
                continue
            key = self.build(key_node, depth + 1)
            if not isinstance(key, Hashable) or isinstance(key, (list, dict)):
                self.problem(
                    key_node,
                    Message(
                        "a key must be a plain word such as 'title', not a list or mapping: "
                        "check for a stray '?' or brackets"
                    ),
                )
                continue
            if key in first_line:
                self.problem(
                    key_node,
                    Message(
                        "duplicate key {key} (first given on line {line}): YAML keeps only the "
                        "last one; remove or rename one of them",
                        key=_show(key),
                        line=first_line[key],
                    ),
                )
            else:
                first_line[key] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, depth + 1)
            entries[key] = (key_node, value_node)
        # '<<: *base' merges keys from other mappings; keys written here win.
        for merged in merges:
            sources = merged.value if isinstance(merged, yaml.SequenceNode) else [merged]
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    self.problem(source, "'<<' merges mappings only: give it a *name of a mapping")
                    continue
                values = self.build(source, depth + 1)
                source_entries = self.index.get(id(source), {})
                for key, value in values.items():
                    if key not in result:
                        result[key] = value
                        if key in source_entries:
                            entries[key] = source_entries[key]
        self.index[id(node)] = entries
        return result


def _tag_name(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


def _compose(text: str, path: str) -> tuple[_Tree | None, list[Problem]]:
    """Compose the YAML and build the data. Problems that stop the building (syntax
    errors) come back without a tree."""
    if not text.strip():
        return None, [Problem(path, None, None, _EMPTY)]
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as err:  # the reader checks every character up front
        return None, [_reader_problem(err, text, path)]
    try:
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as err:
            return None, [_syntax_problem(err, text, path)]
        except yaml.YAMLError as err:  # pragma: no cover - PyYAML raises the above only
            return None, [Problem(path, None, None, f"YAML error: {err}")]
        except RecursionError:
            return None, [
                Problem(
                    path,
                    None,
                    None,
                    Message(
                        "lists or mappings are nested too deeply to read: a definition is never "
                        "this deep; check the brackets and indentation"
                    ),
                )
            ]
        if root is None:
            return None, [Problem(path, None, None, _EMPTY)]
        builder = _Builder(loader, path)
        try:
            data = builder.build(root)
        except _Stop:
            return None, builder.problems
        return _Tree(root, data, builder.index), builder.problems
    finally:
        loader.dispose()


_REQUIRED_KEYS = ", ".join(
    name for name, info in StationDefinition.model_fields.items() if info.is_required()
)
_EMPTY = Message(
    "the file is empty: a definition needs at least {keys} (see {guide} for an example)",
    keys=_REQUIRED_KEYS,
    guide=_GUIDE,
)

#: Plain words for PyYAML's syntax errors, each with what usually causes it.
_SYNTAX_HINTS: tuple[tuple[str, str], ...] = (
    (
        "mapping values are not allowed here",
        Message(
            "a ':' where a value was expected: a text containing ': ' must be put in quotes, "
            "and a key belongs on a line of its own"
        ),
    ),
    (
        "could not find expected ':'",
        Message(
            "a key without ':', or a text running onto the next line without being indented "
            "more than its key: check the line above"
        ),
    ),
    (
        "expected <block end>",
        Message(
            "the indentation does not line up: entries of the same mapping or list must start "
            "in the same column"
        ),
    ),
    (
        "did not find expected key",
        Message(
            "the indentation does not line up: entries of the same mapping or list must start "
            "in the same column"
        ),
    ),
    (
        "did not find expected '-' indicator",
        Message(
            "the indentation does not line up: every entry of a list starts with '- ' in the "
            "same column"
        ),
    ),
    (
        "found unexpected end of stream",
        Message("the file ends inside a quoted text: close the quote"),
    ),
    (
        "found undefined alias",
        Message("an alias (*name) names an anchor (&name) that is not defined above it"),
    ),
    (
        "but found another document",
        Message("a line '---' starts a second document: keep one definition per file"),
    ),
    ("found duplicate anchor", Message("two anchors (&name) have the same name: rename one")),
    (
        "expected chomping or indentation indicators",
        Message(
            "a value starting with '>' or '|' begins a block of text in YAML: put the value in "
            'quotes, e.g. op: ">="'
        ),
    ),
)


def _syntax_problem(err: Any, text: str, path: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    line = mark.line + 1 if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    problem = str(err.problem or err.context or "the YAML cannot be read")
    at_tab = mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t"
    if at_tab or "'\\t'" in problem:
        return Problem(
            path,
            line,
            col,
            Message(
                "a tab character: YAML does not allow tabs for indentation or after ':' — "
                "indent with spaces (most editors can convert tabs to spaces)"
            ),
        )
    start = re.match(r"found character '(.+)' that cannot start any token", problem)
    message: str
    for needle, hint in _SYNTAX_HINTS:
        if needle in problem:
            message = Message("YAML syntax error: {hint}", hint=hint)
            break
    else:
        if start is not None:
            message = Message(
                "YAML syntax error: a value cannot start with {char!r} unless it is in "
                'quotes: put the value in quotes, e.g. "{char}..."',
                char=start.group(1),
            )
        else:
            message = Message("YAML syntax error: {problem}", problem=problem)
    if (
        err.context_mark is not None
        and err.problem_mark is not None
        and (err.context_mark.line != err.problem_mark.line)
    ):
        message = Message(
            "{message} (the {construct} starts on line {line})",
            message=message,
            construct=_context_words(err.context),
            line=err.context_mark.line + 1,
        )
    return Problem(path, line, col, message)


def _context_words(context: str | None) -> str:
    """'while scanning a quoted scalar' -> 'quoted scalar'."""
    text = context or ""
    for prefix in ("while ", "scanning ", "parsing ", "expected ", "a ", "an ", "the "):
        text = text.removeprefix(prefix)
    return text or "construct"


def _reader_problem(err: Any, text: str, path: str) -> Problem:
    position = int(err.position)
    line = text.count("\n", 0, position) + 1
    col = position - (text.rfind("\n", 0, position) + 1) + 1
    char = err.character
    code = ord(char) if isinstance(char, str) else int(char)
    return Problem(
        path,
        line,
        col,
        Message(
            "the invisible control character U+{code} is not allowed in YAML: delete it (it "
            "often comes from copying text out of another program)",
            code=f"{code:04X}",
        ),
    )


# --------------------------------------------------------------------------- model errors


def _show(value: Any) -> str:
    """A value as an author would recognise it in a message."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        if not value.strip():
            return "an empty text"
        shown = value if len(value) <= 40 else value[:37] + "..."
        return repr(shown)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return f"{value:g}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (datetime, date)):
        return f"the date {value.isoformat()}"
    return repr(value)[:40]


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _did_you_mean(word: Any, choices: Sequence[str]) -> str | None:
    if not isinstance(word, str) or not choices:
        return None
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return lowered[word.lower()]
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.7)
    return lowered[close[0]] if close else None


def _choices(expected: str) -> list[str]:
    quoted = re.findall(r"'([^']*)'", expected)
    return quoted or [part.strip() for part in re.split(r",| or ", expected) if part.strip()]


def _is_text_branch(part: Any) -> bool:
    return part in ("str", "constrained-str")


def _data_path(loc: Sequence[Any], data: Any) -> tuple[DataPath, bool, list[tuple[Any, Any, int]]]:
    """Follow a pydantic ``loc`` through the data.

    Returns the data path (the parts that are real keys or indices), whether the error
    concerns a key rather than its value, and the parts that were skipped (union and
    discriminator tags, a missing key), each with the data value where it was skipped
    and the length the data path had then.
    """
    path: list[str | int] = []
    skipped: list[tuple[Any, Any, int]] = []
    at_key = False
    current = data
    for part in loc:
        if part == "[key]":
            at_key = True
            continue
        if isinstance(current, dict):
            if part in current:
                path.append(part)
                current = current[part]
                continue
            match = next(
                (k for k in current if not isinstance(k, bool) and str(k) == str(part)), None
            )
            if match is not None:
                path.append(match)
                current = current[match]
                continue
        elif (
            isinstance(current, list)
            and isinstance(part, int)
            and not isinstance(part, bool)
            and 0 <= part < len(current)
        ):
            path.append(part)
            current = current[part]
            continue
        skipped.append((part, current, len(path)))
    return tuple(path), at_key, skipped


def _value_at(data: Any, path: DataPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _unwrap(tp: Any) -> Any:
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
            continue
        if origin in (Union, UnionType):
            members = [a for a in get_args(tp) if a is not NoneType]
            if len(members) == 1:
                tp = members[0]
                continue
        return tp


def _model_at(loc: Sequence[Any]) -> type[BaseModel] | None:
    """The model class that a pydantic ``loc`` (up to a key of that model) points into."""
    tp: Any = StationDefinition
    for part in loc:
        tp = _unwrap(tp)
        origin = get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            info = tp.model_fields.get(part) if isinstance(part, str) else None
            if info is None:
                return None
            tp = info.annotation
        elif origin is list:
            tp = get_args(tp)[0]
        elif origin is dict:
            tp = get_args(tp)[1]
        elif origin in (Union, UnionType):
            tp = next(
                (
                    member
                    for member in get_args(tp)
                    if isinstance(member, type)
                    and issubclass(member, BaseModel)
                    and "type" in member.model_fields
                    and member.model_fields["type"].default == part
                ),
                None,
            )
            if tp is None:
                return None
        else:
            return None
    tp = _unwrap(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


_ITEM_TYPES = ("binary", "three_point", "rating", "timed", "device")
_UNKNOWN_METRIC = re.compile(r"unknown metric '([^']*)'")
_PATTERN_WORDS = {
    ID_PATTERN: (
        "is not a valid id: use lower-case letters, digits, '_', '.' or '-' (no spaces), "
        "starting with a letter or digit"
    ),
    LANG_PATTERN: (
        "is not a language code: use a two-letter ISO 639-1 code such as 'en' or 'fr', "
        "optionally with a region such as 'en-GB'"
    ),
}


def _pattern_words(pattern: str) -> str:
    if pattern in _PATTERN_WORDS:
        return _PATTERN_WORDS[pattern]
    if pattern.startswith(r"^\d+"):
        return "is not a version: write '1', '1.2' or '1.2.3' (in quotes)"
    return f"does not have the expected form ({pattern})"


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9_.-]+", "-", value.strip().lower()).strip("-._") or "item-1"


class _Explainer:
    """Turns pydantic's errors into problems with positions and plain words."""

    def __init__(self, tree: _Tree, path: str) -> None:
        self.tree = tree
        self.path = path

    def problem(self, location: DataPath, message: str, *, key: bool = False) -> Problem:
        line, col = self.tree.position(location, key=key)
        return Problem(self.path, line, col, message)

    def explain(self, err: Any) -> Problem | None:
        loc: tuple[Any, ...] = tuple(err["loc"])
        kind: str = err["type"]
        value = err.get("input")
        ctx: dict[str, Any] = err.get("ctx") or {}
        location, at_key, skipped = _data_path(loc, self.tree.data)
        # A text may be a string or a mapping of languages: pydantic reports a mismatch
        # against both; keep the one that fits what was written.
        for part, there, depth in skipped:
            if _is_text_branch(part) and isinstance(there, dict):
                return None
            if isinstance(part, str) and part.startswith("dict["):
                if not isinstance(there, dict):
                    return None
                split = self._split_at_comma(location[:depth], there)
                if split is not None:
                    return split
        is_text = any(_is_text_branch(part) for part, _, _ in skipped)
        name = _label(location)
        handler = getattr(self, "_" + kind, None)
        if handler is not None:
            result: Problem | None = handler(
                loc=loc,
                location=location,
                at_key=at_key,
                skipped=skipped,
                value=value,
                ctx=ctx,
                name=name,
                is_text=is_text,
                msg=err["msg"],
            )
            return result
        message = str(err["msg"])
        return self.problem(location, f"{name}: {message[:1].lower()}{message[1:]}", key=at_key)

    def _split_at_comma(self, location: DataPath, text: dict[Any, Any]) -> Problem | None:
        """A translated text written inline, ``{en: Warm, dry the baby}``, is cut by YAML
        at the comma into a language and a stray key without value: say so once."""
        node = self.tree.node(location)
        if not isinstance(node, yaml.MappingNode) or not node.flow_style:
            return None
        for key, value in text.items():
            if value is None and isinstance(key, str) and not re.match(LANG_PATTERN, key):
                return self.problem(
                    (*location, key),
                    Message(
                        "this text seems cut at a comma ({key!r} became a key of its own): "
                        "inside {{ }} a comma separates entries, so put a text that contains a "
                        'comma in quotes, e.g. {{en: "Keeps warm, dries"}}',
                        key=key,
                    ),
                    key=True,
                )
        return None

    # -- one method per pydantic error type --------------------------------------

    def _missing(self, *, loc: tuple[Any, ...], location: DataPath, **_: Any) -> Problem:
        key = loc[-1]
        model = _model_at(loc[:-1])
        if model is None:
            return self.problem(
                location, Message("missing key {key!r}: add '{key}:' with a value", key=key)
            )
        return self.problem(
            location,
            Message(
                "missing key {key!r}: add '{key}:' with a value to this {what}",
                key=key,
                what=_describe_model(model),
            ),
        )

    def _extra_forbidden(self, *, loc: tuple[Any, ...], location: DataPath, **_: Any) -> Problem:
        key = location[-1] if location else loc[-1]
        model = _model_at(loc[:-1])
        allowed = list(model.model_fields) if model is not None else []
        guess = _did_you_mean(key, allowed)
        if guess is not None:
            return self.problem(
                location,
                Message("unknown key {key}: did you mean {guess!r}?", key=_show(key), guess=guess),
                key=True,
            )
        listed = ", ".join(allowed)
        return self.problem(
            location,
            Message(
                "unknown key {key}: the keys allowed here are {allowed}",
                key=_show(key),
                allowed=listed,
            ),
            key=True,
        )

    def _invalid_key(self, *, location: DataPath, value: Any, **_: Any) -> Problem:
        return self.problem(
            location,
            Message(
                "the key {key} is not a word: keys are names such as 'title'; put it in quotes "
                "if it is meant as text",
                key=_show(value),
            ),
            key=True,
        )

    def _union_tag_invalid(self, *, location: DataPath, ctx: dict[str, Any], **_: Any) -> Problem:
        value = _value_at(self.tree.data, location)
        tag = value.get("type") if isinstance(value, dict) else ctx.get("tag")
        valid = ", ".join(_ITEM_TYPES)
        if not isinstance(tag, str):
            return self.problem(
                (*location, "type"),
                Message(
                    "an item's 'type' must be one of {valid}, got {value}",
                    valid=valid,
                    value=_show(tag),
                ),
            )
        guess = _did_you_mean(tag, _ITEM_TYPES)
        hint = Message(" (did you mean {guess!r}?)", guess=guess) if guess is not None else ""
        return self.problem(
            (*location, "type"),
            Message(
                "unknown item type {value}{hint}: use one of {valid}",
                value=_show(tag),
                hint=hint,
                valid=valid,
            ),
        )

    def _union_tag_not_found(self, *, location: DataPath, **_: Any) -> Problem:
        return self.problem(
            location,
            Message(
                "this item has no 'type': add 'type:' with one of {valid}",
                valid=", ".join(_ITEM_TYPES),
            ),
        )

    def _model_type(self, *, location: DataPath, value: Any, name: str, **_: Any) -> Problem:
        template = (
            "expected a mapping (indented 'key: value' lines) for {name}, got {value}"
            if location
            else "expected a mapping (indented 'key: value' lines) here, got {value}"
        )
        return self.problem(location, Message(template, name=name, value=_show(value)))

    _model_attributes_type = _model_type
    _dict_type = _model_type

    def _list_type(self, *, location: DataPath, value: Any, name: str, **_: Any) -> Problem:
        return self.problem(
            location,
            Message(
                "expected a list for {name} (one entry per line, each starting with '- '), "
                "got {value}",
                name=name,
                value=_show(value),
            ),
        )

    def _string_type(
        self, *, location: DataPath, at_key: bool, value: Any, is_text: bool, name: str, **_: Any
    ) -> Problem:
        if at_key:
            return self.problem(
                location,
                Message(
                    "the key {key} must be a language code such as 'en', in quotes if YAML "
                    "reads it as something else",
                    key=_show(value),
                ),
                key=True,
            )
        if isinstance(value, (list, dict)):
            template = (
                "expected text or a mapping of language code to text (en: ..., fr: ...) for "
                "{name}, got {value}"
                if is_text
                else "expected text for {name}, got {value}"
            )
            return self.problem(location, Message(template, name=name, value=_show(value)))
        if value is None:
            return self.problem(
                location, Message("expected text for {name}, got nothing: fill it in", name=name)
            )
        written = self.tree.source(location) or _show(value)
        if isinstance(value, bool) and written.lower() in ("true", "false"):
            return self.problem(
                location,
                Message(
                    "expected text for {name}, got {written}: put it in quotes if it is meant "
                    "as text: '{written}'",
                    name=name,
                    written=written,
                ),
            )
        return self.problem(
            location,
            Message(
                "expected text for {name}, but YAML reads {written} as {kind}: put it in "
                "quotes: '{written}'",
                name=name,
                written=written,
                kind=_kind_of(value),
            ),
        )

    def _string_pattern_mismatch(
        self, *, location: DataPath, at_key: bool, value: Any, ctx: dict[str, Any], **_: Any
    ) -> Problem:
        pattern = str(ctx.get("pattern", ""))
        message = f"{_show(value)} {_pattern_words(pattern)}"
        if pattern == ID_PATTERN and isinstance(value, str):
            message += f", e.g. {_slug(value)!r}"
        return self.problem(location, message, key=at_key)

    def _string_too_short(self, *, location: DataPath, name: str, **_: Any) -> Problem:
        return self.problem(location, Message("{name} must not be empty: fill it in", name=name))

    def _string_too_long(
        self, *, location: DataPath, name: str, ctx: dict[str, Any], **_: Any
    ) -> Problem:
        return self.problem(
            location,
            Message(
                "{name} is too long: at most {limit} characters",
                name=name,
                limit=ctx.get("max_length"),
            ),
        )

    def _too_short(
        self, *, location: DataPath, name: str, ctx: dict[str, Any], **_: Any
    ) -> Problem:
        need = int(ctx.get("min_length", 1))
        got = int(ctx.get("actual_length", 0))
        template = (
            "{name} needs at least {need} entry, got {have}"
            if need == 1
            else "{name} needs at least {need} entries, got {have}"
        )
        have = Message("none") if got == 0 else str(got)
        return self.problem(location, Message(template, name=name, need=need, have=have))

    def _too_long(self, *, location: DataPath, name: str, ctx: dict[str, Any], **_: Any) -> Problem:
        return self.problem(
            location,
            Message(
                "{name} has too many entries: at most {limit}",
                name=name,
                limit=ctx.get("max_length"),
            ),
        )

    def _number(self, location: DataPath, value: Any, whole: bool) -> Problem:
        template = (
            "expected a whole number, got {value}" if whole else "expected a number, got {value}"
        )
        return self.problem(location, Message(template, value=_show(value)))

    def _float_parsing(self, *, location: DataPath, value: Any, **_: Any) -> Problem:
        return self._number(location, value, whole=False)

    _float_type = _float_parsing
    _finite_number = _float_parsing

    def _int_parsing(self, *, location: DataPath, at_key: bool, value: Any, **_: Any) -> Problem:
        if at_key:
            return self.problem(
                location,
                Message(
                    "expected a whole number here (a point on the scale), got {value}",
                    value=_show(value),
                ),
                key=True,
            )
        return self._number(location, value, whole=True)

    _int_type = _int_parsing
    _int_from_float = _int_parsing

    def _bool_parsing(self, *, location: DataPath, value: Any, **_: Any) -> Problem:
        return self.problem(
            location, Message("expected true or false, got {value}", value=_show(value))
        )

    _bool_type = _bool_parsing

    def _bound(self, location: DataPath, name: str, value: Any, words: str, bound: Any) -> Problem:
        if isinstance(value, float) and math.isnan(value):
            return self.problem(
                location, Message("expected a number, got {value}", value=_show(value))
            )
        if name == "'weight'" and words == "at least" and _num(bound) == "0":
            return self.problem(
                location,
                Message(
                    "weight cannot be negative, got {value}: use 0 for an item that earns no "
                    "points",
                    value=_show(value),
                ),
            )
        if words == "at least":
            template = "{name} must be at least {bound}, got {value}"
        elif words == "more than":
            template = "{name} must be more than {bound}, got {value}"
        elif words == "at most":
            template = "{name} must be at most {bound}, got {value}"
        else:
            template = "{name} must be less than {bound}, got {value}"
        return self.problem(
            location, Message(template, name=name, bound=_num(bound), value=_show(value))
        )

    def _greater_than_equal(
        self, *, location: DataPath, name: str, value: Any, ctx: dict[str, Any], **_: Any
    ) -> Problem:
        return self._bound(location, name, value, "at least", ctx.get("ge"))

    def _greater_than(
        self, *, location: DataPath, name: str, value: Any, ctx: dict[str, Any], **_: Any
    ) -> Problem:
        return self._bound(location, name, value, "more than", ctx.get("gt"))

    def _less_than_equal(
        self, *, location: DataPath, name: str, value: Any, ctx: dict[str, Any], **_: Any
    ) -> Problem:
        return self._bound(location, name, value, "at most", ctx.get("le"))

    def _less_than(
        self, *, location: DataPath, name: str, value: Any, ctx: dict[str, Any], **_: Any
    ) -> Problem:
        return self._bound(location, name, value, "less than", ctx.get("lt"))

    def _literal_error(
        self, *, location: DataPath, name: str, value: Any, ctx: dict[str, Any], **_: Any
    ) -> Problem:
        choices = _choices(str(ctx.get("expected", "")))
        guess = _did_you_mean(value, choices)
        hint = (
            Message(": did you mean {guess!r}?", guess=guess)
            if guess is not None and guess != value
            else ""
        )
        template = (
            "{name} must be {choices}, got {value}{hint}"
            if len(choices) == 1
            else "{name} must be one of {choices}, got {value}{hint}"
        )
        return self.problem(
            location,
            Message(template, name=name, choices=", ".join(choices), value=_show(value), hint=hint),
        )

    _enum = _literal_error

    def _value_error(
        self, *, location: DataPath, value: Any, ctx: dict[str, Any], msg: str, **_: Any
    ) -> Problem:
        error = ctx.get("error")
        text = str(error) if error is not None else msg.removeprefix("Value error, ")
        unknown = _UNKNOWN_METRIC.search(text)
        if unknown is not None:
            metric = unknown.group(1)
            guess = _did_you_mean(metric, METRIC_NAMES)
            hint = (
                Message("did you mean {guess!r}?", guess=guess)
                if guess is not None
                else Message("the metrics are {metrics}", metrics=", ".join(METRIC_NAMES))
            )
            where = location
            if isinstance(value, dict) and "metric" in value:
                where = (*location, "metric")
            return self.problem(
                where, Message("unknown metric {metric!r}: {hint}", metric=metric, hint=hint)
            )
        if text == "global rating steps must have distinct ids":
            return self._duplicate_step(location, value)
        if text.startswith("borderline step"):
            return self.problem((*location, "borderline"), f"{text}: name one of the steps' ids")
        if text.startswith("anchor ") and isinstance(value, dict):
            point = text.split()[1]
            return self.problem(
                (*location, "anchors", point),
                f"{text}: anchors describe points from 1 to scale_max",
                key=True,
            )
        if text == "a fixed pass rule needs pass_mark_pct":
            text += ": add e.g. 'pass_mark_pct: 60' (a percentage of the maximum score)"
        elif text.startswith("pass_mark_pct is set by standard setting"):
            location = (*location, "pass_mark_pct")
            text = (
                "pass_mark_pct is set by standard setting after the exam: remove it, or use "
                "'mode: fixed' for a fixed pass mark"
            )
        elif text.startswith("a condition names either"):
            text += (
                ": give 'item:' (an item id, with 'state:') or 'metric:' (with 'op:' and 'value:')"
            )
        elif text.startswith("a metric condition needs"):
            text += ", e.g. 'metric: ccf', 'op: \">=\"', 'value: 0.8'"
        return self.problem(location, text)

    _assertion_error = _value_error

    def _duplicate_step(self, location: DataPath, value: Any) -> Problem:
        steps = value.get("steps") if isinstance(value, dict) else None
        seen: set[Any] = set()
        for index, step in enumerate(steps if isinstance(steps, list) else []):
            step_id = step.get("id") if isinstance(step, dict) else None
            if isinstance(step_id, Hashable) and step_id in seen:
                return self.problem(
                    (*location, "steps", index, "id"),
                    Message(
                        "grade step id {id} is used twice: give each step its own id",
                        id=_show(step_id),
                    ),
                )
            if isinstance(step_id, Hashable):
                seen.add(step_id)
        return self.problem(
            location, "global rating steps must have distinct ids"
        )  # pragma: no cover


def _label(location: DataPath) -> str:
    """How a message names the value at ``location``: 'weight', or entry 2 of 'authors'."""
    if not location:
        return Message("the definition")
    last = location[-1]
    if isinstance(last, int) and not isinstance(last, bool):
        parent = next((p for p in reversed(location) if isinstance(p, str)), None)
        if parent:
            return Message("entry {n} of {parent!r}", n=last + 1, parent=parent)
        return Message("entry {n}", n=last + 1)
    return repr(last) if isinstance(last, str) else str(last)


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return f"{_show(value)} (YAML reads yes/no/on/off as true or false)"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (datetime, date)):
        return "a date"
    return _show(value)


def _describe_model(model: type[BaseModel]) -> str:
    words = {
        "StationDefinition": "definition",
        "BinaryItem": "item",
        "ThreePointItem": "item",
        "RatingItem": "item",
        "TimedItem": "item",
        "DeviceItem": "item",
        "GradeStep": "grade step",
        "GlobalRating": "global rating",
        "ScenarioEvent": "event",
        "MinItemsRule": "min_items rule",
        "PassRule": "pass rule",
        "DeviceRule": "rule",
    }
    name = model.__name__
    return words.get(name, re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower())


def _explain_validation(err: ValidationError, tree: _Tree, path: str) -> list[Problem]:
    explainer = _Explainer(tree, path)
    errors = err.errors(include_url=False)
    # A misspelt key ('titel') also makes the key it stands for missing: say it once.
    misspelt: set[tuple[Any, ...]] = set()
    for item in errors:
        if item["type"] == "extra_forbidden":
            loc = tuple(item["loc"])
            model = _model_at(loc[:-1])
            guess = _did_you_mean(loc[-1], list(model.model_fields) if model else [])
            if guess is not None:
                misspelt.add((*loc[:-1], guess))
    problems: list[Problem] = []
    for item in errors:
        if item["type"] == "missing" and tuple(item["loc"]) in misspelt:
            continue
        problem = explainer.explain(item)
        if problem is not None and problem not in problems:
            problems.append(problem)
    return problems
