"""``skillstation record-video --camera URL --seconds N --out DIR``: record a camera to
video segments with their timestamp sidecars (the format: docs/camera.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from station.errors import UserError


def run_record_video(args: argparse.Namespace) -> int:
    """Record, then print what was written; exit 1 if the recording stopped early."""
    from devices.camera.capture import CameraCapture, CaptureState
    from devices.camera.recording import (
        RecordingError,
        RecordingSession,
        RecordingState,
        VideoRecorder,
    )
    from devices.camera.source import CameraError, parse_camera_url

    if not args.seconds > 0:
        raise UserError(f"--seconds {args.seconds:g}: give a duration of more than 0 s")
    if args.segment_mb <= 0 or (args.segment_seconds is not None and args.segment_seconds <= 0):
        raise UserError("--segment-mb and --segment-seconds must be more than 0")
    try:
        parse_camera_url(args.camera)
    except CameraError as error:
        raise UserError(str(error)) from None
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UserError(f"{out}: exists and is not a folder; give a folder for --out")

    capture = CameraCapture(args.camera)
    capture.start()
    try:
        opened = capture.wait_for(lambda s: s.state is not CaptureState.OPENING, 30.0)
        if opened is None or opened.state is CaptureState.FAILED:
            if opened is None:
                raise UserError(f"{args.camera}: the camera did not open in 30 s; check it")
            raise UserError(opened.last_error or f"{args.camera}: the camera failed")
        try:
            recorder = VideoRecorder(
                out,
                width=opened.width,
                height=opened.height,
                fps=opened.fps,
                codec=args.codec,
                segment_max_bytes=int(args.segment_mb * 1_000_000),
                segment_max_s=args.segment_seconds,
                min_free_bytes=int(args.min_free_mb * 1_000_000),
            )
        except (RecordingError, OSError) as error:
            raise UserError(str(error)) from None
        session = RecordingSession(capture, recorder)
        session.start()
        session.wait(args.seconds)
        capture.stop()
        status = session.stop()
    finally:
        capture.stop()
    for segment in status.segments:
        print(f"video    {segment}")
        print(f"frames   {segment.with_suffix('.frames.csv')}")
    print(f"markers  {recorder.markers_path}")
    print(f"written  {status.frames_written} frames, {status.dropped_frames} dropped")
    if status.state is not RecordingState.STOPPED:
        raise UserError(f"the recording stopped early ({status.state}): {status.reason}")
    return 0
