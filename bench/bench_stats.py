"""``skillstation stats`` on a cohort of 1,000 candidates × 10 stations.

The cohort comes from bench/cohort.py (seed 1): about 11,000 result rows with double
marking, and 180,000 item rows. Timed, each against a baseline measured in the same run,
the workloads alternating REPEATS times and medians compared:

- ``analyse_exam`` on the result rows (and, separately, with the item rows), in process,
  against reading the same results CSV with the ``csv`` module alone;
- ``read_results_csv`` + ``analyse_exam``: what the command does in process, against the
  same baseline;
- the whole command, ``skillstation stats cohort.csv --json``, in a new process, against
  ``python -c pass`` in a new process.

Goal: the whole command under a second on the 2-core machine (absolute time: starting
Python is part of what a user waits for), and the analysis itself a small multiple of
merely reading the file.
"""

from __future__ import annotations

import csv
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cohort import make_cohort

REPEATS = 9
GOAL_SECONDS = 1.0
REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def median_times(workloads: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median wall time of each workload; the workloads alternate, in a rotating order."""
    samples: dict[str, list[float]] = {name: [] for name in workloads}
    names = list(workloads)
    for run in range(repeats):
        shift = run % len(names)
        for name in names[shift:] + names[:shift]:
            start = time.perf_counter()
            workloads[name]()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(s) for name, s in samples.items()}


def read_csv_only(path: Path) -> int:
    """The baseline: every row of the file through the csv module, nothing more."""
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle))


def run_command(command: list[str]) -> None:
    subprocess.run(command, cwd=REPO, stdin=subprocess.DEVNULL, capture_output=True, check=True)


def main() -> int:
    from assessments.psychometrics import analyse_exam, read_results_csv

    if not (BIN / "skillstation").exists():
        print(f"{BIN / 'skillstation'} does not exist: run scripts/setup.sh first", file=sys.stderr)
        return 1
    start = time.perf_counter()
    cohort = make_cohort(candidates=1000, stations=10, seed=1)
    made = time.perf_counter() - start
    print(
        f"cohort: {len(cohort.candidates)} candidates × {len(cohort.stations)} stations, "
        f"{len(cohort.results)} result rows, {len(cohort.items)} item rows "
        f"(generated in {made:.1f} s, not timed)"
    )
    with tempfile.TemporaryDirectory(prefix="skillstation-bench-") as folder:
        path = cohort.write_results_csv(Path(folder) / "cohort.csv")
        results, items = cohort.results, cohort.items
        check = analyse_exam(read_results_csv(path))
        if check.exam.candidates != len(cohort.candidates):
            print(f"the cohort CSV does not read back: {check.warnings}", file=sys.stderr)
            return 1
        inproc = median_times(
            {
                "csv.reader (baseline)": lambda: read_csv_only(path),
                "analyse_exam(results)": lambda: analyse_exam(results),
                "analyse_exam(results, items)": lambda: analyse_exam(results, items),
                "read_results_csv + analyse_exam": lambda: analyse_exam(read_results_csv(path)),
            },
            REPEATS,
        )
        command = [str(BIN / "skillstation"), "stats", str(path), "--json"]
        try:
            run_command(command)  # warm the file cache; not timed
            procs = median_times(
                {
                    "python -c pass (baseline)": lambda: run_command(
                        [sys.executable, "-c", "pass"]
                    ),
                    "skillstation stats cohort.csv --json": lambda: run_command(command),
                },
                REPEATS,
            )
        except subprocess.CalledProcessError as err:
            print(f"{' '.join(err.cmd)} failed:\n{err.stderr.decode()}", file=sys.stderr)
            return 1

    print(f"medians of {REPEATS} alternating runs")
    print(f"{'in process':<40} {'median':>9} {'ratio':>7}")
    base = inproc["csv.reader (baseline)"]
    for name, value in inproc.items():
        print(f"{name:<40} {value * 1000:>7.1f}ms {value / base:>6.2f}×")
    print(f"{'new process':<40} {'median':>9} {'ratio':>7}")
    base = procs["python -c pass (baseline)"]
    for name, value in procs.items():
        print(f"{name:<40} {value * 1000:>7.1f}ms {value / base:>6.2f}×")
    whole = procs["skillstation stats cohort.csv --json"]
    verdict = "met" if whole < GOAL_SECONDS else "NOT met"
    print(f"goal: skillstation stats on 1,000 × 10 under {GOAL_SECONDS:g} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
