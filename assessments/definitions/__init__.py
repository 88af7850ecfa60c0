"""Station definitions: the typed model, the YAML loader and the checks."""

from assessments.definitions.model import (
    AnyItem,
    Kind,
    StationDefinition,
    Text,
    localize,
    parse_rule,
)

__all__ = ["AnyItem", "Kind", "StationDefinition", "Text", "localize", "parse_rule"]
