"""``skillstation results ...``: export, import, standard setting and release.

- ``results export`` writes the exam's results in one of the export formats
  (docs/exports.md), whole or not at all; long exports report progress on stderr.
- ``results import`` brings in paper-marked or historical results, all or nothing;
  ``results withdraw-import`` takes one of them back, with a reason.
- ``results amend`` changes a submitted encounter (marks, global grade, a comment),
  with a reason, and prints the earlier and new values and the result as it now stands.
- ``results standard-set`` adopts the standard computed from the results and
  ``results release`` releases the results to candidates (docs/standard-setting.md).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from station.auth.permissions import Action, check, roles_allowed
from station.commands.session import Session, open_session
from station.errors import UserError
from station.i18n import _, current_language
from station.results import reasons_text
from station.services.results_model import grade_label

if TYPE_CHECKING:
    from station.results import ExamResults
    from station.services import MarkInfo

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


def _encounter_id(args: argparse.Namespace, session: Session) -> str:
    """The encounter ``results amend`` names: ``--encounter``, or the submitted
    encounter of ``--candidate`` at ``--station`` of ``--exam`` (``--examiner`` picks
    one of a double-marked station)."""
    if args.encounter:
        return str(args.encounter)
    missing = [
        option
        for option, value in (
            ("--exam", args.exam),
            ("--station", args.station),
            ("--candidate", args.candidate),
        )
        if not value
    ]
    if missing:
        raise UserError(
            _(
                "name the encounter: give --encounter ID, or --exam, --station and "
                "--candidate (missing: {missing})"
            ).format(missing=", ".join(missing)),
            exit_code=2,
        )
    found = [
        e
        for e in session.services.encounters.encounters(
            session.user, args.exam, station_key=args.station
        )
        if e.candidate_number == args.candidate
        and e.status == "submitted"
        and (not args.examiner or e.examiner == args.examiner)
    ]
    if not found:
        raise UserError(
            _(
                "candidate {candidate} has no submitted encounter at station {station} of "
                "exam {exam}{by}; check the candidate's number and the station's key"
            ).format(
                candidate=args.candidate,
                station=args.station,
                exam=args.exam,
                by=_(" marked by {examiner}").format(examiner=args.examiner)
                if args.examiner
                else "",
            )
        )
    if len(found) > 1:
        raise UserError(
            _(
                "candidate {candidate} was marked at station {station} by {examiners}; "
                "add --examiner to say whose marking is amended"
            ).format(
                candidate=args.candidate,
                station=args.station,
                examiners=", ".join(e.examiner for e in found),
            )
        )
    return found[0].id


def _mark_text(mark: MarkInfo | None) -> str:
    if mark is None or mark.value is None:
        return _("(none)")
    return str(mark.value)


def _station_result(results: ExamResults, encounter_id: str) -> str:
    """The encounter's result as the results model gives it: outcome, percentage and
    reasons."""
    for result in results.encounters:
        if result.encounter_id == encounter_id:
            percent = result.score.percent
            text = result.outcome + ("" if percent is None else f" {percent:.1f} %")
            why = reasons_text(result.reasons)
            return f"{text} ({why})" if why else text
    return _("(none)")


def amend(args: argparse.Namespace) -> int:
    """``results amend``: change a submitted encounter, with a reason; print the earlier
    and new values and the results as they now stand."""
    comment: str | tuple[Literal["feedback", "private"], str] | None = None
    if args.comment is not None:
        comment = ("private", args.comment) if args.private else args.comment
    elif args.private:
        raise UserError(_("--private needs --comment TEXT"), exit_code=2)
    with open_session(args) as session:
        services, user = session.services, session.user
        if user.role not in roles_allowed(Action.AMEND_SUBMITTED):
            # Refused before anything is read; the message says who may amend. The
            # service checks everything else (submitted, a reason) when it writes.
            check(user, Action.AMEND_SUBMITTED)
        encounter_id = _encounter_id(args, session)
        before = services.encounters.encounter_view(user, encounter_id)
        exam_code = before.encounter.exam_code
        results_before = services.results.exam_results(user, exam_code)
        services.encounters.amend_submitted(
            user,
            encounter_id,
            marks=dict(args.marks),
            grade=args.grade,
            comment=comment,
            reason=args.reason,
        )
        after = services.encounters.encounter_view(user, encounter_id)
        results_after = services.results.exam_results(user, exam_code)
    info = after.encounter
    language = current_language()
    print(
        _(
            "amended encounter {id}: candidate {candidate} at station {station} of exam "
            "{exam}, marked by {examiner}; reason: {reason}"
        ).format(
            id=info.id,
            candidate=info.candidate_number,
            station=info.station_key,
            exam=exam_code,
            examiner=info.examiner,
            reason=args.reason.strip(),
        )
    )
    for item_id, _value in args.marks:
        print(
            "  "
            + _("item {item}: {before} → {after}").format(
                item=item_id,
                before=_mark_text(before.marks.get(item_id)),
                after=_mark_text(after.marks.get(item_id)),
            )
        )
    if args.grade is not None:
        old = before.grade.grade if before.grade else None
        new = after.grade.grade if after.grade else None
        print(
            "  "
            + _("global grade: {before} → {after}").format(
                before=grade_label(before.definition, old, language) or _("(none)"),
                after=grade_label(after.definition, new, language) or _("(none)"),
            )
        )
    if comment is not None:
        kind = "private" if args.private else "feedback"
        old_comment = before.comments.get(kind)
        new_comment = after.comments.get(kind)
        print(
            "  "
            + (
                _("private note: {before} → {after}")
                if args.private
                else _("feedback comment: {before} → {after}")
            ).format(
                before=repr(old_comment.text) if old_comment else _("(none)"),
                after=repr(new_comment.text) if new_comment else _("(none)"),
            )
        )
    print(
        "  "
        + _("station result: {before} → {after}").format(
            before=_station_result(results_before, encounter_id),
            after=_station_result(results_after, encounter_id),
        )
    )
    number = info.candidate_number
    print(
        "  "
        + _("exam result of candidate {candidate}: {before} → {after}").format(
            candidate=number,
            before=results_before.candidate(number).outcome,
            after=results_after.candidate(number).outcome,
        )
    )
    return 0
