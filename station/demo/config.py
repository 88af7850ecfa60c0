"""Settings and results of a demonstration exam: the stations, names of the files it
writes, the examiner pool, :class:`DemoConfig` and :class:`DemoResult`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from station.auth.permissions import Role
from station.errors import UserError
from station.exports.bundle import WORKBOOK_NAME
from station.i18n import _
from station.storage.audit import VerifyResult

#: The bundled OSCE checklist stations, in circuit order.
OSCE_STATIONS: tuple[str, ...] = (
    "adult-cpr-aed",
    "iv-cannulation",
    "who-hand-rub",
    "newborn-resuscitation-hbb",
)
EXAM_CODE = "DEMO-OSCE"
EXAM_TITLE = "Demonstration OSCE: year 3 clinical skills"
#: A Monday morning in Central European Time; fixed, so the results file does not
#: depend on the day the demo is built.
EXAM_START = datetime(2026, 3, 2, 8, 30, tzinfo=timezone(timedelta(hours=1)))

DB_NAME = "skillstation.db"
ROSTER_NAME = "roster.csv"
RESULTS_NAME = "results.csv"
CREDENTIALS_NAME = "credentials.txt"
#: Marks a folder as holding a demo, so that a later run may replace it (and never
#: replaces a database it did not make).
MANIFEST_NAME = "demo.json"


#: Everything a demo writes into its folder; a later run removes these before starting.
OUTPUT_NAMES: tuple[str, ...] = (
    DB_NAME,
    f"{DB_NAME}-wal",
    f"{DB_NAME}-shm",
    f"{DB_NAME}-journal",
    f"{DB_NAME}.auditkey",
    ROSTER_NAME,
    RESULTS_NAME,
    CREDENTIALS_NAME,
    MANIFEST_NAME,
    WORKBOOK_NAME,
)


@dataclass(frozen=True)
class ExaminerProfile:
    """A simulated examiner: an account and how strictly they judge.

    ``stringency`` is in global-grade steps (:func:`simulate_grade`): +1 grades one
    step lower than the performance deserves (a hawk), -1 one step higher (a dove).
    """

    username: str
    display_name: str
    stringency: float


#: The examiner pool: primary examiners first (one per station, in circuit order), then
#: the second markers. A hawk and a dove are among the first three, so every exam of
#: three or more stations has both.
EXAMINERS: tuple[ExaminerProfile, ...] = (
    ExaminerProfile("okafor", "Dr Chiamaka Okafor", 0.1),
    ExaminerProfile("lindqvist", "Dr Søren Lindqvist", 1.1),
    ExaminerProfile("moreau", "Dr Hélène Moreau", -1.0),
    ExaminerProfile("tanaka", "Dr 田中 美穂", 0.3),
    ExaminerProfile("haddad", "Dr يوسف حداد", -0.2),
    ExaminerProfile("petrova", "Dr Ольга Петрова", 0.4),
    ExaminerProfile("nunez", "Dr Inés Núñez", -0.4),
    ExaminerProfile("mensah", "Dr Kwame Mensah", 0.0),
    ExaminerProfile("kowalska", "Dr Małgorzata Kowalska", 0.6),
    ExaminerProfile("nguyen", "Dr Nguyễn Thu Hà", -0.6),
)

COORDINATOR = ("coordinator", "Exam Office (demo)")


@dataclass(frozen=True)
class Account:
    """An account the demo created, with the secret it was given."""

    username: str
    display_name: str
    role: Role
    secret: str
    stringency: float | None = None


@dataclass(frozen=True)
class DemoConfig:
    """What to build. ``stations`` are bundled station ids in circuit order;
    ``double_marked`` is how many of them (the first ones) have a second marker, who
    marks ``second_share`` of the candidates there."""

    seed: int = 1
    candidates: int = 12
    stations: tuple[str, ...] = OSCE_STATIONS
    double_marked: int = 2
    second_share: float = 0.5
    exam_code: str = EXAM_CODE
    starts_at: datetime = EXAM_START
    #: After the day: set the standard, release the results, and write the candidate
    #: and exam reports (``reports/``) and ``results.xlsx``.
    result_files: bool = True

    def check(self) -> None:
        """Raise :class:`UserError` when the configuration cannot make an exam."""
        problems = []
        if self.candidates < 2:
            problems.append(
                _("a demo needs at least 2 candidates, not {count}").format(count=self.candidates)
            )
        if not self.stations:
            problems.append(_("a demo needs at least one station"))
        if len(set(self.stations)) != len(self.stations):
            problems.append(_("each station may be given once"))
        if self.double_marked < 0:
            problems.append(_("double_marked is a number of stations, 0 or more"))
        seconds = min(max(0, self.double_marked), len(self.stations))
        if len(self.stations) + seconds > len(EXAMINERS):
            problems.append(
                _(
                    "{stations} stations with {seconds} second markers need {needed} "
                    "examiners; the demo has {available}"
                ).format(
                    stations=len(self.stations),
                    seconds=seconds,
                    needed=len(self.stations) + seconds,
                    available=len(EXAMINERS),
                )
            )
        if not 0 <= self.second_share <= 1:
            problems.append(_("second_share is a share of the candidates, from 0 to 1"))
        if problems:
            raise UserError(_("; ").join(problems))


@dataclass(frozen=True)
class DemoResult:
    """What :func:`build_demo` wrote, and what the exam day held."""

    folder: Path
    database: Path
    roster: Path
    results: Path
    credentials: Path
    exam_code: str
    seed: int
    stations: tuple[str, ...]
    candidates: int
    coordinator: Account
    examiners: tuple[Account, ...]
    #: Submitted encounters: primary markings, and second markings among them.
    submitted: int
    second_marked: int
    #: The one candidate recorded absent, and the station they missed.
    no_show: tuple[str, str]
    marks: int
    result_rows: int
    audit: VerifyResult
    #: Files of an earlier demo that were removed first.
    replaced: tuple[Path, ...] = field(default=())
    #: Device traces stored with encounters, and one such encounter (to try
    #: ``skillstation encounter trace`` on).
    device_traces: int = 0
    trace_encounter: str | None = None

    @property
    def hawk(self) -> Account:
        """The strictest examiner."""
        return max(self.examiners, key=lambda a: a.stringency or 0.0)

    @property
    def dove(self) -> Account:
        """The most lenient examiner."""
        return min(self.examiners, key=lambda a: a.stringency or 0.0)
