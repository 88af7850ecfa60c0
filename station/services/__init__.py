"""The station's services: everything the GUI, the command line and scripts do with
exam data goes through :class:`StationServices`.

Each operation that changes data checks the permission first
(:func:`station.auth.permissions.check`, with a context read from the data), then
makes the change and its audit entries in one write transaction, and returns a frozen
value saying what changed. Neither the GUI nor the command line touches the database
on its own. See ``docs/services.md``.

The services are split by concern, one mixin per module:

- :mod:`.identity` — sign-in and user accounts;
- :mod:`.definitions` — station definitions, frozen per version;
- :mod:`.exams` — exams, examiners, timetable, open and close;
- :mod:`.roster` — candidate rosters from CSV;
- :mod:`.encounters` — check-in, marking, submission, amendment;
- :mod:`.checkin` — the candidates of a station, with names, slots and status;
- :mod:`.results` — exclusions, results, the CSV export, the audit check;
- :mod:`.practice` — practice attempts with device traces, metrics and scores;
- :mod:`.release` — standard setting, results release, exam results per candidate;
- :mod:`.imports` — results brought in from a file;
- :mod:`.reporting` — the data of the PDF reports;
- :mod:`.scenario` — simulation scenarios: the event log of a scenario encounter;
- :mod:`.media` — recordings: consent, linking, markers, the debrief timeline,
  retention and deletion;
- :mod:`station.exports.service` — the other export formats.
"""

from __future__ import annotations

from station.exports.service import ExportResult, ExportServices
from station.services.audit_log import AuditLogServices, AuditPage, AuditRow
from station.services.checkin import CheckInServices, StationCandidate, StationCandidateStatus
from station.services.encounters import EncounterServices
from station.services.errors import Conflict, Incomplete, InvalidInput, NotFound, SignInFailed
from station.services.exams import ExamServices
from station.services.identity import IdentityServices
from station.services.imports import ImportResult, ImportServices, WithdrawnImport
from station.services.media import (
    ConsentInfo,
    DebriefTimeline,
    MediaInfo,
    MediaServices,
    SegmentInfo,
    TimelineEvent,
)
from station.services.practice import (
    CprRecord,
    CprTraceServices,
    PracticeDetails,
    PracticeInfo,
    PracticeServices,
)
from station.services.release import CandidateOutcome, ReleaseInfo, ReleaseServices, StandardInfo
from station.services.reporting import ReportingServices
from station.services.results import RESULTS_COLUMNS, ResultServices
from station.services.roster import RosterServices
from station.services.scenario import ScenarioLogEntry, ScenarioServices
from station.services.stats import StatsServices
from station.services.traces import StoredTrace, TraceInfo
from station.services.types import (
    Changes,
    CommentInfo,
    DefinitionInfo,
    DefinitionRef,
    EncounterInfo,
    EncounterResult,
    EncounterView,
    ExamInfo,
    ExamStationInfo,
    ExclusionInfo,
    GradeInfo,
    MarkInfo,
    RosterResult,
    SubmitResult,
    TimetableRow,
    UserInfo,
)

__all__ = [
    "RESULTS_COLUMNS",
    "AuditPage",
    "AuditRow",
    "CandidateOutcome",
    "Changes",
    "CommentInfo",
    "Conflict",
    "ConsentInfo",
    "CprRecord",
    "DebriefTimeline",
    "DefinitionInfo",
    "DefinitionRef",
    "EncounterInfo",
    "EncounterResult",
    "EncounterView",
    "ExamInfo",
    "ExamStationInfo",
    "ExclusionInfo",
    "ExportResult",
    "GradeInfo",
    "ImportResult",
    "Incomplete",
    "InvalidInput",
    "MarkInfo",
    "MediaInfo",
    "NotFound",
    "PracticeDetails",
    "PracticeInfo",
    "ReleaseInfo",
    "RosterResult",
    "ScenarioLogEntry",
    "SegmentInfo",
    "SignInFailed",
    "StandardInfo",
    "StationCandidate",
    "StationCandidateStatus",
    "StationServices",
    "StoredTrace",
    "SubmitResult",
    "TimelineEvent",
    "TimetableRow",
    "TraceInfo",
    "UserInfo",
    "WithdrawnImport",
]


class StationServices(
    CprTraceServices,
    IdentityServices,
    ExamServices,
    RosterServices,
    ScenarioServices,
    EncounterServices,
    CheckInServices,
    ResultServices,
    PracticeServices,
    ReleaseServices,
    ImportServices,
    ExportServices,
    StatsServices,
    ReportingServices,
    AuditLogServices,
    MediaServices,
):
    """All services on one database::

        services = StationServices(open_database(path))
        me = services.authenticate("dr.ng", pin)
        encounter = services.check_in(me, "OSCE-2026-03", "iv-cannulation", "C-007")
        services.mark_item(me, encounter.id, "hand-hygiene", MarkValue.DONE, t_s=12.5)

    ``clock`` (default: the system clock) gives every time stamp, so tests and replays
    control time; ``audit_key`` defaults to the database's key file;
    ``password_hasher`` defaults to the station's Argon2id parameters (tests pass a
    cheap one).
    """
