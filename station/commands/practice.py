"""``skillstation practice run|list|trace`` and ``skillstation encounter trace``.

- ``practice run --device URL --seconds N [--profile adult] [--station KEY]`` records a
  practice attempt of the signed-in user from a feedback device: the device is read and
  analysed live (:func:`devices.trace_capture.capture_cpr`), then the trace, the
  metrics analysed from it and the CPR score are stored with a new attempt in one
  transaction (``services.practice.record_cpr_trace``), and the figures
  are printed.
- ``practice list [--username NAME]`` lists attempts (a trainee's own; a coordinator's
  anyone's).
- ``practice trace ATTEMPT --out TRACE.csv`` and ``encounter trace ENCOUNTER --out
  TRACE.csv`` write a stored trace to a file, for ``skillstation analyze-cpr`` or a
  spreadsheet.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from station.commands.session import open_session
from station.errors import UserError
from station.files import write_bytes
from station.i18n import _

#: The station a practice run is recorded against unless ``--station`` names another.
DEFAULT_STATION = "adult-cpr-aed"


def run(args: argparse.Namespace) -> int:
    """Record a practice attempt from ``--device`` and print its figures."""
    from devices.cpr.profiles import PROFILES
    from devices.trace_capture import CaptureError, capture_cpr
    from devices.transport import DeviceURLError, parse_device_url
    from station.commands.cpr import format_summary
    from station.services import InvalidInput

    try:
        url = parse_device_url(args.device)
    except DeviceURLError as err:
        raise UserError(f"--device: {err}", exit_code=2) from None
    if not args.seconds > 0:
        raise UserError(
            _("--seconds {seconds}: give a duration above 0").format(seconds=f"{args.seconds:g}"),
            exit_code=2,
        )
    if args.profile not in PROFILES:
        raise UserError(
            _("--profile {profile!r}: choose one of {known}").format(
                profile=args.profile, known=", ".join(PROFILES)
            ),
            exit_code=2,
        )
    targets = PROFILES[args.profile]
    with open_session(args) as session, tempfile.TemporaryDirectory() as folder:
        services, me = session.services, session.user
        attempt = services.practice.start_practice(me, args.station)
        print(
            _(
                "practice attempt {attempt}: {title} ({station} {version}); recording {device} "
                "for {seconds} s"
            ).format(
                attempt=attempt.id,
                title=attempt.title,
                station=attempt.station_key,
                version=attempt.definition_version,
                device=url.text,
                seconds=f"{args.seconds:g}",
            ),
            flush=True,
        )
        trace_path = Path(folder) / "practice.csv"
        try:
            capture = capture_cpr(url, args.seconds, trace_path, targets=targets)
        except CaptureError as err:
            services.practice.abandon_practice(me, attempt.id)
            raise UserError(
                _(
                    "{problem}. The attempt was abandoned. Check the cable and the port "
                    "(`skillstation devices list`) and that no other program has it open."
                ).format(problem=err)
            ) from None
        except KeyboardInterrupt:
            services.practice.abandon_practice(me, attempt.id)
            raise
        try:
            stored = services.practice.record_cpr_trace(
                me,
                trace_path,
                capture.identity_text,
                attempt_id=attempt.id,
                profile=args.profile,
                details={"seconds": args.seconds},
            )
        except InvalidInput as err:  # pragma: no cover - the recorder writes valid traces
            services.practice.abandon_practice(me, attempt.id)
            raise UserError(
                _("the device's figures could not be stored: {problem}").format(problem=err)
            ) from None
        finished = stored.attempt
        assert finished is not None  # an attempt's trace completes it
        from devices.trace import read_trace

        title = _("attempt {attempt}").format(attempt=finished.id)
        print(format_summary(stored.summary, read_trace(trace_path), title), end="")
    score = (
        _("no score")
        if finished.score is None
        else _("score {score} / 100").format(score=f"{finished.score:.1f}")
    )
    print(
        _("saved: attempt {attempt} ({score}); `skillstation practice list` lists them").format(
            attempt=finished.id, score=score
        )
    )
    return 0


def list_attempts(args: argparse.Namespace) -> int:
    """Print the attempts the signed-in user may see, newest first."""
    with open_session(args) as session:
        attempts = session.services.practice.practice_attempts(session.user, args.username)
    if not attempts:
        print(_("no practice attempts yet"))
        return 0
    rows = [(_("STARTED (UTC)"), _("ATTEMPT"), _("USER"), _("STATION"), _("STATUS"), _("SCORE"))]
    for a in attempts:
        score = "-" if a.score is None else f"{a.score:.1f}"
        rows.append(
            (
                a.started_at.strftime("%Y-%m-%d %H:%M"),
                a.id,
                a.username,
                f"{a.station_key} {a.definition_version}",
                _status_word(a.status),
                score,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]))
    return 0


def practice_trace(args: argparse.Namespace) -> int:
    """Write a practice attempt's trace to ``--out``."""
    out = _output(args)
    with open_session(args) as session:
        stored = session.services.practice.practice_trace(session.user, args.attempt, args.trace_id)
    _write(out, stored.data)
    print(_wrote(stored.info.sample_count, stored.info.device_identity, out))
    return 0


def encounter_trace(args: argparse.Namespace) -> int:
    """Write an encounter's device trace to ``--out``."""
    out = _output(args)
    with open_session(args) as session:
        stored = session.services.encounters.encounter_trace(
            session.user, args.encounter, args.trace_id
        )
    _write(out, stored.data)
    print(_wrote(stored.info.sample_count, stored.info.device_identity, out))
    print(_("try: skillstation analyze-cpr {out}").format(out=out))
    return 0


def _status_word(status: str) -> str:
    """A practice attempt's status (station.storage's values), in the current language."""
    words = {
        "in_progress": _("in progress"),
        "completed": _("completed"),
        "abandoned": _("abandoned"),
    }
    return words.get(status, status.replace("_", " "))


def _wrote(samples: int, identity: str, out: Path) -> str:
    return _("wrote {samples} samples ({device}) to {out}").format(
        samples=samples, device=identity, out=out
    )


def _output(args: argparse.Namespace) -> Path:
    out = Path(args.out)
    if out.exists() and not args.force:
        raise UserError(
            _("{out} already exists; choose another --out, or add --force to replace it").format(
                out=out
            )
        )
    if not out.parent.is_dir():
        raise UserError(
            _("cannot write {out}: the folder {folder} does not exist").format(
                out=out, folder=out.parent
            )
        )
    return out


def _write(out: Path, data: bytes) -> None:
    """Write ``data`` to ``out`` whole or not at all (:func:`station.files.write_bytes`)."""
    write_bytes(out, data)
