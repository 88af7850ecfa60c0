"""Recordings: consent, linking, markers, the debrief timeline's alignment, CPR depth
and alarms, who may record and see what, deletion, retention and migration 0004.

Recordings are real: the simulated camera (``sim://camera``) recorded by
``devices.camera`` into the folder the service gives, on a fake device clock whose wall
time follows the services' fake clock, so the frames, the marks and the trace share
one time line that the tests control.
"""

from __future__ import annotations

import csv
import itertools
import math
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from test_services_scenario import SCENARIO_KEY, add_scenario_exam
from test_services_support import (
    T0,
    World,
    audit_count,
    build_world,
    copy_world,
    make_services,
)

from assessments.scoring import MarkValue
from common.clock import FakeClock as DeviceClock
from common.clock import FakeClock as ServicesClock
from devices.camera.frames import CameraCapture
from devices.camera.video_recorder import (
    RecordingSession,
    RecordingState,
    RecordingStatus,
    VideoRecorder,
)
from devices.cpr.analysis import analyze_trace
from devices.sample import Sample
from devices.trace import TraceWriter, read_trace
from station.auth.permissions import PermissionDenied
from station.services import Conflict, InvalidInput, MediaInfo, NotFound, StationServices
from station.services.media_files import safe_component
from station.services.timeline import TRACE_START_KEY
from station.storage import schema
from station.storage.engine import open_database
from station.storage.upgrade import upgrade

FPS = 10
FRAMES = 60  # six seconds
PERIOD = 1.0 / FPS


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    world = build_world(tmp_path_factory.mktemp("world"))
    world.close()
    yield world


@pytest.fixture
def world(template: World, tmp_path: Path) -> Iterator[World]:
    copy = copy_world(template, tmp_path / "copy")
    try:
        yield copy
    finally:
        copy.close()


def record(
    info: MediaInfo, wall_start: datetime, *, frames: int = FRAMES, segment_s: float | None = None
) -> RecordingStatus:
    """Record ``frames`` frames of the simulated camera into the recording's folder,
    the first stamped (about) ``wall_start``; the camera runs on a fake clock."""
    device_clock = DeviceClock(start_monotonic=500.0)
    base = wall_start.timestamp()

    def wall() -> float:
        return base + device_clock.monotonic() - 500.0

    capture = CameraCapture(
        f"sim://camera?w=32&h=24&fps={FPS}&frames={frames}", clock=device_clock, wall=wall
    )
    recorder = VideoRecorder(
        info.folder,
        width=32,
        height=24,
        fps=FPS,
        name=info.name,
        min_free_bytes=0,
        segment_max_s=segment_s,
        segment_max_bytes=None if segment_s else 1_000_000_000,
    )
    session = RecordingSession(capture, recorder, ring_capacity=frames + 8)
    session.start()
    capture.start()
    assert session.wait(30.0)
    capture.stop()
    status = session.stop()
    assert status.state is RecordingState.STOPPED
    assert status.frames_written == frames
    return status


def finish(services: StationServices, world: World, info: MediaInfo, status: RecordingStatus,
           actor_name: str = "eli") -> MediaInfo:  # fmt: skip
    size = sum(p.stat().st_size for p in info.folder.iterdir() if p.name.startswith(info.name))
    actor = getattr(world, actor_name)
    return services.media.finish_recording(
        actor, info.id, frames=status.frames_written, dropped_frames=status.dropped_frames,
        size_bytes=size,
    )  # fmt: skip


def sidecar(info: MediaInfo) -> list[tuple[float, datetime]]:
    """(host_t_s, wall time) of every frame, read from the files themselves."""
    rows: list[tuple[float, datetime]] = []
    for path in sorted(info.folder.glob(f"{info.name}-*.frames.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                rows.append((float(row["host_t_s"]), datetime.fromisoformat(row["wall_time"])))
    return rows


def nearest_frame(info: MediaInfo, when: datetime) -> int:
    rows = sidecar(info)
    return min(range(len(rows)), key=lambda i: abs((rows[i][1] - when).total_seconds()))


def consented_recording(world: World) -> MediaInfo:
    s = world.services
    s.media.record_consent(world.eli, encounter_id=world.draft, given=True, note="signed form")
    return s.media.begin_recording(world.eli, encounter_id=world.draft)


# --------------------------------------------------------------------------- consent


def test_recording_needs_consent_and_refusal_wins(world: World) -> None:
    s = world.services
    with pytest.raises(Conflict, match="no consent to recording is on file"):
        s.media.begin_recording(world.eli, encounter_id=world.draft)
    assert s.media.consent(world.eli, encounter_id=world.draft) is None

    s.media.record_consent(world.eli, encounter_id=world.draft, given=True)
    world.clock.advance(5)
    refused = s.media.record_consent(
        world.eli, encounter_id=world.draft, given=False, note="changed mind"
    )
    assert (refused.given, refused.note, refused.recorded_by) == (False, "changed mind", "eli")
    assert s.media.consent(world.cora, encounter_id=world.draft) == refused
    before = audit_count(s)
    with pytest.raises(Conflict, match="the candidate of the encounter refused to be recorded"):
        s.media.begin_recording(world.eli, encounter_id=world.draft)
    assert audit_count(s) == before
    assert not (s.media.media_root / "OSCE-1").exists()

    world.clock.advance(5)
    s.media.record_consent(world.eli, encounter_id=world.draft, given=True)
    assert s.media.begin_recording(world.eli, encounter_id=world.draft).frames == 0


def test_consent_history_is_append_only(world: World) -> None:
    s = world.services
    s.media.record_consent(world.eli, encounter_id=world.draft, given=True)
    with closing(sqlite3.connect(s.db.path)) as connection:
        for statement in ("UPDATE media_consents SET given = 0", "DELETE FROM media_consents"):
            with pytest.raises(sqlite3.IntegrityError, match="append-only"):
                connection.execute(statement)


def test_consent_names_exactly_one_owner(world: World) -> None:
    s = world.services
    with pytest.raises(InvalidInput, match="exactly one"):
        s.media.record_consent(world.eli, given=True)
    with pytest.raises(InvalidInput, match="exactly one"):
        s.media.consent(world.eli, encounter_id=world.draft, attempt_id="x")


# --------------------------------------------------------------------------- linking


def test_a_recording_is_linked_to_its_encounter_and_listed(world: World) -> None:
    s = world.services
    info = consented_recording(world)
    assert info.folder == s.media.media_root / "OSCE-1" / world.draft
    assert info.folder.is_dir() and info.folder.is_absolute()
    assert s.media.media_root == (s.db.path.parent / "media").absolute()
    assert (info.name, info.kind, info.exam_code, info.station_id) == (
        "video-01", "video", "OSCE-1", "alpha",
    )  # fmt: skip
    assert info.candidate_label == "C1 Jo Doe"
    assert info.started_at == world.clock.now() and info.ended_at is None

    status = record(info, world.clock.now())
    world.clock.advance(7)
    done = finish(s, world, info, status)
    assert (done.frames, done.dropped_frames) == (FRAMES, 0)
    assert done.size_bytes > 0 and done.ended_at == world.clock.now()
    with pytest.raises(Conflict, match="already finished"):
        finish(s, world, info, status)

    second = s.media.begin_recording(world.eli, encounter_id=world.draft)
    assert second.name == "video-02" and second.folder == info.folder
    assert [m.id for m in s.media.list_media(world.cora)] == [second.id, info.id]
    assert [m.id for m in s.media.list_media(world.eli, exam_code="OSCE-1")] == [second.id, info.id]
    assert s.media.list_media(world.eli, exam_code="OSCE-0") == []
    assert [m.id for m in s.media.list_media(world.eli, encounter_id=world.draft)] == [
        second.id, info.id,
    ]  # fmt: skip
    assert s.results.verify_audit(world.cora).ok


def test_a_practice_recording_lives_under_practice(world: World) -> None:
    s = world.services
    attempt = s.practice.start_practice(world.tom, "alpha")
    s.media.record_consent(world.tom, attempt_id=attempt.id, given=True)
    info = s.media.begin_recording(world.tom, attempt_id=attempt.id)
    assert info.folder == s.media.media_root / "practice" / attempt.id
    assert info.candidate_label == "Tom" and info.exam_code is None
    assert info.station_id == "alpha"
    # The trainee and coordinators see it; another user does not.
    assert [m.id for m in s.media.list_media(world.tom)] == [info.id]
    assert [m.id for m in s.media.list_media(world.cora)] == [info.id]
    assert s.media.list_media(world.eli) == []
    with pytest.raises(PermissionDenied, match="belongs to another user"):
        s.media.list_media(world.eli, attempt_id=attempt.id)
    with pytest.raises(PermissionDenied, match="belongs to another user"):
        s.media.begin_recording(world.eli, attempt_id=attempt.id)
    s.practice.abandon_practice(world.tom, attempt.id)
    with pytest.raises(Conflict, match="abandoned"):
        s.media.begin_recording(world.tom, attempt_id=attempt.id)


def test_a_submitted_encounter_is_not_recorded_any_more(world: World) -> None:
    s = world.services
    s.media.record_consent(world.eli, encounter_id=world.submitted, given=True)
    with pytest.raises(Conflict, match="has been submitted"):
        s.media.begin_recording(world.eli, encounter_id=world.submitted)


def test_unknown_names_are_reported(world: World) -> None:
    s = world.services
    with pytest.raises(NotFound, match="there is no recording 'nope'"):
        s.media.debrief_timeline(world.cora, "nope")
    with pytest.raises(NotFound, match="there is no encounter"):
        s.media.record_consent(world.eli, encounter_id="nope", given=True)
    with pytest.raises(InvalidInput, match="kind 'film'"):
        s.media.begin_recording(world.eli, encounter_id=world.draft, kind="film")
    with pytest.raises(InvalidInput, match="whole number"):
        s.media.finish_recording(world.eli, "x", frames=-1, dropped_frames=0, size_bytes=0)


# --------------------------------------------------------------------------- timeline


def test_marks_markers_grades_comments_and_submit_align_to_the_frame(world: World) -> None:
    s, clock = world.services, world.clock
    info = consented_recording(world)
    start = clock.now()
    record(info, start)
    # The examiner marks while the camera runs: each at a known moment.
    clock.advance(1.25)
    s.encounters.mark_item(world.eli, world.draft, "a1", MarkValue.DONE, t_s=1.25)
    clock.advance(1.0)
    marker = s.media.add_marker(world.eli, info.id, "  airway opened ")
    clock.advance(0.73)
    s.encounters.set_grade(world.eli, world.draft, 2)
    clock.advance(0.5)
    s.encounters.comment(world.eli, world.draft, "feedback", "Good rhythm")
    clock.advance(0.9)
    s.encounters.mark_item(world.eli, world.draft, "a2", MarkValue.PARTIAL, t_s=4.38)
    clock.advance(1.0)
    s.encounters.submit(world.eli, world.draft, allow_incomplete=True)
    clock.advance(30)  # after the recording: not on its timeline
    s.media.add_marker(world.eli, info.id, "too late")

    timeline = s.media.debrief_timeline(world.cora, info.id)
    assert (timeline.fps, len(timeline.frame_times)) == (pytest.approx(FPS), FRAMES)
    assert timeline.frame_times[0] == 0.0
    assert timeline.duration_s == pytest.approx(FRAMES * PERIOD)
    assert [e.kind for e in timeline.events] == [
        "mark", "marker", "grade", "comment", "mark", "submit",
    ]  # fmt: skip
    labels = [e.label for e in timeline.events]
    assert labels[0] == "Greets the patient: done"
    assert timeline.events[0].detail == "marked by eli"
    assert labels[1] == "airway opened" and marker.label == "airway opened"
    assert labels[2] == "Global grade: Pass"
    assert labels[3] == "Feedback comment" and timeline.events[3].detail == "Good rhythm"
    assert labels[4] == "Explains the procedure: partial"
    assert labels[5] == "Encounter submitted"
    assert timeline.events == sorted(timeline.events, key=lambda e: e.t_s)

    first_wall = sidecar(info)[0][1]
    stamps = [1.25, 2.25, 2.98, 3.48, 4.38, 5.38]
    for event, offset in zip(timeline.events, stamps, strict=True):
        when = start + timedelta(seconds=offset)
        # Seconds from the first frame, by the frames' own stamps.
        assert event.t_s == pytest.approx((when - first_wall).total_seconds(), abs=1e-6)
        k = nearest_frame(info, when)
        assert abs(timeline.frame_times[k] - event.t_s) <= PERIOD
    assert marker.t_s == pytest.approx(timeline.events[1].t_s, abs=1e-6)

    (segment,) = timeline.segments
    assert segment.path == info.folder / f"{info.name}-001.avi"
    assert (segment.first_frame, segment.frame_count, segment.start_t_s) == (0, FRAMES, 0.0)
    assert timeline.depth == []


def template_roster(world: World) -> Path:
    path = world.folder.parent / "roster.csv"
    path.write_text(
        "candidate_id,family_name,given_name\nC1,Doe,Jo\nC2,Roe,Al\nC3,Poe,Bo\n",
        encoding="utf-8",
    )
    return path


def test_segments_and_a_marker_given_its_own_time(world: World) -> None:
    s, clock = world.services, world.clock
    info = consented_recording(world)
    start = clock.now()
    record(info, start, segment_s=2.0)
    timeline = s.media.debrief_timeline(world.eli, info.id)
    assert [p.path.name for p in timeline.segments] == [
        "video-01-001.avi", "video-01-002.avi", "video-01-003.avi",
    ]  # fmt: skip
    assert sum(p.frame_count for p in timeline.segments) == FRAMES
    for segment in timeline.segments:
        assert segment.start_t_s == timeline.frame_times[segment.first_frame]
    assert [p.first_frame for p in timeline.segments] == [0, 20, 40]
    # A marker for a moment already past, given by its wall time.
    when = sidecar(info)[25][1]
    clock.advance(60)
    marker = s.media.add_marker(world.eli, info.id, "sim arrest", at=when)
    assert marker.t_s == pytest.approx(timeline.frame_times[25], abs=1e-6)
    (event,) = s.media.debrief_timeline(world.eli, info.id).events
    assert (event.kind, event.t_s) == ("marker", pytest.approx(marker.t_s))
    with pytest.raises(InvalidInput, match="no time zone"):
        s.media.add_marker(world.eli, info.id, "naive", at=when.replace(tzinfo=None))
    with pytest.raises(InvalidInput, match="label is empty"):
        s.media.add_marker(world.eli, info.id, "   ")


def test_scenario_events_are_placed_by_when_they_were_recorded(world: World) -> None:
    s, clock = world.services, world.clock
    shutil.copy2(template_roster(world), world.folder / "roster.csv")
    add_scenario_exam(world)
    encounter = s.scenario.scenario_encounter(world.eli, "SIM-1", SCENARIO_KEY, "C2").encounter.id
    s.media.record_consent(world.eli, encounter_id=encounter, given=True)
    info = s.media.begin_recording(world.eli, encounter_id=encounter)
    start = clock.now()
    record(info, start)
    clock.advance(0.5)
    s.scenario.record_scenario_event(world.eli, encounter, 0.0, "start")
    clock.advance(2.04)
    s.scenario.record_scenario_event(
        world.eli, encounter, 2.0, "manual", "relative-arrives", "At door"
    )
    timeline = s.media.debrief_timeline(world.eli, info.id)
    scenario = [e for e in timeline.events if e.kind == "scenario"]
    assert [(e.label, e.detail) for e in scenario] == [
        ("start", ""), ("manual: relative-arrives", "At door"),
    ]  # fmt: skip
    first_wall = sidecar(info)[0][1]
    for event, offset in zip(scenario, (0.5, 2.54), strict=True):
        when = start + timedelta(seconds=offset)
        assert event.t_s == pytest.approx((when - first_wall).total_seconds(), abs=1e-6)
        assert abs(timeline.frame_times[nearest_frame(info, when)] - event.t_s) <= PERIOD


# --------------------------------------------------------------------------- CPR trace


def _cpr_trace(path: Path, identity: dict[str, str]) -> int:
    """A 200 Hz trace: six shallow compressions (35 mm) at 2 per second from 0 s, hands
    off until 15 s, four good compressions (55 mm), a device gap from 16.995 to 17.5 s
    and two more good ones. Each compression peaks 0.125 s into its half second."""

    def depth(t: float, peak: float) -> float:
        phase = (t % 0.5) / 0.5
        return peak * max(0.0, 1 - abs(phase - 0.25) * 4) if phase < 0.5 else 0.0

    with TraceWriter(path, identity=identity) as writer:
        for i in range(3700):
            t = i / 200
            if 17.0 <= t < 17.5:
                if t == 17.0:
                    writer.gap(16.995, 17.5, "unplugged")
                continue
            value = depth(t, 35.0) if t < 3.0 else depth(t - 15.0, 55.0) if t >= 15.0 else 0.0
            writer.write(Sample(device_t_s=t, host_t_s=t, depth_mm=value))
        return writer.samples_written


def test_cpr_depth_and_alarms_align_by_the_trace_s_first_sample(
    world: World, tmp_path: Path
) -> None:
    s, clock = world.services, world.clock
    info = consented_recording(world)
    record(info, clock.now(), frames=200)  # 20 s
    first_wall = sidecar(info)[0][1]
    starts = first_wall + timedelta(seconds=0.5)
    identity = {"model": "SimManikin", TRACE_START_KEY: starts.isoformat()}
    count = _cpr_trace(tmp_path / "cpr.csv", identity)
    clock.advance(60)  # stored long after: the identity's stamp decides
    s.encounters.record_device_trace(
        world.eli, world.draft, tmp_path / "cpr.csv", "SimManikin", count
    )

    timeline = s.media.debrief_timeline(world.eli, info.id)
    depth = timeline.depth
    assert depth and all(0 <= t <= timeline.duration_s + PERIOD for t, _ in depth)
    # At most one point in each twentieth of a second.
    assert len({math.floor(t * 20) for t, _ in depth}) == len(depth)
    assert all(a[0] < b[0] for a, b in itertools.pairwise(depth))
    # The first compression peaks at 0.125 s of device time: 0.625 s into the video.
    first_peak = max((p for p in depth if p[0] < 0.9), key=lambda p: p[1])
    assert first_peak == (pytest.approx(0.625, abs=1e-5), pytest.approx(35.0))
    good = [d for t, d in depth if 15.5 <= t <= 17.5]
    assert max(good) == pytest.approx(55.0)

    alarms = [e for e in timeline.events if e.kind == "alarm"]
    by_label = {e.label: e for e in alarms}
    summary = analyze_trace(read_trace(tmp_path / "cpr.csv"))
    # Derived from the trace's analysis, each moved by the trace's start (0.5 s).
    shallow = by_label["6 compressions too shallow in a row"]
    first = summary.per_compression[0]
    assert shallow.t_s == pytest.approx(0.5 + first.start_s, abs=1e-5)
    assert "mean depth 35 mm" in shallow.detail and "50-60 mm" in shallow.detail
    (pause,) = summary.pauses
    hands_off = by_label[f"Hands off for {pause.duration_s:.1f} s"]
    assert hands_off.t_s == pytest.approx(0.5 + pause.start_s, abs=1e-5)
    assert hands_off.t_s == pytest.approx(0.5 + summary.per_compression[5].end_s, abs=1e-5)
    gap = by_label["No device data for 0.5 s"]
    assert gap.t_s == pytest.approx(0.5 + 16.995, abs=1e-5) and gap.detail == "unplugged"
    assert len(alarms) == 3  # nothing too deep, nothing invented


def test_a_trace_without_a_start_stamp_is_placed_by_when_it_was_stored(
    world: World, tmp_path: Path
) -> None:
    s, clock = world.services, world.clock
    attempt = s.practice.start_practice(world.tom, "alpha")
    s.media.record_consent(world.tom, attempt_id=attempt.id, given=True)
    info = s.media.begin_recording(world.tom, attempt_id=attempt.id)
    record(info, clock.now(), frames=200)
    first_wall = sidecar(info)[0][1]
    count = _cpr_trace(tmp_path / "cpr.csv", {"model": "SimManikin"})
    last = read_trace(tmp_path / "cpr.csv").samples[-1].device_t_s
    # Stored the moment its last sample came: its first sample was 1 s into the video.
    clock.advance((first_wall - clock.now()).total_seconds() + 1.0 + last)
    s.practice.record_practice_trace(
        world.tom, attempt.id, tmp_path / "cpr.csv", "SimManikin", count
    )
    timeline = s.media.debrief_timeline(world.tom, info.id)
    first_peak = max((p for p in timeline.depth if p[0] < 1.4), key=lambda p: p[1])
    assert first_peak[0] == pytest.approx(1.125, abs=1e-5)


# --------------------------------------------------------------------------- permissions


def test_who_may_record_and_see_an_encounter_s_recordings(world: World) -> None:
    s = world.services
    info = consented_recording(world)
    refusals: list[tuple[Callable[[], object], str]] = [
        (
            lambda: s.media.begin_recording(world.una, encounter_id=world.draft),
            "not assigned to station 'alpha'",
        ),
        (
            lambda: s.media.record_consent(world.tom, encounter_id=world.draft, given=True),
            "only examiners assigned to the station and coordinators may do this",
        ),
        (lambda: s.media.add_marker(world.ann, info.id, "x"), "not assigned to station 'alpha'"),
        (
            lambda: s.media.finish_recording(
                world.una, info.id, frames=1, dropped_frames=0, size_bytes=1
            ),
            "not assigned to station 'alpha'",
        ),
        (lambda: s.media.debrief_timeline(world.ann, info.id), "not assigned to station 'alpha'"),
        (
            lambda: s.media.debrief_timeline(world.tom, info.id),
            "only examiners assigned to the station and coordinators may do this",
        ),
        (lambda: s.media.list_media(world.una, encounter_id=world.draft), "not assigned"),
        (
            lambda: s.media.delete_media(world.eli, info.id, "asked"),
            "only coordinators may do this",
        ),
        (lambda: s.media.delete_media(world.cora, info.id, "  "), "a reason must be given"),
        (lambda: s.media.set_media_retention_days(world.eli, 30), "only coordinators may do this"),
        (lambda: s.media.purge_expired_media(world.tom), "only coordinators may do this"),
        (
            lambda: s.media.consent(world.dan, encounter_id=world.draft),
            "the account is deactivated",
        ),
        (lambda: s.media.list_media(world.dan), "the account is deactivated"),
    ]
    for call, expected in refusals:
        before = audit_count(s)
        with pytest.raises(PermissionDenied, match=expected):
            call()
        assert audit_count(s) == before
    # What each may see of all recordings.
    assert [m.id for m in s.media.list_media(world.eli)] == [info.id]
    assert [m.id for m in s.media.list_media(world.cora)] == [info.id]
    assert s.media.list_media(world.ann) == [] and s.media.list_media(world.una) == []
    assert s.media.list_media(world.tom) == []
    # A coordinator may record; the exam closed, the examiner may not, but still sees.
    assert s.media.begin_recording(world.cora, encounter_id=world.draft).name == "video-02"
    s.exams.close_exam(world.cora, "OSCE-1")
    with pytest.raises(PermissionDenied, match="the exam is not running"):
        s.media.add_marker(world.eli, info.id, "after the close")
    assert len(s.media.list_media(world.eli)) == 2


# --------------------------------------------------------------------------- deletion


def test_deleting_erases_the_files_keeps_the_row_and_is_audited(world: World) -> None:
    s = world.services
    info = consented_recording(world)
    finish(s, world, info, record(info, world.clock.now(), frames=20))
    neighbour = info.folder / "notes.txt"
    neighbour.write_text("not part of the recording", encoding="utf-8")
    assert any(info.folder.glob("video-01-*"))
    world.clock.advance(60)
    deleted = s.media.delete_media(world.cora, info.id, "candidate withdrew consent")
    assert deleted.deleted_at == world.clock.now()
    assert deleted.deleted_reason == "candidate withdrew consent"
    assert deleted.missing == ()
    assert not any(info.folder.glob("video-01*"))
    assert neighbour.exists()  # only the recording's own files go
    assert s.media.list_media(world.cora) == []
    assert [m.id for m in s.media.list_media(world.cora, include_deleted=True)] == [info.id]
    with pytest.raises(Conflict, match="was deleted on"):
        s.media.debrief_timeline(world.cora, info.id)
    with pytest.raises(Conflict, match="was deleted on"):
        s.media.delete_media(world.cora, info.id, "again")
    page = s.audit_log.audit_entries(world.cora, action="update")
    reasons = {r.record: r.reason for r in page.rows if r.record.startswith("media_files")}
    assert reasons[f"media_files.deleted_reason {info.id}"] == "candidate withdrew consent"
    result = s.results.verify_audit(world.cora)
    assert result.ok, result.problem


def test_a_missing_file_is_reported_not_a_crash(world: World) -> None:
    s = world.services
    info = consented_recording(world)
    finish(s, world, info, record(info, world.clock.now(), frames=10))
    shutil.rmtree(info.folder)
    deleted = s.media.delete_media(world.cora, info.id, "clean-up")
    assert deleted.missing == (f"OSCE-1/{world.draft}/",)
    assert deleted.deleted_at is not None
    assert s.audit_log.audit_entries(world.cora, action="media_files_missing").total == 1
    assert s.results.verify_audit(world.cora).ok

    second = s.media.begin_recording(world.eli, encounter_id=world.draft)
    finish(s, world, second, record(second, world.clock.now(), frames=10))
    for video in second.folder.glob("*.avi"):
        video.unlink()
    assert s.media.delete_media(world.cora, second.id, "clean-up").missing == (
        f"OSCE-1/{world.draft}/video-02-001 (the video)",
    )


def test_nothing_outside_the_media_folder_is_ever_deleted(world: World, tmp_path: Path) -> None:
    s = world.services
    info = consented_recording(world)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    precious = outside / f"{info.name}-001.avi"
    precious.write_bytes(b"someone else's video")
    # The recording's folder replaced by a link to a folder outside the media root.
    info.folder.rmdir()
    info.folder.symlink_to(outside, target_is_directory=True)
    before = audit_count(s)
    with pytest.raises(Conflict, match="leads outside the media folder"):
        s.media.delete_media(world.cora, info.id, "clean-up")
    assert precious.exists() and audit_count(s) == before
    assert s.media.list_media(world.cora)[0].deleted_at is None
    # The same with a row whose path was edited to climb out.
    with closing(sqlite3.connect(s.db.path)) as connection:
        connection.execute(
            "UPDATE media_files SET path = '../../elsewhere' WHERE id = ?", (info.id,)
        )
        connection.commit()
    s.media.media_root = tmp_path / "media-root"
    (tmp_path / "media-root").mkdir()
    with pytest.raises(Conflict, match="leads outside the media folder"):
        s.media.delete_media(world.cora, info.id, "clean-up")
    assert precious.exists()


def test_folder_names_cannot_climb_out() -> None:
    assert safe_component("../../etc") == "_.._etc"
    assert safe_component("OSCE 2026/03") == "OSCE_2026_03"
    assert safe_component("..") == "_"
    assert safe_component(".hidden") == "hidden"


# --------------------------------------------------------------------------- retention


def test_retention_is_stored_audited_and_purges_what_is_older(world: World) -> None:
    s, clock = world.services, world.clock
    assert s.media.media_retention_days(world.cora) is None
    old = consented_recording(world)
    finish(s, world, old, record(old, clock.now(), frames=10))
    assert s.media.purge_expired_media(world.cora) == []  # no retention: everything is kept
    clock.advance(timedelta(days=20).total_seconds())
    new = s.media.begin_recording(world.eli, encounter_id=world.draft)
    assert s.media.set_media_retention_days(world.cora, 30) == 30
    assert s.media.media_retention_days(world.cora) == 30
    clock.advance(timedelta(days=11).total_seconds())
    purged = s.media.purge_expired_media(world.cora)
    assert [m.id for m in purged] == [old.id]
    assert purged[0].deleted_reason == "retention"
    assert not any(old.folder.glob(f"{old.name}-*"))
    assert [m.id for m in s.media.list_media(world.cora)] == [new.id]
    assert s.media.purge_expired_media(world.cora) == []
    assert s.media.set_media_retention_days(world.cora, None) is None
    assert s.media.media_retention_days(world.cora) is None
    with pytest.raises(InvalidInput, match="from 1 to 36500"):
        s.media.set_media_retention_days(world.cora, 0)
    changes = s.audit_log.audit_entries(world.cora).rows
    assert any(r.record.startswith("station_settings.value_json") for r in changes)
    assert s.results.verify_audit(world.cora).ok


# --------------------------------------------------------------------------- migration


def test_upgrade_from_0003_keeps_a_populated_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrations = tmp_path / "migrations"
    shutil.copytree(schema.MIGRATIONS_DIR, migrations, ignore=shutil.ignore_patterns("__pycache__"))
    for later in ("0004_media.py", "0005_import_withdrawals.py"):
        (migrations / "versions" / later).unlink()
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", migrations)
    schema._script.cache_clear()
    try:
        old = build_world(tmp_path / "old")
        assert old.services.db.revision() == "0003"
        entries = audit_count(old.services)
        old.close()
        with closing(sqlite3.connect(tmp_path / "old" / "exam.db")) as connection:
            # A recording erased before reasons were kept.
            connection.execute(
                "INSERT INTO media_files (id, encounter_id, path, kind, created_at, deleted_at)"
                " VALUES ('m-old', ?, 'x', 'video', '2026-03-01T08:00:00.000000Z',"
                " '2026-03-01T09:00:00.000000Z')",
                (old.draft,),
            )
            connection.commit()
    finally:
        monkeypatch.undo()
        schema._script.cache_clear()

    result = upgrade(tmp_path / "old" / "exam.db", now=T0)
    assert (result.from_revision, result.to_revision) == ("0003", "0005")
    with open_database(tmp_path / "old" / "exam.db") as db, db.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM encounters").scalar() == 3
        assert connection.exec_driver_sql("SELECT count(*) FROM audit_log").scalar() == entries
        row = connection.exec_driver_sql(
            "SELECT name, frames, deleted_reason FROM media_files WHERE id = 'm-old'"
        ).one()
        assert tuple(row) == ("recording", 0, "deleted before reasons were kept")
        assert connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        connection.exec_driver_sql("DELETE FROM media_files WHERE id = 'm-old'")
        connection.commit()
    services = make_services(tmp_path / "old" / "exam.db", ServicesClock(start_wall=T0))
    try:
        assert services.results.verify_audit(old.cora).ok
        services.media.record_consent(old.eli, encounter_id=old.draft, given=True)
        info = services.media.begin_recording(old.eli, encounter_id=old.draft)
        assert info.name == "video-01"
        assert services.results.verify_audit(old.cora).ok
    finally:
        services.db.close()
