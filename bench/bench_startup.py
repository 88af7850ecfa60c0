"""Cold start of ``skillstation --version`` against a bare ``python -c pass``.

The command line is what examiners and scripts call most, often in a loop (``validate``
on every file of a folder); it should start about as fast as Python itself. Each command
runs in a new process, 15 times, the commands interleaved so that a burst of load on the
machine hits all of them alike; medians are compared. Goal: at most 4× the baseline.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 15
GOAL_RATIO = 4.0
REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

COMMANDS: dict[str, list[str]] = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "skillstation --version": [str(BIN / "skillstation"), "--version"],
    "python -m station --version": [sys.executable, "-m", "station", "--version"],
}
BASELINE = "python -c pass"


def time_once(command: list[str]) -> float:
    """Wall time of one run of the command, in seconds; raises if the command fails."""
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, stdin=subprocess.DEVNULL, capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> int:
    if not (BIN / "skillstation").exists():
        print(f"{BIN / 'skillstation'} does not exist: run scripts/setup.sh first", file=sys.stderr)
        return 1
    try:
        for command in COMMANDS.values():  # warm the file cache; not timed
            time_once(command)
        times: dict[str, list[float]] = {name: [] for name in COMMANDS}
        names = list(COMMANDS)
        for run in range(RUNS):
            # Rotate the order each round so that no command always goes first.
            shift = run % len(names)
            for name in names[shift:] + names[:shift]:
                times[name].append(time_once(COMMANDS[name]))
    except subprocess.CalledProcessError as err:
        print(f"{' '.join(err.cmd)} failed:\n{err.stderr.decode()}", file=sys.stderr)
        return 1

    base = statistics.median(times[BASELINE])
    print(f"Cold start, {RUNS} runs each, interleaved (median and fastest wall time)")
    print(f"{'command':<30} {'median':>9} {'fastest':>9} {'ratio':>7}")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(
            f"{name:<30} {median * 1000:>7.1f}ms {min(samples) * 1000:>7.1f}ms "
            f"{median / base:>6.2f}×"
        )
    ratio = statistics.median(times["skillstation --version"]) / base
    verdict = "met" if ratio <= GOAL_RATIO else "NOT met"
    print(f"goal: skillstation --version ≤ {GOAL_RATIO:g}× python -c pass: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
