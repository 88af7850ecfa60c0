"""Render the practice screens to PNG files at 1280x800: the skill list, live CPR
feedback from the simulated manikin, the summary of the attempt, the history, and the
rate from a camera (a synthetic CPR video played as the camera) with its summary.

    .venv/bin/python -m ui.practice.screenshots [--out docs/screenshots]

Everything happens in a temporary folder (a new database with a trainee account). Runs
on a real display when there is one and on Qt's offscreen platform otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

__all__ = ["render_practice_screenshots"]

SIZE = (1280, 800)
DEVICE = "sim://cpr?profile=good&rate_hz=200"


def _pump(seconds: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(max(1, int(seconds * 1000)), loop.quit)
    loop.exec()


def _wait(predicate: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise RuntimeError(f"practice screenshots: timed out waiting for {what}")
        _pump(0.05)


def render_practice_screenshots(
    out_dir: Path, live_seconds: float = 8.0, camera_seconds: float = 9.0
) -> list[Path]:
    """Write ``practice-*.png`` into ``out_dir``; returns the files written. Needs a
    QApplication."""
    import argon2.profiles

    from assessments.clock import SystemClock
    from devices.camera.synth import Segment, SynthOptions, write_cpr_video
    from station.auth.passwords import make_hasher
    from station.services import StationServices
    from station.storage import open_database
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
                _pump(0.3)
                path = out_dir / f"{name}.png"
                if not station.grab().save(str(path)):
                    raise RuntimeError(f"practice screenshots: could not write {path}")
                written.append(path)

            _wait(lambda: bool(station.chooser.skills), "the skills")
            station.select_skill("adult-cpr-aed")
            shoot("practice-choose")
            station.start()
            _wait(lambda: station.live.link_state == "streaming", "the simulated manikin")
            station.live.metronome_box.setChecked(True)
            _pump(live_seconds)
            shoot("practice-live")
            station.finish()
            _wait(lambda: station.page == station.SUMMARY, "the summary")
            shoot("practice-summary")
            station.show_history()
            _wait(lambda: bool(station.history.attempts), "the history")
            shoot("practice-history")
            station.show_chooser()
            station.chooser.set_feedback_source(CAMERA)
            station.start()
            _wait(lambda: station.live.link_state == "capturing", "the camera")
            _pump(camera_seconds)
            shoot("practice-camera")
            station.finish()
            _wait(lambda: station.page == station.SUMMARY, "the camera summary")
            shoot("practice-camera-summary")
        finally:
            station.shutdown()
            _wait(lambda: not ctx.worker.busy, "the service calls")
            ctx.worker.shutdown()
            services.db.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args(argv)
    if not any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from ui.i18n import install_language
    from ui.settings import Theme
    from ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_theme(app, Theme.LIGHT)
    install_language("en")
    for path in render_practice_screenshots(args.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
