"""Recording frames: files and sidecars read back, segments, disk checks, markers,
dropped frames, the writer thread and ``skillstation record-video``."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import cv2
import pytest

from common.clock import FakeClock
from devices.camera.frames import CameraCapture, CapturedFrame, CaptureState
from devices.camera.sim import sim_frame
from devices.camera.video_recorder import (
    FRAME_COLUMNS,
    RecordingError,
    RecordingSession,
    RecordingState,
    VideoRecorder,
)
from station.cli import main

W, H, FPS = 64, 48, 20.0


def _frame(index: int, t: float) -> CapturedFrame:
    return CapturedFrame(index, t, 1_800_000_000.0 + t, sim_frame(index, W, H, FPS))


def _recorder(directory: Path, **options: object) -> VideoRecorder:
    settings: dict[str, object] = {"min_free_bytes": 0}
    settings.update(options)
    return VideoRecorder(directory, width=W, height=H, fps=FPS, **settings)  # type: ignore[arg-type]


def _count_frames(path: Path) -> int:
    video = cv2.VideoCapture(str(path))
    count = 0
    while video.read()[0]:
        count += 1
    video.release()
    return count


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(("codec", "suffix"), [("mjpg", ".avi"), ("mp4v", ".mp4")])
def test_frames_and_sidecar_read_back(tmp_path: Path, codec: str, suffix: str) -> None:
    recorder = _recorder(tmp_path / "rec", codec=codec, name="enc-1")
    for i in range(10):
        assert recorder.write(_frame(i, 2.0 + i / FPS))
    status = recorder.close()
    assert status.state is RecordingState.STOPPED
    assert status.frames_written == 10 and status.dropped_frames == 0
    (video,) = status.segments
    assert video == tmp_path / "rec" / f"enc-1-001{suffix}"
    assert _count_frames(video) == 10
    rows = _rows(video.with_suffix(".frames.csv"))
    assert tuple(rows[0]) == FRAME_COLUMNS
    assert [int(r["frame"]) for r in rows] == list(range(10))
    assert [float(r["host_t_s"]) for r in rows] == pytest.approx([2.0 + i / FPS for i in range(10)])
    assert rows[0]["wall_time"] == "2027-01-15T08:00:02.000000+00:00"
    assert not recorder.write(_frame(10, 3.0))  # closed: nothing more is written
    # Recordings show candidates: private like the database.
    sidecars = [video.with_suffix(".frames.csv"), *(tmp_path / "rec").glob("*.markers.csv")]
    for path in (tmp_path / "rec", video, *sidecars):
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path


def test_a_smaller_frame_is_scaled_and_grey_frames_are_written(tmp_path: Path) -> None:
    recorder = _recorder(tmp_path)
    small = cv2.resize(sim_frame(0, W, H, FPS), (32, 24))
    assert recorder.write(CapturedFrame(0, 0.0, 0.0, small))
    grey = cv2.cvtColor(sim_frame(1, W, H, FPS), cv2.COLOR_BGR2GRAY)
    assert recorder.write(CapturedFrame(1, 0.05, 0.0, grey))
    assert _count_frames(recorder.close().segments[0]) == 2


def test_dropped_frames_are_counted_from_timestamp_gaps(tmp_path: Path) -> None:
    recorder = _recorder(tmp_path)
    times = [0.0, 0.05, 0.10, 0.30, 0.35, 0.37, 0.50]  # 3 missing after 0.10, 2 after 0.37
    for i, t in enumerate(times):
        recorder.write(_frame(i, t))
    assert recorder.close().dropped_frames == 5


def test_segments_roll_over_by_time(tmp_path: Path) -> None:
    recorder = _recorder(tmp_path, segment_max_s=0.5, segment_max_bytes=None)
    for i in range(25):
        recorder.write(_frame(i, i / FPS))
    status = recorder.close()
    assert [p.name for p in status.segments] == [
        "recording-001.avi",
        "recording-002.avi",
        "recording-003.avi",
    ]
    counts = [_count_frames(p) for p in status.segments]
    assert counts == [10, 10, 5]
    sidecars = [_rows(p.with_suffix(".frames.csv")) for p in status.segments]
    assert [int(r["frame"]) for rows in sidecars for r in rows] == list(range(25))
    assert [r["segment_frame"] for r in sidecars[1]] == [str(i) for i in range(10)]


def test_segments_roll_over_by_size(tmp_path: Path) -> None:
    # The size is read from the file on disk, which the MJPG writer fills in 256 KiB
    # blocks: a segment ends at the first block past the limit.
    recorder = VideoRecorder(
        tmp_path, width=320, height=240, fps=FPS, min_free_bytes=0, segment_max_bytes=100_000
    )
    pictures = [sim_frame(i, 320, 240, FPS) for i in range(10)]
    for i in range(150):
        recorder.write(CapturedFrame(i, i / FPS, 0.0, pictures[i % 10]))
    status = recorder.close()
    assert len(status.segments) >= 2
    assert sum(_count_frames(p) for p in status.segments) == 150
    for path in status.segments[:-1]:
        assert path.stat().st_size >= 100_000


def test_too_little_free_space_refuses_to_start(tmp_path: Path) -> None:
    with pytest.raises(RecordingError, match="only 99 MB free, 500 MB needed"):
        VideoRecorder(tmp_path, width=W, height=H, fps=FPS, free_bytes=lambda _p: 99_000_000)


def test_a_filling_disk_stops_the_recording_cleanly(tmp_path: Path) -> None:
    free = [10_000_000]
    recorder = _recorder(
        tmp_path, min_free_bytes=5_000_000, disk_check_every=4, free_bytes=lambda _p: free[0]
    )
    for i in range(8):
        assert recorder.write(_frame(i, i / FPS))
    free[0] = 1_000_000
    written = [recorder.write(_frame(i, i / FPS)) for i in range(8, 12)]
    assert written == [True, True, True, True] or written.count(True) < 4
    status = recorder.close()
    assert status.state is RecordingState.DISK_FULL
    assert status.reason is not None and "only 1 MB left" in status.reason
    assert status.frames_written == 8
    (video,) = status.segments
    assert _count_frames(video) == 8  # the file was finished, and plays
    assert len(_rows(video.with_suffix(".frames.csv"))) == 8


def test_markers_are_written_at_once(tmp_path: Path) -> None:
    recorder = _recorder(tmp_path)
    recorder.mark("compressions  start", 12.5, 1_800_000_000.0)
    recorder.mark("item 3 done", 13.25)
    rows = _rows(recorder.markers_path)  # readable before the recording closes
    assert rows == [
        {
            "host_t_s": "12.500000",
            "wall_time": "2027-01-15T08:00:00.000000+00:00",
            "label": "compressions start",
        },
        {"host_t_s": "13.250000", "wall_time": "", "label": "item 3 done"},
    ]
    with pytest.raises(ValueError, match="needs a label"):
        recorder.mark("  ", 14.0)
    assert recorder.close().markers == 2
    with pytest.raises(RecordingError, match="closed"):
        recorder.mark("late", 15.0)


def test_unknown_codec_and_bad_size(tmp_path: Path) -> None:
    with pytest.raises(RecordingError, match="unknown codec 'h264'"):
        _recorder(tmp_path, codec="h264")
    with pytest.raises(RecordingError, match="cannot record"):
        VideoRecorder(tmp_path, width=0, height=H, fps=FPS, min_free_bytes=0)


def test_session_records_a_capture_to_its_end(tmp_path: Path) -> None:
    capture = CameraCapture(f"sim://camera?w={W}&h={H}&fps=20&frames=40", clock=FakeClock())
    recorder = _recorder(tmp_path, segment_max_s=1.0, segment_max_bytes=None)
    session = RecordingSession(capture, recorder, ring_capacity=64)
    session.start()
    capture.start()
    assert session.wait(30.0)
    session.mark("end", 2.0)
    capture.stop()
    status = session.stop()
    assert status.state is RecordingState.STOPPED
    assert status.frames_written == 40 and status.dropped_frames == 0
    assert session.ring_dropped == 0
    assert [_count_frames(p) for p in status.segments] == [20, 20]


def test_a_session_made_after_the_camera_opened_keeps_its_first_frames(tmp_path: Path) -> None:
    """The recorder needs the picture size, known only once the camera opened; the frames
    the camera sends meanwhile wait in a subscription made before it started. Here the
    camera has sent every frame before the recording exists, the worst case of a slow
    machine, and none is lost."""
    capture = CameraCapture(f"sim://camera?w={W}&h={H}&fps=20&frames=30", clock=FakeClock())
    frames = capture.subscribe(RecordingSession.RING_CAPACITY)
    capture.start()
    ended = capture.wait_for(lambda s: s.state is CaptureState.ENDED, 30.0)
    assert ended is not None and ended.width == W
    session = RecordingSession(capture, _recorder(tmp_path), ring=frames)
    session.start()
    assert session.wait(30.0)
    status = session.stop()
    assert status.frames_written == 30 and status.dropped_frames == 0
    assert _count_frames(status.segments[0]) == 30


def test_session_of_a_failing_camera_keeps_the_frames(tmp_path: Path) -> None:
    capture = CameraCapture("camera://97")
    recorder = _recorder(tmp_path)
    session = RecordingSession(capture, recorder)
    session.start()
    capture.start()
    assert session.wait(30.0)
    capture.stop()
    status = session.stop()
    assert status.state is RecordingState.FAILED
    assert status.reason is not None and "cannot open camera://97" in status.reason


def test_record_video_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    # Paced on the real clock (50 ms): however slowly the machine opens the camera and
    # makes the recorder, the recording keeps every frame from the first.
    url = "sim://camera?w=32&h=24&fps=200&frames=10"
    assert (
        main(
            [
                "record-video",
                "--camera",
                url,
                "--seconds",
                "30",
                "--out",
                str(out),
                "--min-free-mb",
                "0",
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "written  10 frames, " in printed  # dropped: from real timing, not asserted
    assert _count_frames(out / "recording-001.avi") == 10
    assert (out / "recording.markers.csv").is_file()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--camera", "rtsp://x", "--seconds", "1"], "not a camera URL"),
        (["--camera", "sim://camera", "--seconds", "0"], "more than 0 s"),
        (["--camera", "camera://97", "--seconds", "1"], "cannot open camera://97"),
        (
            ["--camera", "sim://camera?w=32&h=24", "--seconds", "1", "--min-free-mb", "1e12"],
            "needed to record",
        ),
    ],
)
def test_record_video_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    assert main(["record-video", *arguments, "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
