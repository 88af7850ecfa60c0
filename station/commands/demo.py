"""``skillstation demo --out DIR [--seed N] [--candidates N]``: build a demonstration exam.

Writes a fresh database with a whole exam day in it (see :mod:`station.demo` and
docs/demo.md), prints the coordinator's sign-in once, and the commands to explore it.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import sys
from pathlib import Path

from station.commands import session
from station.demo import DemoConfig, DemoResult, build_demo
from station.i18n import _


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


def _plural(count: int, one: str, many: str) -> str:
    """``one`` or ``many`` (translated templates with a ``{count}`` field) for ``count``."""
    return (one if count == 1 else many).format(count=f"{count:,}")


def invocation(argv0: str | None = None) -> str:
    """How to call this command line again from the user's shell, as printed: plain
    ``skillstation`` when that name on PATH is this very program, else its full path (a
    ``./scripts/run`` user has it in .venv/bin, not on PATH), or ``python -m station``."""
    program = Path(argv0 if argv0 is not None else sys.argv[0])
    if program.name != "skillstation" or not program.exists():
        return f"{shlex.quote(sys.executable)} -m station"
    on_path = shutil.which("skillstation")
    if on_path is not None and Path(on_path).resolve() == program.resolve():
        return "skillstation"
    return shlex.quote(str(program.resolve()))


def summary(result: DemoResult, command: str | None = None) -> str:
    """What was written, the coordinator's sign-in, and what to try next (each line a
    command that works as printed: ``command`` is how to call this program)."""
    run = command if command is not None else invocation()
    folder = result.folder
    db = shlex.quote(str(result.database))
    coordinator = result.coordinator
    candidate, station = result.no_show
    primary = result.submitted - result.second_marked
    candidates = _plural(result.candidates, _("{count} candidate"), _("{count} candidates"))
    results = _plural(result.result_rows, _("{count} result"), _("{count} results"))
    marks = _plural(result.marks, _("{count} mark"), _("{count} marks"))
    examiners = _plural(len(result.examiners), _("{count} examiner"), _("{count} examiners"))
    traces = _plural(result.device_traces, _("{count} CPR trace"), _("{count} CPR traces"))
    user = coordinator.username
    lines = [
        _("Demo exam {code} (seed {seed}) written to {folder}:").format(
            code=result.exam_code, seed=result.seed, folder=folder
        ),
        f"  {result.database.name:<16} "
        + _("the database, with its audit key {name}.auditkey").format(name=result.database.name),
        f"  {result.roster.name:<16} "
        + _("the roster: {candidates}").format(candidates=candidates),
        f"  {result.results.name:<16} "
        + _("{results}: {primary} encounters and {second} second markings").format(
            results=results, primary=primary, second=result.second_marked
        ),
        f"  {result.credentials.name:<16} "
        + _("the accounts and their secrets (readable by you only)"),
        "",
        _("  stations:  {stations}").format(stations=", ".join(result.stations)),
        _(
            "  marking:   {marks} by {examiners} (hawk: {hawk}, dove: {dove}); "
            "{candidate} missed {station} (no-show)"
        ).format(
            marks=marks,
            examiners=examiners,
            hawk=result.hawk.username,
            dove=result.dove.username,
            candidate=candidate,
            station=station,
        ),
        _(
            "  devices:   {traces} recorded from the simulated manikin over a "
            "pseudo-terminal, stored with their encounters"
        ).format(traces=traces),
        _("  audit:     {summary}").format(summary=result.audit.summary),
        "",
        _("Coordinator sign-in (shown once here; also in credentials.txt):"),
        _("  username: {username}").format(username=user),
        _("  password: {password}").format(password=coordinator.secret),
        "",
        _("Try next (each asks for the password, or reads it from SKILLSTATION_PIN):"),
        f"  export SKILLSTATION_DB={db}",
        f"  {run} --user {user} users list",
        f"  {run} --user {user} audit verify",
        f"  {run} --user {user} results export --exam {result.exam_code} --out results-again.csv",
        f"  {run} --user {user} exam open --exam {result.exam_code}",
        f"  {run} dry-run who-hand-rub",
    ]
    if result.trace_encounter is not None:
        lines[-1:-1] = [
            f"  {run} --user {user} encounter trace {result.trace_encounter} --out cpr.csv",
            f"  {run} analyze-cpr cpr.csv",
        ]
    return "\n".join(lines)
