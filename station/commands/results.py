"""``skillstation results ...``: export, import, standard setting and release.

- ``results export`` writes the exam's results in one of the export formats
  (docs/exports.md), whole or not at all; long exports report progress on stderr.
- ``results import`` brings in paper-marked or historical results, all or nothing;
  ``results withdraw-import`` takes one of them back, with a reason.
- ``results standard-set`` adopts the standard computed from the results and
  ``results release`` releases the results to candidates (docs/standard-setting.md).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from station.commands.session import open_session
from station.i18n import _

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
            line = _("{what}: {done}/{total}").format(what=what, done=done, total=total)
            print(line, end=end, file=sys.stderr, flush=True)

    return report


def _plural(n: int, one: str, many: str) -> str:
    """``one`` or ``many`` (translated templates with an ``{n}`` field) for ``n``."""
    return (one if n == 1 else many).format(n=n)


def _rows(n: int, export_format: str) -> str:
    """``n`` rows of an export in ``export_format``, e.g. "12 results"."""
    if export_format == "items-csv":
        return _plural(n, _("{n} item mark"), _("{n} item marks"))
    if export_format == "xapi":
        return _plural(n, _("{n} statement"), _("{n} statements"))
    if export_format == "candidates-csv":
        return _plural(n, _("{n} candidate"), _("{n} candidates"))
    if export_format == "pdf-zip":
        return _plural(n, _("{n} report"), _("{n} reports"))
    return _plural(n, _("{n} result"), _("{n} results"))


def export(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        result = session.services.exports.export_results(
            session.user,
            args.exam,
            args.format,
            args.out,
            draft=args.draft,
            progress=_progress(_("exporting {format}").format(format=args.format)),
            home_page=args.xapi_home_page,
        )
    what = _rows(result.rows, result.format)
    print(
        _("{what} of exam {exam} written to {out}").format(what=what, exam=args.exam, out=args.out)
    )
    return 0


def import_results(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        result = session.services.imports.import_results(session.user, args.exam, args.file)
    stations = ", ".join(f"{k} {n}" for k, n in sorted(result.by_station.items()))
    imported = _plural(result.encounters, _("{n} result"), _("{n} results"))
    print(
        _("{imported} imported into exam {exam} ({stations})").format(
            imported=imported, exam=result.exam_code, stations=stations
        )
    )
    return 0


def withdraw_import(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        done = session.services.imports.withdraw_imported(
            session.user,
            args.exam,
            args.candidate,
            args.station,
            args.reason,
            examiner=args.examiner,
        )
    print(
        _(
            "imported result of candidate {candidate} at station {station} withdrawn "
            "(score {score} of {maximum}, from {examiner}, {file} line {line}); it no "
            "longer counts in exam {exam}"
        ).format(
            candidate=done.candidate_number,
            station=done.station_key,
            score=f"{done.score:g}",
            maximum=f"{done.max_score:g}",
            examiner=done.examiner,
            file=done.source_file,
            line=done.source_line,
            exam=done.exam_code,
        )
    )
    return 0


def standard_set(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        standard = session.services.release.set_standard(
            session.user,
            args.exam,
            method=args.method,
            sem_multiplier=args.sem_multiplier,
            borderline_grade=args.borderline_grade,
        )
    print(
        _("standard adopted for exam {exam} ({method}):").format(
            exam=standard.exam_code, method=standard.method
        )
    )
    for key, cut in standard.station_cuts.items():
        print(f"  {key:<32} " + _("cut score {cut} %").format(cut=f"{cut:6.2f}"))
    print(_("  exam cut score {cut} %").format(cut=f"{standard.cut_score:.2f}"))
    print(
        _("  pass mark {pass_mark} % (cut score + {k} × SEM)").format(
            pass_mark=f"{standard.pass_mark:.2f}", k=f"{standard.sem_multiplier:g}"
        )
    )
    return 0


def release(args: argparse.Namespace) -> int:
    with open_session(args) as session:
        if args.undo:
            info = session.services.release.withdraw_release(
                session.user, args.exam, args.reason or ""
            )
        else:
            info = session.services.release.release_results(session.user, args.exam)
    if info.released_at is None:
        print(_("the release of exam {exam}'s results is withdrawn").format(exam=info.exam_code))
    else:
        print(
            _("results of exam {exam} released at {at} UTC (pass mark {pass_mark} %)").format(
                exam=info.exam_code,
                at=f"{info.released_at:%Y-%m-%d %H:%M}",
                pass_mark=f"{info.standard.pass_mark:.2f}",
            )
        )
    return 0
