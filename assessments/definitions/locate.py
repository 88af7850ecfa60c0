"""Following pydantic's error locations through the written data and the model: which
key or entry an error is about, and which model class it falls in.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from assessments.definitions.model import StationDefinition
from assessments.definitions.problems import DataPath
from common.messages import Message


def is_text_branch(part: Any) -> bool:
    return part in ("str", "constrained-str")


def data_path(loc: Sequence[Any], data: Any) -> tuple[DataPath, bool, list[tuple[Any, Any, int]]]:
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


def value_at(data: Any, path: DataPath) -> Any:
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


def model_at(loc: Sequence[Any]) -> type[BaseModel] | None:
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


def label(location: DataPath) -> str:
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
