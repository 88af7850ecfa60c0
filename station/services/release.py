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

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from station.auth.permissions import Action, Actor, Context
from station.i18n import _
from station.results import CandidateOutcome
from station.services.base import (
    ServiceBase,
    ServiceContext,
    clean_text,
)
from station.services.errors import Conflict, InvalidInput
from station.services.results_model import ResultsModel
from station.services.standards import (
    METHODS,
    StandardInfo,
    check_statistics_arguments,
    computed_standard,
    latest_standard,
    method_problem,
    sem_problem,
    standard_info,
)
from station.services.stats import StatsServices

if TYPE_CHECKING:
    pass

from station.storage.audit import record_change, record_insert
from station.storage.models import (
    StandardSetting,
    canonical_json,
    new_id,
)

__all__ = ["CandidateOutcome", "ReleaseInfo", "ReleaseServices"]


@dataclass(frozen=True)
class ReleaseInfo:
    """The release state of an exam's results after a change."""

    exam_code: str
    released_at: datetime | None
    standard: StandardInfo


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
            raise InvalidInput([method_problem(method)])
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
            problems.append(method_problem(method))
        if not math.isfinite(sem_multiplier) or sem_multiplier < 0:
            problems.append(sem_problem(sem_multiplier))
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
