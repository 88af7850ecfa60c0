"""Run SkillStation's benchmarks: every bench/bench_*.py, each in a fresh interpreter.

Usage: ``python bench/run.py [NAME ...]`` (``make bench`` runs them all); a NAME picks the
benchmarks whose file name contains it, e.g. ``python bench/run.py startup``.

Each benchmark measures its own baseline in the same run and prints ratios against it,
since absolute times on a shared machine vary from run to run. Benchmarks report; they
never pass or fail on a time. The exit status is non-zero only when a benchmark could not
run at all.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    names = sys.argv[1:] if argv is None else argv
    scripts = sorted(BENCH_DIR.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if any(name in s.stem for name in names)]
    if not scripts:
        print(f"no benchmark matches {' '.join(names)}", file=sys.stderr)
        return 2
    failed = []
    for script in scripts:
        print(f"== {script.stem} ==", flush=True)
        if subprocess.run([sys.executable, str(script)], check=False).returncode != 0:
            failed.append(script.stem)
        print(flush=True)
    if failed:
        print(f"could not complete: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
