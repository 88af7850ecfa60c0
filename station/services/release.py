"""Standard setting and results release.

After the exam a coordinator adopts a standard: the station cut scores and the exam's
pass mark, computed from the stored results by the psychometrics
(:meth:`exam_statistics`, borderline regression by default). The standard is stored
(``standard_settings``, append-only: adopting again adds a newer row) and audited.

From then on results use it (docs/standard-setting.md):

- a station whose pass rule is ``standard_setting`` is passed when its percentage meets
  the adopted station cut score (before, its outcome is ``pending``); stations with a
  fixed pass mark keep it;
- a candidate's exam result compares the mean of their station percentages with the
  adopted pass mark (cut score + k · SEM), which replaces the exam's own
  ``pass_mark_pct``; a minimum number of stations passed still applies as well.

Releasing the results (coordinators, audited) needs an adopted standard and sets
``Exam.results_released_at``; candidate reports are written only after it. A release
can be withdrawn, with a reason, to correct a result; a standard cannot be changed while
the results are released.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import literal_column, select
from sqlalchemy.orm import Session

from assessments.definitions.model import PassRule, StationDefinition
from assessments.scoring import StationScore, score_station
from station.auth.permissions import Action, Actor, Context
from station.i18n import _
from station.results import CandidateOutcome
from station.services.base import (
    Scored,
    ServiceBase,
    ServiceContext,
    clean_text,
    counting_marks,
)
from station.services.errors import Conflict, InvalidInput
from station.services.imports import imported_rows, imported_score
from station.services.results_model import ResultsModel
from station.services.stats import StatsServices

if TYPE_CHECKING:
    from assessments.psychometrics import ExamStatistics

from station.storage.audit import record_change, record_insert
from station.storage.models import (
    Encounter,
    Exam,
    StandardSetting,
    canonical_json,
    new_id,
)

__all__ = [
    "METHODS",
    "CandidateOutcome",
    "ReleaseInfo",
    "ReleaseServices",
    "StandardInfo",
    "adopted_scores",
    "latest_standard",
    "standard_info",
]

#: The standard-setting methods, as the command line names them.
METHODS = ("brm", "borderline-group", "cohen")


@dataclass(frozen=True)
class StandardInfo:
    """A standard adopted for an exam. ``station_cuts`` maps station keys to their cut
    score in percent (circuit order); ``statistics`` holds the figures it rests on."""

    exam_code: str
    method: str
    borderline_grade: int | None
    sem_multiplier: float
    cut_score: float
    pass_mark: float
    station_cuts: Mapping[str, float]
    statistics: Mapping[str, object]
    adopted_by: str
    adopted_at: datetime


@dataclass(frozen=True)
class ReleaseInfo:
    """The release state of an exam's results after a change."""

    exam_code: str
    released_at: datetime | None
    standard: StandardInfo


def latest_standard(session: Session, exam_id: str) -> StandardSetting | None:
    """The standard in force for an exam: the newest adopted, None before any."""
    return session.scalar(
        select(StandardSetting)
        .where(StandardSetting.exam_id == exam_id)
        # Rows are only ever added, so the last inserted breaks a tie of times.
        .order_by(StandardSetting.created_at.desc(), literal_column("rowid").desc())
        .limit(1)
    )


def adopted_scores(
    session: Session,
    exam: Exam,
    encounters: Sequence[Encounter],
    models: Mapping[str, StationDefinition],
    scored: Mapping[str, Scored],
    cuts: Mapping[str, float] | None = None,
) -> dict[str, StationScore]:
    """The station result of each encounter as it stands: imported encounters from
    their imported score, and stations set by standard setting judged against the
    adopted cut score when there is one (or ``cuts``, by exam station id, to judge
    them against a standard not adopted); otherwise the score from the marks."""
    if cuts is None:
        standard = latest_standard(session, exam.id)
        cuts = {}
        if standard is not None:
            cuts = {k: float(v) for k, v in json.loads(standard.station_cuts_json).items()}
    imported = imported_rows(session, [e.id for e in encounters])
    result: dict[str, StationScore] = {}
    for encounter in encounters:
        model = models[encounter.exam_station_id]
        entry = scored[encounter.id]
        cut = cuts.get(encounter.exam_station_id)
        set_by_standard = model.pass_rule.mode == "standard_setting"
        row = imported.get(encounter.id)
        if row is not None:
            result[encounter.id] = imported_score(
                model, row, entry.values.grade_value, cut if set_by_standard else None
            )
        elif set_by_standard and cut is not None:
            result[encounter.id] = score_station(
                model,
                counting_marks(entry.history),
                metrics=entry.metrics,
                grade=entry.values.grade_value,
                cut_score_pct=cut,
                excluded_items=entry.excluded_items,
            )
        else:
            result[encounter.id] = entry.score
    return result


def standard_info(
    row: StandardSetting, exam: Exam, keys: Mapping[str, str], by: str
) -> StandardInfo:
    cuts = json.loads(row.station_cuts_json)
    return StandardInfo(
        exam_code=exam.code,
        method=row.method,
        borderline_grade=row.borderline_grade,
        sem_multiplier=row.sem_multiplier,
        cut_score=row.cut_score,
        pass_mark=row.pass_mark,
        station_cuts={key: float(cuts[sid]) for sid, key in keys.items() if sid in cuts},
        statistics=json.loads(row.statistics_json),
        adopted_by=by,
        adopted_at=row.created_at,
    )


class ReleaseServices(ServiceBase):
    """Adopting a standard, releasing results, and exam results per candidate."""

    def __init__(
        self, context: ServiceContext, *, results_model: ResultsModel, stats: StatsServices
    ) -> None:
        super().__init__(context)
        self._results_model = results_model
        self._stats = stats

    def set_standard(
        self,
        actor: Actor,
        exam_code: str,
        *,
        method: str = "brm",
        sem_multiplier: float = 1.0,
        borderline_grade: int | None = None,
    ) -> StandardInfo:
        """Compute the standard from the exam's results (:meth:`exam_statistics`) and
        adopt it (coordinators; audited).

        ``method`` chooses the cut scores of the stations whose pass rule is
        ``standard_setting``: ``brm`` (borderline regression, the default),
        ``borderline-group`` (the mean of the candidates graded borderline) or ``cohen``
        (60 % of the 95th percentile). A station with a fixed pass mark keeps it as its
        cut. The exam's cut score is the mean of the station cuts and the pass mark adds
        ``sem_multiplier`` standard errors of measurement. Refused when a figure it
        needs is undefined (the statistics' warnings say why).
        """
        if method not in METHODS:
            raise InvalidInput([_method_problem(method)])
        check_statistics_arguments(borderline_grade, sem_multiplier)
        stats = self._stats.exam_statistics(
            actor, exam_code, borderline_grade=borderline_grade, sem_multiplier=sem_multiplier
        )
        summary = stats.exam
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            rules = {
                d.station_key: self._model(d).pass_rule for _, d in self._stations(session, exam)
            }
        cuts, problems, pass_mark = computed_standard(stats, rules, method, sem_multiplier)
        if problems:
            why = _("; ").join(stats.warnings) or _("too few results")
            raise Conflict(
                _(
                    "no standard can be set for exam {exam!r} by {method}: {problems}. The "
                    "statistics say: {why}. Check the figures with `skillstation stats "
                    "--exam {code}`"
                ).format(
                    exam=exam_code,
                    method=method,
                    problems=_("; ").join(problems),
                    why=why,
                    code=exam_code,
                )
            )
        assert pass_mark is not None
        cut = round(math.fsum(cuts.values()) / len(cuts), 6)
        record = {
            "candidates": summary.candidates,
            "incomplete": summary.incomplete,
            "alpha": summary.alpha,
            "sem": summary.sem,
            "mean": summary.mean,
            "sd": summary.sd,
            "statistics_cut_score": summary.cut_score,
            "statistics_pass_mark": summary.pass_mark,
            "warnings": list(stats.warnings),
        }
        return self.adopt_standard(
            actor,
            exam_code,
            method=method,
            sem_multiplier=sem_multiplier,
            station_cuts=cuts,
            cut_score=cut,
            pass_mark=pass_mark,
            borderline_grade=borderline_grade,
            statistics=record,
        )

    def standard(self, actor: Actor, exam_code: str) -> StandardInfo | None:
        """The standard in force for the exam, None before one is adopted
        (coordinators)."""
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(session, actor, Action.VIEW_RESULTS)
            row = latest_standard(session, exam.id)
            if row is None:
                return None
            keys = {s.id: d.station_key for s, d in self._stations(session, exam)}
            names = self._usernames(session, [row.created_by])
            return standard_info(row, exam, keys, names.get(row.created_by, row.created_by))

    def adopt_standard(
        self,
        actor: Actor,
        exam_code: str,
        *,
        method: str,
        sem_multiplier: float,
        station_cuts: Mapping[str, float],
        cut_score: float,
        pass_mark: float,
        borderline_grade: int | None = None,
        statistics: Mapping[str, object] | None = None,
    ) -> StandardInfo:
        """Record a standard for the exam (coordinators; audited): the method, the cut
        score of every station (by station key) and the exam's cut score and pass mark,
        in percent. Refused while the results are released."""
        problems = []
        if method not in METHODS:
            problems.append(_method_problem(method))
        if not math.isfinite(sem_multiplier) or sem_multiplier < 0:
            problems.append(_sem_problem(sem_multiplier))
        if not math.isfinite(cut_score) or not 0 <= cut_score <= 100:
            problems.append(
                _("the exam cut score {value} is not a percentage from 0 to 100").format(
                    value=cut_score
                )
            )
        if not math.isfinite(pass_mark) or not 0 <= pass_mark <= 100:
            problems.append(
                _("the exam pass mark {value} is not a percentage from 0 to 100").format(
                    value=pass_mark
                )
            )
        if borderline_grade is not None and borderline_grade < 0:
            problems.append(
                _("borderline grade {grade} is not a step from 0 up").format(grade=borderline_grade)
            )
        if problems:
            raise InvalidInput(problems)
        now = self.now()
        with self.db.write() as session:
            exam = self._exam(session, exam_code)
            audit_actor = self._authorize(
                session,
                actor,
                Action.RELEASE_RESULTS,
                Context(exam_id=exam.id, exam_name=exam.code),
            )
            if exam.results_released_at is not None:
                raise Conflict(
                    _(
                        "the results of exam {exam!r} are released; withdraw the release "
                        "(skillstation results release --undo) before setting a new standard"
                    ).format(exam=exam.code)
                )
            stations = {d.station_key: s.id for s, d in self._stations(session, exam)}
            unknown = sorted(set(station_cuts) - set(stations))
            missing = sorted(set(stations) - set(station_cuts))
            bad = [k for k, v in station_cuts.items() if not (math.isfinite(v) and 0 <= v <= 100)]
            if unknown or missing or bad:
                raise InvalidInput(
                    [
                        _("exam {exam!r} has no station {station!r}").format(
                            exam=exam.code, station=k
                        )
                        for k in unknown
                    ]
                    + [_("station {station!r} has no cut score").format(station=k) for k in missing]
                    + [
                        _(
                            "the cut score of station {station!r} is not a percentage from 0 to 100"
                        ).format(station=k)
                        for k in bad
                    ]
                )
            row = StandardSetting(
                id=new_id(),
                exam_id=exam.id,
                method=method,
                borderline_grade=borderline_grade,
                sem_multiplier=float(sem_multiplier),
                cut_score=float(cut_score),
                pass_mark=float(pass_mark),
                station_cuts_json=canonical_json(
                    {stations[k]: float(v) for k, v in station_cuts.items()}
                ),
                statistics_json=canonical_json(dict(statistics or {})),
                created_by=actor.user_id,
                created_at=now,
            )
            record_insert(session, self.audit_key, actor=audit_actor, row=row, at=now)
            keys = {sid: key for key, sid in stations.items()}
            return standard_info(row, exam, keys, audit_actor.name)

    def results_released_at(self, actor: Actor, exam_code: str) -> datetime | None:
        """When the exam's results were released; None while they are not (coordinators)."""
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(session, actor, Action.VIEW_RESULTS)
            return exam.results_released_at

    def release_results(self, actor: Actor, exam_code: str) -> ReleaseInfo:
        """Release the exam's results to candidates (coordinators; audited). Refused
        before a standard is adopted, and when already released."""
        now = self.now()
        with self.db.write() as session:
            exam = self._exam(session, exam_code)
            audit_actor = self._authorize(
                session,
                actor,
                Action.RELEASE_RESULTS,
                Context(exam_id=exam.id, exam_name=exam.code),
            )
            row = latest_standard(session, exam.id)
            if row is None:
                raise Conflict(
                    _(
                        "exam {exam!r} has no standard yet; set one first (skillstation "
                        "results standard-set --exam {code})"
                    ).format(exam=exam.code, code=exam.code)
                )
            if exam.results_released_at is not None:
                raise Conflict(
                    _("the results of exam {exam!r} were already released on {at} UTC").format(
                        exam=exam.code, at=f"{exam.results_released_at:%Y-%m-%d %H:%M}"
                    )
                )
            record_change(
                session,
                self.audit_key,
                actor=audit_actor,
                row=exam,
                field="results_released_at",
                new=now,
                at=now,
            )
            keys = {s.id: d.station_key for s, d in self._stations(session, exam)}
            names = self._usernames(session, [row.created_by])
            standard = standard_info(row, exam, keys, names.get(row.created_by, row.created_by))
            return ReleaseInfo(exam_code=exam.code, released_at=now, standard=standard)

    def withdraw_release(self, actor: Actor, exam_code: str, reason: str) -> ReleaseInfo:
        """Withdraw a release, with a reason (coordinators; audited): the results are
        held back again until released anew."""
        why = clean_text(
            reason, _("the reason"), required=True, hint=_("say why the release is withdrawn")
        )
        now = self.now()
        with self.db.write() as session:
            exam = self._exam(session, exam_code)
            audit_actor = self._authorize(
                session,
                actor,
                Action.RELEASE_RESULTS,
                Context(exam_id=exam.id, exam_name=exam.code, reason=why),
            )
            if exam.results_released_at is None:
                raise Conflict(
                    _("the results of exam {exam!r} are not released").format(exam=exam.code)
                )
            record_change(
                session,
                self.audit_key,
                actor=audit_actor,
                row=exam,
                field="results_released_at",
                new=None,
                reason=why,
                at=now,
            )
            row = latest_standard(session, exam.id)
            assert row is not None  # a release needs a standard, and standards stay
            keys = {s.id: d.station_key for s, d in self._stations(session, exam)}
            names = self._usernames(session, [row.created_by])
            standard = standard_info(row, exam, keys, names.get(row.created_by, row.created_by))
            return ReleaseInfo(exam_code=exam.code, released_at=None, standard=standard)

    def exam_outcomes(self, actor: Actor, exam_code: str) -> list[CandidateOutcome]:
        """Every candidate's exam result, by candidate number (coordinators), as the
        results model gives it (:meth:`exam_results`)."""
        with self.db.read() as session:
            exam = self._exam(session, exam_code)
            self._authorize(session, actor, Action.VIEW_RESULTS)
            return list(self._results_model.exam_results(session, exam).candidates)


def check_statistics_arguments(borderline_grade: int | None, sem_multiplier: float) -> None:
    """The one check of the statistics' arguments, for ``stats``, standard setting and
    the exam report: raises :class:`InvalidInput` naming every problem."""
    problems = []
    if borderline_grade is not None and (
        isinstance(borderline_grade, bool)
        or not isinstance(borderline_grade, int)
        or borderline_grade < 0
    ):
        problems.append(
            _("the borderline grade must be 0 or more, not {grade}").format(grade=borderline_grade)
        )
    if (
        isinstance(sem_multiplier, bool)
        or not isinstance(sem_multiplier, int | float)
        or not math.isfinite(sem_multiplier)
        or sem_multiplier < 0
    ):
        problems.append(_sem_problem(sem_multiplier))
    if problems:
        raise InvalidInput(problems)


def computed_standard(
    stats: ExamStatistics,
    rules: Mapping[str, PassRule],
    method: str,
    sem_multiplier: float,
) -> tuple[dict[str, float], list[str], float | None]:
    """The standard ``method`` computes from ``stats``: the cut score of every station
    (by key; a station with a fixed pass mark keeps it, the others take the method's
    cut), what stops it (empty when nothing does), and the exam pass mark (the mean of
    the cuts plus ``sem_multiplier`` standard errors of measurement; None when it
    cannot be computed)."""
    figures: dict[str, float | None]
    if method == "brm":
        figures = {s.station_id: s.cut_score for s in stats.stations}
    elif method == "borderline-group":
        figures = {s.station_id: s.borderline_group_cut for s in stats.stations}
    else:
        figures = {s.station_id: s.cohen_cut for s in stats.stations}
    cuts: dict[str, float] = {}
    problems = []
    for key, rule in rules.items():
        if rule.mode == "fixed" and rule.pass_mark_pct is not None:
            cuts[key] = float(rule.pass_mark_pct)
        elif (value := figures.get(key)) is not None and 0 <= value <= 100:
            cuts[key] = value
        elif value is not None:
            problems.append(
                _(
                    "the {method} cut score of station {station!r}, {value}, is not a "
                    "percentage from 0 to 100"
                ).format(station=key, method=method, value=round(value, 2))
            )
        else:
            problems.append(
                _("station {station!r} has no {method} cut score").format(
                    station=key, method=method
                )
            )
    sem = stats.exam.sem
    if sem is None:
        problems.append(_("the standard error of measurement is undefined"))
    if problems or not cuts or sem is None:
        return cuts, problems, None
    cut = round(math.fsum(cuts.values()) / len(cuts), 6)
    return cuts, problems, round(cut + sem_multiplier * sem, 6)


def _method_problem(method: str) -> str:
    return _("method {method!r} is not one of {methods}").format(
        method=method, methods=", ".join(METHODS)
    )


def _sem_problem(multiplier: float) -> str:
    return _("the SEM multiplier {value} is not a number from 0 up").format(value=multiplier)
