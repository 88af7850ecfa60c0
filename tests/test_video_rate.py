"""Compression rate from video: synthetic CPR videos of known rate, written as real
MJPG/AVI files and decoded back, analysed with and without a region of interest, and the
``analyze-video`` command's output and errors."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import devices.camera.rate as rate_module
from devices.camera.rate import VideoError, estimate_rate
from devices.camera.synth import Segment, SynthOptions, SynthTruth, write_cpr_video
from station.cli import main

#: Each video: its rate and what makes it hard (flicker in the compression band, sensor
#: noise, a person walking in the background, or all of them).
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


def _video(tmp_path: Path, name: str) -> SynthTruth:
    rate, options = CASES[name]
    return write_cpr_video(tmp_path / f"{name}.avi", [Segment(12.0, rate)], options)


@pytest.mark.parametrize("name", sorted(CASES))
def test_mean_rate_within_two_per_minute_found_region(tmp_path: Path, name: str) -> None:
    truth = _video(tmp_path, name)
    result = estimate_rate(truth.path)
    assert result.mean_rate_cpm is not None
    assert abs(result.mean_rate_cpm - truth.mean_rate_cpm) <= 2.0
    assert abs(result.compressions - truth.compressions) <= 1
    assert result.roi_found
    # The region found lies on the rescuer's arms (overlaps the true region).
    x, y, w, h = result.roi
    tx, ty, tw, th = truth.roi
    assert x < tx + tw and tx < x + w and y < ty + th and ty < y + h


@pytest.mark.parametrize("name", ["100-flicker", "140-everything"])
def test_given_region_agrees_with_found_one(tmp_path: Path, name: str) -> None:
    truth = _video(tmp_path, name)
    given = estimate_rate(truth.path, roi=truth.roi)
    found = estimate_rate(truth.path)
    assert not given.roi_found and given.roi == truth.roi
    assert given.mean_rate_cpm is not None and found.mean_rate_cpm is not None
    assert abs(given.mean_rate_cpm - truth.mean_rate_cpm) <= 2.0
    assert abs(given.mean_rate_cpm - found.mean_rate_cpm) <= 2.0


def test_rate_change_and_pause(tmp_path: Path) -> None:
    truth = write_cpr_video(
        tmp_path / "mix.avi",
        [Segment(6.0, 100.0), Segment(3.0, 0.0), Segment(6.0, 120.0)],
        SynthOptions(noise_sd=6.0, flicker_depth=0.1),
    )
    assert truth.compressions == 22
    assert truth.mean_rate_cpm == pytest.approx(110.0)
    result = estimate_rate(truth.path)
    assert result.mean_rate_cpm is not None
    assert abs(result.mean_rate_cpm - truth.mean_rate_cpm) <= 2.0
    # The pause counts no compressions.
    assert abs(result.compressions - truth.compressions) <= 1
    rates = [w.rate_cpm for w in result.windows]
    # Windows wholly in the first and last stretches give their own rates.
    assert rates[0] is not None and abs(rates[0] - 100.0) <= 2.0
    assert rates[-1] is not None and abs(rates[-1] - 120.0) <= 2.0
    # Windows are 5 s long, every 0.5 s, stamped with their end.
    assert [w.t_s for w in result.windows][:3] == pytest.approx([5.0, 5.5, 6.0])


def test_synthetic_truth_counts_every_compression(tmp_path: Path) -> None:
    truth = write_cpr_video(tmp_path / "t.avi", [Segment(6.0, 120.0)])
    assert truth.compressions == 12
    times = truth.compression_times_s
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert all(abs(g - 0.5) <= 1.0 / truth.fps for g in gaps)
    assert truth.frames == 180


def test_video_shorter_than_a_window_is_refused(tmp_path: Path) -> None:
    truth = write_cpr_video(tmp_path / "short.avi", [Segment(3.0, 110.0)])
    with pytest.raises(VideoError, match="at least 5 s"):
        estimate_rate(truth.path)


def test_region_outside_picture_is_refused(tmp_path: Path) -> None:
    truth = write_cpr_video(tmp_path / "v.avi", [Segment(6.0, 110.0)])
    with pytest.raises(VideoError, match="not inside the 160x120 picture"):
        estimate_rate(truth.path, roi=(100, 100, 100, 100))


def test_cli_json_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    truth = _video(tmp_path, "110-noise")
    assert main(["analyze-video", str(truth.path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert abs(data["mean_rate_cpm"] - 110.0) <= 2.0
    assert abs(data["compressions"] - truth.compressions) <= 1
    assert len(data["windows"]) == 15
    assert set(data["windows"][0]) == {"t_s", "rate_cpm"}
    assert data["windows"][0]["t_s"] == 5.0
    assert data["roi_found"] is True


def test_cli_summary_with_roi(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    truth = _video(tmp_path, "80-clean")
    roi = ",".join(str(v) for v in truth.roi)
    assert main(["analyze-video", str(truth.path), "--roi", roi]) == 0
    out = capsys.readouterr().out
    assert f"region       {roi} (given)" in out
    assert "mean rate    80.0 /min" in out
    assert f"compressions {truth.compressions}" in out


def test_cli_unreadable_video(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "notes.avi"
    bad.write_text("not a video\n")
    assert main(["analyze-video", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "notes.avi" in err and "Traceback" not in err
    assert main(["analyze-video", str(tmp_path / "missing.avi")]) == 1
    assert "no such file" in capsys.readouterr().err


@pytest.mark.parametrize("roi", ["1,2,3", "a,b,c,d", "0,0,0,10", "-1,0,5,5"])
def test_cli_bad_roi_is_usage_error(
    tmp_path: Path, roi: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze-video", str(tmp_path / "v.avi"), f"--roi={roi}"]) == 2
    assert "argument --roi" in capsys.readouterr().err


@pytest.mark.parametrize(
    "options",
    [
        SynthOptions(flicker_depth=0.2, flicker_hz=1.9),
        SynthOptions(flicker_depth=0.2, flicker_hz=1.9, noise_sd=8.0),
        SynthOptions(background_speed_px_s=40.0, noise_sd=5.0),
    ],
    ids=["flicker-in-band", "flicker-and-noise", "background-walker"],
)
def test_no_compressions_no_rate(tmp_path: Path, options: SynthOptions) -> None:
    # A still rescuer: flicker in the compression band, noise or a person walking behind
    # must not be taken for compressions.
    truth = write_cpr_video(tmp_path / "still.avi", [Segment(8.0, 0.0)], options)
    assert truth.compressions == 0
    result = estimate_rate(truth.path)
    assert result.mean_rate_cpm is None
    assert result.compressions == 0
    assert all(w.rate_cpm is None for w in result.windows)


@pytest.mark.slow  # twelve synthetic videos analysed
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rate=st.floats(70.0, 170.0),
    travel=st.floats(0.04, 0.12),
    flicker_depth=st.floats(0.0, 0.2),
    flicker_hz=st.floats(0.5, 3.5),
    noise_sd=st.floats(0.0, 12.0),
    walker_px_s=st.sampled_from([0.0, 15.0, 45.0]),
)
def test_any_rate_and_disturbance_within_two_per_minute(
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
    result = estimate_rate(truth.path)
    assert result.mean_rate_cpm is not None
    assert abs(result.mean_rate_cpm - truth.mean_rate_cpm) <= 2.0
    assert abs(result.compressions - truth.compressions) <= 1


def test_long_video_pieces_give_the_same_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A long video is searched in 20 s segments and analysed 64 windows at a time; with
    # smaller pieces a short video goes through the same paths.
    truth = _video(tmp_path, "140-everything")
    whole = estimate_rate(truth.path)
    monkeypatch.setattr(rate_module, "WINDOW_BATCH", 4)
    monkeypatch.setattr(rate_module, "REGION_SEGMENT_S", 6.0)
    pieces = estimate_rate(truth.path)
    assert pieces.windows == whole.windows
    assert pieces.compressions == whole.compressions
    assert pieces.mean_rate_cpm is not None
    assert abs(pieces.mean_rate_cpm - truth.mean_rate_cpm) <= 2.0
