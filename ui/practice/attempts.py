"""A practice attempt's data and how it is stored: the skills a trainee can practise,
what the summary shows, and the service calls that store a CPR, camera or
self-assessed attempt (run on the service worker, never on the GUI thread). No widgets
here: the pages are in :mod:`ui.practice.pages`, the screen that runs them in
:mod:`ui.practice.station`.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments.definitions.model import StationDefinition
from devices.camera.rate import VideoRateResult
from devices.cpr.analysis import CprSummary
from devices.cpr.profiles import CprTargets
from station.auth.permissions import Actor
from station.services import PracticeInfo, StationServices
from ui.practice.live import SessionData, VideoSession
from ui.practice.selfcheck import SelfAssessmentResult

__all__ = [
    "CAMERA",
    "MANIKIN",
    "Skill",
    "SummaryData",
    "load_skills",
    "store_cpr_attempt",
    "store_self_assessment",
    "store_video_attempt",
    "video_metrics",
]

#: Where a CPR attempt's feedback comes from (the chooser's "Feedback from" list).
MANIKIN = "manikin"
CAMERA = "camera"


@dataclass(frozen=True)
class Skill:
    """A bundled station that can be practised: with the CPR manikin when its
    definition asks for one (``profile`` is then its patient), else by self-assessment."""

    key: str
    title: str
    definition: StationDefinition
    profile: str | None

    @property
    def uses_device(self) -> bool:
        return self.profile is not None


def load_skills(language: str) -> list[Skill]:
    """The bundled stations a trainee can practise alone (scenarios need a team and an
    operator, so they are left out), titles in ``language``. Reads files: run it on
    the worker."""
    from station.services.definitions import bundled_keys, bundled_source

    skills: list[Skill] = []
    for key in bundled_keys():
        found = bundled_source(key)
        if found is None:
            continue
        model = found[0]
        if model.kind == "scenario":
            continue
        profile = model.device.profile if model.device is not None else None
        skills.append(Skill(model.id, model.text(model.title, language), model, profile))
    skills.sort(key=lambda s: (not s.uses_device, s.title.casefold()))
    return skills


@dataclass(frozen=True)
class SummaryData:
    """What the summary page shows: the stored attempt and, for CPR, the analysis of
    its stored trace; for a self-assessment, the trainee's scored checklist."""

    attempt: PracticeInfo
    cpr: CprSummary | None = None
    self_assessment: SelfAssessmentResult | None = None
    #: A camera attempt: the analysis of its frames (None if under 5 s were seen) and
    #: the profile's targets.
    video: VideoRateResult | None = None
    video_targets: CprTargets | None = None


def store_cpr_attempt(
    services: StationServices, actor: Actor, attempt_id: str, session: SessionData
) -> SummaryData:
    """Finish the session's trace recording and store the trace with the metrics and
    score analysed from it, in one service call that completes the attempt (worker
    thread). The trace file goes once it is stored; if storing fails it stays, and
    calling this again tries again."""
    trace = session.recording.finish()
    record = services.practice.record_cpr_trace(
        actor,
        trace.data,
        trace.device_identity,
        attempt_id=attempt_id,
        profile=session.targets.name,
        details={"mode": "device", "seconds": round(session.elapsed_s, 1)},
    )
    session.recording.remove()
    assert record.attempt is not None  # an attempt's trace completes it
    return SummaryData(record.attempt, cpr=record.summary)


def video_metrics(result: VideoRateResult | None, targets: CprTargets) -> dict[str, float]:
    """The device metrics a camera measures: compressions, mean rate and the share of
    compressions at a rate in the target band (each window weighs as many compressions
    as its rate gives)."""
    if result is None:
        return {"compressions": 0}
    metrics: dict[str, float] = {"compressions": result.compressions}
    if result.mean_rate_cpm is not None:
        metrics["mean_rate_cpm"] = round(result.mean_rate_cpm, 1)
    rates = [w.rate_cpm for w in result.windows if w.rate_cpm is not None]
    if rates:
        good = sum(r for r in rates if targets.rate_min_cpm <= r <= targets.rate_max_cpm)
        metrics["pct_rate_ok"] = round(100.0 * good / sum(rates), 1)
    return metrics


def store_video_attempt(
    services: StationServices, actor: Actor, attempt_id: str, session: VideoSession
) -> SummaryData:
    """Analyse every frame the camera gave (as ``analyze-video`` would a recording of
    them) and store the rate metrics with the attempt, which is then complete without
    a score (worker thread)."""
    result = session.estimator.summary()
    services.practice.record_practice_metrics(
        actor, attempt_id, video_metrics(result, session.targets)
    )
    details: dict[str, object] = {
        "mode": "camera",
        "cpr_profile": session.targets.name,
        "camera": session.url,
        "seconds": round(session.elapsed_s, 1),
        "frames": session.estimator.frames,
        "dropped_frames": session.dropped_frames,
    }
    if result is not None:
        details.update(
            fps=round(result.fps, 2),
            roi=list(result.roi),
            windows=len(result.windows),
            windows_rated=sum(1 for w in result.windows if w.rate_cpm is not None),
        )
    if session.camera_error:
        details["camera_error"] = session.camera_error
    info = services.practice.finish_practice(actor, attempt_id, None, details=details)
    return SummaryData(info, video=result, video_targets=session.targets)


def store_self_assessment(
    services: StationServices, actor: Actor, attempt_id: str, result: SelfAssessmentResult
) -> SummaryData:
    """Store a self-assessment's score and marks with the attempt (worker thread)."""
    details = {
        "mode": "self_assessment",
        "seconds": round(result.elapsed_s, 1),
        "marks": {
            m.item_id: (m.value if isinstance(m.value, int) else m.value.value)
            for m in result.marks
        },
        "excluded": list(result.excluded),
        "done": result.score.raw_done,
        "items": result.score.raw_total,
    }
    info = services.practice.finish_practice(
        actor, attempt_id, result.score.percent, details=details
    )
    return SummaryData(info, self_assessment=result)
