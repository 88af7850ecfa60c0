"""``skillstation analyze-video VIDEO [--roi x,y,w,h] [--json]``: compression rate from a
CPR video, without a sensor manikin (the method: docs/video-cpr-rate.md)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from station.errors import UserError


def parse_roi(text: str) -> tuple[int, int, int, int]:
    """``x,y,w,h`` in pixels, for argparse (a wrong value is a usage error, exit 2)."""
    parts = text.split(",")
    try:
        x, y, w, h = (int(p.strip()) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not x,y,w,h (four whole numbers of pixels, e.g. 40,30,80,60)"
        ) from None
    if w <= 0 or h <= 0 or x < 0 or y < 0:
        raise argparse.ArgumentTypeError(
            f"'{text}': x and y must be 0 or more, w and h more than 0"
        )
    return x, y, w, h


def run_analyze_video(args: argparse.Namespace) -> int:
    """Print the rate estimate of the video as a summary or one JSON object."""
    from devices.camera.rate import VideoError, estimate_rate

    path = Path(args.video)
    if not path.is_file():
        raise UserError(f"{path}: no such file; give the path of a recorded video")
    try:
        result = estimate_rate(path, roi=args.roi)
    except VideoError as error:
        raise UserError(f"{error}; give a video of at least 5 s (MJPG/AVI, mp4v/MP4)") from None
    if args.json:
        print(json.dumps(result.to_json()))
        return 0
    rated = [w for w in result.windows if w.rate_cpm is not None]
    x, y, w, h = result.roi
    where = "found" if result.roi_found else "given"
    print(f"video        {path} ({result.duration_s:.1f} s, {result.fps:g} fps)")
    print(f"region       {x},{y},{w},{h} ({where})")
    if result.mean_rate_cpm is None:
        print("rate         no compression rhythm found (60-180 /min)")
    else:
        low = min(r.rate_cpm for r in rated if r.rate_cpm is not None)
        high = max(r.rate_cpm for r in rated if r.rate_cpm is not None)
        print(f"mean rate    {result.mean_rate_cpm:.1f} /min (windows {low:.0f}-{high:.0f} /min)")
    print(f"compressions {result.compressions}")
    print(f"windows      {len(rated)} of {len(result.windows)} with a rhythm (5 s every 0.5 s)")
    return 0
