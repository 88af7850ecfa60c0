"""Report data: what every PDF report prints, read from the database with the same
permission checks as the rest of the services.

Each method returns a frozen value of :mod:`reports.model` in the report's language
(the exam's, or ``lang``); :mod:`station.pdf_reports` renders them, in worker processes
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
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessments.definitions.model import RatingItem, StationDefinition, TimedItem
from assessments.metrics import DEVICE_METRICS
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
from station.results import reason_text, reasons_text
from station.services.base import ServiceBase, ServiceContext, score_encounters
from station.services.errors import Conflict
from station.services.results_model import ResultsModel, grade_label
from station.services.standards import check_statistics_arguments
from station.services.traces import load_trace, parse_stored_trace, trace_rows
from station.storage.models import (
    Candidate,
    CommentKind,
    Definition,
    Encounter,
    Exam,
    ExamCandidate,
    MetricValue,
    PracticeAttempt,
    PracticeStatus,
    ScenarioEventRow,
    TimetableSlot,
    User,
)

if TYPE_CHECKING:
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

    def __init__(self, context: ServiceContext, *, results_model: ResultsModel) -> None:
        super().__init__(context)
        self._results_model = results_model

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
        check_statistics_arguments(borderline_grade, sem_multiplier)
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(session, actor, Action.VIEW_RESULTS)
            code = report_language(lang or exam.language)
            stations = self._stations(session, exam)
            models = {d.station_key: self._model(d) for _, d in stations}
            keys = [d.station_key for _, d in stations]
            # The same statistics as `skillstation stats --exam`, from the same inputs,
            # and the results model their failure counts come from.
            stats, judged, model = self._results_model.statistics(
                session, exam, borderline_grade, sem_multiplier
            )
            results = [r for r in model.encounters if not r.station_excluded]
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
                definition = models[key]
                if definition.global_rating is None:
                    continue
                points = []
                for marks in per.get(key, {}).values():
                    grades = [g for _, g in marks if g is not None]
                    if grades:
                        points.append(
                            (_mean([float(g) for g in grades]), _mean([p for p, _ in marks]))
                        )
                labels = tuple(
                    definition.text(s.label, code) for s in definition.global_rating.steps
                )
                regressions.append(RegressionData(key, tuple(points), labels))
            totals = tuple(
                c.overall_pct
                for c in judged.candidates
                if c.overall_pct is not None and c.outcome not in ("incomplete", "absent")
            )
            failing = tuple(
                (c.candidate_number, c.name, c.overall_pct, reasons_text(c.reasons, code))
                for c in judged.candidates
                if c.outcome == "fail"
            )
            incomplete = tuple(
                (
                    c.candidate_number,
                    c.name,
                    tuple(
                        s.station_key for s in c.stations if s.outcome in ("absent", "incomplete")
                    ),
                )
                for c in judged.candidates
                # Every candidate missing a station, as the statistics count them,
                # whatever the exam result (a no-show may already be failed).
                if any(s.outcome in ("absent", "incomplete") for s in c.stations)
            )
            examiners = _examiner_rows(results, keys)
            return ExamReportData(
                header=self._header(exam, code, draft=False),
                statistics=stats,
                station_titles=tuple((k, models[k].text(models[k].title, code)) for k in keys),
                distributions=distributions,
                totals=totals,
                regressions=tuple(regressions),
                examiners=examiners,
                failing=failing,
                incomplete_candidates=incomplete,
                adopted_pass_mark=judged.pass_mark_pct,
                pass_mark_in_force=judged.pass_mark_pct,
                stations_required=judged.min_stations_passed,
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
            self._authorize(
                session, actor, Action.VIEW_TIMETABLE, self._exam_wide_ctx(session, exam)
            )
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
            self._authorize(
                session, actor, Action.VIEW_TIMETABLE, self._exam_wide_ctx(session, exam)
            )
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
        model = self._results_model.exam_results(session, exam)
        by_id = {r.encounter_id: r for r in model.encounters}
        submitted = list(session.scalars(select(Encounter).where(Encounter.id.in_(list(by_id)))))
        # Comments and device metrics of the encounters the reports show.
        scored = score_encounters(session, submitted, models)
        examiner_of = {e.id: e.examiner_id for e in submitted}
        # Cohort means over every candidate's primary marking.
        cohort: dict[str, list[float]] = {}
        for r in model.encounters:
            if r.marker == "primary" and r.score.percent is not None:
                cohort.setdefault(r.station_key, []).append(r.score.percent)
        cohort_mean = {k: _mean(v) for k, v in cohort.items()}
        all_totals = [
            c.overall_pct
            for c in model.candidates
            if c.overall_pct is not None and c.outcome not in ("incomplete", "absent")
        ]
        names = self._display_names(session, set(examiner_of.values()))
        out = []
        for candidate in candidates:
            outcome = model.candidate(candidate.candidate_number)
            results = []
            for station, _definition in stations:
                definition = models[station.id]
                title = definition.text(definition.title, code)
                entry = outcome.station(_definition.station_key)
                reasons = tuple(reason_text(r, code) for r in entry.reasons)
                state: StationOutcome = entry.outcome  # type: ignore[assignment]
                if not entry.encounters:
                    results.append(
                        StationResult(
                            definition.id,
                            title,
                            state,
                            cohort_mean_pct=cohort_mean.get(_definition.station_key),
                            reasons=reasons,
                        )
                    )
                    continue
                encounter_id = entry.encounters[0]
                result = by_id[encounter_id]
                values = scored[encounter_id]
                score = result.score
                feedback = values.values.comment(CommentKind.FEEDBACK.value)
                results.append(
                    StationResult(
                        station_key=definition.id,
                        title=title,
                        outcome=state,
                        score=score.score,
                        max_score=score.max_score,
                        percent=score.percent,
                        pass_mark_pct=score.pass_mark_pct,
                        cohort_mean_pct=cohort_mean.get(_definition.station_key),
                        grade_label=grade_label(definition, score.grade, code),
                        examiner=names.get(examiner_of[encounter_id]),
                        items=_item_lines(definition, score, code, tr),
                        comments=(feedback,) if feedback else (),
                        cpr=self._cpr(
                            session, definition, values.metrics, code, encounter=encounter_id
                        )
                        if definition.device is not None
                        else None,
                        event_log=_event_log(session, definition, encounter_id, code)
                        if definition.scenario is not None
                        else (),
                        reasons=reasons,
                    )
                )
            overall: StationOutcome = outcome.outcome
            out.append(
                CandidateReportData(
                    header=header,
                    candidate_number=candidate.candidate_number,
                    candidate_name=person_name(candidate.given_name, candidate.family_name),
                    stations=tuple(results),
                    overall_pct=outcome.overall_pct,
                    overall_outcome=overall,
                    pass_mark_pct=model.pass_mark_pct,
                    cohort_mean_pct=_mean(all_totals) if all_totals else None,
                    stations_passed=outcome.stations_passed,
                    stations_needed=model.min_stations_passed,
                    overall_reasons=tuple(reason_text(r, code) for r in outcome.reasons),
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
        from devices.trace import TraceError

        if not metrics and model.device is None:
            return None
        profile = get_profile(model.device.profile if model.device else "adult")
        rows = trace_rows(session, encounter_id=encounter, attempt_id=attempt)
        compressions: tuple[Compression, ...] = ()
        if rows:
            stored = load_trace(rows[-1], self.db.path)
            trace = parse_stored_trace(stored)
            try:
                summary = None if trace is None else analyze_trace(trace, profile)
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
