"""``skillstation demo --out DIR [--seed N] [--candidates N]``: build a demonstration exam.

Writes a fresh database with a whole exam day in it (see :mod:`station.demo` and
docs/demo.md), prints the coordinator's sign-in once, and the commands to explore it.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from station.commands import session
from station.demo import DemoConfig, DemoResult, build_demo


def run(args: argparse.Namespace) -> int:
    config = DemoConfig(seed=args.seed, candidates=args.candidates)
    result = build_demo(
        Path(args.out),
        config,
        password_hasher=session.password_hasher,
        progress=lambda message: print(message, file=sys.stderr, flush=True),
    )
    print(summary(result))
    return 0


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def summary(result: DemoResult) -> str:
    """What was written, the coordinator's sign-in, and what to try next."""
    folder = result.folder
    db = shlex.quote(str(result.database))
    coordinator = result.coordinator
    candidate, station = result.no_show
    primary = result.submitted - result.second_marked
    lines = [
        f"Demo exam {result.exam_code} (seed {result.seed}) written to {folder}:",
        f"  {result.database.name:<16} the database, with its audit key "
        f"{result.database.name}.auditkey",
        f"  {result.roster.name:<16} the roster: {_plural(result.candidates, 'candidate')}",
        f"  {result.results.name:<16} {_plural(result.result_rows, 'result')}: "
        f"{primary} encounters and {result.second_marked} second markings",
        f"  {result.credentials.name:<16} the accounts and their secrets (readable by you only)",
        "",
        f"  stations:  {', '.join(result.stations)}",
        f"  marking:   {_plural(result.marks, 'mark')} by "
        f"{_plural(len(result.examiners), 'examiner')} (hawk: {result.hawk.username}, "
        f"dove: {result.dove.username}); {candidate} missed {station} (no-show)",
        f"  devices:   {_plural(result.device_traces, 'CPR trace')} recorded from the "
        "simulated manikin over a pseudo-terminal, stored with their encounters",
        f"  audit:     {result.audit.summary}",
        "",
        "Coordinator sign-in (shown once here; also in credentials.txt):",
        f"  username: {coordinator.username}",
        f"  password: {coordinator.secret}",
        "",
        "Try next (each asks for the password, or reads it from SKILLSTATION_PIN):",
        f"  export SKILLSTATION_DB={db}",
        f"  skillstation --user {coordinator.username} users list",
        f"  skillstation --user {coordinator.username} audit verify",
        f"  skillstation --user {coordinator.username} results export --exam "
        f"{result.exam_code} --out results-again.csv",
        f"  skillstation --user {coordinator.username} exam open --exam {result.exam_code}",
        "  skillstation dry-run who-hand-rub",
    ]
    if result.trace_encounter is not None:
        lines[-1:-1] = [
            f"  skillstation --user {coordinator.username} encounter trace "
            f"{result.trace_encounter} --out cpr.csv",
            "  skillstation analyze-cpr cpr.csv",
        ]
    return "\n".join(lines)
