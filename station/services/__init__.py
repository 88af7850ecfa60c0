"""The station's services: everything the GUI, the command line and scripts do with
exam data goes through :class:`StationServices`, which puts one small service per
area together and exposes each as an attribute (``services.encounters``,
``services.results``, ...).

Each operation that changes data checks the permission first
(:func:`station.auth.permissions.check`, with a context read from the data), then
makes the change and its audit entries in one write transaction, and returns a frozen
value saying what changed. Neither the GUI nor the command line touches the database
on its own. See ``docs/services.md``.

The services are split by concern, one class per module, each given what it uses:

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
- :mod:`.report_data` — the data of the PDF reports;
- :mod:`.scenario` — simulation scenarios: the event log of a scenario encounter;
- :mod:`.media` — recordings: consent, linking, markers, the debrief timeline,
  retention and deletion;
- :mod:`.stats` — the psychometrics of an exam;
- :mod:`.audit_log` — reading the audit trail;
- :mod:`station.exports.service` — the other export formats.

Not services, but the one owner of what several services need:

- :mod:`.base` — the context and the look-ups, conversions and permission check every
  service calls;
- :mod:`.results_model` — the results model the others read;
- :mod:`.standards` — the standard in force and how one is computed;
- :mod:`.traces`, :mod:`.csv_input`, :mod:`.media_files`, :mod:`.media_sidecars`,
  :mod:`.timeline` — stored traces, CSV input, recording files and sidecars, and the
  debrief time axis.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from common.clock import Clock
from station.exports.service import ExportResult, ExportServices
from station.services.audit_log import AuditLogServices, AuditPage, AuditRow
from station.services.base import ServiceContext
from station.services.checkin import CheckInServices, StationCandidate, StationCandidateStatus
from station.services.definitions import DefinitionServices
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
from station.services.practice import PracticeDetails, PracticeInfo, PracticeServices
from station.services.release import CandidateOutcome, ReleaseInfo, ReleaseServices
from station.services.report_data import ReportingServices
from station.services.results import RESULTS_COLUMNS, ResultServices
from station.services.results_model import ResultsModel
from station.services.roster import RosterServices
from station.services.scenario import ScenarioLogEntry, ScenarioServices
from station.services.standards import StandardInfo
from station.services.stats import StatsServices
from station.services.traces import CprRecord, StoredTrace, TraceInfo
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

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from station.storage.engine import Database

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


class StationServices:
    """The station's services on one database, one attribute per area::

        services = StationServices(open_database(path))
        me = services.identity.authenticate("dr.ng", pin)
        encounter = services.encounters.check_in(me, "OSCE-2026-03", "iv-cannulation", "C-007")
        services.encounters.mark_item(me, encounter.id, "hand-hygiene", MarkValue.DONE, t_s=12.5)

    ``clock`` (default: the system clock) gives every time stamp, so tests and replays
    control time; ``audit_key`` defaults to the database's key file;
    ``password_hasher`` defaults to the station's Argon2id parameters (tests pass a
    cheap one).

    This class only puts the services together: each receives the
    :class:`~station.services.base.ServiceContext` (database, clock, audit key,
    definition cache) and, by name, the other services it uses. The GUI and the
    command line share it. docs/development.md has the map.
    """

    def __init__(
        self,
        db: Database,
        *,
        clock: Clock | None = None,
        audit_key: bytes | None = None,
        password_hasher: PasswordHasher | None = None,
    ) -> None:
        context = ServiceContext(db, clock=clock, audit_key=audit_key)
        self.db = context.db
        self.clock = context.clock
        results_model = ResultsModel(context)
        self.identity = IdentityServices(context, password_hasher=password_hasher)
        self.definitions = DefinitionServices(context)
        self.exams = ExamServices(context)
        self.roster = RosterServices(context)
        self.encounters = EncounterServices(context, results_model=results_model)
        self.scenario = ScenarioServices(context, encounters=self.encounters)
        self.checkin = CheckInServices(context)
        self.results = ResultServices(context, results_model=results_model)
        self.practice = PracticeServices(context)
        self.stats = StatsServices(context, results_model=results_model)
        self.release = ReleaseServices(context, results_model=results_model, stats=self.stats)
        self.imports = ImportServices(context)
        self.reporting = ReportingServices(context, results_model=results_model)
        self.exports = ExportServices(
            context, results_model=results_model, results=self.results, reporting=self.reporting
        )
        self.audit_log = AuditLogServices(context)
        self.media = MediaServices(context)
