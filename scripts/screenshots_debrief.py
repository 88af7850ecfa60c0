"""Render the debrief player to ``debrief.png`` at 1280x800: a recorded encounter of the
simulated camera with checklist marks, a global grade, a comment, markers, and the CPR
depth trace of a simulated manikin with its alarms, paused on a marker.

    .venv/bin/python scripts/screenshots.py --only debrief

Everything happens in a temporary folder (a new station set up as on its first start,
with a fake clock so the timeline is the same every time). Called by
scripts/screenshots.py, which sets up the QApplication.
"""

from __future__ import annotations

import math
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from screenshot_support import pump, wait_for

if TYPE_CHECKING:
    from station.auth.permissions import Actor
    from station.services import StationServices

__all__ = ["record_demo_encounter", "render_debrief_screenshot"]

SIZE = (1280, 800)
#: The simulated camera: 640 x 480 at 15 frames per second for 24 seconds.
WIDTH, HEIGHT, FPS, SECONDS = 640, 480, 15.0, 24.0


def _write_cpr_trace(path: Path, first_sample: datetime) -> int:
    """A 20 s, 200 Hz trace of a simulated manikin: 28 compressions at 110 /min, a few
    of them shallow, a pause for two breaths, then compressions again."""
    from devices.sample import Sample
    from devices.trace import TraceWriter

    def depth(t: float) -> float:
        period = 60.0 / 110.0
        for start, count, peak in ((0.0, 28, 55.0), (17.6, 4, 56.0)):
            k = (t - start) / period
            if 0 <= k < count:
                # Compressions 12 to 17 are too shallow (about 43 mm).
                shallow = 12.0 if start == 0.0 and 12 <= k < 18 else 0.0
                return (peak - shallow) * max(0.0, math.sin(2 * math.pi * (k - math.floor(k))))
        return 0.0

    identity = {"model": "SimManikin", "first_sample_wall_time": first_sample.isoformat()}
    with TraceWriter(path, identity=identity) as writer:
        for i in range(20 * 200):
            t = i / 200
            writer.write(Sample(device_t_s=t, host_t_s=t, depth_mm=round(depth(t), 1)))
        return writer.samples_written


def record_demo_encounter(
    services: StationServices, examiner: Actor, exam_code: str, folder: Path
) -> str:
    """Record an encounter of the first station with the simulated camera and fill its
    timeline (marks, grade, comment, markers, CPR trace); returns the recording's id."""
    from assessments.scoring import MarkValue
    from common.clock import FakeClock as DeviceClock
    from devices.camera.frames import CameraCapture
    from devices.camera.video_recorder import RecordingSession, VideoRecorder

    exam = next(e for e in services.exams.exams(examiner) if e.code == exam_code)
    station = exam.stations[0]
    roster = services.encounters.encounters(examiner, exam.code, station_key=station.station_key)
    candidate = "C-003" if not roster else roster[0].candidate_number
    encounter = services.encounters.check_in(examiner, exam.code, station.station_key, candidate)
    services.media.record_consent(examiner, encounter_id=encounter.id, given=True)
    media = services.media.begin_recording(examiner, encounter_id=encounter.id)
    start = services.clock.now()
    frames = int(SECONDS * FPS)
    device_clock = DeviceClock()
    wall0 = start.timestamp()
    capture = CameraCapture(
        f"sim://camera?w={WIDTH}&h={HEIGHT}&fps={FPS:g}&frames={frames}",
        clock=device_clock,
        wall=lambda: wall0 + device_clock.monotonic(),
    )
    recorder = VideoRecorder(
        media.folder, width=WIDTH, height=HEIGHT, fps=FPS, name=media.name, min_free_bytes=0
    )
    session = RecordingSession(capture, recorder, ring_capacity=frames + 8)
    session.start()
    capture.start()
    if not session.wait(120.0):
        raise RuntimeError("debrief screenshot: the simulated camera did not finish")
    capture.stop()
    status = session.stop()

    # What happened during those 24 seconds, stamped at its moment (the services'
    # clock is fake: move it to each moment).
    clock = services.clock

    def at(seconds: float) -> None:
        now = services.clock.now()
        target = start + timedelta(seconds=seconds)
        if target > now:
            clock.advance((target - now).total_seconds())  # type: ignore[attr-defined]

    view = services.encounters.encounter_view(examiner, encounter.id)
    items = [
        item
        for section in view.definition.sections
        for item in section.items
        if item.type in ("binary", "three_point")
    ]
    services.media.add_marker(
        examiner, media.id, "Scene safe, approach", at=start + timedelta(seconds=1.2)
    )
    for seconds, item in zip((2.4, 3.1, 9.8, 21.5), items, strict=False):
        at(seconds)
        services.encounters.mark_item(examiner, encounter.id, item.id, MarkValue.DONE, t_s=seconds)
    services.media.add_marker(
        examiner, media.id, "Compressions start", at=start + timedelta(seconds=4.0)
    )
    services.media.add_marker(
        examiner, media.id, "Pause for breaths", at=start + timedelta(seconds=19.4)
    )
    at(22.4)
    services.encounters.comment(
        examiner, encounter.id, "feedback", "Good rate; let the chest recoil fully."
    )
    at(23.0)
    rating = view.definition.global_rating
    if rating is not None:
        services.encounters.set_grade(examiner, encounter.id, len(rating.steps) - 1)
    trace = folder / "cpr.csv"
    count = _write_cpr_trace(trace, start + timedelta(seconds=4.0))
    services.encounters.record_device_trace(examiner, encounter.id, trace, "SimManikin", count)
    at(SECONDS + 1)
    services.media.finish_recording(
        examiner,
        media.id,
        frames=status.frames_written,
        dropped_frames=status.dropped_frames,
        size_bytes=sum(p.stat().st_size for p in status.segments),
    )
    return media.id


def render_debrief_screenshot(out_dir: Path) -> list[Path]:
    """Write ``debrief.png`` into ``out_dir``; returns the files written. Needs a
    QApplication."""
    import argon2.profiles

    from common.clock import FakeClock
    from station.auth.passwords import make_hasher
    from station.database import open_database
    from station.firstrun import first_run_setup
    from station.services import StationServices
    from ui.bell import RecordingBell
    from ui.context import AppContext, AppSignals
    from ui.debrief.player import DebriefPlayer
    from ui.settings import Settings, SettingsStore, Theme
    from ui.widgets.message_bar import MessageBar
    from ui.worker import ServiceWorker

    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="skillstation-debrief-shots-") as tmp:
        folder = Path(tmp)
        clock = FakeClock(start_wall=datetime(2026, 3, 2, 9, 14, 5, tzinfo=UTC))
        services = StationServices(
            open_database(folder / "debrief.db"),
            clock=clock,
            password_hasher=make_hasher(argon2.profiles.CHEAPEST),
        )
        accounts = first_run_setup(services, starts_at=clock.now())
        assert accounts is not None
        examiner = services.identity.authenticate(accounts.examiner, accounts.examiner_pin)
        media_id = record_demo_encounter(services, examiner, accounts.exam_code, folder)
        ctx = AppContext(
            worker=ServiceWorker(services),
            settings=Settings(language="en", theme=Theme.LIGHT, idle_lock_minutes=0),
            clock=clock,
            bell=RecordingBell(),
            actor=examiner,
            message_bar=MessageBar(),
            signals=AppSignals(),
            store=SettingsStore(folder / "settings.json"),
        )
        player = DebriefPlayer(ctx)
        player.resize(*SIZE)
        player.show()
        player.open_media(media_id)
        wait_for(lambda: player.ready, what="the recording to open")
        markers = [i for i, e in enumerate(player.events) if e.label == "Compressions start"]
        target = player.events[markers[0]].t_s + 6.3 if markers else 10.0
        player.seek_time(target)
        wait_for(lambda: player.shown_frame == player.position, what="the frame")
        pump(0.3)
        path = out_dir / "debrief.png"
        if not player.grab().save(str(path)):
            raise RuntimeError(f"debrief screenshot: could not write {path}")
        player.shutdown()
        player.close()
        player.deleteLater()
        ctx.worker.shutdown()
        ctx.message_bar.deleteLater()
        pump(0.1)
        services.db.close()
    return [path]
