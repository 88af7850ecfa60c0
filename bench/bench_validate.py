"""Validating station definitions against just parsing their YAML.

``skillstation validate`` runs on every save in an editor and before every exam, on the
whole bundled library and on faculty's own large files. Two workloads are timed: the
bundled library (assessments/library) and a generated 200-item definition with
every item type and a scenario (bench/make_definition.py). Each is validated with
``assessments.definitions.loader.validate_paths`` and, as the baseline, parsed with plain
``yaml.safe_load``; the two alternate, REPEATS times, and medians are compared.
Goal: validation at most 1.5× the time of parsing alone. Parsing the YAML is the bulk of
the work; the loader keeps line numbers from that same parse and pydantic's checks are
cheap, so a higher ratio means work is being repeated (a second parse, a slow check run
for every item).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import yaml
from make_definition import write_definition

REPEATS = 9
GOAL_RATIO = 1.5
REPO = Path(__file__).resolve().parent.parent
LIBRARY = REPO / "assessments" / "library"


def library_files() -> list[Path]:
    """The bundled definitions, found as the loader finds them in a folder: *.yaml and
    *.yml files, hidden files and folders left out."""
    return sorted(
        path
        for path in LIBRARY.rglob("*")
        if path.suffix.lower() in {".yaml", ".yml"}
        and not any(part.startswith(".") for part in path.relative_to(LIBRARY).parts)
    )


def parse_only(paths: Sequence[Path]) -> None:
    """The baseline: read and parse each file, nothing more."""
    for path in paths:
        with path.open(encoding="utf-8") as stream:
            yaml.safe_load(stream)


def median_times(
    workloads: dict[str, Callable[[], object]], repeats: int
) -> dict[str, tuple[float, float]]:
    """Median and fastest wall time of each workload; the workloads alternate."""
    samples: dict[str, list[float]] = {name: [] for name in workloads}
    for _ in range(repeats):
        for name, work in workloads.items():
            start = time.perf_counter()
            work()
            samples[name].append(time.perf_counter() - start)
    return {name: (statistics.median(s), min(s)) for name, s in samples.items()}


def main() -> int:
    try:
        from assessments.definitions.loader import validate_paths
    except ImportError as err:
        print(f"assessments.definitions.loader.validate_paths is not available: {err}")
        return 1

    library = library_files()
    with tempfile.TemporaryDirectory(prefix="skillstation-bench-") as folder:
        generated = [write_definition(Path(folder), items=200)]
        cases = {"bundled library": library, "generated 200 items": generated}
        print(f"{'workload':<22} {'files':>5} {'validate':>10} {'safe_load':>10} {'ratio':>7}")
        for case, paths in cases.items():
            if not paths:
                print(f"{case:<22} {0:>5}  (no files)")
                continue
            _, problems = validate_paths(paths)
            if problems:
                # Timing the error path would say nothing about the normal one.
                print(f"{case}: the files do not validate, so they are not timed:")
                for problem in problems:
                    print(f"  {problem}")
                return 1
            times = median_times(
                {"validate": partial(validate_paths, paths), "parse": partial(parse_only, paths)},
                REPEATS,
            )
            validate, parse = times["validate"][0], times["parse"][0]
            verdict = "met" if validate / parse <= GOAL_RATIO else "NOT met"
            print(
                f"{case:<22} {len(paths):>5} {validate * 1000:>8.1f}ms "
                f"{parse * 1000:>8.1f}ms {validate / parse:>6.2f}×   goal: {verdict}"
            )
    print(f"medians of {REPEATS} alternating runs; goal: validate ≤ {GOAL_RATIO:g}× safe_load")
    return 0


if __name__ == "__main__":
    sys.exit(main())
