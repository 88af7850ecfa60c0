"""``skillstation analyze-cpr``: the handler, driven with an argparse.Namespace, and its
arguments on a real parser."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from assessments.metrics import METRIC_NAMES
from devices.cpr.synth import Pause, Run, cpr_session, synthesize
from devices.trace import TraceWriter
from station import cli
from station.commands.cpr import run_analyze_cpr
from station.commands.cpr_args import add_analyze_cpr_arguments
from station.errors import UserError


def _write(path: Path, steps: list[Run | Pause], *, rate_hz: float = 100.0) -> Path:
    synthetic = synthesize(steps, rate_hz=rate_hz, seed=1)
    with TraceWriter(path, identity=synthetic.trace.identity) as writer:
        for sample in synthetic.trace.samples:
            writer.write(sample)
    return path


@pytest.fixture
def good_trace(tmp_path: Path) -> Path:
    return _write(tmp_path / "good.csv", cpr_session(3))


def _args(trace: Path | str, profile: str = "adult", as_json: bool = False) -> argparse.Namespace:
    return argparse.Namespace(trace=str(trace), profile=profile, json=as_json)


def _strict_json(text: str) -> dict[str, object]:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in the JSON output")

    data: dict[str, object] = json.loads(text, parse_constant=refuse)
    return data


def test_json_output_is_one_object_with_every_metric(
    good_trace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_analyze_cpr(_args(good_trace, as_json=True)) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    data = _strict_json(out)
    assert set(METRIC_NAMES) <= set(data)
    assert data["compressions"] == 90
    assert data["ventilations"] == 4
    assert data["profile"] == "adult"
    assert data["sample_rate_hz"] == 100.0
    assert data["warnings"] == []
    assert isinstance(data["per_compression"], list) and len(data["per_compression"]) == 90


def test_json_nulls_not_nan_when_nothing_can_be_measured(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trace = _write(tmp_path / "idle.csv", [Pause(10.0)], rate_hz=10.0)
    assert run_analyze_cpr(_args(trace, as_json=True)) == 0
    data = _strict_json(capsys.readouterr().out)
    assert data["compressions"] == 0
    assert data["mean_depth_mm"] is None
    assert data["ccf"] is None
    assert data["score"] is None
    warnings = data["warnings"]
    assert isinstance(warnings, list)
    assert any("no compressions found" in w for w in warnings)
    assert any("below 50 Hz" in w for w in warnings)


def test_text_output_shows_targets_beside_the_figures(
    good_trace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_analyze_cpr(_args(good_trace)) == 0
    out = capsys.readouterr().out
    assert f"CPR analysis of {good_trace}" in out
    assert "device: SkillStation Synth SYNTH-1; " in out
    lines = out.splitlines()
    depth = next(line for line in lines if line.startswith("mean depth "))
    assert "mm" in depth and depth.endswith("50-60 mm")
    rate = next(line for line in lines if line.startswith("mean rate "))
    assert rate.endswith("100-120 /min")
    assert next(line for line in lines if line.startswith("compression fraction")).endswith(
        "above 80 %"
    )
    assert next(line for line in lines if line.startswith("longest pause")).endswith("under 10 s")
    assert "warnings:" not in out


def test_text_output_lists_warnings_and_na(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    trace = _write(tmp_path / "idle.csv", [Pause(10.0)])
    assert run_analyze_cpr(_args(trace, profile="infant")) == 0
    out = capsys.readouterr().out
    assert "profile: infant" in out
    assert (
        next(line for line in out.splitlines() if line.startswith("mean depth")).split()[2] == "n/a"
    )
    assert "warnings:\n  - no compressions found" in out
    assert "nan" not in out.lower().replace("n/a", "")


def test_child_profile_changes_the_targets(
    good_trace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_analyze_cpr(_args(good_trace, profile="child", as_json=True)) == 0
    data = _strict_json(capsys.readouterr().out)
    targets = data["targets"]
    assert isinstance(targets, dict)
    assert (data["profile"], targets["depth_min_mm"], targets["vent_max_ml"]) == (
        "child",
        45.0,
        180.0,
    )


def test_an_unreadable_trace_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("t_s,depth_mm,force_n,lung_volume_ml\n0,1,2,3\n0.01,abc,2,3\n")
    with pytest.raises(UserError) as caught:
        run_analyze_cpr(_args(bad))
    assert caught.value.exit_code == 1
    assert str(caught.value).startswith(f"{bad}:3: depth_mm 'abc' is not a number")


def test_a_missing_trace_is_named(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such file") as caught:
        run_analyze_cpr(_args(tmp_path / "missing.csv"))
    assert caught.value.exit_code == 1


def test_wrong_usage_exits_with_2(good_trace: Path) -> None:
    with pytest.raises(UserError, match="choose one of adult, child, infant") as caught:
        run_analyze_cpr(_args(good_trace, profile="horse"))
    assert caught.value.exit_code == 2
    with pytest.raises(UserError) as caught:
        run_analyze_cpr(argparse.Namespace(trace="", profile="adult", json=False))
    assert caught.value.exit_code == 2


# --------------------------------------------------------------------------- the parser


def test_the_arguments_parse_as_documented(good_trace: Path) -> None:
    parser = argparse.ArgumentParser(prog="analyze-cpr")
    add_analyze_cpr_arguments(parser)
    args = parser.parse_args([str(good_trace)])
    assert (args.trace, args.profile, args.json) == (str(good_trace), "adult", False)
    args = parser.parse_args([str(good_trace), "--profile", "infant", "--json"])
    assert (args.profile, args.json) == ("infant", True)
    with pytest.raises(SystemExit) as stop:
        parser.parse_args([str(good_trace), "--profile", "horse"])
    assert stop.value.code == 2


def test_through_the_command_line_exit_codes_and_no_traceback(
    good_trace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["analyze-cpr", str(good_trace), "--json"]) == 0
    assert _strict_json(capsys.readouterr().out)["compressions"] == 90

    bad = tmp_path / "bad.csv"
    bad.write_text("time,depth\n")
    assert cli.main(["analyze-cpr", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"skillstation: error: {bad}:1: the header is")
    assert "Traceback" not in err

    assert cli.main(["analyze-cpr", str(good_trace), "--profile", "horse"]) == 2
    assert "invalid choice: 'horse'" in capsys.readouterr().err
    assert cli.main(["analyze-cpr"]) == 2
    capsys.readouterr()
