"""Stage 2, text to data: the YAML composed once into a node tree, the plain data built
from it (noticing duplicate keys, unsupported tags and runaway aliases), and the line and
column of any data path, for every later problem.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from typing import Any

import yaml

from assessments.definitions.model import StationDefinition
from assessments.definitions.problems import GUIDE, DataPath, Problem, show_value
from common.messages import Message

#: A definition has a few thousand values at most (a 200-item checklist about 2,500);
#: anchors and aliases may repeat parts of the file, but a file that expands past this
#: many values is a mistake or an attack ("billion laughs"), not a station.
MAX_VALUES = 200_000
#: Nesting deeper than this is never a definition (the model is 7 levels deep).
MAX_DEPTH = 64

_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"


class Tree:
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
                        key=show_value(key),
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


def compose(text: str, path: str) -> tuple[Tree | None, list[Problem]]:
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
        return Tree(root, data, builder.index), builder.problems
    finally:
        loader.dispose()


_REQUIRED_KEYS = ", ".join(
    name for name, info in StationDefinition.model_fields.items() if info.is_required()
)
_EMPTY = Message(
    "the file is empty: a definition needs at least {keys} (see {guide} for an example)",
    keys=_REQUIRED_KEYS,
    guide=GUIDE,
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
