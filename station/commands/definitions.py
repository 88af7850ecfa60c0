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

from assessments.definitions.loader import validate_paths
from assessments.definitions.model import StationDefinition
from station.errors import UserError

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_TITLE = "SkillStation station definition"


def validate(args: argparse.Namespace) -> int:
    """Print every problem (stdout, sorted, one per line) and exit 1, or a one-line
    summary and exit 0 when every definition is valid."""
    definitions, problems = validate_paths(args.paths)
    if problems:
        for problem in problems:
            print(problem)
        files = len({problem.path for problem in problems})
        print(
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} "
            f"file{'s' if files != 1 else ''}; {len(definitions)} valid "
            f"definition{'s' if len(definitions) != 1 else ''}",
            file=sys.stderr,
        )
        return 1
    count = len(definitions)
    print(f"{count} definition{'s' if count != 1 else ''} valid")
    return 0


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
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as err:
        raise UserError(
            f"cannot write the schema to {output} ({err.strerror or err}): check the folder "
            "exists and can be written to"
        ) from err
    print(f"schema written to {output}", file=sys.stderr)
    return 0
