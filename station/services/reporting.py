"""Reports: the data every PDF report prints, read from the database with the same
permission checks as the rest of the services.

Each method returns a frozen value of :mod:`reports.model` in the report's language
(the exam's, or ``lang``); :mod:`station.reporting` renders them, in worker processes
for a whole exam. Nothing here writes to the database.

Candidate feedback goes out only after the results are released
(``Exam.results_released_at``, set by the release service): before that,
:meth:`ReportingServices.candidate_report_data` refuses unless ``draft=True``, and a
draft prints "DRAFT — results not released" across every page.
"""

from __future__ import annotations

import json
import math
import statistics
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.definitions.model import RatingItem, StationDefinition, TimedItem
from assessments.metrics import DEVICE_METRICS
from assessments.psychometrics import ItemRow, ResultRow, analyse_exam
from assessments.scoring import MarkValue, StationScore
from devices.cpr.profiles import ADULT
from reports.i18n import Translate, format_number, report_language, translator
from reports.model import (
    Badge,
    BadgeData,
    CandidateReportData,
    ChecklistData,
    Compression,
    CprData,
    ExaminerRow,
    ExamReportData,
    ItemLine,
    PracticeAttemptLine,
    PracticeReportData,
    RegressionData,
    ReportHeader,
    ScenarioLogLine,
    StationOutcome,
    StationResult,
    TimetableData,
    TimetableLine,
    blank_checklist,
)
from station.auth.permissions import Action, Actor, Context
from station.i18n import _
from station.names import person_name
from station.services.base import ServiceBase, exam_rule_values, score_encounters
from station.services.errors import Conflict, InvalidInput
from station.services.release import adopted_scores, latest_standard
from station.services.traces import load_trace, trace_rows
from station.storage.models import (
    Candidate,
    CommentKind,
    Definition,
    Encounter,
    EncounterStatus,
    Exam,
    ExamCandidate,
    Marker,
    MetricValue,
    PracticeAttempt,
    PracticeStatus,
    ScenarioEventRow,
    TimetableSlot,
    User,
)

if TYPE_CHECKING:
    from station.services.release import CandidateOutcome
    from station.services.types import EncounterResult

#: Device metrics printed on CPR reports, in order, with the unit shown after the value.
CPR_METRICS: tuple[tuple[str, str], ...] = (
    ("compressions", ""),
    ("mean_depth_mm", " mm"),
    ("pct_depth_ok", " %"),
    ("mean_rate_cpm", " /min"),
    ("pct_rate_ok", " %"),
    ("pct_full_recoil", " %"),
    ("ccf", ""),
    ("ventilations", ""),
    ("pct_vent_volume_ok", " %"),
    ("longest_pause_s", " s"),
    ("score", ""),
)
#: Metrics a practice report plots as trends: (label, metric), over the adult targets
#: (AHA 2020 BLS and ERC 2021: 50-60 mm, 100-120 /min; devices.cpr.profiles.ADULT).
TREND_METRICS: tuple[tuple[str, str], ...] = (
    ("Depth (mm)", "mean_depth_mm"),
    ("Rate (/min)", "mean_rate_cpm"),
)


def _not_released(exam: Exam) -> Conflict:
    return Conflict(
        _(
            "the results of exam {exam!r} are not released yet, so candidate feedback cannot "
            "go out; release them after standard setting, or print a watermarked draft "
            "(--draft)"
        ).format(exam=exam.code)
    )


class ReportingServices(ServiceBase):
    """The data of the PDF reports (coordinators; practice reports also for the
    trainee whose attempts they are)."""

    if TYPE_CHECKING:
        # Provided by ResultServices and ReleaseServices, beside which this mixin is used.
        def _results(self, session: Session, exam: Exam) -> list[EncounterResult]: ...

        def _exam_outcomes(
            self, session: Session, exam: Exam, results: Sequence[EncounterResult]
        ) -> list[CandidateOutcome]: ...

    # ------------------------------------------------------------------ candidates

    def candidate_report_data(
        self,
        actor: Actor,
        exam_code: str,
        candidate_number: str,
        *,
        draft: bool = False,
        lang: str | None = None,
    ) -> CandidateReportData:
        """One candidate's feedback report. Refused (:class:`Conflict`) before the
        results are released unless ``draft``."""
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(session, actor, Action.VIEW_RESULTS)
            candidate = self._candidate(session, exam, candidate_number)
            if exam.results_released_at is None and not draft:
                raise _not_released(exam)
            return self._candidate_reports(session, exam, [candidate], draft, lang)[0]

    def candidate_reports_data(
        self,
        actor: Actor,
        exam_code: str,
        *,
        draft: bool = False,
        lang: str | None = None,
    ) -> list[CandidateReportData]:
        """The feedback report of every candidate on the exam's roster, by candidate
        number, read in one pass. Refused before release unless ``draft``."""
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(session, actor, Action.VIEW_RESULTS)
            if exam.results_released_at is None and not draft:
                raise _not_released(exam)
            candidates = list(
                session.scalars(
                    select(Candidate)
                    .join(ExamCandidate, ExamCandidate.candidate_id == Candidate.id)
                    .where(ExamCandidate.exam_id == exam.id)
                    .order_by(Candidate.candidate_number)
                )
            )
            return self._candidate_reports(session, exam, candidates, draft, lang)

    # ------------------------------------------------------------------ exam

    def exam_report_data(
        self,
        actor: Actor,
        exam_code: str,
        *,
        lang: str | None = None,
        borderline_grade: int | None = None,
        sem_multiplier: float = 1.0,
    ) -> ExamReportData:
        """The exam (cohort) report: psychometrics from the stored results
        (:func:`assessments.psychometrics.analyse_exam`), distributions, the
        borderline-regression points, the examiners compared, and the failing and
        incomplete candidates (coordinators)."""
        if not math.isfinite(sem_multiplier) or sem_multiplier < 0:
            raise InvalidInput(
                [
                    _("the SEM multiplier {value} is not a number from 0 up").format(
                        value=sem_multiplier
                    )
                ]
            )
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(session, actor, Action.VIEW_RESULTS)
            code = report_language(lang or exam.language)
            stations = self._stations(session, exam)
            models = {d.station_key: self._model(d) for _, d in stations}
            keys = [d.station_key for _, d in stations]
            results = [r for r in self._results(session, exam) if not r.station_excluded]
            people = self._people(session, exam)
            rows = [
                ResultRow(
                    candidate_id=r.candidate_number,
                    station_id=r.station_key,
                    examiner_id=r.examiner,
                    score=r.score.score,
                    max_score=r.score.max_score,
                    global_grade=r.score.grade,
                )
                for r in results
                if r.score.max_score > 0
            ]
            items = [
                ItemRow(
                    candidate_id=r.candidate_number,
                    station_id=r.station_key,
                    examiner_id=r.examiner,
                    item_id=i.item_id,
                    score=i.points,
                    max_score=i.max_points,
                    critical=i.critical,
                )
                for r in results
                if r.marker == "primary"
                for i in r.score.items
                if i.state.value != "excluded" and i.max_points > 0
            ]
            borderline: int | Mapping[str, int]
            if borderline_grade is not None:
                borderline = borderline_grade
            else:
                borderline = {
                    k: m.global_rating.borderline_index
                    for k, m in models.items()
                    if m.global_rating is not None
                }
            stats = analyse_exam(
                rows,
                items,
                borderline_grade=borderline,
                sem_multiplier=sem_multiplier,
                stations=[k for k in keys if any(r.station_id == k for r in rows)],
            )
            # Per candidate and station: mean percentage and mean grade over markings.
            per: dict[str, dict[str, list[tuple[float, int | None]]]] = {}
            for r in results:
                if r.score.percent is not None:
                    per.setdefault(r.station_key, {}).setdefault(r.candidate_number, []).append(
                        (r.score.percent, r.score.grade)
                    )
            distributions = tuple(
                (k, tuple(_mean([p for p, _ in v]) for v in per.get(k, {}).values())) for k in keys
            )
            regressions = []
            for key in keys:
                model = models[key]
                if model.global_rating is None:
                    continue
                points = []
                for marks in per.get(key, {}).values():
                    grades = [g for _, g in marks if g is not None]
                    if grades:
                        points.append(
                            (_mean([float(g) for g in grades]), _mean([p for p, _ in marks]))
                        )
                labels = tuple(model.text(s.label, code) for s in model.global_rating.steps)
                regressions.append(RegressionData(key, tuple(points), labels))
            complete_keys = [k for k in keys if k in per]
            totals: dict[str, float] = {}
            missing: dict[str, tuple[str, ...]] = {}
            for number in people:
                gaps = tuple(k for k in complete_keys if number not in per[k])
                if gaps:
                    missing[number] = gaps
                elif complete_keys:
                    totals[number] = _mean(
                        [_mean([p for p, _ in per[k][number]]) for k in complete_keys]
                    )
            standard = latest_standard(session, exam.id)
            adopted = None if standard is None else standard.pass_mark
            pass_mark = stats.exam.pass_mark if adopted is None else adopted
            failing = tuple(
                (n, people[n], t)
                for n, t in sorted(totals.items())
                if pass_mark is not None and t < pass_mark
            )
            examiners = _examiner_rows(results, keys)
            return ExamReportData(
                header=self._header(exam, code, draft=False),
                statistics=stats,
                station_titles=tuple((k, models[k].text(models[k].title, code)) for k in keys),
                distributions=distributions,
                totals=tuple(totals.values()),
                regressions=tuple(regressions),
                examiners=examiners,
                failing=failing,
                incomplete_candidates=tuple(
                    (n, people[n], gaps) for n, gaps in sorted(missing.items())
                ),
                adopted_pass_mark=adopted,
            )

    # ------------------------------------------------------------------ practice

    def practice_report_data(
        self, actor: Actor, username: str, *, lang: str | None = None
    ) -> PracticeReportData:
        """A trainee's practice attempts over time, the trend of their CPR metrics and
        their latest finished attempt in full (their own; coordinators: anyone's)."""
        with self.db.read() as session:
            user = self._user_by_name(session, username)
            self._authorize(session, actor, Action.VIEW_PRACTICE, Context(owner_user_id=user.id))
            code = report_language(lang)
            attempts = list(
                session.scalars(
                    select(PracticeAttempt)
                    .where(PracticeAttempt.user_id == user.id)
                    .order_by(PracticeAttempt.started_at, PracticeAttempt.id)
                )
            )
            metrics: dict[str, dict[str, float]] = {a.id: {} for a in attempts}
            if attempts:
                for row in session.scalars(
                    select(MetricValue)
                    .where(MetricValue.attempt_id.in_(list(metrics)))
                    .order_by(MetricValue.recorded_at)
                ):
                    assert row.attempt_id is not None
                    metrics[row.attempt_id][row.name] = row.value
            lines = []
            latest: StationResult | None = None
            for attempt in attempts:
                definition = session.get(Definition, attempt.definition_id)
                assert definition is not None
                model = self._model(definition)
                score = _practice_score(attempt.score_json)
                lines.append(
                    PracticeAttemptLine(
                        started_at=attempt.started_at,
                        station_key=definition.station_key,
                        title=model.text(model.title, code),
                        percent=score,
                        outcome=attempt.status,
                        metrics=tuple(sorted(metrics[attempt.id].items())),
                    )
                )
                if attempt.status == PracticeStatus.COMPLETED.value or latest is None:
                    latest = StationResult(
                        station_key=definition.station_key,
                        title=model.text(model.title, code),
                        outcome="pending",
                        percent=score,
                        cpr=self._cpr(
                            session, model, metrics[attempt.id], code, attempt=attempt.id
                        ),
                    )
            tr = translator(code)
            return PracticeReportData(
                header=ReportHeader(
                    exam_code=user.username,
                    exam_title=user.display_name or user.username,
                    exam_date=self.now().date(),
                    language=code,
                    generated_at=self.now(),
                ),
                username=user.username,
                display_name=user.display_name,
                attempts=tuple(lines),
                trend_metrics=tuple((tr(label), name) for label, name in TREND_METRICS),
                trend_bands=(
                    (ADULT.depth_min_mm, ADULT.depth_max_mm),
                    (ADULT.rate_min_cpm, ADULT.rate_max_cpm),
                ),
                latest=latest,
            )

    # ------------------------------------------------------------------ sheets

    def badge_data(self, actor: Actor, exam_code: str, *, lang: str | None = None) -> BadgeData:
        """A badge per candidate on the roster, by candidate number (coordinators)."""
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(session, actor, Action.IMPORT_ROSTER)
            code = report_language(lang or exam.language)
            badges = tuple(
                Badge(c.candidate_number, person_name(c.given_name, c.family_name), c.group_name)
                for c in session.scalars(
                    select(Candidate)
                    .join(ExamCandidate, ExamCandidate.candidate_id == Candidate.id)
                    .where(ExamCandidate.exam_id == exam.id)
                    .order_by(Candidate.candidate_number)
                )
            )
            return BadgeData(self._header(exam, code, draft=False), badges)

    def checklist_data(
        self, actor: Actor, exam_code: str, *, lang: str | None = None
    ) -> ChecklistData:
        """A blank paper checklist of every station of the exam, in circuit order
        (coordinators and the exam's examiners)."""
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(session, actor, Action.VIEW_TIMETABLE, self._exam_ctx(session, exam))
            code = report_language(lang or exam.language)
            sheets = tuple(
                blank_checklist(self._model(d), code) for _, d in self._stations(session, exam)
            )
            return ChecklistData(self._header(exam, code, draft=False), sheets)

    def timetable_data(
        self, actor: Actor, exam_code: str, *, lang: str | None = None
    ) -> TimetableData:
        """The stored rotation timetable with candidates' names (coordinators and the
        exam's examiners). Refused when no timetable has been planned."""
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(session, actor, Action.VIEW_TIMETABLE, self._exam_ctx(session, exam))
            code = report_language(lang or exam.language)
            stations = self._stations(session, exam)
            keys = {s.id: d.station_key for s, d in stations}
            rows = session.execute(
                select(TimetableSlot, Candidate)
                .join(Candidate, Candidate.id == TimetableSlot.candidate_id)
                .where(TimetableSlot.exam_id == exam.id)
                .order_by(TimetableSlot.slot, Candidate.candidate_number)
            ).all()
            if not rows:
                raise Conflict(
                    _(
                        "exam {exam!r} has no timetable yet; plan it first with "
                        "`skillstation exam timetable --exam {code}`"
                    ).format(exam=exam.code, code=exam.code)
                )
            lines = tuple(
                TimetableLine(
                    cycle=slot.cycle,
                    slot=slot.slot,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    station_key=None
                    if slot.exam_station_id is None
                    else keys[slot.exam_station_id],
                    candidate_number=c.candidate_number,
                    candidate_name=person_name(c.given_name, c.family_name),
                )
                for slot, c in rows
            )
            return TimetableData(
                self._header(exam, code, draft=False),
                tuple(d.station_key for _, d in stations),
                lines,
            )

    # ------------------------------------------------------------------ internals

    def _exam_ctx(self, session: Session, exam: Exam) -> Context:
        station_ids = [s.id for s, _ in self._stations(session, exam)]
        return Context(
            exam_id=exam.id,
            assigned_examiner_ids=self._assigned(session, station_ids),
            exam_name=exam.code,
        )

    def _header(self, exam: Exam, code: str, *, draft: bool) -> ReportHeader:
        starts = exam.starts_at
        return ReportHeader(
            exam_code=exam.code,
            exam_title=exam.title,
            # The day in the computer's time zone, as the command line shows exam times.
            exam_date=None if starts is None else starts.astimezone().date(),
            language=code,
            generated_at=self.now(),
            draft=draft,
        )

    def _people(self, session: Session, exam: Exam) -> dict[str, str]:
        return {
            c.candidate_number: person_name(c.given_name, c.family_name)
            for c in session.scalars(
                select(Candidate)
                .join(ExamCandidate, ExamCandidate.candidate_id == Candidate.id)
                .where(ExamCandidate.exam_id == exam.id)
                .order_by(Candidate.candidate_number)
            )
        }

    def _candidate_reports(
        self,
        session: Session,
        exam: Exam,
        candidates: Sequence[Candidate],
        draft: bool,
        lang: str | None,
    ) -> list[CandidateReportData]:
        code = report_language(lang or exam.language)
        tr = translator(code)
        header = self._header(exam, code, draft=draft or exam.results_released_at is None)
        stations = self._stations(session, exam)
        models = {s.id: self._model(d) for s, d in stations}
        encounters = list(
            session.scalars(
                select(Encounter).where(
                    Encounter.exam_id == exam.id,
                    Encounter.status.in_(
                        [EncounterStatus.SUBMITTED.value, EncounterStatus.NO_SHOW.value]
                    ),
                )
            )
        )
        submitted = [e for e in encounters if e.status == EncounterStatus.SUBMITTED.value]
        scored = score_encounters(session, submitted, models)
        adopted = adopted_scores(session, exam, submitted, models, scored)
        # Cohort means over every candidate's primary marking.
        cohort: dict[str, list[float]] = {}
        for e in submitted:
            percent = adopted[e.id].percent
            if e.marker == Marker.PRIMARY.value and percent is not None:
                cohort.setdefault(e.exam_station_id, []).append(percent)
        cohort_mean = {k: _mean(v) for k, v in cohort.items()}
        outcomes = {
            o.candidate_number: o
            for o in self._exam_outcomes(session, exam, self._results(session, exam))
        }
        standard = latest_standard(session, exam.id)
        pass_mark, min_stations = exam_rule_values(exam)
        if standard is not None:
            pass_mark = standard.pass_mark
        all_totals = [
            o.exam.overall_pct for o in outcomes.values() if o.exam.overall_pct is not None
        ]
        names = self._display_names(session, {e.examiner_id for e in submitted})
        wanted = {c.id for c in candidates}
        by_candidate: dict[str, dict[str, list[Encounter]]] = {}
        for e in encounters:
            if e.candidate_id in wanted:
                by_candidate.setdefault(e.candidate_id, {}).setdefault(
                    e.exam_station_id, []
                ).append(e)
        out = []
        for candidate in candidates:
            mine = by_candidate.get(candidate.id, {})
            results = []
            for station, _definition in stations:
                model = models[station.id]
                title = model.text(model.title, code)
                marked = sorted(
                    mine.get(station.id, []),
                    key=lambda e: (
                        e.status != EncounterStatus.SUBMITTED.value,
                        e.marker != Marker.PRIMARY.value,
                    ),
                )
                if not marked or marked[0].status != EncounterStatus.SUBMITTED.value:
                    results.append(
                        StationResult(
                            model.id,
                            title,
                            "absent",
                            cohort_mean_pct=cohort_mean.get(station.id),
                        )
                    )
                    continue
                encounter = marked[0]
                entry = scored[encounter.id]
                score = adopted[encounter.id]
                outcome: StationOutcome = (
                    "excluded" if entry.station_excluded else score.outcome.value
                )
                feedback = entry.values.comment(CommentKind.FEEDBACK.value)
                results.append(
                    StationResult(
                        station_key=model.id,
                        title=title,
                        outcome=outcome,
                        score=score.score,
                        max_score=score.max_score,
                        percent=score.percent,
                        pass_mark_pct=score.pass_mark_pct,
                        cohort_mean_pct=cohort_mean.get(station.id),
                        grade_label=_grade_label(model, score.grade, code),
                        examiner=names.get(encounter.examiner_id),
                        items=_item_lines(model, score, code, tr),
                        comments=(feedback,) if feedback else (),
                        cpr=self._cpr(session, model, entry.metrics, code, encounter=encounter.id)
                        if model.device is not None
                        else None,
                        event_log=_event_log(session, model, encounter.id, code)
                        if model.scenario is not None
                        else (),
                    )
                )
            outcome_row = outcomes.get(candidate.candidate_number)
            overall = None if outcome_row is None else outcome_row.exam
            out.append(
                CandidateReportData(
                    header=header,
                    candidate_number=candidate.candidate_number,
                    candidate_name=person_name(candidate.given_name, candidate.family_name),
                    stations=tuple(results),
                    overall_pct=None if overall is None else overall.overall_pct,
                    overall_outcome="pending" if overall is None else overall.outcome.value,
                    pass_mark_pct=pass_mark,
                    cohort_mean_pct=_mean(all_totals) if all_totals else None,
                    stations_passed=sum(1 for r in results if r.outcome == "pass"),
                    stations_needed=min_stations,
                )
            )
        return out

    def _display_names(self, session: Session, ids: Iterable[str]) -> dict[str, str]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        return {
            user_id: name or username
            for user_id, name, username in session.execute(
                select(User.id, User.display_name, User.username).where(User.id.in_(wanted))
            )
        }

    def _cpr(
        self,
        session: Session,
        model: StationDefinition,
        metrics: Mapping[str, float],
        code: str,
        *,
        encounter: str | None = None,
        attempt: str | None = None,
    ) -> CprData | None:
        """The CPR panel of an encounter or attempt: its stored metrics, and the
        per-compression series from its latest trace when one is stored."""
        from devices.cpr.analysis import analyze_trace
        from devices.cpr.profiles import get_profile
        from devices.trace import TraceError, read_trace

        if not metrics and model.device is None:
            return None
        profile = get_profile(model.device.profile if model.device else "adult")
        rows = trace_rows(session, encounter_id=encounter, attempt_id=attempt)
        compressions: tuple[Compression, ...] = ()
        if rows:
            stored = load_trace(rows[-1], self.db.path)
            with tempfile.TemporaryDirectory(prefix="skillstation-trace-") as folder:
                path = Path(folder) / "trace.csv"
                path.write_bytes(stored.data)
                try:
                    summary = analyze_trace(read_trace(path), profile)
                except TraceError:
                    summary = None
            if summary is not None:
                compressions = tuple(
                    Compression(c.t_s, c.depth_mm, c.rate_cpm) for c in summary.per_compression
                )
                if not metrics:
                    metrics = {
                        k: float(v)
                        for k, v in summary.as_dict().items()
                        if k in DEVICE_METRICS and isinstance(v, int | float)
                    }
        if not metrics and not compressions:
            return None
        tr = translator(code)
        targets = {
            "mean_depth_mm": f"{profile.depth_min_mm:g}–{profile.depth_max_mm:g} mm",
            "mean_rate_cpm": f"{profile.rate_min_cpm:g}–{profile.rate_max_cpm:g} /min",
            "ccf": f"≥ {format_number(profile.ccf_min, code, 2)}",
            "longest_pause_s": f"< {profile.max_pause_s:g} s",
        }
        lines = []
        for name, unit in CPR_METRICS:
            if name in metrics:
                digits = (
                    0 if name in ("compressions", "ventilations") else 2 if name == "ccf" else 1
                )
                lines.append(
                    (
                        _capital(tr(DEVICE_METRICS[name].description)),
                        format_number(metrics[name], code, digits) + unit,
                        targets.get(name, ""),
                    )
                )
        return CprData(
            depth_min_mm=profile.depth_min_mm,
            depth_max_mm=profile.depth_max_mm,
            rate_min_cpm=profile.rate_min_cpm,
            rate_max_cpm=profile.rate_max_cpm,
            metrics=tuple(lines),
            compressions=compressions,
        )


# --------------------------------------------------------------------------- helpers


def _event_log(
    session: Session, model: StationDefinition, encounter_id: str, lang: str
) -> tuple[ScenarioLogLine, ...]:
    """The scenario's event log of an encounter, with event names in the report's
    language and vital-sign changes written out."""
    labels = {
        event.id: model.text(event.label, lang)
        for event in (model.scenario.events if model.scenario is not None else [])
    }
    lines: list[ScenarioLogLine] = []
    rows = session.scalars(
        select(ScenarioEventRow)
        .where(ScenarioEventRow.encounter_id == encounter_id)
        .order_by(ScenarioEventRow.seq)
    )
    for row in rows:
        label = labels.get(row.name, row.name)
        if row.kind == "vitals":
            try:
                values = json.loads(row.detail)
            except ValueError:
                values = {}
            shown = ", ".join(f"{key} {value}" for key, value in values.items())
            text = f"{label}: {shown}" if shown else label
        elif row.kind in ("scripted", "manual", "missed"):
            text = label
        else:
            text = row.detail
        lines.append(ScenarioLogLine(t_s=row.t_s, kind=row.kind, text=text))
    return tuple(lines)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _grade_label(model: StationDefinition, grade: int | None, code: str) -> str | None:
    if grade is None or model.global_rating is None:
        return None
    steps = model.global_rating.steps
    if not 0 <= grade < len(steps):
        return str(grade)
    return model.text(steps[grade].label, code)


def _item_lines(
    model: StationDefinition, score: StationScore, code: str, tr: Translate
) -> tuple[ItemLine, ...]:
    sections = {item.id: s for s in model.sections for item in s.items}
    lines = []
    for item_score in score.items:
        item = model.item(item_score.item_id)
        detail = ""
        mark = item_score.mark
        if isinstance(item, RatingItem) and mark is not None and isinstance(mark.value, int):
            detail = f"{mark.value} / {item.scale_max}"
        elif (
            isinstance(item, TimedItem)
            and mark is not None
            and mark.t_s is not None
            and mark.value is MarkValue.DONE
        ):
            detail = f"{mark.t_s:.0f} s / {item.within_s:g} s"
        lines.append(
            ItemLine(
                section=model.text(sections[item.id].title, code),
                text=model.text(item.text, code),
                status=item_score.state.value,
                points=item_score.points,
                max_points=item_score.max_points,
                critical=item_score.critical,
                detail=detail,
            )
        )
    return tuple(lines)


def _examiner_rows(
    results: Sequence[EncounterResult], keys: Sequence[str]
) -> tuple[ExaminerRow, ...]:
    groups: dict[tuple[str, str], list[StationScore]] = {}
    for r in results:
        groups.setdefault((r.station_key, r.examiner), []).append(r.score)
    order = {k: i for i, k in enumerate(keys)}
    rows = []
    for (key, examiner), scores in sorted(
        groups.items(), key=lambda kv: (order.get(kv[0][0], 0), kv[0][1])
    ):
        percents = [s.percent for s in scores if s.percent is not None]
        grades = [float(s.grade) for s in scores if s.grade is not None]
        rows.append(
            ExaminerRow(
                station_key=key,
                examiner=examiner,
                encounters=len(scores),
                mean=_mean(percents) if percents else None,
                sd=statistics.stdev(percents) if len(percents) > 1 else None,
                mean_grade=_mean(grades) if grades else None,
            )
        )
    return tuple(rows)


def _practice_score(score_json: str | None) -> float | None:
    """The 0-100 score stored with a finished attempt (None when there is none)."""
    import json

    if not score_json:
        return None
    data = json.loads(score_json)
    if isinstance(data, int | float):
        return float(data)
    if isinstance(data, dict):
        for key in ("percent", "score"):
            value = data.get(key)
            if isinstance(value, int | float) and math.isfinite(value):
                return float(value)
    return None


__all__ = ["ReportingServices"]
