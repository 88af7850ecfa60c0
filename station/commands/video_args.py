"""The ``record-video`` command on the command line: its name, help and arguments. The handler
is in :mod:`station.commands.video`, imported only when the command runs, so that this
module stays cheap to import (see :mod:`station.cli`).
"""

from __future__ import annotations

import argparse

from station.commands.arguments import Command


def _record_video_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--camera",
        required=True,
        metavar="URL",
        help="camera://N, a video file, or sim://camera?w=640&h=480&fps=30",
    )
    parser.add_argument(
        "--seconds", required=True, type=float, metavar="N", help="seconds to record"
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the files")
    parser.add_argument(
        "--codec",
        default="mjpg",
        choices=["mjpg", "mp4v"],
        help="mjpg (AVI, the default) or mp4v (MP4)",
    )
    parser.add_argument(
        "--segment-mb",
        type=float,
        default=1000.0,
        metavar="MB",
        help="start a new file when one reaches this size (default: 1000)",
    )
    parser.add_argument(
        "--segment-seconds",
        type=float,
        metavar="S",
        help="start a new file after this many seconds (default: by size only)",
    )
    parser.add_argument(
        "--min-free-mb",
        type=float,
        default=500.0,
        metavar="MB",
        help="stop when less than this is free on the disk (default: 500)",
    )


COMMANDS: tuple[Command, ...] = (
    Command(
        "record-video",
        "record a camera to video files with timestamp sidecars",
        "Record N seconds from a camera to AVI (MJPG) or MP4 (mp4v) segments in DIR, each "
        "with a CSV of every frame's host time, and a markers file. Stops early, keeping "
        "what was recorded, when the disk fills or the camera stops.",
        "station.commands.video:run_record_video",
        _record_video_arguments,
    ),
)
