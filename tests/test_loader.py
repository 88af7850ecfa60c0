"""Loading station definitions: every problem is found, placed and explained.

Each bad sample under tests/data/definitions/bad holds one kind of mistake an author
makes; the expected problem is spelt out in full, position included, because the message
is the product here: it must tell faculty what is wrong and what to do.
"""

from __future__ import annotations

import functools
import string
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.definitions.library import bundled_library_dir, load_library
from assessments.definitions.loader import (
    MAX_VALUES,
    DefinitionError,
    Problem,
    load_definition,
    load_definition_text,
    validate_paths,
)
from assessments.definitions.model import (
    DeviceItem,
    Kind,
    RatingItem,
    StationDefinition,
    ThreePointItem,
    TimedItem,
)

DATA = Path(__file__).parent / "data" / "definitions"
GOOD = DATA / "good"
BAD = DATA / "bad"

MINIMAL = """\
id: hand-washing
version: "1"
kind: osce
title: Hand washing
timing:
  active_s: 300
sections:
  - id: steps
    title: Steps
    items:
      - id: wets-hands
        type: binary
        text: Wets the hands
pass_rule:
  mode: fixed
  pass_mark_pct: 60
"""


def problems_of(text: str | bytes, path: str = "station.yaml") -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        load_definition_text(text, path)
    return [str(p) for p in caught.value.problems]


# --------------------------------------------------------------------------- samples

_NO_DEVICE = (
    "the definition has no 'device:' section: add 'device:' with 'kind: cpr_manikin' "
    "(and 'profile: adult', 'child' or 'infant')"
)

#: file -> every problem it has, as (line, col, message); line None for the whole file.
EXPECTED: dict[str, list[tuple[int | None, int | None, str]]] = {
    "syntax-error.yaml": [
        (
            4,
            20,
            "YAML syntax error: a ':' where a value was expected: a text containing ': ' must "
            "be put in quotes, and a key belongs on a line of its own",
        )
    ],
    "tab-indent.yaml": [
        (
            6,
            1,
            "a tab character: YAML does not allow tabs for indentation or after ':' — indent "
            "with spaces (most editors can convert tabs to spaces)",
        )
    ],
    "top-level-list.yaml": [
        (
            1,
            1,
            "the file holds a list, but a definition is a mapping of keys to values ('id: ...', "
            "'title: ...' lines starting at the left margin): see docs/definitions.md",
        )
    ],
    "top-level-scalar.yaml": [
        (
            1,
            1,
            "the file holds only the value 'hand washing station', but a definition is a "
            "mapping of keys to values ('id: ...', 'title: ...' lines starting at the left "
            "margin): see docs/definitions.md",
        )
    ],
    "empty.yaml": [
        (
            None,
            None,
            "the file is empty: a definition needs at least id, version, kind, title, timing, "
            "sections (see docs/definitions.md for an example)",
        )
    ],
    "binary.yaml": [
        (
            None,
            None,
            "this is not a text file (it contains NUL bytes): a definition is a YAML text file "
            "saved as UTF-8; check that this is the right file",
        )
    ],
    "latin1.yaml": [
        (
            4,
            25,
            "byte 0xE0 is not valid UTF-8: the file was saved in another encoding; save it "
            "again as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
        )
    ],
    "unknown-key.yaml": [(4, 1, "unknown key 'titel': did you mean 'title'?")],
    "duplicate-key.yaml": [
        (
            5,
            1,
            "duplicate key 'title' (first given on line 4): YAML keeps only the last one; "
            "remove or rename one of them",
        )
    ],
    "wrong-type.yaml": [(6, 13, "expected a number, got 'abc'")],
    "unknown-item-type.yaml": [
        (
            12,
            15,
            "unknown item type 'checkbox': use one of binary, three_point, rating, timed, device",
        )
    ],
    "duplicate-item-id.yaml": [
        (
            14,
            13,
            "item id 'wets-hands' is already used by item 1 of section 'steps': give each item "
            "its own id (marks are stored by item id)",
        )
    ],
    "duplicate-section-id.yaml": [
        (
            12,
            9,
            "section id 'steps' is already used by section 1: give each section its own id",
        )
    ],
    "duplicate-grade-step.yaml": [
        (16, 12, "grade step id 'fail' is used twice: give each step its own id")
    ],
    "duplicate-event-id.yaml": [
        (29, 11, "event id 'collapses' is already used by event 1: give each event its own id")
    ],
    "negative-weight.yaml": [
        (
            17,
            17,
            "weight cannot be negative, got -1: use 0 for an item that earns no points",
        )
    ],
    "warning-after-end.yaml": [
        (
            7,
            17,
            "the warning bell at 300 s would ring at or after the end of the active phase "
            "(active_s: 300): set warning_at_s below 300, e.g. 240",
        )
    ],
    "unknown-item-in-condition.yaml": [
        (
            31,
            20,
            "event 'bystander-helps' waits on item 'back-blow', which is not an item of this "
            "definition: did you mean 'back-blows'?",
        )
    ],
    "unknown-after-event.yaml": [
        (
            31,
            14,
            "event 'ambulance' comes after 'colapses', which is not an event of this scenario: "
            "did you mean 'collapses'?",
        )
    ],
    "unknown-metric-rule.yaml": [
        (19, 15, "unknown metric 'pct_dept_ok': did you mean 'pct_depth_ok'?")
    ],
    "unknown-metric-condition.yaml": [
        (31, 22, "unknown metric 'depth_mm': did you mean 'mean_depth_mm'?")
    ],
    "device-item-without-device.yaml": [
        (15, 15, f"item 'rub' is scored by a device, but {_NO_DEVICE}")
    ],
    "scenario-without-section.yaml": [
        (
            3,
            7,
            "a definition of kind 'scenario' needs a 'scenario:' section (initial_vitals and "
            "events): add one, or change the kind",
        )
    ],
    "scenario-on-osce.yaml": [
        (
            18,
            3,
            "only a definition of kind 'scenario' has a 'scenario:' section (this one is "
            "'osce'): change 'kind' to scenario, or remove the section",
        )
    ],
    "event-after-end.yaml": [
        (
            31,
            13,
            "event 'ambulance' is timed at 300 s, after the end of the active phase "
            "(active_s: 240): it would never fire; make at_s at most 240",
        )
    ],
    "missing-main-language.yaml": [
        (
            5,
            3,
            "this text has no 'en' version (it has fr), but 'en' is the definition's main "
            "language: add 'en: ...' or change 'language:'",
        )
    ],
    "min-items-too-many.yaml": [
        (
            18,
            10,
            "min_items.count is 3 but the definition has only 2 items: no candidate could meet "
            "it; lower the count to at most 2",
        )
    ],
    "all-weights-zero.yaml": [
        (
            8,
            3,
            "every item weighs 0, so the station has no score: give the items weights above 0 "
            "(leave 'weight' out for the default of 1)",
        )
    ],
    "standard-setting-without-rating.yaml": [
        (
            1,
            1,
            "without 'pass_rule:' the pass mark comes from standard setting, which needs the "
            "examiners' global rating (borderline regression sets the cut score from it): add "
            "a 'global_rating:' with the grade steps, or give a fixed pass mark ('pass_rule:' "
            "with 'mode: fixed' and 'pass_mark_pct: 60', say)",
        )
    ],
    "text-cut-at-comma.yaml": [
        (
            4,
            25,
            "this text seems cut at a comma ('dries the baby' became a key of its own): inside "
            "{ } a comma separates entries, so put a text that contains a comma in quotes, "
            'e.g. {en: "Keeps warm, dries"}',
        )
    ],
    "several-problems.yaml": [
        (
            2,
            10,
            "expected text for 'version', but YAML reads 1.0 as a number: put it in quotes: '1.0'",
        ),
        (7, 17, "expected a number, got 'many'"),
        (15, 9, "unknown key 'wieght': did you mean 'weight'?"),
        (19, 19, "expected true or false, got 'maybe'"),
        (22, 18, "'pass_mark_pct' must be at most 100, got 160"),
    ],
}


def _render(path: Path, line: int | None, col: int | None, message: str) -> str:
    return str(Problem(str(path), line, col, message))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_sample_reports_exactly_its_problems(name: str) -> None:
    path = BAD / name
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    expected = [_render(path, *problem) for problem in EXPECTED[name]]
    assert [str(p) for p in caught.value.problems] == expected


def test_every_bad_sample_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.iterdir()) == sorted(EXPECTED)


def test_every_explained_error_type_is_one_pydantic_reports() -> None:
    """The explainer's table is keyed by pydantic's error types: a misspelt key would
    silently fall back to pydantic's own words."""
    from pydantic_core.core_schema import ErrorType

    from assessments.definitions.explain import HANDLERS

    assert set(HANDLERS) <= set(get_args(ErrorType))
    assert {"missing", "extra_forbidden", "literal_error", "value_error"} <= set(HANDLERS)


def test_problem_text_with_and_without_a_position() -> None:
    assert str(Problem("a.yaml", 3, 7, "wrong")) == "a.yaml:3:7: wrong"
    assert str(Problem("a.yaml", 3, None, "wrong")) == "a.yaml:3: wrong"
    assert str(Problem("a.yaml", None, None, "wrong")) == "a.yaml: wrong"


def test_problems_sort_by_file_then_position_without_position_first() -> None:
    problems = [
        Problem("b.yaml", 1, 1, "x"),
        Problem("a.yaml", 10, 2, "x"),
        Problem("a.yaml", 2, 5, "b"),
        Problem("a.yaml", None, None, "z"),
        Problem("a.yaml", 2, 5, "a"),
        Problem("a.yaml", 2, None, "c"),
    ]
    assert [str(p) for p in sorted(problems)] == [
        "a.yaml: z",
        "a.yaml:2: c",
        "a.yaml:2:5: a",
        "a.yaml:2:5: b",
        "a.yaml:10:2: x",
        "b.yaml:1:1: x",
    ]
    assert Problem("a.yaml", 1, 2, "m") == Problem("a.yaml", 1, 2, "m")
    assert Problem("a.yaml", None, None, "m") != Problem("a.yaml", 0, 0, "m")


def test_definition_error_lists_its_problems_one_per_line() -> None:
    err = DefinitionError([Problem("b.yaml", 2, 1, "two"), Problem("a.yaml", None, None, "one")])
    assert str(err) == "a.yaml: one\nb.yaml:2:1: two"
    assert [p.path for p in err.problems] == ["a.yaml", "b.yaml"]


# --------------------------------------------------------------------------- good files


def test_good_samples_load_with_their_content() -> None:
    iv = load_definition(GOOD / "iv-cannulation.yaml")
    assert iv.kind is Kind.OSCE
    assert iv.text(iv.title, "fr") == "Pose d'un cathéter veineux périphérique"
    assert len(iv.items()) == 19
    # Preparation 5 × 0.16 + 0.20 + 1.0, insertion 6 × 0.5 + 1.0, completion 1.0 + 1.0 +
    # 0.5 + 1.0 + 0.5: the weights of BMC Med Educ 2022, Table 1.
    assert iv.max_score == pytest.approx(10.0)
    assert isinstance(iv.item("gloves"), ThreePointItem)
    assert isinstance(iv.item("structured-sequence"), RatingItem)
    assert iv.global_rating is not None and iv.global_rating.borderline_index == 1

    cpr = load_definition(GOOD / "adult-cpr-aed.yaml")
    assert cpr.kind is Kind.SCENARIO and cpr.scenario is not None
    assert [e.id for e in cpr.scenario.events][:3] == [
        "no-compressions-prompt",
        "aed-arrives",
        "shock-advised",
    ]
    depth = cpr.item("depth")
    assert isinstance(depth, DeviceItem) and str(depth.device_rule) == "pct_depth_ok >= 70"

    newborn = load_definition(str(GOOD / "newborn-hbb.yaml"))
    assert newborn.language == "fr"
    golden = newborn.item("minute-dor")
    assert isinstance(golden, TimedItem) and golden.within_s == 60


def test_text_and_bytes_load_alike() -> None:
    from_text = load_definition_text(MINIMAL)
    from_bytes = load_definition_text(MINIMAL.encode())
    assert from_text == from_bytes
    assert from_text.id == "hand-washing"


@pytest.mark.parametrize(
    "encoded",
    [
        MINIMAL.encode("utf-8-sig"),
        b"\xff\xfe" + MINIMAL.encode("utf-16-le"),
        b"\xfe\xff" + MINIMAL.encode("utf-16-be"),
        "\ufeff" + MINIMAL,
    ],
    ids=["utf-8 with BOM", "utf-16-le", "utf-16-be", "text with BOM"],
)
def test_byte_order_marks_are_understood(encoded: str | bytes) -> None:
    assert load_definition_text(encoded).id == "hand-washing"


def test_anchors_aliases_and_merge_keys_work() -> None:
    text = """\
id: hand-washing
version: "1"
kind: osce
title: Hand washing
timing: {active_s: 300}
sections:
  - id: steps
    title: Steps
    items:
      - &step {id: wets-hands, type: binary, text: Wets the hands, weight: 2}
      - <<: *step
        id: soap
        text: Applies soap
pass_rule: {mode: fixed, pass_mark_pct: 60}
"""
    defn = load_definition_text(text)
    assert [(i.id, i.text, i.weight) for i in defn.items()] == [
        ("wets-hands", "Wets the hands", 2),
        ("soap", "Applies soap", 2),
    ]


def test_problem_in_a_merged_key_points_at_its_source() -> None:
    text = MINIMAL.replace(
        "      - id: wets-hands\n        type: binary\n        text: Wets the hands\n",
        "      - &step {id: wets-hands, type: binary, text: Wets the hands, weight: -2}\n"
        "      - <<: *step\n        id: soap\n",
    )
    assert problems_of(text) == [
        "station.yaml:11:76: weight cannot be negative, got -2: use 0 for an item that earns "
        "no points",
    ]


# --------------------------------------------------------------------------- positions


def test_missing_key_points_at_its_parent_mapping() -> None:
    text = MINIMAL.replace("        text: Wets the hands\n", "")
    assert problems_of(text) == [
        "station.yaml:11:9: missing key 'text': add 'text:' with a value to this item"
    ]


def test_unknown_key_without_a_close_match_lists_the_allowed_keys() -> None:
    text = MINIMAL.replace("  active_s: 300\n", "  active_s: 300\n  bell: loud\n")
    assert problems_of(text) == [
        "station.yaml:7:3: unknown key 'bell': the keys allowed here are reading_s, active_s, "
        "warning_at_s, changeover_s"
    ]


def test_unknown_key_inside_an_item_suggests_from_that_item_type() -> None:
    text = MINIMAL.replace("        type: binary\n", "        type: rating\n        scale_mx: 5\n")
    problems = problems_of(text)
    assert "station.yaml:13:9: unknown key 'scale_mx': did you mean 'scale_max'?" in problems
    # The misspelt key also leaves scale_max missing: that is said once, not twice.
    assert len(problems) == 1


def test_item_without_type_is_explained() -> None:
    text = MINIMAL.replace("        type: binary\n", "")
    assert problems_of(text) == [
        "station.yaml:11:9: this item has no 'type': add 'type:' with one of binary, "
        "three_point, rating, timed, device"
    ]


def test_unknown_item_type_suggests_the_closest() -> None:
    text = MINIMAL.replace("type: binary", "type: three-point")
    assert problems_of(text) == [
        "station.yaml:12:15: unknown item type 'three-point' (did you mean 'three_point'?): use "
        "one of binary, three_point, rating, timed, device"
    ]


def test_yes_no_and_numbers_for_texts_are_explained_with_what_was_written() -> None:
    text = MINIMAL.replace('version: "1"', "version: 1.10").replace(
        "text: Wets the hands", "text: yes"
    )
    assert problems_of(text) == [
        "station.yaml:2:10: expected text for 'version', but YAML reads 1.10 as a number: put "
        "it in quotes: '1.10'",
        "station.yaml:13:15: expected text for 'text', but YAML reads yes as true (YAML reads "
        "yes/no/on/off as true or false): put it in quotes: 'yes'",
    ]


def test_bad_id_and_language_code() -> None:
    text = MINIMAL.replace("id: wets-hands", "id: Wets Hands").replace(
        'version: "1"', 'version: "1"\nlanguage: english'
    )
    assert problems_of(text) == [
        "station.yaml:3:11: 'english' is not a language code: use a two-letter ISO 639-1 code "
        "such as 'en' or 'fr', optionally with a region such as 'en-GB'",
        "station.yaml:12:13: 'Wets Hands' is not a valid id: use lower-case letters, digits, "
        "'_', '.' or '-' (no spaces), starting with a letter or digit, e.g. 'wets-hands'",
    ]


def test_translated_text_with_a_bad_language_key_and_value() -> None:
    text = MINIMAL.replace("title: Hand washing", "title: {en: Hand washing, francais: 3}")
    assert problems_of(text) == [
        "station.yaml:4:27: 'francais' is not a language code: use a two-letter ISO 639-1 code "
        "such as 'en' or 'fr', optionally with a region such as 'en-GB'",
        "station.yaml:4:37: expected text for 'francais', but YAML reads 3 as a number: put it "
        "in quotes: '3'",
    ]


def test_wrong_shapes_are_named() -> None:
    text = MINIMAL.replace("title: Hand washing", "title: [Hand, washing]\nauthors: Ann Lee")
    text = text.replace("timing:\n  active_s: 300", "timing: 300")
    assert problems_of(text) == [
        "station.yaml:4:8: expected text or a mapping of language code to text (en: ..., fr: "
        "...) for 'title', got a list",
        "station.yaml:5:10: expected a list for 'authors' (one entry per line, each starting "
        "with '- '), got 'Ann Lee'",
        "station.yaml:6:9: expected a mapping (indented 'key: value' lines) for 'timing', got 300",
    ]


def test_value_errors_from_the_model_say_what_to_do() -> None:
    text = MINIMAL.replace("  pass_mark_pct: 60\n", "").replace(
        "pass_rule:",
        "global_rating:\n  steps: [{id: a, label: A}, {id: b, label: B}]\n"
        "  borderline: c\npass_rule:",
    )
    assert problems_of(text) == [
        "station.yaml:16:15: borderline step 'c' is not one of the steps ['a', 'b']: name one "
        "of the steps' ids",
        "station.yaml:18:3: a fixed pass rule needs pass_mark_pct: add e.g. 'pass_mark_pct: 60' "
        "(a percentage of the maximum score)",
    ]


def test_rating_anchor_off_the_scale_points_at_the_anchor() -> None:
    text = MINIMAL.replace(
        "        type: binary\n",
        "        type: rating\n        scale_max: 3\n        anchors: {1: poor, 5: superb}\n",
    )
    assert problems_of(text) == [
        "station.yaml:14:28: anchor 5 is outside the scale 1..3: anchors describe points from 1 "
        "to scale_max"
    ]


def test_standard_setting_mode_with_a_mark() -> None:
    text = MINIMAL.replace("mode: fixed", "mode: standard_setting")
    assert problems_of(text) == [
        "station.yaml:16:18: pass_mark_pct is set by standard setting after the exam: remove "
        "it, or use 'mode: fixed' for a fixed pass mark",
    ]


# --------------------------------------------------------------------------- odd YAML


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: 'Hand washing\nid: x\n",
            "station.yaml:3:1: YAML syntax error: the file ends inside a quoted text: close the "
            "quote (the quoted scalar starts on line 1)",
        ),
        (
            "id: a\n  title: b\n c: d\n",
            "station.yaml:2:8: YAML syntax error: a ':' where a value was expected: a text "
            "containing ': ' must be put in quotes, and a key belongs on a line of its own",
        ),
        (
            "a:\n  b: 1\n c: 2\n",
            "station.yaml:3:2: YAML syntax error: the indentation does not line up: entries of the "
            "same mapping or list must start in the same column (the block mapping starts on "
            "line 1)",
        ),
        (
            "id: a\n---\nid: b\n",
            "station.yaml:2:1: YAML syntax error: a line '---' starts a second document: keep one "
            "definition per file (the single document in the stream starts on line 1)",
        ),
        (
            "id: *name\n",
            "station.yaml:1:5: YAML syntax error: an alias (*name) names an anchor (&name) that is "
            "not defined above it",
        ),
        (
            "id:\tx\n",
            "station.yaml:1:4: a tab character: YAML does not allow tabs for indentation or after "
            "':' — indent with spaces (most editors can convert tabs to spaces)",
        ),
        (
            "when: {op: >=}\n",
            "station.yaml:1:12: YAML syntax error: a value cannot start with '>' unless it is in "
            'quotes: put the value in quotes, e.g. ">..."',
        ),
        (
            "op: >=\n",
            "station.yaml:1:6: YAML syntax error: a value starting with '>' or '|' begins a block "
            'of text in YAML: put the value in quotes, e.g. op: ">="',
        ),
        (
            "id: a\ntitle: b\x07\n",
            "station.yaml:2:9: the invisible control character U+0007 is not allowed in YAML: "
            "delete it (it often comes from copying text out of another program)",
        ),
        (
            "id: !secret x\n",
            "station.yaml:1:5: the tag !secret is not supported in a definition: remove it",
        ),
        (
            "id: !!python/object:os.system x\n",
            "station.yaml:1:5: the tag !!python/object:os.system is not supported in a "
            "definition: remove it",
        ),
        (
            "timing: !!set {a, b}\n",
            "station.yaml:1:9: the tag !!set is not supported in a definition: remove it",
        ),
        (
            "version: !!int one\n",
            "station.yaml:1:10: 'one' is not a valid !!int value: correct it, or remove the tag "
            "and put the value in quotes",
        ),
        (
            "? [a, b]\n: c\n",
            "station.yaml:1:3: a key must be a plain word such as 'title', not a list or mapping: "
            "check for a stray '?' or brackets",
        ),
        (
            "a: &x [1, *x]\n",
            "station.yaml:1:4: an alias (*name) refers to a list or mapping that contains the "
            "alias itself: a definition cannot contain itself; remove the alias",
        ),
        (
            "   \n# only a comment\n",
            "station.yaml: the file is empty: a definition needs at least id, version, kind, "
            "title, timing, sections (see docs/definitions.md for an example)",
        ),
        (
            "~\n",
            "station.yaml:1:1: the file holds only the value nothing (an empty value), but a "
            "definition is a mapping of keys to values ('id: ...', 'title: ...' lines starting "
            "at the left margin): see docs/definitions.md",
        ),
    ],
)
def test_odd_yaml_is_explained(text: str, expected: str) -> None:
    # Other problems (keys a definition needs) may come with it; this one must be there.
    assert expected in problems_of(text)


def test_yaml_problems_do_not_stop_the_others_being_reported() -> None:
    text = MINIMAL.replace("kind: osce\n", "kind: osce\nkind: osce\n").replace(
        "active_s: 300", "active_s: -5"
    )
    assert problems_of(text) == [
        "station.yaml:4:1: duplicate key 'kind' (first given on line 3): YAML keeps only the "
        "last one; remove or rename one of them",
        "station.yaml:7:13: 'active_s' must be more than 0, got -5",
    ]


def test_non_utf8_counts_the_other_lines_to_fix() -> None:
    raw = b"id: a\ntitle: caf\xe9\nauthors: [Ren\xe9e]\nsource: {citation: \xa9 2020}\n"
    assert problems_of(raw) == [
        "station.yaml:2:11: byte 0xE9 is not valid UTF-8 (2 other lines too): the file was "
        "saved in another encoding; save it again as UTF-8 (in most editors: Save As, "
        "Encoding: UTF-8)"
    ]


def test_billion_laughs_is_stopped() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        below = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([below] * 10)}]")
    problems = problems_of("\n".join(lines) + "\n")
    assert problems == [
        f"station.yaml:6:5: the file expands to more than {MAX_VALUES:,} values through anchors "
        "and aliases (&name / *name): write the repeated parts out, or repeat less"
    ]


def test_absurd_nesting_is_stopped() -> None:
    deep = "a: " + "[" * 100 + "]" * 100 + "\n"
    problems = problems_of(deep)
    assert len(problems) == 1
    assert "nested" in problems[0]
    very_deep = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    assert problems_of(very_deep) == [
        "station.yaml: lists or mappings are nested too deeply to read: a definition is never "
        "this deep; check the brackets and indentation"
    ]


def test_str_input_with_nul_is_not_text() -> None:
    assert problems_of("id: a\x00\n")[0].startswith("station.yaml: this is not a text file")


def test_bad_utf16_after_a_bom() -> None:
    assert problems_of(b"\xff\xfe\x00\xd8") == [
        "station.yaml: the file starts with a UTF-16-LE byte-order mark but is not valid "
        "UTF-16-LE: save it again as UTF-8"
    ]


# --------------------------------------------------------------------------- files, folders


def test_missing_file_and_folder(tmp_path: Path) -> None:
    (tmp_path / "station.yaml").write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_definition(tmp_path / "staton.yaml")
    assert (
        str(caught.value)
        == f"{tmp_path / 'staton.yaml'}: no such file or folder: did you mean 'station.yaml'?"
    )
    with pytest.raises(DefinitionError) as caught:
        load_definition(tmp_path / "nowhere" / "x.yaml")
    assert str(caught.value) == (
        f"{tmp_path / 'nowhere' / 'x.yaml'}: no such file or folder (the folder "
        f"{str(tmp_path / 'nowhere')!r} does not exist either): check the path"
    )
    with pytest.raises(DefinitionError) as caught:
        load_definition(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path}: this is a folder, not a definition file: give a .yaml file"
    )


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The suite runs as root, which reads any file whatever its mode: make reading fail.
    path = tmp_path / "station.yaml"
    path.write_text(MINIMAL, encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(DefinitionError) as caught:
        load_definition(path)
    assert str(caught.value) == (
        f"{path}: cannot read the file (Permission denied): check its permissions"
    )


def test_validate_paths_searches_folders_and_reports_per_file(tmp_path: Path) -> None:
    (tmp_path / "osce").mkdir()
    (tmp_path / "osce" / "nested").mkdir()
    (tmp_path / ".drafts").mkdir()
    (tmp_path / "osce" / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "osce" / "nested" / "b.yml").write_text(
        MINIMAL.replace("id: hand-washing", "id: hand-drying"), encoding="utf-8"
    )
    (tmp_path / "osce" / "notes.txt").write_text("not a definition", encoding="utf-8")
    (tmp_path / ".drafts" / "broken.yaml").write_text("id: [", encoding="utf-8")
    (tmp_path / "bad.yaml").write_text(MINIMAL.replace("300", "soon"), encoding="utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()

    valid, problems = validate_paths(
        [tmp_path / "osce", str(tmp_path / "bad.yaml"), empty, tmp_path / "gone.yaml"]
    )
    assert [(p.name, d.id) for p, d in valid] == [
        ("a.yaml", "hand-washing"),
        ("b.yml", "hand-drying"),
    ]
    assert [str(p) for p in problems] == sorted(
        [
            f"{tmp_path / 'bad.yaml'}:6:13: expected a number, got 'soon'",
            f"{empty}: this folder holds no station definitions (no *.yaml or *.yml files in it "
            "or its sub-folders): check the path",
            f"{tmp_path / 'gone.yaml'}: no such file or folder: check the path",
        ]
    )


def test_duplicate_ids_across_files_are_reported_once_per_later_file() -> None:
    valid, problems = validate_paths([DATA / "duplicate-ids"])
    assert [p.name for p, _ in valid] == ["first.yaml"]
    assert [str(p) for p in problems] == [
        f"{DATA / 'duplicate-ids' / 'second.yaml'}:1:5: id 'hand-washing' is already used by "
        f"{DATA / 'duplicate-ids' / 'first.yaml'}: each definition needs an id of its own; "
        "rename one of them"
    ]


def test_the_same_file_named_twice_is_checked_once() -> None:
    valid, problems = validate_paths([GOOD, GOOD / "hand-rub.yaml"])
    assert problems == []
    assert sorted(p.name for p, _ in valid) == [
        "adult-cpr-aed.yaml",
        "hand-rub.yaml",
        "iv-cannulation.yaml",
        "newborn-hbb.yaml",
    ]


def test_problems_of_several_files_are_sorted() -> None:
    _, problems = validate_paths([BAD])
    assert problems == sorted(problems)
    assert {Path(p.path).name for p in problems} == set(EXPECTED)


def test_load_library_by_id_and_its_failures(tmp_path: Path) -> None:
    library = load_library(GOOD)
    assert list(library) == ["adult-cpr-aed", "hand-rub", "iv-cannulation", "newborn-golden-minute"]
    assert all(isinstance(d, StationDefinition) for d in library.values())
    with pytest.raises(DefinitionError, match="already used by"):
        load_library(DATA / "duplicate-ids")
    with pytest.raises(DefinitionError, match="no such file or folder"):
        load_library(tmp_path / "none")


def test_the_guides_first_example_is_valid() -> None:
    guide = (Path(__file__).resolve().parent.parent / "docs" / "definitions.md").read_text(
        encoding="utf-8"
    )
    section = guide.split("## A first definition", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    defn = load_definition_text(example, "docs/definitions.md")
    assert (defn.id, len(defn.items())) == ("hand-washing", 2)


def test_bundled_library_dir_is_the_package_folder() -> None:
    import assessments

    assert bundled_library_dir() == Path(assessments.__file__).resolve().parent / "library"


# --------------------------------------------------------------------------- never a traceback


def _check_outcome(text: str | bytes) -> None:
    """Loading returns a definition or raises DefinitionError with placed problems."""
    try:
        load_definition_text(text, "fuzz.yaml")
    except DefinitionError as err:
        assert err.problems, "a DefinitionError always carries problems"
        source = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
        # YAML also breaks lines at NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR.
        lines = sum(source.count(c) for c in "\n\r\x85\u2028\u2029") + 2
        for problem in err.problems:
            assert problem.path == "fuzz.yaml"
            assert problem.message and "\n" not in problem.message
            if problem.line is not None:
                assert 1 <= problem.line <= lines
                assert problem.col is not None and problem.col >= 1


@settings(deadline=None, max_examples=300)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_never_raise_anything_else(raw: bytes) -> None:
    _check_outcome(raw)


_YAML_BITS = st.sampled_from(
    [
        *": -[]{},#&*!|>'\"%@`?\n\t\r ",
        "id: ",
        "title: ",
        "sections:\n  - ",
        "items:\n      - ",
        "type: binary",
        "type: ",
        "- ",
        "  ",
        "<<: ",
        "&a ",
        "*a",
        "!!int ",
        "!!float ",
        "!!binary ",
        "!!timestamp ",
        "~",
        "yes",
        "1.5",
        ".inf",
        "2024-02-30",
        "\ufeff",
        "\x85",
        "é",
    ]
)


@settings(deadline=None, max_examples=300)
@given(
    st.lists(
        st.one_of(_YAML_BITS, st.text(string.ascii_letters + string.digits, max_size=5)),
        max_size=60,
    ).map("".join)
)
def test_arbitrary_yaml_like_text_never_raises_anything_else(text: str) -> None:
    _check_outcome(text)


_ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=3),
    st.dictionaries(st.integers(), st.text(max_size=4), max_size=2),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, element in value.items():
            found.extend(_paths(element, (*prefix, key)))
    elif isinstance(value, list):
        for index, element in enumerate(value):
            found.extend(_paths(element, (*prefix, index)))
    return found


@functools.cache
def _good_texts() -> tuple[str, ...]:
    return tuple(p.read_text(encoding="utf-8") for p in sorted(GOOD.glob("*.yaml")))


def _good_data() -> list[Any]:
    return [yaml.safe_load(text) for text in _good_texts()]


@pytest.mark.slow
@settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_definitions_give_a_definition_or_placed_problems(data: st.DataObject) -> None:
    import copy

    original = data.draw(st.sampled_from(_good_data()))
    mutated = copy.deepcopy(original)
    for _ in range(data.draw(st.integers(min_value=1, max_value=4))):
        paths = [p for p in _paths(mutated) if p]
        target = data.draw(st.sampled_from(paths))
        parent = mutated
        for part in target[:-1]:
            parent = parent[part]
        action = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "delete":
            del parent[target[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[data.draw(st.text(string.ascii_lowercase + "_", min_size=1, max_size=8))] = (
                data.draw(_ODD_VALUES)
            )
        else:
            parent[target[-1]] = data.draw(_ODD_VALUES)
    style = data.draw(st.sampled_from([False, None]))
    _check_outcome(yaml.safe_dump(mutated, default_flow_style=style, allow_unicode=True))


def test_a_symbolic_link_to_itself_is_named_not_suggested(tmp_path: Path) -> None:
    from assessments.definitions.loader import validate_paths

    loop = tmp_path / "station.yaml"
    loop.symlink_to(loop)
    _, problems = validate_paths([loop])
    (problem,) = problems
    text = str(problem)
    assert "symbolic link that leads to no file" in text
    assert "did you mean" not in text


def test_a_fifo_is_refused_without_being_opened(tmp_path: Path) -> None:
    import os

    from assessments.definitions.loader import validate_paths

    fifo = tmp_path / "station.yaml"
    os.mkfifo(fifo)
    _, problems = validate_paths([fifo])  # would wait for a writer for ever if opened
    (problem,) = problems
    assert "not a regular file" in str(problem)
