"""The permission matrix, enumerated against a table written out here by hand.

Every role x every action x every combination of the context facts the rules look at
(assigned or not, exam running or not, encounter submitted or not, own attempt or not,
reason given or not) is checked against ``EXPECTED`` below, which is read by this
file's own small interpreter, not by the code under test. Changing a rule in
``station.auth.permissions`` without changing this table fails a test.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from station.auth.permissions import (
    ACTION_PHRASES,
    MATRIX,
    Action,
    Actor,
    Context,
    PermissionDenied,
    Role,
    allowed,
    check,
    matrix_markdown,
)

REPO = Path(__file__).resolve().parent.parent

# What each role may do. "-": never. "yes": always (for an active account).
# Otherwise only when every listed letter holds:
#   A  the user is among the assigned examiners given in the context
#   O  the exam is running
#   N  the encounter is not submitted      U  the encounter is submitted
#   R  a non-blank reason is given          W  the practice attempt is the user's own
EXPECTED_TABLE = """
action                 coordinator  examiner  trainee
manage_users           yes          -         -
create_exam            yes          -         -
edit_exam              yes          -         -
import_roster          yes          -         -
import_definition      yes          -         -
view_timetable         yes          A         -
check_in               yes          AO        -
start_encounter        -            AON       -
mark_item              -            AON       -
set_grade              -            AON       -
comment                -            AON       -
mark_no_show           N            AON       -
submit_encounter       -            AON       -
amend_submitted        UR           -         -
override_device_item   -            AONR      -
exclude                R            -         -
view_results           yes          -         -
export_results         yes          -         -
release_results        yes          -         -
view_own_results       yes          -         -
start_practice         W            W         W
view_practice          yes          W         W
view_audit             yes          -         -
verify_audit           yes          -         -
record_media           yes          AO        -
view_media             yes          A         -
delete_media           R            -         -
manage_retention       yes          -         -
"""


def _parse_table(text: str) -> dict[tuple[Role, Action], str]:
    lines = [line.split() for line in text.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    roles = [Role(name) for name in header[1:]]
    table = {}
    for action_name, *cells in rows:
        assert len(cells) == len(roles), action_name
        for role, cell in zip(roles, cells, strict=True):
            table[Role(role), Action(action_name)] = cell
    return table


EXPECTED = _parse_table(EXPECTED_TABLE)

ME = "u-me"
SOMEONE_ELSE = "u-other"


@dataclass(frozen=True)
class Scenario:
    assigned: bool
    exam_open: bool
    submitted: bool
    own: bool
    reason: bool

    def context(self) -> Context:
        return Context(
            exam_id="exam-2025-spring",
            exam_station_id="st-iv",
            exam_station_name="IV cannulation",
            exam_open=self.exam_open,
            assigned_examiner_ids=frozenset({ME if self.assigned else SOMEONE_ELSE, "u-third"}),
            encounter_submitted=self.submitted,
            owner_user_id=ME if self.own else SOMEONE_ELSE,
            reason="candidate's sensor was unplugged" if self.reason else None,
        )


SCENARIOS = [Scenario(*flags) for flags in itertools.product((False, True), repeat=5)]


def expected_answer(cell: str, s: Scenario) -> bool:
    if cell == "-":
        return False
    if cell == "yes":
        return True
    facts = {
        "A": s.assigned,
        "O": s.exam_open,
        "N": not s.submitted,
        "U": s.submitted,
        "R": s.reason,
        "W": s.own,
    }
    return all(facts[letter] for letter in cell)


def actor(role: Role, *, active: bool = True) -> Actor:
    return Actor(user_id=ME, username=f"{role.value}_kim", role=role, active=active)


def test_table_covers_every_role_and_action() -> None:
    assert set(EXPECTED) == set(itertools.product(Role, Action))


def test_roles_and_actions_are_the_agreed_ones() -> None:
    assert [r.value for r in Role] == ["examiner", "trainee", "coordinator"]
    assert {a.name for a in Action} == {
        "MANAGE_USERS", "CREATE_EXAM", "EDIT_EXAM", "IMPORT_ROSTER", "IMPORT_DEFINITION",
        "VIEW_TIMETABLE", "CHECK_IN", "START_ENCOUNTER", "MARK_ITEM", "SET_GRADE", "COMMENT",
        "MARK_NO_SHOW", "SUBMIT_ENCOUNTER", "AMEND_SUBMITTED", "OVERRIDE_DEVICE_ITEM",
        "EXCLUDE", "VIEW_RESULTS", "EXPORT_RESULTS", "RELEASE_RESULTS", "VIEW_OWN_RESULTS",
        "START_PRACTICE", "VIEW_PRACTICE", "VIEW_AUDIT", "VERIFY_AUDIT",
        "RECORD_MEDIA", "VIEW_MEDIA", "DELETE_MEDIA", "MANAGE_RETENTION",
    }  # fmt: skip


def _assert_denial_message(exc: PermissionDenied, who: Actor, action: Action) -> None:
    message = str(exc)
    phrase = ACTION_PHRASES[action]
    assert message.startswith(f"{who.role.value} '{who.username}' may not {phrase}: ")
    assert exc.actor == who
    assert exc.action is action
    assert exc.reason and exc.reason in message
    # In words: no identifiers such as "mark_item" or "Action.MARK_ITEM".
    assert "_" not in phrase
    assert action.value not in message or "_" not in action.value
    assert "Action." not in message and "Role." not in message


@pytest.mark.parametrize(("role", "action"), sorted(EXPECTED, key=str))
def test_matrix_cell(role: Role, action: Action) -> None:
    who = actor(role)
    wrong = []
    for scenario in SCENARIOS:
        want = expected_answer(EXPECTED[role, action], scenario)
        ctx = scenario.context()
        if allowed(who, action, ctx) != want:
            wrong.append((scenario, want))
            continue
        if want:
            check(who, action, ctx)
        else:
            with pytest.raises(PermissionDenied) as info:
                check(who, action, ctx)
            _assert_denial_message(info.value, who, action)
    assert not wrong, f"{role} {action}: wrong answers (scenario, expected): {wrong}"


@pytest.mark.parametrize(("role", "action"), sorted(EXPECTED, key=str))
def test_inactive_user_may_do_nothing(role: Role, action: Action) -> None:
    who = actor(role, active=False)
    for scenario in SCENARIOS:
        ctx = scenario.context()
        assert not allowed(who, action, ctx)
        with pytest.raises(PermissionDenied, match="deactivated") as info:
            check(who, action, ctx)
        _assert_denial_message(info.value, who, action)


_ALL_TRUE = Scenario(assigned=True, exam_open=True, submitted=False, own=True, reason=True)


_UNKNOWN: dict[str, tuple[str, Callable[[Context], Context]]] = {
    "exam_open": ("O", lambda ctx: replace(ctx, exam_open=None)),
    "encounter_submitted": ("NU", lambda ctx: replace(ctx, encounter_submitted=None)),
    "owner_user_id": ("W", lambda ctx: replace(ctx, owner_user_id=None)),
}


@pytest.mark.parametrize("field", sorted(_UNKNOWN))
def test_unknown_context_fails_closed(field: str) -> None:
    """A fact a rule needs but the service left unknown (None) means no."""
    letters, forget = _UNKNOWN[field]
    checked = 0
    for (role, action), cell in EXPECTED.items():
        if not set(cell) & set(letters):
            continue
        for submitted in (False, True):
            base = Scenario(True, True, submitted, True, True)
            if not expected_answer(cell, base):
                continue
            ctx = base.context()
            assert allowed(actor(role), action, ctx)
            unknown = forget(ctx)
            assert not allowed(actor(role), action, unknown), (role, action)
            with pytest.raises(PermissionDenied, match="not known") as info:
                check(actor(role), action, unknown)
            _assert_denial_message(info.value, actor(role), action)
            checked += 1
    assert checked > 0


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_blank_reason_is_no_reason(blank: str) -> None:
    for (role, action), cell in EXPECTED.items():
        if "R" not in cell:
            continue
        base = Scenario(True, True, "U" in cell, True, True)
        ctx = replace(base.context(), reason=blank)
        with pytest.raises(PermissionDenied, match="reason must be given"):
            check(actor(role), action, ctx)


def test_no_context_at_all() -> None:
    """Without context only the unconditional rights remain."""
    for (role, action), cell in EXPECTED.items():
        assert allowed(actor(role), action) == (cell == "yes"), (role, action)


# Stories a coordinator would tell, with the answers written out.
STORIES = [
    # role, action, assigned, open, submitted, own, reason, allowed
    (Role.EXAMINER, Action.MARK_ITEM, True, True, False, False, False, True),
    (Role.EXAMINER, Action.MARK_ITEM, False, True, False, False, False, False),
    (Role.EXAMINER, Action.MARK_ITEM, True, False, False, False, False, False),
    (Role.EXAMINER, Action.MARK_ITEM, True, True, True, False, False, False),
    (Role.EXAMINER, Action.SUBMIT_ENCOUNTER, True, True, True, False, False, False),
    (Role.EXAMINER, Action.OVERRIDE_DEVICE_ITEM, True, True, False, False, False, False),
    (Role.EXAMINER, Action.OVERRIDE_DEVICE_ITEM, True, True, False, False, True, True),
    (Role.EXAMINER, Action.AMEND_SUBMITTED, True, True, True, False, True, False),
    (Role.EXAMINER, Action.VIEW_TIMETABLE, True, False, False, False, False, True),
    (Role.EXAMINER, Action.VIEW_RESULTS, True, True, True, True, True, False),
    (Role.EXAMINER, Action.START_PRACTICE, False, False, False, True, False, True),
    (Role.EXAMINER, Action.VIEW_PRACTICE, False, False, False, False, False, False),
    (Role.COORDINATOR, Action.MARK_ITEM, True, True, False, False, False, False),
    (Role.COORDINATOR, Action.AMEND_SUBMITTED, False, False, True, False, True, True),
    (Role.COORDINATOR, Action.AMEND_SUBMITTED, False, False, True, False, False, False),
    (Role.COORDINATOR, Action.AMEND_SUBMITTED, False, True, False, False, True, False),
    (Role.COORDINATOR, Action.OVERRIDE_DEVICE_ITEM, True, True, True, False, True, False),
    (Role.COORDINATOR, Action.MARK_NO_SHOW, False, False, False, False, False, True),
    (Role.COORDINATOR, Action.MARK_NO_SHOW, False, False, True, False, False, False),
    (Role.COORDINATOR, Action.EXCLUDE, False, False, False, False, False, False),
    (Role.COORDINATOR, Action.START_PRACTICE, False, False, False, False, False, False),
    (Role.COORDINATOR, Action.VIEW_PRACTICE, False, False, False, False, False, True),
    (Role.TRAINEE, Action.START_PRACTICE, False, False, False, True, False, True),
    (Role.TRAINEE, Action.VIEW_PRACTICE, False, False, False, False, False, False),
    (Role.TRAINEE, Action.VIEW_TIMETABLE, True, True, False, True, True, False),
    (Role.TRAINEE, Action.MARK_ITEM, True, True, False, True, True, False),
    (Role.EXAMINER, Action.RECORD_MEDIA, True, True, True, False, False, True),
    (Role.EXAMINER, Action.RECORD_MEDIA, True, False, False, False, False, False),
    (Role.EXAMINER, Action.RECORD_MEDIA, False, True, False, False, False, False),
    (Role.EXAMINER, Action.VIEW_MEDIA, True, False, True, False, False, True),
    (Role.EXAMINER, Action.DELETE_MEDIA, True, True, True, True, True, False),
    (Role.TRAINEE, Action.VIEW_MEDIA, True, True, True, True, True, False),
    (Role.COORDINATOR, Action.DELETE_MEDIA, False, False, False, False, True, True),
    (Role.COORDINATOR, Action.DELETE_MEDIA, False, False, False, False, False, False),
    (Role.COORDINATOR, Action.MANAGE_RETENTION, False, False, False, False, False, True),
]


@pytest.mark.parametrize(
    ("role", "action", "assigned", "exam_open", "submitted", "own", "reason", "want"), STORIES
)
def test_story(
    role: Role,
    action: Action,
    assigned: bool,
    exam_open: bool,
    submitted: bool,
    own: bool,
    reason: bool,
    want: bool,
) -> None:
    ctx = Scenario(assigned, exam_open, submitted, own, reason).context()
    assert allowed(actor(role), action, ctx) is want


def test_message_names_examiner_and_station() -> None:
    dr_ng = Actor(user_id="u-ng", username="dr_ng", role=Role.EXAMINER)
    ctx = Context(
        exam_station_id="st-7",
        exam_station_name="IV cannulation",
        exam_open=True,
        assigned_examiner_ids=frozenset({"u-other"}),
        encounter_submitted=False,
    )
    with pytest.raises(PermissionDenied) as info:
        check(dr_ng, Action.MARK_ITEM, ctx)
    assert str(info.value) == (
        "examiner 'dr_ng' may not mark a checklist item: "
        "not assigned to station 'IV cannulation' of this exam."
    )


def test_message_lists_every_unmet_condition() -> None:
    ctx = Scenario(assigned=False, exam_open=False, submitted=True, own=False, reason=False)
    with pytest.raises(PermissionDenied) as info:
        check(actor(Role.EXAMINER), Action.OVERRIDE_DEVICE_ITEM, ctx.context())
    message = str(info.value)
    for fragment in ("not assigned", "not running", "already been submitted", "reason"):
        assert fragment in message


def test_message_for_a_role_without_the_action_says_who_may() -> None:
    with pytest.raises(PermissionDenied) as info:
        check(actor(Role.TRAINEE), Action.EXPORT_RESULTS)
    assert "only coordinators may do this" in str(info.value)
    with pytest.raises(PermissionDenied) as info:
        check(actor(Role.COORDINATOR), Action.SET_GRADE)
    assert "only examiners assigned to the station" in str(info.value)
    assert "amending" in str(info.value)


def test_every_action_has_distinct_words() -> None:
    phrases = [ACTION_PHRASES[a] for a in Action]
    assert len(set(phrases)) == len(phrases)
    for phrase in phrases:
        assert phrase == phrase.strip() and "_" not in phrase and " " in phrase


def test_matrix_is_read_only() -> None:
    with pytest.raises(TypeError):
        MATRIX[Role.TRAINEE][Action.EXPORT_RESULTS] = ()  # type: ignore[index]


def test_roles_doc_carries_the_matrix() -> None:
    doc = (REPO / "docs" / "roles.md").read_text(encoding="utf-8")
    assert matrix_markdown() in doc


_contexts = st.builds(
    Context,
    exam_open=st.none() | st.booleans(),
    assigned_examiner_ids=st.frozensets(st.sampled_from([ME, SOMEONE_ELSE])),
    encounter_submitted=st.none() | st.booleans(),
    owner_user_id=st.none() | st.sampled_from([ME, SOMEONE_ELSE]),
    reason=st.none() | st.text(max_size=5),
)


@settings(deadline=None)
@given(
    role=st.sampled_from(Role),
    action=st.sampled_from(Action),
    active=st.booleans(),
    ctx=_contexts,
)
def test_check_and_allowed_agree(role: Role, action: Action, active: bool, ctx: Context) -> None:
    who = actor(role, active=active)
    if allowed(who, action, ctx):
        check(who, action, ctx)
    else:
        with pytest.raises(PermissionDenied) as info:
            check(who, action, ctx)
        _assert_denial_message(info.value, who, action)
