"""The engine's own demonstration: ``skillstation dry-run`` and the simulated candidate."""

from __future__ import annotations

import random
import re
import textwrap
from pathlib import Path

import pytest

from assessments.definitions.library import load_library
from assessments.definitions.loader import load_definition_text
from assessments.scoring import score_station
from assessments.simulation import simulate_grade, simulate_performance
from station.cli import main
from station.commands.dryrun import rehearse

STATION = textwrap.dedent(
    """\
    id: demo-station
    version: "1"
    kind: osce
    device: {profile: adult}
    title: {en: Demo station, fr: Station de démonstration}
    timing: {reading_s: 30, active_s: 300, warning_at_s: 240, changeover_s: 30}
    pass_rule: {mode: fixed, pass_mark_pct: 50}
    global_rating:
      steps:
        - {id: fail, label: Fail}
        - {id: borderline, label: Borderline}
        - {id: pass, label: Pass}
      borderline: borderline
    sections:
      - id: main
        title: Main
        items:
          - {id: greets, text: {en: Greets the patient, fr: Salue le patient},
             type: binary, critical: true}
          - {id: quick, text: Acts quickly, type: timed, within_s: 60}
          - {id: depth, text: Compresses deep enough, type: device, rule: "pct_depth_ok >= 70"}
          - {id: manner, text: Manner, type: rating, scale_max: 5}
    """
)


@pytest.fixture
def station_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo-station.yaml"
    path.write_text(STATION, encoding="utf-8")
    return path


def test_timeline_rings_every_bell_in_order_and_scores(station_file: Path) -> None:
    defn = load_definition_text(STATION)
    lines, result, metrics = rehearse(defn, seed=4, ability=1.0, lang="en")
    bells = [(line.at_s, line.text) for line in lines if line.kind == "bell"]
    assert [at for at, _ in bells] == [0, 30, 270, 330, 360]
    assert [line.at_s for line in lines] == sorted(line.at_s for line in lines)
    # Every examiner-marked item shows up once, the device item is judged at the end.
    marked = [line for line in lines if line.kind == "mark"]
    assert len(marked) == 3
    judged = [line for line in lines if line.kind == "judge"]
    assert len(judged) == 1 and judged[0].at_s == 330 and "pct_depth_ok" in judged[0].text
    # The printed result is the exam engine's score of the same marks.
    assert result == score_station(
        defn,
        simulate_performance(defn, 1.0, random.Random("4/demo-station")).marks,
        metrics=metrics,
        grade=result.grade,
    )


def test_same_seed_same_rehearsal_other_seed_differs() -> None:
    defn = load_definition_text(STATION)
    first = rehearse(defn, seed=7, ability=None, lang="en")
    again = rehearse(defn, seed=7, ability=None, lang="en")
    other = rehearse(defn, seed=8, ability=None, lang="en")
    assert first == again
    assert first != other


def test_strong_candidates_score_higher_than_weak_ones_on_average() -> None:
    defn = load_library()["iv-cannulation"]
    rng = random.Random(1)

    def mean_percent(theta: float) -> float:
        scores = [
            score_station(defn, simulate_performance(defn, theta, rng).marks).percent or 0.0
            for _ in range(40)
        ]
        return sum(scores) / len(scores)

    assert mean_percent(1.5) > mean_percent(0.0) + 10 > mean_percent(-1.5) + 20


def test_hawks_grade_lower_than_doves() -> None:
    defn = load_definition_text(STATION)
    rng = random.Random(2)
    hawk = [simulate_grade(defn, 60.0, 1.0, rng) for _ in range(200)]
    dove = [simulate_grade(defn, 60.0, -1.0, rng) for _ in range(200)]
    assert sum(g or 0 for g in hawk) < sum(g or 0 for g in dove)


def test_cli_dry_run_of_a_file_in_french(
    station_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["dry-run", str(station_file), "--seed", "3", "--ability", "2", "--lang", "fr"]) == 0
    )
    out = capsys.readouterr().out
    assert "Station de démonstration" in out
    assert re.search(r"00:30  bell   start", out)
    assert re.search(r"score: [\d.]+ / 4 points", out)
    assert "outcome:" in out


def test_cli_dry_run_every_bundled_station(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dry-run", "--quiet"]) == 0
    out = capsys.readouterr().out
    for station_id in load_library():
        assert f"({station_id} v" in out
    assert "  bell  " not in out  # --quiet leaves out the timeline
    assert out.count("outcome:") == len(load_library())


def test_scenario_events_fire_in_the_rehearsal() -> None:
    defn = load_library()["scenario-adult-ihca"]
    lines, _result, _metrics = rehearse(defn, seed=1, ability=0.5, lang="en")
    assert any(line.kind == "event" for line in lines)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["dry-run", "no-such-station"], "no bundled station or file called 'no-such-station'"),
        (["dry-run", "missing.yaml"], "missing.yaml"),
    ],
)
def test_cli_dry_run_bad_input_is_a_clear_error(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_cli_dry_run_invalid_definition_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(STATION.replace("scale_max: 5", "scale_max: five"), encoding="utf-8")
    assert main(["dry-run", str(bad)]) == 1
    assert f"{bad}:22:61: expected a whole number, got 'five'" in capsys.readouterr().err
