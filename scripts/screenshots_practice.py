"""Render the practice screens to PNG files at 1280x800: the skill list, live CPR
feedback from the simulated manikin, the summary of the attempt, the history, and the
rate from a camera (a synthetic CPR video played as the camera) with its summary.

    .venv/bin/python scripts/screenshots.py --only practice

Everything happens in a temporary folder (a new database with a trainee account). Called by
scripts/screenshots.py, which sets up the QApplication.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from screenshot_support import pump, wait_for

__all__ = ["render_practice_screenshots"]

SIZE = (1280, 800)
DEVICE = "sim://cpr?profile=good&rate_hz=200"


def render_practice_screenshots(
    out_dir: Path, live_seconds: float = 8.0, camera_seconds: float = 9.0
) -> list[Path]:
    """Write ``practice-*.png`` into ``out_dir``; returns the files written. Needs a
    QApplication."""
    import argon2.profiles

    from common.clock import SystemClock
    from devices.camera.synth import Segment, SynthOptions, write_cpr_video
    from station.auth.passwords import make_hasher
    from station.database import open_database
    from station.services import StationServices
    from ui.bell import RecordingBell
    from ui.context import AppContext, AppSignals
    from ui.practice.station import CAMERA, PracticeStation
    from ui.settings import Settings, SettingsStore, Theme
    from ui.widgets.message_bar import MessageBar
    from ui.worker import ServiceWorker

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="skillstation-practice-shots-") as tmp:
        folder = Path(tmp)
        services = StationServices(
            open_database(folder / "practice.db"),
            clock=SystemClock(),
            password_hasher=make_hasher(argon2.profiles.CHEAPEST),
        )
        cora = services.identity.bootstrap_coordinator("cora", "Coordinator", "Lab-setup-pass-4821")
        services.identity.add_user(cora, "tia", "Tia Trainee", "trainee", "482913")
        tia = services.identity.authenticate("tia", "482913")
        # The camera: a synthetic CPR video (a rescuer's arms at 112 /min, a person
        # walking behind, some sensor noise), played at its own pace.
        video = write_cpr_video(
            folder / "camera.avi",
            [Segment(camera_seconds + 10.0, 112.0)],
            SynthOptions(width=640, height=480, noise_sd=4.0, background_speed_px_s=60.0),
        )
        ctx = AppContext(
            worker=ServiceWorker(services),
            settings=Settings(
                language="en", theme=Theme.LIGHT, device_url=DEVICE, camera=str(video.path)
            ),
            clock=SystemClock(),
            bell=RecordingBell(),
            actor=tia,
            message_bar=MessageBar(),
            signals=AppSignals(),
            store=SettingsStore(folder / "settings.json"),
        )
        station = PracticeStation(ctx, sound_factory=lambda: None)
        try:
            station.resize(*SIZE)
            station.show()

            def shoot(name: str) -> None:
                pump(0.3)
                path = out_dir / f"{name}.png"
                if not station.grab().save(str(path)):
                    raise RuntimeError(f"practice screenshots: could not write {path}")
                written.append(path)

            wait_for(lambda: bool(station.chooser.skills), what="the skills")
            station.select_skill("adult-cpr-aed")
            shoot("practice-choose")
            station.start()
            wait_for(lambda: station.live.link_state == "streaming", what="the simulated manikin")
            station.live.metronome_box.setChecked(True)
            pump(live_seconds)
            shoot("practice-live")
            station.finish()
            wait_for(lambda: station.page == station.SUMMARY, what="the summary")
            shoot("practice-summary")
            station.show_history()
            wait_for(lambda: bool(station.history.attempts), what="the history")
            shoot("practice-history")
            station.show_chooser()
            station.chooser.set_feedback_source(CAMERA)
            station.start()
            wait_for(lambda: station.live.link_state == "capturing", what="the camera")
            pump(camera_seconds)
            shoot("practice-camera")
            station.finish()
            wait_for(lambda: station.page == station.SUMMARY, what="the camera summary")
            shoot("practice-camera-summary")
        finally:
            station.shutdown()
            wait_for(lambda: not ctx.worker.busy, what="the service calls")
            ctx.worker.shutdown()
            services.db.close()
    return written
