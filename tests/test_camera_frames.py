"""Opening cameras by URL, the simulated camera, and the capture thread."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from common.clock import Clock, FakeClock
from devices.camera.frames import CameraCapture, CapturedFrame, CaptureState
from devices.camera.sim import SimCamera, sim_frame
from devices.camera.source import CameraError, CameraURL, open_camera, parse_camera_url
from devices.camera.video_recorder import VideoRecorder


def test_parse_camera_urls() -> None:
    assert parse_camera_url("camera://2") == CameraURL("camera://2", "camera", index=2)
    sim = parse_camera_url("sim://camera?w=320&h=240&fps=15")
    assert sim.kind == "sim" and sim.options == {"w": "320", "h": "240", "fps": "15"}
    assert parse_camera_url("file:///tmp/a%20b.avi").path == Path("/tmp/a b.avi")
    assert parse_camera_url("clips/x.avi").path == Path("clips/x.avi")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "no camera given"),
        ("camera://front", "must be a number"),
        ("sim://cpr", "sim://camera?"),
        ("sim://camera?size=9", "unknown option 'size'"),
        ("rtsp://host/stream", "not a camera URL"),
    ],
)
def test_bad_camera_urls_say_what_is_wrong(url: str, message: str) -> None:
    with pytest.raises(CameraError, match=message.replace("?", r"\?")):
        parse_camera_url(url)


def test_bad_sim_options_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CameraError, match="fps='fast' is not a number"):
        open_camera("sim://camera?fps=fast")
    with pytest.raises(CameraError, match="at least 16"):
        open_camera("sim://camera?w=4&h=4")
    with pytest.raises(CameraError, match="no such video file"):
        open_camera(str(tmp_path / "missing.avi"))


def test_sim_frames_are_deterministic_and_differ() -> None:
    a = sim_frame(7, 160, 120, 30.0)
    assert a.shape == (120, 160, 3) and a.dtype == np.uint8
    assert np.array_equal(a, sim_frame(7, 160, 120, 30.0))
    assert not np.array_equal(a, sim_frame(8, 160, 120, 30.0))


def test_sim_camera_paces_itself_on_the_clock() -> None:
    clock = FakeClock(100.0)
    camera = SimCamera(64, 48, 25.0, frames=5, clock=clock)
    times = []
    while (frame := camera.read()) is not None:
        assert frame.shape == (48, 64, 3)
        times.append(clock.monotonic())
    assert times == pytest.approx([100.0, 100.04, 100.08, 100.12, 100.16])
    camera.close()
    assert camera.read() is None


def _clip(tmp_path: Path, frames: int) -> Path:
    clock = FakeClock()
    recorder = VideoRecorder(tmp_path / "clip", width=64, height=48, fps=20.0, min_free_bytes=0)
    for i in range(frames):
        recorder.write(CapturedFrame(i, clock.monotonic(), 0.0, sim_frame(i, 64, 48, 20.0)))
        clock.advance(0.05)
    status = recorder.close()
    return status.segments[0]


def test_video_file_source_by_path_and_file_url(tmp_path: Path) -> None:
    path = _clip(tmp_path, 12)
    for url in (str(path), path.as_uri()):
        clock = FakeClock()
        source = open_camera(url, clock=clock)
        assert (source.width, source.height, source.fps) == (64, 48, 20.0)
        count = 0
        while source.read() is not None:
            count += 1
        source.close()
        assert count == 12
        assert clock.monotonic() == pytest.approx(11 * 0.05)  # played at its frame rate


def test_capture_stamps_every_frame_and_ends_with_the_stream() -> None:
    clock = FakeClock(5.0)
    walls = iter(float(1_700_000_000 + i) for i in range(1000))
    capture = CameraCapture(
        "sim://camera?w=64&h=48&fps=10&frames=20", clock=clock, wall=lambda: next(walls)
    )
    ring = capture.subscribe(64)
    capture.start()
    status = capture.wait_for(lambda s: s.state is CaptureState.ENDED, 30.0)
    capture.stop()
    assert status is not None
    frames = ring.drain()
    assert [f.index for f in frames] == list(range(20))
    assert [f.host_t_s for f in frames] == pytest.approx([5.0 + i / 10 for i in range(20)])
    assert frames[0].wall_t == 1_700_000_000.0
    assert np.array_equal(frames[3].image, sim_frame(3, 64, 48, 10.0))
    final = capture.status()
    assert (final.width, final.height, final.fps, final.frames) == (64, 48, 10.0, 20)
    assert final.state is CaptureState.ENDED and final.last_error is None


def test_a_camera_that_cannot_open_fails_inside_the_thread() -> None:
    capture = CameraCapture("camera://97")
    capture.start()
    status = capture.wait_for(lambda s: s.state is CaptureState.FAILED, 30.0)
    capture.stop()
    assert status is not None and status.last_error is not None
    assert "cannot open camera://97" in status.last_error


class _Unplugged:
    """A camera that sends three pictures and then nothing (its cable pulled)."""

    name = "camera://0"
    width, height, fps = 32, 24, 30.0

    def __init__(self) -> None:
        self.sent = 0
        self.closed = False

    def read(self) -> np.ndarray | None:  # type: ignore[type-arg]
        if self.sent == 3:
            return None
        self.sent += 1
        return np.zeros((24, 32, 3), np.uint8)

    def close(self) -> None:
        self.closed = True


def test_a_camera_that_stops_sending_is_failed_and_released() -> None:
    camera = _Unplugged()

    def opener(_url: str | CameraURL, _clock: Clock) -> _Unplugged:
        return camera

    capture = CameraCapture("camera://0", clock=FakeClock(), opener=opener)
    ring = capture.subscribe()
    capture.start()
    status = capture.wait_for(lambda s: s.state is CaptureState.FAILED, 30.0)
    capture.stop()
    assert status is not None and "stopped sending" in (status.last_error or "")
    assert len(ring.drain()) == 3 and camera.closed
    assert capture.status().frames == 3


def test_an_unexpected_error_never_escapes_the_thread() -> None:
    def opener(_url: str | CameraURL, _clock: Clock) -> _Unplugged:
        raise RuntimeError("driver crashed")

    capture = CameraCapture("camera://0", opener=opener)
    capture.start()
    status = capture.wait_for(lambda s: s.state is CaptureState.FAILED, 30.0)
    capture.stop()
    assert status is not None and "driver crashed" in (status.last_error or "")


def test_stop_ends_an_endless_camera() -> None:
    capture = CameraCapture("sim://camera?w=32&h=24&fps=30", clock=FakeClock())
    ring = capture.subscribe(4)
    capture.start()
    assert capture.wait_for(lambda s: s.frames >= 16, 30.0) is not None
    capture.stop()
    assert capture.status().state is CaptureState.STOPPED
    assert len(ring) == 4 and ring.dropped > 0  # a slow consumer loses old frames only
    with pytest.raises(RuntimeError, match="already started"):
        capture.start()


def test_stop_before_start_is_stopped() -> None:
    capture = CameraCapture("sim://camera")
    capture.stop()
    assert capture.status().state is CaptureState.STOPPED


def test_recorded_frames_decode_back(tmp_path: Path) -> None:
    path = _clip(tmp_path, 5)
    video = cv2.VideoCapture(str(path))
    ok, first = video.read()
    video.release()
    assert ok
    # Motion JPEG is lossy: close to the picture written, not identical.
    assert float(np.abs(first.astype(int) - sim_frame(0, 64, 48, 20.0).astype(int)).mean()) < 8
