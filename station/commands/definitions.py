"""``skillstation validate`` and ``skillstation schema``: for faculty writing definitions.

``validate`` checks definition files the way the station will load them and prints every
problem as ``file:line:column: message``, the form editors and CI logs turn into links.
``schema`` prints the JSON Schema of a definition so that an editor can check a file while
it is being written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assessments.definitions.loader import Problem, validate_paths
from assessments.definitions.model import StationDefinition
from common.messages import translated
from station.files import write_bytes
from station.i18n import _

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_TITLE = "SkillStation station definition"


def validate(args: argparse.Namespace) -> int:
    """Print every problem (stdout, sorted, one per line) and exit 1, or a one-line
    summary and exit 0 when every definition is valid."""
    definitions, problems = validate_paths(args.paths)
    if problems:
        for problem in problems:
            print(problem_text(problem))
        files = len({problem.path for problem in problems})
        found = (_("{n} problem") if len(problems) == 1 else _("{n} problems")).format(
            n=len(problems)
        )
        where = (_("{n} file") if files == 1 else _("{n} files")).format(n=files)
        valid = (
            _("{n} valid definition") if len(definitions) == 1 else _("{n} valid definitions")
        ).format(n=len(definitions))
        print(
            _("{problems} in {files}; {valid}").format(problems=found, files=where, valid=valid),
            file=sys.stderr,
        )
        return 1
    count = len(definitions)
    print((_("{n} definition valid") if count == 1 else _("{n} definitions valid")).format(n=count))
    return 0


def problem_text(problem: Problem) -> str:
    """``file:line:column: message`` (as :class:`Problem` prints it), with the message in
    the current language when it has a translation."""
    message = translated(problem.message, _)
    if problem.line is None:
        return f"{problem.path}: {message}"
    if problem.col is None:
        return f"{problem.path}:{problem.line}: {message}"
    return f"{problem.path}:{problem.line}:{problem.col}: {message}"


def definition_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`StationDefinition`, with its dialect and a title."""
    body = StationDefinition.model_json_schema()
    body.pop("title", None)
    # Items are told apart by their ``type``, so the loader needs it on every item, even
    # where the model has a default: say so in the schema, so editors ask for it too.
    for name in ("BinaryItem", "ThreePointItem", "RatingItem", "TimedItem", "DeviceItem"):
        required = body["$defs"][name].setdefault("required", [])
        if "type" not in required:
            required.append("type")
    return {"$schema": SCHEMA_DIALECT, "title": SCHEMA_TITLE, **body}


def schema(args: argparse.Namespace) -> int:
    """Print (or write to ``--output``) the definition schema as indented JSON."""
    text = json.dumps(definition_schema(), indent=2, ensure_ascii=False) + "\n"
    output: str | None = args.output
    if output is None:
        sys.stdout.write(text)
        return 0
    write_bytes(Path(output), text.encode("utf-8"))
    print(_("schema written to {output}").format(output=output), file=sys.stderr)
    return 0
