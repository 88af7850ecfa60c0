"""The ``analyze-video`` command on the command line: its name, help and arguments. The
handler is in :mod:`station.commands.analyze_video`, imported only when the command runs, so
that this module stays cheap to import (see :mod:`station.cli`).
"""

from __future__ import annotations

import argparse

from station.commands.arguments import Command


def _analyze_video_arguments(parser: argparse.ArgumentParser) -> None:
    from station.commands.analyze_video import parse_roi

    parser.add_argument("video", metavar="VIDEO", help="a CPR video (AVI, MP4...)")
    parser.add_argument(
        "--roi",
        type=parse_roi,
        metavar="x,y,w,h",
        help="the rescuer's arms, in pixels (default: found in the video)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")


COMMANDS: tuple[Command, ...] = (
    Command(
        "analyze-video",
        "estimate the compression rate from a CPR video",
        "Estimate the chest-compression rate from a video of CPR, without a sensor "
        "manikin: the mean rate, the compressions counted and the rate of every 5 s "
        "window (every 0.5 s). The moving region is found unless --roi is given.",
        "station.commands.analyze_video:run_analyze_video",
        _analyze_video_arguments,
    ),
)
