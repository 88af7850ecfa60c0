"""The frames sidecars of a recording (``NAME-001.frames.csv``: each frame's host
monotonic time and wall time), read into :class:`station.services.timeline.Frames`,
with messages that say what is missing or damaged.
"""

from __future__ import annotations

import csv
import io
import itertools
import statistics
from datetime import datetime
from pathlib import Path

from station.i18n import _
from station.services.errors import Conflict, NotFound
from station.services.media_files import recording_name, segment_number
from station.services.timeline import Frames, SegmentInfo


def read_frames(folder: Path, name: str) -> Frames:
    """The frames sidecars of recording ``name`` in ``folder``, in segment order."""
    if not folder.is_dir():
        raise NotFound(
            _("the recording folder {folder} is missing; restore it from a backup").format(
                folder=folder
            )
        )
    sidecars = sorted(
        (p for p in folder.glob("*.frames.csv") if recording_name(p.name) == name),
        key=lambda p: segment_number(p.name),
    )
    if not sidecars:
        raise NotFound(_no_frames(name, folder))
    hosts: list[float] = []
    walls: list[float] = []
    segments: list[SegmentInfo] = []
    for sidecar in sidecars:
        rows = sidecar_rows(sidecar)
        stem = sidecar.name[: -len(".frames.csv")]
        video = next(
            (folder / (stem + s) for s in (".avi", ".mp4") if (folder / (stem + s)).exists()),
            None,
        )
        if video is None:
            raise NotFound(
                _("{file}: the video of this segment is missing; restore it from a backup").format(
                    file=f"{folder / stem}.avi"
                )
            )
        if not rows:
            continue
        segments.append(SegmentInfo(video, len(hosts), len(rows), 0.0))
        for host, wall in rows:
            hosts.append(host)
            walls.append(wall)
    if not hosts:
        raise NotFound(_no_frames(name, folder))
    first = hosts[0]
    times = [h - first for h in hosts]
    segments = [
        SegmentInfo(s.path, s.first_frame, s.frame_count, times[s.first_frame]) for s in segments
    ]
    steps = [b - a for a, b in itertools.pairwise(times) if b > a]
    fps = 1.0 / statistics.median(steps) if steps else 0.0
    duration = times[-1] + (1.0 / fps if fps > 0 else 0.0)
    by_wall = sorted(zip(walls, times, strict=True))
    return Frames(
        segments, times, fps, duration, [w for w, _t in by_wall], [t for _w, t in by_wall]
    )


def _no_frames(name: str, folder: Path) -> str:
    return _("recording {name} in {folder} has no frames: nothing was recorded").format(
        name=name, folder=folder
    )


def sidecar_rows(path: Path) -> list[tuple[float, float]]:
    """(host_t_s, wall time in epoch seconds) of every complete row of a frames sidecar.
    A last row cut short (the station stopped mid-write) is left out."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise NotFound(
            _("{file}: cannot read the frames sidecar ({reason})").format(
                file=path, reason=error.strerror
            )
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or not {"host_t_s", "wall_time"} <= set(reader.fieldnames):
        raise Conflict(
            _("{file}: not a frames sidecar (no host_t_s and wall_time columns)").format(file=path)
        )
    rows: list[tuple[float, float]] = []
    lines = list(reader)
    for number, line in enumerate(lines, start=2):
        try:
            host = float(line["host_t_s"])
            wall = datetime.fromisoformat(line["wall_time"]).timestamp()
        except (TypeError, ValueError):
            if number == len(lines) + 1:
                break  # the last line, cut short
            raise Conflict(
                _("{file}:{line}: the frame's times cannot be read; the sidecar is damaged").format(
                    file=path, line=number
                )
            ) from None
        rows.append((host, wall))
    return rows
