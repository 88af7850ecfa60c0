"""The practice view without a manikin: the compression rate from a camera (a synthetic
CPR video of known rate, a real MJPG/AVI file played by a real capture thread), the rate
dial and hands-off timer from the video, depth and recoil marked as needing a manikin,
the preview, the attempt stored with the video metrics; and the choice of the source."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from test_services_support import World
from ui_support import wait_idle

from common.clock import FakeClock
from devices.camera.frames import CameraCapture
from devices.camera.rate import estimate_rate
from devices.camera.synth import Segment, SynthOptions, SynthTruth, write_cpr_video
from station.pdf_reports import write_practice_report
from ui.context import AppContext
from ui.practice import PracticeStation
from ui.practice.attempts import CAMERA, MANIKIN, video_metrics
from ui.practice.live import CAMERA as LIVE_CAMERA
from ui.video_recording import RecordingController, RecState

pytest_plugins = ["ui_support"]  # the ctx and world fixtures

_windows: list[QWidget] = []


@pytest.fixture(autouse=True)
def _keep_windows() -> Iterator[None]:
    yield
    _windows.clear()


def _open(qtbot: QtBot, ctx: AppContext, **kwargs: object) -> PracticeStation:
    window = QWidget()
    _windows.append(window)
    station = PracticeStation(ctx, sound_factory=lambda: None, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(window, before_close_func=lambda _w: station.shutdown())
    layout = QVBoxLayout(window)
    layout.addWidget(ctx.message_bar)
    layout.addWidget(station)
    window.resize(1280, 800)
    window.show()
    qtbot.waitUntil(lambda: bool(station.chooser.skills), timeout=10_000)
    return station


def _fast_camera(url: str) -> CameraCapture:
    """The video file as the camera, on a clock that moves only when the file's pacing
    sleeps on it: frames stamped 1/30 s apart, handed out as fast as they decode."""
    return CameraCapture(url, clock=FakeClock(100.0))


def _camera_ctx(ctx: AppContext, world: World, video: SynthTruth, device_url: str = "") -> None:
    ctx.actor = world.tom
    ctx.settings = replace(ctx.settings, device_url=device_url, camera=str(video.path))


def _run_video(qtbot: QtBot, station: PracticeStation, truth: SynthTruth) -> None:
    """Start a camera attempt and wait until every frame of the video was analysed."""
    station.live.camera_capacity = truth.frames + 10  # the file outruns a real camera
    station.select_skill("adult-cpr-aed")
    assert station.chooser.feedback_source == CAMERA
    station.start()
    qtbot.waitUntil(lambda: station.page == station.LIVE, timeout=10_000)
    live = station.live
    assert live.mode == LIVE_CAMERA
    last = truth.frames - truth.frames % 15
    qtbot.waitUntil(
        lambda: live.video_estimate is not None and live.video_estimate.frames == last,
        timeout=30_000,
    )
    live.tick()


def test_camera_rate_live_and_stored(
    qtbot: QtBot, ctx: AppContext, world: World, tmp_path: Path
) -> None:
    truth = write_cpr_video(
        tmp_path / "camera.avi",
        [Segment(12.0, 112.0)],
        SynthOptions(noise_sd=6.0, background_speed_px_s=40.0),
    )
    _camera_ctx(ctx, world, truth)
    station = _open(qtbot, ctx, camera_factory=_fast_camera)
    try:
        _run_video(qtbot, station, truth)
        live = station.live
        # The rate from the video on the dial, within the adult target band.
        assert live.rate_card.value.text().endswith("/min")
        assert abs(float(live.rate_card.value.text().split()[0]) - 112.0) <= 2.0
        assert live.rate_card.feedback.text() == "✓ Good rate" and live.rate_card.state == "ok"
        assert live.rate_dial.rate is not None and abs(live.rate_dial.rate - 112.0) <= 2.0
        # Hands on, from the video; depth and recoil need a manikin, said plainly.
        assert live.hands_off_card.feedback.text() == "✓ Hands on"
        assert live.depth_card.feedback.text() == "Needs a manikin"
        assert live.recoil_card.feedback.text() == "Needs a manikin"
        assert live.depth_card.value.text() == "—" and not live.depth_bar.isVisible()
        # The preview shows the camera's picture; the banner names the camera.
        assert live.camera_box.isVisible() and live.panel is None
        pixmap = live.preview.pixmap()
        assert not pixmap.isNull() and pixmap.width() <= 320
        assert "The video has ended" in live.connection.text()
        assert live.finish_button.text() == "Finish (F10)"
        attempt = station.attempt
        assert attempt is not None
        station.finish()
        qtbot.waitUntil(lambda: station.page == station.SUMMARY, timeout=20_000)
        assert live.camera is None and live.monitor is None  # threads stopped
        data = station.summary.data
        assert data is not None and data.video is not None and data.cpr is None
        # What is stored is the file analysis of the same frames.
        whole = estimate_rate(truth.path)
        assert data.video.to_json() == whole.to_json()
        stored = world.services.practice.practice_attempt(world.tom, attempt.id)
        assert stored.attempt.status == "completed" and stored.attempt.score is None
        assert stored.metrics == video_metrics(whole, data.video_targets or live.targets)
        assert abs(stored.metrics["mean_rate_cpm"] - 112.0) <= 2.0
        assert abs(stored.metrics["compressions"] - truth.compressions) <= 1
        assert stored.metrics["pct_rate_ok"] == 100.0
        assert stored.details["mode"] == "camera"
        assert stored.details["camera"] == str(truth.path)
        assert stored.details["frames"] == truth.frames
        assert stored.details["dropped_frames"] == 0
        assert stored.traces == ()
        texts = [
            station.summary.model.item(row, 1).text()
            for row in range(station.summary.model.rowCount())
        ]
        assert texts.count("needs a manikin") == 2
        assert station.summary.score.text() == "Rate only, from the camera: no score"
        # The practice report shows the camera attempt with the figures it has.
        pdf = write_practice_report(
            world.services.reporting, world.tom, "tom", tmp_path / "tom.pdf"
        )
        text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
        assert "Adult CPR" in text and f"{stored.metrics['mean_rate_cpm']:.0f}" in text
    finally:
        station.shutdown()
        wait_idle(qtbot, ctx)


def test_a_pause_shows_on_the_hands_off_timer(
    qtbot: QtBot, ctx: AppContext, world: World, tmp_path: Path
) -> None:
    truth = write_cpr_video(
        tmp_path / "pause.avi",
        [Segment(7.0, 105.0), Segment(6.0, 0.0)],
        SynthOptions(noise_sd=6.0),
    )
    _camera_ctx(ctx, world, truth)
    station = _open(qtbot, ctx, camera_factory=_fast_camera)
    try:
        _run_video(qtbot, station, truth)
        live = station.live
        # Compressions stopped at 7 s; the last estimate is at 12.97 s.
        pause = live.hands_off_s
        assert pause is not None and 4.5 <= pause <= 6.0
        assert live.hands_off_card.state == "warn"
        assert live.hands_off_card.feedback.text().startswith("▲ Hands off")
        # The last 5 s are still: no rate, and the reason is said.
        assert live.rate_card.value.text() == "—"
        assert live.rate_card.feedback.text() == "No compressions seen"
        station.abandon()
        wait_idle(qtbot, ctx)
        assert station.page == station.CHOOSE and live.camera is None
    finally:
        station.shutdown()
        wait_idle(qtbot, ctx)


def test_too_short_a_video_is_stored_without_a_rate(
    qtbot: QtBot, ctx: AppContext, world: World, tmp_path: Path
) -> None:
    truth = write_cpr_video(tmp_path / "short.avi", [Segment(3.0, 110.0)])
    _camera_ctx(ctx, world, truth)
    station = _open(qtbot, ctx, camera_factory=_fast_camera)
    try:
        _run_video(qtbot, station, truth)
        assert station.live.rate_card.feedback.text() == "Looking for the compressions…"
        attempt = station.attempt
        assert attempt is not None
        station.finish()
        qtbot.waitUntil(lambda: station.page == station.SUMMARY, timeout=20_000)
        stored = world.services.practice.practice_attempt(world.tom, attempt.id)
        assert stored.metrics == {"compressions": 0.0}
        assert "less than 5 s" in station.summary.notes.text()
    finally:
        station.shutdown()
        wait_idle(qtbot, ctx)


def test_choosing_the_feedback_source(
    qtbot: QtBot, ctx: AppContext, world: World, tmp_path: Path
) -> None:
    ctx.actor = world.tom
    ctx.settings = replace(ctx.settings, device_url="sim://cpr?profile=good", camera="")
    station = _open(qtbot, ctx, camera_factory=_fast_camera)
    try:
        chooser = station.chooser
        station.select_skill("adult-cpr-aed")
        # A manikin is set: it is the default; no camera, so nothing to record with.
        assert chooser.feedback_source == MANIKIN and chooser.source.isEnabled()
        assert not chooser.record_box.isEnabled()
        assert "No camera is set" in chooser.record_box.toolTip()
        chooser.set_feedback_source(CAMERA)
        station.start()
        assert "No camera is set" in ctx.message_bar.text
        assert station.page == station.CHOOSE and station.attempt is None
        # A camera URL that is not one.
        ctx.settings = replace(ctx.settings, camera="rtsp://host/stream")
        ctx.signals.settings_changed.emit()
        assert chooser.feedback_source == CAMERA  # the trainee's choice stays
        station.start()
        assert "The camera URL is not valid" in ctx.message_bar.text
        assert "not a camera URL" in ctx.message_bar.text
        # With a camera: recording is offered with the manikin, not while the camera
        # measures the rate.
        ctx.settings = replace(ctx.settings, camera="sim://camera")
        ctx.signals.settings_changed.emit()
        assert not chooser.record_box.isEnabled()
        assert "measuring the rate" in chooser.record_box.toolTip()
        chooser.set_feedback_source(MANIKIN)
        assert chooser.record_box.isEnabled()
        chooser.record_box.setChecked(True)
        assert chooser.record
        # A skill without the manikin (self-assessed) has no source to choose.
        station.select_skill("who-hand-rub")
        assert not chooser.source.isEnabled() and not chooser.uses_camera
        assert "Camera: sim://camera" in chooser.device_label.text()
    finally:
        station.shutdown()
        wait_idle(qtbot, ctx)


def test_no_manikin_set_means_the_camera(
    qtbot: QtBot, ctx: AppContext, world: World, tmp_path: Path
) -> None:
    ctx.actor = world.tom
    ctx.settings = replace(ctx.settings, device_url="", camera="camera://0")
    station = _open(qtbot, ctx, camera_factory=_fast_camera)
    try:
        station.select_skill("adult-cpr-aed")
        assert station.chooser.feedback_source == CAMERA and station.chooser.uses_camera
        assert "Feedback device: none" in station.chooser.device_label.text()
    finally:
        station.shutdown()
        wait_idle(qtbot, ctx)


def test_a_trainee_records_their_own_attempt_with_consent(
    qtbot: QtBot, ctx: AppContext, world: World
) -> None:
    ctx.actor = world.tom
    # A simulated camera of 45 frames on a clock that moves only when slept on: the
    # recording is written at once and ends with the camera.
    ctx.settings = replace(ctx.settings, camera="sim://camera?w=160&h=120&fps=30&frames=45")
    recorders: list[RecordingController] = []

    def recorder(c: AppContext) -> RecordingController:
        made = RecordingController(c, camera_clock=FakeClock(10.0), min_free_bytes=0)
        recorders.append(made)
        return made

    station = _open(qtbot, ctx, recorder_factory=recorder)
    try:
        station.select_skill("who-hand-rub")  # any attempt may be recorded
        assert station.chooser.record_box.isEnabled()
        station.chooser.record_box.setChecked(True)
        station.start()
        qtbot.waitUntil(lambda: station.page == station.SELF, timeout=10_000)
        attempt = station.attempt
        assert attempt is not None and len(recorders) == 1
        qtbot.waitUntil(lambda: recorders[0].state is RecState.STOPPED, timeout=20_000)
        wait_idle(qtbot, ctx)
        assert not station.recording_label.isVisible()
        assert "The video of the attempt was saved (45 frames)" in ctx.message_bar.text
        consent = world.services.media.consent(world.tom, attempt_id=attempt.id)
        assert consent is not None and consent.given and consent.recorded_by == "tom"
        (media,) = world.services.media.list_media(world.tom, attempt_id=attempt.id)
        assert media.frames == 45 and media.dropped_frames == 0 and media.ended_at is not None
        assert any(p.name.startswith(media.name) for p in media.folder.iterdir())
        station.finish()
        qtbot.waitUntil(lambda: station.page == station.SUMMARY, timeout=20_000)
        stored = world.services.practice.practice_attempt(world.tom, attempt.id)
        assert stored.attempt.status == "completed"
    finally:
        station.shutdown()
        wait_idle(qtbot, ctx)


def test_no_recording_without_the_box_ticked(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    ctx.actor = world.tom
    ctx.settings = replace(ctx.settings, camera="sim://camera?w=160&h=120&fps=30&frames=45")
    recorders: list[RecordingController] = []

    def recorder(c: AppContext) -> RecordingController:
        made = RecordingController(c, camera_clock=FakeClock(10.0), min_free_bytes=0)
        recorders.append(made)
        return made

    station = _open(qtbot, ctx, recorder_factory=recorder)
    try:
        station.select_skill("who-hand-rub")
        station.start()
        qtbot.waitUntil(lambda: station.page == station.SELF, timeout=10_000)
        attempt = station.attempt
        assert attempt is not None
        wait_idle(qtbot, ctx)
        assert recorders == []
        assert world.services.media.consent(world.tom, attempt_id=attempt.id) is None
        assert world.services.media.list_media(world.tom, attempt_id=attempt.id) == []
        station.abandon()
        wait_idle(qtbot, ctx)
    finally:
        station.shutdown()
        wait_idle(qtbot, ctx)


def test_a_camera_that_cannot_be_opened_says_so(
    qtbot: QtBot, ctx: AppContext, world: World, tmp_path: Path
) -> None:
    ctx.actor = world.tom
    ctx.settings = replace(ctx.settings, device_url="", camera=str(tmp_path / "gone.avi"))
    station = _open(qtbot, ctx, camera_factory=_fast_camera)
    try:
        station.select_skill("adult-cpr-aed")
        station.start()
        qtbot.waitUntil(lambda: station.page == station.LIVE, timeout=10_000)
        live = station.live
        qtbot.waitUntil(lambda: live.link_state == "failed", timeout=10_000)
        assert "The camera could not be opened" in live.connection.text()
        assert "no such video file" in live.connection.text()
        assert live.rate_card.feedback.text() == "Waiting for the camera"
        assert live.hands_off_s is None
        station.abandon()
        wait_idle(qtbot, ctx)
        assert live.camera is None and live.monitor is None
    finally:
        station.shutdown()
        wait_idle(qtbot, ctx)


def test_camera_then_manikin_in_one_sitting(
    qtbot: QtBot, ctx: AppContext, world: World, tmp_path: Path
) -> None:
    truth = write_cpr_video(tmp_path / "short.avi", [Segment(3.0, 110.0)])
    _camera_ctx(ctx, world, truth, device_url="sim://cpr?profile=good&speed=20&rate_hz=200")
    station = _open(qtbot, ctx, camera_factory=_fast_camera)
    try:
        station.chooser.set_feedback_source(CAMERA)
        _run_video(qtbot, station, truth)
        station.abandon()
        wait_idle(qtbot, ctx)
        station.chooser.set_feedback_source(MANIKIN)
        station.start()
        qtbot.waitUntil(lambda: station.page == station.LIVE, timeout=10_000)
        live = station.live
        assert live.mode == "device" and not live.camera_box.isVisible()
        assert live.depth_bar.isVisible() and live.finish_button.text() == "Finish and score (F10)"
        qtbot.waitUntil(lambda: live.depth_card.value.text().endswith("mm"), timeout=30_000)
        assert "Device connected" in live.connection.text()
        station.abandon()
        wait_idle(qtbot, ctx)
    finally:
        station.shutdown()
        wait_idle(qtbot, ctx)
