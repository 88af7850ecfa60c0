"""Compression rate from a live camera: synthetic CPR videos of known rate (real MJPG/AVI
files decoded back) fed frame by frame, compared with the truth and with the analysis of
the whole file; pauses, a person walking behind, a stalled camera, and the analysis
thread fed by a real capture thread."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.clock import FakeClock
from devices.camera.frames import CameraCapture, CaptureState
from devices.camera.live_rate import LiveRate, LiveRateEstimator, LiveRateMonitor, NoRate
from devices.camera.rate import estimate_rate
from devices.camera.synth import Segment, SynthOptions, SynthTruth, write_cpr_video

CASES: dict[str, tuple[float, SynthOptions]] = {
    "80-clean": (80.0, SynthOptions()),
    "100-flicker": (100.0, SynthOptions(flicker_depth=0.15, flicker_hz=1.7)),
    "110-noise": (110.0, SynthOptions(noise_sd=12.0, seed=3)),
    "120-background": (120.0, SynthOptions(background_speed_px_s=40.0)),
    "140-everything": (
        140.0,
        SynthOptions(flicker_depth=0.1, flicker_hz=2.2, noise_sd=8.0, background_speed_px_s=30.0),
    ),
}


def _frames(path: Path) -> list[npt.NDArray[np.uint8]]:
    capture = cv2.VideoCapture(str(path))
    frames: list[npt.NDArray[np.uint8]] = []
    try:
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            frames.append(np.asarray(frame, dtype=np.uint8))
    finally:
        capture.release()
    return frames


def _feed(
    estimator: LiveRateEstimator,
    frames: list[npt.NDArray[np.uint8]],
    fps: float,
    start_s: float = 0.0,
) -> list[LiveRate]:
    out: list[LiveRate] = []
    for index, frame in enumerate(frames):
        estimate = estimator.feed(frame, start_s + index / fps)
        if estimate is not None:
            out.append(estimate)
    return out


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


@pytest.mark.parametrize("name", sorted(CASES))
def test_live_rate_converges_and_matches_the_file_analysis(tmp_path: Path, name: str) -> None:
    rate, options = CASES[name]
    truth = write_cpr_video(tmp_path / f"{name}.avi", [Segment(12.0, rate)], options)
    estimates = _feed(LiveRateEstimator(), _frames(truth.path), truth.fps)
    # An estimate every 0.5 s of frames, stamped with the newest frame's time.
    assert [e.frames for e in estimates] == list(range(15, truth.frames + 1, 15))
    assert estimates[0].t_s == pytest.approx(14 / 30)
    # Converged within 2 /min of the truth after at most 7 s, and stays there.
    late = [e for e in estimates if e.t_s >= 7.0]
    assert late and all(e.rate_cpm is not None and abs(e.rate_cpm - rate) <= 2.0 for e in late), [
        (e.t_s, e.rate_cpm) for e in late
    ]
    # The same frames analysed as a file give the same figures, window by window: a
    # window of the file ending after frame n is the live estimate made at frame n.
    whole = estimate_rate(truth.path)
    by_end = {round(w.t_s * truth.fps): w.rate_cpm for w in whole.windows}
    compared = 0
    for estimate in estimates:
        if estimate.rate_cpm is not None and by_end.get(estimate.frames) is not None:
            assert abs(estimate.rate_cpm - float(by_end[estimate.frames] or 0)) <= 1.0
            compared += 1
    assert compared == len(whole.windows)
    # The region followed lies on the rescuer's arms, however much moves behind.
    assert all(e.roi is not None and _overlaps(e.roi, truth.roi) for e in late)
    assert all(e.moving for e in late)


def test_no_rate_before_five_seconds_says_the_region_is_not_found_yet(tmp_path: Path) -> None:
    truth = write_cpr_video(tmp_path / "v.avi", [Segment(8.0, 110.0)])
    estimates = _feed(LiveRateEstimator(), _frames(truth.path), truth.fps)
    early = [e for e in estimates if e.frames < 150]
    assert len(early) == 9
    assert all(e.rate_cpm is None and e.reason is NoRate.NO_REGION and e.roi is None for e in early)
    assert estimates[9].frames == 150 and estimates[9].rate_cpm is not None
    assert estimates[9].reason is None


def _pause_video(tmp_path: Path, options: SynthOptions) -> SynthTruth:
    return write_cpr_video(
        tmp_path / "pause.avi",
        [Segment(7.0, 110.0), Segment(8.0, 0.0), Segment(7.0, 110.0)],
        options,
    )


def test_a_pause_gives_no_rate_and_stops_moving_within_a_second(tmp_path: Path) -> None:
    truth = _pause_video(tmp_path, SynthOptions(noise_sd=12.0, flicker_depth=0.1, seed=5))
    estimates = _feed(LiveRateEstimator(), _frames(truth.path), truth.fps)
    # Compressions stop at 7 s: the region is still from the first estimate a second on.
    assert all(e.moving for e in estimates if 5.0 <= e.t_s < 7.0)
    assert not any(e.moving for e in estimates if 8.0 <= e.t_s < 15.0)
    # Windows mostly inside the pause have no rate, because nothing moves.
    inside = [e for e in estimates if 11.0 <= e.t_s < 15.0]
    assert inside and all(e.rate_cpm is None and e.reason is NoRate.STILL for e in inside)
    # The region is kept through the pause, so the rate is back as soon as the window
    # holds enough compressions again.
    after = [e for e in estimates if e.t_s >= 19.0]
    assert after and all(e.rate_cpm is not None and abs(e.rate_cpm - 110.0) <= 2.0 for e in after)
    assert all(e.moving for e in estimates if e.t_s >= 16.0)


def test_a_pause_with_a_walker_behind_gives_no_rate(tmp_path: Path) -> None:
    truth = _pause_video(
        tmp_path, SynthOptions(noise_sd=12.0, flicker_depth=0.1, background_speed_px_s=40.0)
    )
    estimates = _feed(LiveRateEstimator(), _frames(truth.path), truth.fps)
    inside = [e for e in estimates if 11.0 <= e.t_s < 15.0]
    assert inside and all(e.rate_cpm is None for e in inside)
    after = [e for e in estimates if e.t_s >= 19.5]
    assert after and all(e.rate_cpm is not None and abs(e.rate_cpm - 110.0) <= 2.0 for e in after)
    assert all(e.roi is not None and _overlaps(e.roi, truth.roi) for e in after)


@pytest.mark.parametrize(
    "options",
    [
        SynthOptions(flicker_depth=0.2, flicker_hz=1.9, noise_sd=8.0),
        SynthOptions(background_speed_px_s=40.0, noise_sd=5.0),
    ],
    ids=["flicker-and-noise", "background-walker"],
)
def test_a_still_rescuer_never_gets_a_rate(tmp_path: Path, options: SynthOptions) -> None:
    truth = write_cpr_video(tmp_path / "still.avi", [Segment(10.0, 0.0)], options)
    estimates = _feed(LiveRateEstimator(), _frames(truth.path), truth.fps)
    assert len(estimates) == 20
    assert all(e.rate_cpm is None for e in estimates)
    assert {e.reason for e in estimates[9:]} <= {NoRate.STILL, NoRate.NO_RHYTHM}


def test_the_summary_is_the_file_analysis_of_the_same_frames(tmp_path: Path) -> None:
    truth = _pause_video(tmp_path, SynthOptions(noise_sd=6.0, background_speed_px_s=30.0))
    estimator = LiveRateEstimator()
    assert estimator.summary() is None
    _feed(estimator, _frames(truth.path), truth.fps, start_s=1234.5)
    summary = estimator.summary()
    assert summary is not None
    assert summary.to_json() == estimate_rate(truth.path).to_json()
    assert abs(summary.compressions - truth.compressions) <= 1


def test_summary_needs_five_seconds(tmp_path: Path) -> None:
    truth = write_cpr_video(tmp_path / "short.avi", [Segment(3.0, 110.0)])
    estimator = LiveRateEstimator()
    _feed(estimator, _frames(truth.path), truth.fps)
    assert estimator.frames == 90 and estimator.summary() is None


def test_a_stalled_camera_or_another_picture_starts_afresh(tmp_path: Path) -> None:
    truth = write_cpr_video(tmp_path / "v.avi", [Segment(8.0, 110.0)])
    frames = _frames(truth.path)
    estimator = LiveRateEstimator()
    _feed(estimator, frames, truth.fps)
    assert estimator.roi is not None and estimator.fps == pytest.approx(30.0)
    # Two seconds without a frame: the spectra need evenly spaced frames.
    after_gap = _feed(estimator, frames[:30], truth.fps, start_s=8.0 + 2.0)
    assert estimator.discarded == 240 and estimator.frames == 30
    assert [e.reason for e in after_gap] == [NoRate.NO_REGION, NoRate.NO_REGION]
    # A picture of another size (another camera) too.
    smaller = [np.asarray(cv2.resize(f, (80, 60)), dtype=np.uint8) for f in frames[:20]]
    _feed(estimator, smaller, truth.fps, start_s=20.0)
    assert estimator.size == (80, 60) and estimator.frames == 20 and estimator.roi is None


def test_keeps_at_most_keep_s_of_frames(tmp_path: Path) -> None:
    truth = write_cpr_video(tmp_path / "v.avi", [Segment(9.0, 100.0)])
    estimator = LiveRateEstimator(keep_s=6.0)
    _feed(estimator, _frames(truth.path), truth.fps)
    summary = estimator.summary()
    assert summary is not None and summary.frames == 181
    assert estimator.discarded == 270 - 181
    with pytest.raises(ValueError, match="at least 5 s"):
        LiveRateEstimator(keep_s=2.0)


def test_monitor_analyses_a_capture_on_its_own_thread(tmp_path: Path) -> None:
    truth = write_cpr_video(
        tmp_path / "camera.avi", [Segment(10.0, 120.0)], SynthOptions(noise_sd=6.0)
    )
    # A video file played on a clock that moves only when slept on: the capture thread
    # hands out frames stamped 1/30 s apart as fast as they decode.
    capture = CameraCapture(str(truth.path), clock=FakeClock(50.0))
    monitor = LiveRateMonitor(capture, capacity=truth.frames + 10)
    monitor.start()
    try:
        capture.start()
        status = capture.wait_for(lambda s: s.state is CaptureState.ENDED, timeout=30.0)
        assert status is not None and status.frames == truth.frames
    finally:
        capture.stop()
        monitor.stop()
    assert monitor.error is None and monitor.dropped_frames == 0
    estimates = monitor.drain()
    assert monitor.drain() == []
    direct = _feed(LiveRateEstimator(), _frames(truth.path), truth.fps, start_s=50.0)
    # The capture's timestamps are those of the fed frames, to rounding: the same
    # estimates, made at the same frames.
    assert [(e.frames, e.reason) for e in estimates] == [(e.frames, e.reason) for e in direct]
    for got, want in zip(estimates, direct, strict=True):
        assert (got.rate_cpm is None) == (want.rate_cpm is None)
        if got.rate_cpm is not None and want.rate_cpm is not None:
            assert got.rate_cpm == pytest.approx(want.rate_cpm, abs=1e-6)
    assert estimates[-1].t_s == pytest.approx(50.0 + (truth.frames - 1) / 30.0)
    summary = monitor.summary()
    assert summary is not None and summary.mean_rate_cpm is not None
    assert abs(summary.mean_rate_cpm - 120.0) <= 2.0
    with pytest.raises(RuntimeError, match="already started"):
        monitor.start()


def test_frame_rate_is_measured_from_the_timestamps(tmp_path: Path) -> None:
    # The file says 30 fps; the camera delivered every other frame, 1/15 s apart, with
    # a few milliseconds of jitter, as a webcam in dim light does.
    truth = write_cpr_video(tmp_path / "v.avi", [Segment(14.0, 100.0)], SynthOptions())
    rng = np.random.default_rng(7)
    estimator = LiveRateEstimator()
    estimates: list[LiveRate] = []
    for index, frame in enumerate(_frames(truth.path)[::2]):
        estimate = estimator.feed(frame, index / 15.0 + float(rng.uniform(-0.003, 0.003)))
        if estimate is not None:
            estimates.append(estimate)
    late = [e for e in estimates if e.t_s >= 7.0]
    assert late and all(e.fps == pytest.approx(15.0, abs=0.1) for e in late)
    assert all(e.rate_cpm is not None and abs(e.rate_cpm - 100.0) <= 2.0 for e in late)


def test_a_repeated_timestamp_is_ignored(tmp_path: Path) -> None:
    truth = write_cpr_video(tmp_path / "v.avi", [Segment(2.0, 100.0)])
    frames = _frames(truth.path)
    estimator = LiveRateEstimator()
    _feed(estimator, frames[:10], truth.fps)
    assert estimator.feed(frames[10], 9 / truth.fps) is None
    assert estimator.frames == 10 and estimator.discarded == 1


@pytest.mark.slow  # ten synthetic videos analysed live
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rate=st.floats(70.0, 170.0),
    travel=st.floats(0.04, 0.12),
    flicker_depth=st.floats(0.0, 0.2),
    flicker_hz=st.floats(0.5, 3.5),
    noise_sd=st.floats(0.0, 12.0),
    walker_px_s=st.sampled_from([0.0, 15.0, 45.0]),
)
def test_any_rate_and_disturbance_converges_and_matches_the_file(
    tmp_path: Path,
    rate: float,
    travel: float,
    flicker_depth: float,
    flicker_hz: float,
    noise_sd: float,
    walker_px_s: float,
) -> None:
    options = SynthOptions(
        travel=travel,
        flicker_depth=flicker_depth,
        flicker_hz=flicker_hz,
        noise_sd=noise_sd,
        background_speed_px_s=walker_px_s,
    )
    truth = write_cpr_video(tmp_path / "any.avi", [Segment(10.0, rate)], options)
    estimates = _feed(LiveRateEstimator(), _frames(truth.path), truth.fps)
    late = [e for e in estimates if e.t_s >= 7.0]
    assert len(late) == 6
    by_end = {round(w.t_s * truth.fps): w.rate_cpm for w in estimate_rate(truth.path).windows}
    for estimate in late:
        assert estimate.rate_cpm is not None and abs(estimate.rate_cpm - rate) <= 2.0
        batch = by_end[estimate.frames]
        assert batch is not None and abs(estimate.rate_cpm - batch) <= 1.0
