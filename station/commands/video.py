"""``skillstation record-video --camera URL --seconds N --out DIR``: record a camera to
video segments with their timestamp sidecars (the format: docs/camera.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from station.errors import UserError
from station.i18n import _


def run_record_video(args: argparse.Namespace) -> int:
    """Record, then print what was written; exit 1 if the recording stopped early."""
    from devices.camera.frames import CameraCapture, CaptureState
    from devices.camera.source import CameraError, parse_camera_url
    from devices.camera.video_recorder import (
        RecordingError,
        RecordingSession,
        RecordingState,
        VideoRecorder,
    )

    if not args.seconds > 0:
        raise UserError(
            _("--seconds {seconds}: give a duration of more than 0 s").format(
                seconds=f"{args.seconds:g}"
            )
        )
    if args.segment_mb <= 0 or (args.segment_seconds is not None and args.segment_seconds <= 0):
        raise UserError(_("--segment-mb and --segment-seconds must be more than 0"))
    try:
        parse_camera_url(args.camera)
    except CameraError as error:
        raise UserError(str(error)) from None
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UserError(
            _("{out}: exists and is not a folder; give a folder for --out").format(out=out)
        )

    capture = CameraCapture(args.camera)
    # Subscribed before the camera starts, so the recording keeps its first frames.
    frames = capture.subscribe(RecordingSession.RING_CAPACITY)
    capture.start()
    try:
        opened = capture.wait_for(lambda s: s.state is not CaptureState.OPENING, 30.0)
        if opened is None or opened.state is CaptureState.FAILED:
            if opened is None:
                raise UserError(
                    _("{camera}: the camera did not open in 30 s; check it").format(
                        camera=args.camera
                    )
                )
            raise UserError(
                opened.last_error or _("{camera}: the camera failed").format(camera=args.camera)
            )
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
        session = RecordingSession(capture, recorder, ring=frames)
        session.start()
        session.wait(args.seconds)
        capture.stop()
        status = session.stop()
    finally:
        capture.stop()
        capture.unsubscribe(frames)
    labels = {"video": _("video"), "frames": _("frames"), "markers": _("markers")}
    labels["written"] = _("written")
    width = max(len(label) for label in labels.values()) + 2
    for segment in status.segments:
        print(f"{labels['video']:<{width}}{segment}")
        print(f"{labels['frames']:<{width}}{segment.with_suffix('.frames.csv')}")
    print(f"{labels['markers']:<{width}}{recorder.markers_path}")
    written = _("{frames} frames, {dropped} dropped").format(
        frames=status.frames_written, dropped=status.dropped_frames
    )
    print(f"{labels['written']:<{width}}{written}")
    if status.state is not RecordingState.STOPPED:
        raise UserError(
            _("the recording stopped early ({state}): {reason}").format(
                state=status.state, reason=status.reason
            )
        )
    return 0
