"""Who may do what: roles, actions and the permission matrix.

Every service call that reads or changes exam data asks :func:`check` first, so the
rules hold whether the request comes from the GUI, the command line or a script. The
GUI may use :func:`allowed` to grey out what a user cannot do, but hiding a button is
never the protection.

The rules live in one table, :data:`MATRIX`: for each role, the actions it may take and
the conditions each one needs (the examiner is assigned to the station, the exam is
running, the encounter is not yet submitted, a reason is given, the practice attempt is
the user's own). An action missing from a role's row is refused. Because the table is
plain data, ``docs/roles.md`` prints it (:func:`matrix_markdown`) and the tests
enumerate it against an expected table written out by hand.

Decisions that the table encodes:

* Marking an encounter (start it, mark items, set the global grade, comment, submit it,
  override a device-scored item) belongs to the examiner assigned to that exam station,
  while the exam runs and until the encounter is submitted. Coordinators do not mark:
  the person who can amend results afterwards, with an audit entry and a reason, is kept
  apart from the person who marked. A coordinator who also examines needs an examiner
  account for that exam.
* Once submitted, an encounter changes only through :attr:`Action.AMEND_SUBMITTED`:
  coordinators only, with a reason. A coordinator overrides a device-scored item of a
  submitted encounter through that amendment, never with
  :attr:`Action.OVERRIDE_DEVICE_ITEM` directly.
* Excluding an item or a station from scoring changes candidates' results, so it needs a
  reason, as an amendment does.
* Coordinators may check candidates in and record no-shows (attendance is not a
  judgement of performance), but a no-show on a submitted encounter is an amendment.
* Everybody may practise, but only for themselves. Examiners and trainees see their own
  practice attempts; coordinators see everyone's, for teaching oversight.
* Recordings of encounters are made by the examiner assigned to the station while the
  exam runs (or by a coordinator), who also records the candidate's consent; that
  examiner sees them afterwards, at any time, as they see the encounter. Coordinators see
  every recording. A practice attempt is recorded and seen under the practice rules (its
  owner; coordinators see all). Deleting a recording, and setting how long recordings
  are kept, belong to coordinators only, with a reason for a deletion: erasing evidence
  an examiner judged is kept apart from the examiner, as amending is.
* Missing context fails closed: if the service does not say whether the exam is
  running, whether the encounter is submitted or whose attempt it is, the answer is no.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Final

from station.i18n import _


class Role(StrEnum):
    """What a user account is for; each account has exactly one role."""

    EXAMINER = "examiner"
    TRAINEE = "trainee"
    COORDINATOR = "coordinator"


class Action(StrEnum):
    """Everything a service does on behalf of a user that needs a permission."""

    MANAGE_USERS = "manage_users"
    CREATE_EXAM = "create_exam"
    EDIT_EXAM = "edit_exam"
    IMPORT_ROSTER = "import_roster"
    IMPORT_DEFINITION = "import_definition"
    VIEW_TIMETABLE = "view_timetable"
    CHECK_IN = "check_in"
    START_ENCOUNTER = "start_encounter"
    MARK_ITEM = "mark_item"
    SET_GRADE = "set_grade"
    COMMENT = "comment"
    MARK_NO_SHOW = "mark_no_show"
    SUBMIT_ENCOUNTER = "submit_encounter"
    #: Change an encounter after it was submitted; always with a reason.
    AMEND_SUBMITTED = "amend_submitted"
    #: Replace the value a sensor scored for an item, with a reason.
    OVERRIDE_DEVICE_ITEM = "override_device_item"
    #: Exclude items or whole stations from scoring, with a reason.
    EXCLUDE = "exclude"
    #: All results of an exam.
    VIEW_RESULTS = "view_results"
    EXPORT_RESULTS = "export_results"
    RELEASE_RESULTS = "release_results"
    #: A candidate's own released results. Candidates have no accounts yet; the action
    #: is kept so that reports can name it.
    VIEW_OWN_RESULTS = "view_own_results"
    START_PRACTICE = "start_practice"
    #: One practice attempt.
    VIEW_PRACTICE = "view_practice"
    VIEW_AUDIT = "view_audit"
    VERIFY_AUDIT = "verify_audit"
    #: Record an encounter on video, and the candidate's consent to it.
    RECORD_MEDIA = "record_media"
    #: Watch the recordings of encounters.
    VIEW_MEDIA = "view_media"
    #: Erase a recording's files, with a reason.
    DELETE_MEDIA = "delete_media"
    #: Set how long recordings are kept, and purge those older.
    MANAGE_RETENTION = "manage_retention"


#: Each action in words, as messages and documentation show it ("... may not <phrase>").
ACTION_PHRASES: Final[Mapping[Action, str]] = MappingProxyType(
    {
        Action.MANAGE_USERS: "manage user accounts",
        Action.CREATE_EXAM: "create an exam",
        Action.EDIT_EXAM: "edit an exam",
        Action.IMPORT_ROSTER: "import a candidate roster",
        Action.IMPORT_DEFINITION: "import a station definition",
        Action.VIEW_TIMETABLE: "view the exam timetable",
        Action.CHECK_IN: "check a candidate in",
        Action.START_ENCOUNTER: "start an encounter",
        Action.MARK_ITEM: "mark a checklist item",
        Action.SET_GRADE: "set a global grade",
        Action.COMMENT: "comment on an encounter",
        Action.MARK_NO_SHOW: "record a candidate as absent",
        Action.SUBMIT_ENCOUNTER: "submit an encounter",
        Action.AMEND_SUBMITTED: "amend a submitted encounter",
        Action.OVERRIDE_DEVICE_ITEM: "override a device-scored item",
        Action.EXCLUDE: "exclude an item or station from scoring",
        Action.VIEW_RESULTS: "view the results of an exam",
        Action.EXPORT_RESULTS: "export results",
        Action.RELEASE_RESULTS: "release results to candidates",
        Action.VIEW_OWN_RESULTS: "view a candidate's own released results",
        Action.START_PRACTICE: "start a practice attempt",
        Action.VIEW_PRACTICE: "view a practice attempt",
        Action.VIEW_AUDIT: "view the audit trail",
        Action.VERIFY_AUDIT: "verify the audit trail",
        Action.RECORD_MEDIA: "record an encounter on video",
        Action.VIEW_MEDIA: "watch the recordings of encounters",
        Action.DELETE_MEDIA: "delete a recording",
        Action.MANAGE_RETENTION: "set how long recordings are kept",
    }
)

#: Each role in the plural, for "only coordinators may ...".
_ROLE_PLURALS: Final[Mapping[Role, str]] = MappingProxyType(
    {Role.EXAMINER: "examiners", Role.TRAINEE: "trainees", Role.COORDINATOR: "coordinators"}
)


class Condition(StrEnum):
    """A requirement an action may carry besides the role; see :data:`MATRIX`."""

    #: The actor is among the examiners assigned to this exam station.
    ASSIGNED_TO_STATION = "assigned_to_station"
    #: The actor is assigned to at least one station of this exam (the service passes
    #: the examiners of the whole exam in ``Context.assigned_examiner_ids``).
    ASSIGNED_TO_EXAM = "assigned_to_exam"
    #: The exam is running: between its start and its close.
    EXAM_OPEN = "exam_open"
    #: The encounter has not been submitted (a new encounter counts as not submitted).
    NOT_SUBMITTED = "not_submitted"
    #: The encounter has been submitted.
    SUBMITTED = "submitted"
    #: A non-blank reason is given; it goes into the audit trail.
    REASON = "reason"
    #: The practice attempt belongs to the actor.
    OWN_ATTEMPT = "own_attempt"


#: Each condition as the documentation's matrix shows it.
CONDITION_LABELS: Final[Mapping[Condition, str]] = MappingProxyType(
    {
        Condition.ASSIGNED_TO_STATION: "assigned to the station",
        Condition.ASSIGNED_TO_EXAM: "assigned to the exam",
        Condition.EXAM_OPEN: "exam running",
        Condition.NOT_SUBMITTED: "not yet submitted",
        Condition.SUBMITTED: "submitted",
        Condition.REASON: "reason given",
        Condition.OWN_ATTEMPT: "their own attempt",
    }
)

#: No condition beyond the role.
ALWAYS: Final[tuple[Condition, ...]] = ()

_C = Condition
#: Marking an encounter as its examiner.
_AS_EXAMINER: Final = (_C.ASSIGNED_TO_STATION, _C.EXAM_OPEN, _C.NOT_SUBMITTED)

#: The permission matrix: role -> action -> conditions that must all hold. An action
#: absent from a role's row is refused to that role.
MATRIX: Final[Mapping[Role, Mapping[Action, tuple[Condition, ...]]]] = MappingProxyType(
    {
        Role.COORDINATOR: MappingProxyType(
            {
                Action.MANAGE_USERS: ALWAYS,
                Action.CREATE_EXAM: ALWAYS,
                Action.EDIT_EXAM: ALWAYS,
                Action.IMPORT_ROSTER: ALWAYS,
                Action.IMPORT_DEFINITION: ALWAYS,
                Action.VIEW_TIMETABLE: ALWAYS,
                Action.CHECK_IN: ALWAYS,
                Action.MARK_NO_SHOW: (_C.NOT_SUBMITTED,),
                Action.AMEND_SUBMITTED: (_C.SUBMITTED, _C.REASON),
                Action.EXCLUDE: (_C.REASON,),
                Action.VIEW_RESULTS: ALWAYS,
                Action.EXPORT_RESULTS: ALWAYS,
                Action.RELEASE_RESULTS: ALWAYS,
                Action.VIEW_OWN_RESULTS: ALWAYS,
                Action.START_PRACTICE: (_C.OWN_ATTEMPT,),
                Action.VIEW_PRACTICE: ALWAYS,
                Action.VIEW_AUDIT: ALWAYS,
                Action.VERIFY_AUDIT: ALWAYS,
                Action.RECORD_MEDIA: ALWAYS,
                Action.VIEW_MEDIA: ALWAYS,
                Action.DELETE_MEDIA: (_C.REASON,),
                Action.MANAGE_RETENTION: ALWAYS,
            }
        ),
        Role.EXAMINER: MappingProxyType(
            {
                Action.VIEW_TIMETABLE: (_C.ASSIGNED_TO_EXAM,),
                Action.CHECK_IN: (_C.ASSIGNED_TO_STATION, _C.EXAM_OPEN),
                Action.START_ENCOUNTER: _AS_EXAMINER,
                Action.MARK_ITEM: _AS_EXAMINER,
                Action.SET_GRADE: _AS_EXAMINER,
                Action.COMMENT: _AS_EXAMINER,
                Action.MARK_NO_SHOW: _AS_EXAMINER,
                Action.SUBMIT_ENCOUNTER: _AS_EXAMINER,
                Action.OVERRIDE_DEVICE_ITEM: (*_AS_EXAMINER, _C.REASON),
                Action.START_PRACTICE: (_C.OWN_ATTEMPT,),
                Action.VIEW_PRACTICE: (_C.OWN_ATTEMPT,),
                Action.RECORD_MEDIA: (_C.ASSIGNED_TO_STATION, _C.EXAM_OPEN),
                Action.VIEW_MEDIA: (_C.ASSIGNED_TO_STATION,),
            }
        ),
        Role.TRAINEE: MappingProxyType(
            {
                Action.START_PRACTICE: (_C.OWN_ATTEMPT,),
                Action.VIEW_PRACTICE: (_C.OWN_ATTEMPT,),
            }
        ),
    }
)

#: Extra advice when a role lacks an action altogether, where there is another way.
_OTHER_WAY: Final[Mapping[Action, str]] = MappingProxyType(
    {
        Action.MARK_ITEM: "a coordinator changes a submitted encounter by amending it",
        Action.SET_GRADE: "a coordinator changes a submitted encounter by amending it",
        Action.COMMENT: "a coordinator changes a submitted encounter by amending it",
        Action.OVERRIDE_DEVICE_ITEM: (
            "a coordinator overrides a device-scored item by amending the submitted encounter"
        ),
    }
)


@dataclass(frozen=True)
class Actor:
    """The signed-in user on whose behalf a service acts."""

    user_id: str
    username: str
    role: Role
    active: bool = True


@dataclass(frozen=True)
class Context:
    """What the rules need to know about the object acted on.

    The service fills in what applies and leaves the rest at its default; a rule that
    needs a value left unknown (``None``) refuses.

    ``assigned_examiner_ids`` holds the examiners assigned to ``exam_station_id``; for
    an exam-wide action (the timetable) it holds the examiners of every station of the
    exam. ``exam_name`` and ``exam_station_name`` only make messages readable.
    """

    exam_id: str | None = None
    exam_station_id: str | None = None
    exam_open: bool | None = None
    assigned_examiner_ids: frozenset[str] = field(default_factory=frozenset)
    encounter_submitted: bool | None = None
    owner_user_id: str | None = None
    reason: str | None = None
    exam_name: str | None = None
    exam_station_name: str | None = None


class PermissionDenied(Exception):
    """The actor may not take the action; ``str()`` is a message for the user."""

    def __init__(self, actor: Actor, action: Action, reason: str) -> None:
        self.actor = actor
        self.action = action
        self.reason = reason
        super().__init__(
            _("{role} '{username}' may not {action}: {reason}.").format(
                role=_(actor.role),
                username=actor.username,
                action=_(ACTION_PHRASES[action]),
                reason=reason,
            )
        )


def _unmet(condition: Condition, actor: Actor, ctx: Context) -> str | None:
    """Why ``condition`` does not hold, in words, or None when it holds."""
    if condition is Condition.ASSIGNED_TO_STATION:
        if actor.user_id in ctx.assigned_examiner_ids:
            return None
        station = ctx.exam_station_name or ctx.exam_station_id
        where = f"station '{station}'" if station else "this station"
        exam = f"exam '{ctx.exam_name}'" if ctx.exam_name else "this exam"
        return f"not assigned to {where} of {exam}"
    if condition is Condition.ASSIGNED_TO_EXAM:
        if actor.user_id in ctx.assigned_examiner_ids:
            return None
        exam = f"exam '{ctx.exam_name}'" if ctx.exam_name else "this exam"
        return f"not assigned to any station of {exam}"
    if condition is Condition.EXAM_OPEN:
        if ctx.exam_open is True:
            return None
        if ctx.exam_open is None:
            return _("it is not known whether the exam is running")
        return _("the exam is not running (it has not started yet or has been closed)")
    if condition is Condition.NOT_SUBMITTED:
        if ctx.encounter_submitted is False:
            return None
        if ctx.encounter_submitted is None:
            return _("it is not known whether the encounter has been submitted")
        return _(
            "the encounter has already been submitted (a coordinator can amend it, giving a reason)"
        )
    if condition is Condition.SUBMITTED:
        if ctx.encounter_submitted is True:
            return None
        if ctx.encounter_submitted is None:
            return _("it is not known whether the encounter has been submitted")
        return _("the encounter has not been submitted yet (until then its examiner changes it)")
    if condition is Condition.REASON:
        if ctx.reason is not None and ctx.reason.strip():
            return None
        return _("a reason must be given (it is kept in the audit trail)")
    if condition is Condition.OWN_ATTEMPT:
        if ctx.owner_user_id is not None and ctx.owner_user_id == actor.user_id:
            return None
        if ctx.owner_user_id is None:
            return _("it is not known whose practice attempt this is")
        return _("the practice attempt belongs to another user")
    raise AssertionError(f"unhandled condition {condition!r}")  # pragma: no cover


def roles_allowed(action: Action) -> tuple[Role, ...]:
    """The roles that may take ``action`` under some conditions, in :class:`Role` order."""
    return tuple(role for role in Role if action in MATRIX[role])


def _who(role: Role, action: Action) -> str:
    """The users of ``role`` who may take ``action``, in words ("examiners assigned ...")."""
    if Condition.ASSIGNED_TO_STATION in MATRIX[role][action]:
        return _("{roles} assigned to the station").format(roles=_(_ROLE_PLURALS[role]))
    return _(_ROLE_PLURALS[role])


def _why_not(actor: Actor, action: Action, ctx: Context) -> str | None:
    """Why ``actor`` may not take ``action`` in ``ctx``, or None when they may."""
    if not actor.active:
        return _("the account is deactivated")
    conditions = MATRIX[actor.role].get(action)
    if conditions is None:
        both = " " + _("and") + " "
        who = both.join(_who(role, action) for role in roles_allowed(action)) or _("nobody")
        why = _("only {who} may do this").format(who=who)
        if action in _OTHER_WAY:
            why += f" ({_(_OTHER_WAY[action])})"
        return why
    unmet = [msg for c in conditions if (msg := _unmet(c, actor, ctx)) is not None]
    return "; ".join(unmet) if unmet else None


#: The context for actions that concern no particular exam, station or attempt.
NO_CONTEXT: Final[Context] = Context()


def check(actor: Actor, action: Action, ctx: Context = NO_CONTEXT) -> None:
    """Return if ``actor`` may take ``action`` in ``ctx``; else raise :class:`PermissionDenied`.

    The message names the user, their role, the action in words and every unmet
    condition, so the GUI can show it as it is.
    """
    reason = _why_not(actor, action, ctx)
    if reason is not None:
        raise PermissionDenied(actor, action, reason)


def allowed(actor: Actor, action: Action, ctx: Context = NO_CONTEXT) -> bool:
    """Whether ``actor`` may take ``action`` in ``ctx`` (for greying out controls)."""
    return _why_not(actor, action, ctx) is None


def matrix_markdown() -> str:
    """The matrix as a Markdown table: one row per action, one column per role.

    ``docs/roles.md`` carries this table; a test keeps the two identical.
    """
    roles = (Role.COORDINATOR, Role.EXAMINER, Role.TRAINEE)
    lines = [
        "| Action | " + " | ".join(r.value.capitalize() for r in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for action in Action:
        cells = []
        for role in roles:
            conditions = MATRIX[role].get(action)
            if conditions is None:
                cells.append("no")
            elif not conditions:
                cells.append("yes")
            else:
                cells.append("if " + ", ".join(CONDITION_LABELS[c] for c in conditions))
        phrase = ACTION_PHRASES[action]
        lines.append(f"| {phrase[0].upper()}{phrase[1:]} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
