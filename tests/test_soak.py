"""The endurance run (bench/soak_station.py), short: four encounters at the examiner's
station through the whole desktop station, in real time, with the simulated manikin
streaming at 200 Hz and the simulated camera recording every other candidate, the
language and theme switched after each encounter, under the reference-count guard.

It takes a minute and a half (four encounters of 15 s of station time, plus the
start-up and the submissions), under the suite's two-minute traceback timer; the
two-hour run is the same script with ``--minutes 120`` (docs/examiner.md). Nothing here
depends on the machine's speed: the run is counted in encounters, not in time.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_a_short_exam_day_runs_without_a_crash_or_a_lost_reference(tmp_path: Path) -> None:
    log = tmp_path / "soak.log"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "soak_station.py"),
            "--encounters",
            "4",
            "--encounter-seconds",
            "15",
            "--record-every",
            "2",
            "--switch-every",
            "1",
            "--folder",
            str(tmp_path / "day"),
            "--max-fall",
            "1000",
            "--log",
            str(log),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    lines = log.read_text(encoding="utf-8").splitlines()
    summary = lines[-1]
    assert "soak: ended after" in summary, summary
    assert "4 encounters, 2 recordings (2 stored), 4 language/theme switches" in summary
    encounters = [line for line in lines if " submitted; " in line]
    assert len(encounters) == 4
    # Every encounter drew the manikin's samples (it streamed all through).
    samples = int(summary.split(" manikin samples")[0].rsplit(" ", 1)[1])
    assert samples > 4 * 1000
