"""``skillstation results ...``: export, import, standard setting and release.

- ``results export`` writes the exam's results in one of the export formats
  (docs/exports.md), whole or not at all; long exports report progress on stderr.
- ``results import`` brings in paper-marked or historical results, all or nothing.
- ``results standard-set`` adopts the standard computed from the results and
  ``results release`` releases the results to candidates (docs/standard-setting.md).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from station.commands.session import open_session

#: Fewer steps than this and no progress is shown.
_PROGRESS_FROM = 200


def _progress(what: str) -> Callable[[int, int], None]:
    """A progress reporter that rewrites one line on stderr, about every 5 %."""
    shown = -1

    def report(done: int, total: int) -> None:
        nonlocal shown
        if total < _PROGRESS_FROM:
            return
        step = done * 20 // total
        if step != shown or done == total:
            shown = step
            end = "\n" if done == total else "\r"
            print(f"{what}: {done}/{total}", end=end, file=sys.stderr, flush=True)

    return report


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


_UNITS = {
    "csv": "result",
    "items-csv": "item mark",
    "xlsx": "result",
    "xapi": "statement",
    "pdf-zip": "report",
}


def export(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        result = session.services.export_results(
            session.user,
            args.exam,
            args.format,
            args.out,
            draft=args.draft,
            progress=_progress(f"exporting {args.format}"),
            home_page=args.xapi_home_page,
        )
    what = _plural(result.rows, _UNITS[result.format])
    print(f"{what} of exam {args.exam} written to {args.out}")
    return 0


def import_results(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        result = session.services.import_results(session.user, args.exam, args.file)
    stations = ", ".join(f"{k} {n}" for k, n in sorted(result.by_station.items()))
    print(
        f"{_plural(result.encounters, 'result')} imported into exam {result.exam_code} ({stations})"
    )
    return 0


def standard_set(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        standard = session.services.set_standard(
            session.user,
            args.exam,
            method=args.method,
            sem_multiplier=args.sem_multiplier,
            borderline_grade=args.borderline_grade,
        )
    print(f"standard adopted for exam {standard.exam_code} ({standard.method}):")
    for key, cut in standard.station_cuts.items():
        print(f"  {key:<32} cut score {cut:6.2f} %")
    print(f"  exam cut score {standard.cut_score:.2f} %")
    print(f"  pass mark {standard.pass_mark:.2f} % (cut score + {standard.sem_multiplier:g} × SEM)")
    return 0


def release(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        if args.undo:
            info = session.services.withdraw_release(session.user, args.exam, args.reason or "")
        else:
            info = session.services.release_results(session.user, args.exam)
    if info.released_at is None:
        print(f"the release of exam {info.exam_code}'s results is withdrawn")
    else:
        print(
            f"results of exam {info.exam_code} released at "
            f"{info.released_at:%Y-%m-%d %H:%M} UTC (pass mark {info.standard.pass_mark:.2f} %)"
        )
    return 0
