"""``skillstation practice run|list|trace`` and ``skillstation encounter trace``.

- ``practice run --device URL --seconds N [--profile adult] [--station KEY]`` records a
  practice attempt of the signed-in user from a feedback device: the device is read and
  analysed live (:func:`devices.capture.capture_cpr`), then the trace, the metrics
  analysed from it and the CPR score are stored with a new attempt
  (:mod:`station.services.practice`), and the figures are printed.
- ``practice list [--username NAME]`` lists attempts (a trainee's own; a coordinator's
  anyone's).
- ``practice trace ATTEMPT --out TRACE.csv`` and ``encounter trace ENCOUNTER --out
  TRACE.csv`` write a stored trace to a file, for ``skillstation analyze-cpr`` or a
  spreadsheet.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from station.commands.session import open_session
from station.errors import UserError

#: The station a practice run is recorded against unless ``--station`` names another.
DEFAULT_STATION = "adult-cpr-aed"


def run(args: argparse.Namespace) -> int:
    """Record a practice attempt from ``--device`` and print its figures."""
    from devices.capture import CaptureError, capture_cpr
    from devices.cpr.profiles import PROFILES
    from devices.transport import DeviceURLError, parse_device_url
    from station.commands.cpr import format_summary
    from station.services import InvalidInput

    try:
        url = parse_device_url(args.device)
    except DeviceURLError as err:
        raise UserError(f"--device: {err}", exit_code=2) from None
    if not args.seconds > 0:
        raise UserError(f"--seconds {args.seconds:g}: give a duration above 0", exit_code=2)
    if args.profile not in PROFILES:
        raise UserError(
            f"--profile {args.profile!r}: choose one of {', '.join(PROFILES)}", exit_code=2
        )
    targets = PROFILES[args.profile]
    with open_session(args) as session, tempfile.TemporaryDirectory() as folder:
        services, me = session.services, session.user
        attempt = services.start_practice(me, args.station)
        print(
            f"practice attempt {attempt.id}: {attempt.title} ({attempt.station_key} "
            f"{attempt.definition_version}); recording {url.text} for {args.seconds:g} s",
            flush=True,
        )
        trace_path = Path(folder) / "practice.csv"
        try:
            capture = capture_cpr(url, args.seconds, trace_path, targets=targets)
        except CaptureError as err:
            services.abandon_practice(me, attempt.id)
            raise UserError(
                f"{err}. The attempt was abandoned. Check the cable and the port "
                "(`skillstation devices list`) and that no other program has it open."
            ) from None
        except KeyboardInterrupt:
            services.abandon_practice(me, attempt.id)
            raise
        analysis = capture.analysis
        services.record_practice_trace(
            me, attempt.id, trace_path, capture.identity_text, capture.recording.samples
        )
        figures = analysis.as_dict()
        try:
            services.record_practice_metrics(
                me, attempt.id, {k: figures[k] for k in _metric_names() if k in figures}
            )
        except InvalidInput as err:  # pragma: no cover - the analyser keeps to the ranges
            services.abandon_practice(me, attempt.id)
            raise UserError(f"the device's figures could not be stored: {err}") from None
        score = figures.get("score")
        finished = services.finish_practice(
            me,
            attempt.id,
            None if score is None else float(score),
            details={
                "cpr_profile": args.profile,
                "device": capture.identity_text,
                "seconds": args.seconds,
                "gaps": capture.recording.gaps,
            },
        )
        from devices.trace import read_trace

        print(format_summary(analysis, read_trace(trace_path), f"attempt {finished.id}"), end="")
    score = "no score" if finished.score is None else f"score {finished.score:.1f} / 100"
    print(f"saved: attempt {finished.id} ({score}); `skillstation practice list` lists them")
    return 0


def _metric_names() -> tuple[str, ...]:
    from assessments.metrics import METRIC_NAMES

    return METRIC_NAMES


def list_attempts(args: argparse.Namespace) -> int:
    """Print the attempts the signed-in user may see, newest first."""
    with open_session(args) as session:
        attempts = session.services.practice_attempts(session.user, args.username)
    if not attempts:
        print("no practice attempts yet")
        return 0
    rows = [("STARTED (UTC)", "ATTEMPT", "USER", "STATION", "STATUS", "SCORE")]
    for a in attempts:
        score = "-" if a.score is None else f"{a.score:.1f}"
        rows.append(
            (
                a.started_at.strftime("%Y-%m-%d %H:%M"),
                a.id,
                a.username,
                f"{a.station_key} {a.definition_version}",
                a.status.replace("_", " "),
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
        stored = session.services.practice_trace(session.user, args.attempt, args.trace_id)
    _write(out, stored.data)
    print(f"wrote {stored.info.sample_count} samples ({stored.info.device_identity}) to {out}")
    return 0


def encounter_trace(args: argparse.Namespace) -> int:
    """Write an encounter's device trace to ``--out``."""
    out = _output(args)
    with open_session(args) as session:
        stored = session.services.encounter_trace(session.user, args.encounter, args.trace_id)
    _write(out, stored.data)
    print(f"wrote {stored.info.sample_count} samples ({stored.info.device_identity}) to {out}")
    print(f"try: skillstation analyze-cpr {out}")
    return 0


def _output(args: argparse.Namespace) -> Path:
    out = Path(args.out)
    if out.exists() and not args.force:
        raise UserError(f"{out} already exists; choose another --out, or add --force to replace it")
    if not out.parent.is_dir():
        raise UserError(f"cannot write {out}: the folder {out.parent} does not exist")
    return out


def _write(out: Path, data: bytes) -> None:
    """Write ``data`` to ``out`` whole or not at all (a temporary file renamed)."""
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, out)
    except OSError as err:
        temporary.unlink(missing_ok=True)
        raise UserError(f"cannot write {out}: {err.strerror}") from None
