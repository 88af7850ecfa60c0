"""``skillstation media list|consent|timeline|delete|retention|purge``: recordings.

- ``media list [--exam CODE] [--deleted] [--json]`` lists the recordings the signed-in
  user may see, newest first.
- ``media consent ENCOUNTER --given|--refused [--note TEXT]`` records the candidate's
  answer; the latest answer counts.
- ``media timeline MEDIA [--json]`` prints a recording's debrief timeline: every event
  at its second from the first frame.
- ``media delete MEDIA --reason TEXT`` erases a recording's files (coordinators).
- ``media retention [DAYS | --keep]`` shows or sets how long recordings are kept, and
  ``media purge`` deletes those older (coordinators).

See ``docs/recordings.md``.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from station.commands.session import open_session
from station.errors import UserError
from station.i18n import _

if TYPE_CHECKING:
    from station.services import MediaInfo


def list_media(args: argparse.Namespace) -> int:
    """Print the recordings the signed-in user may see."""
    with open_session(args) as session:
        found = session.services.media.list_media(
            session.user, exam_code=args.exam, include_deleted=args.deleted
        )
    if args.json:
        print(json.dumps({"recordings": [_media_json(m) for m in found]}, ensure_ascii=False))
        return 0
    if not found:
        print(_("no recordings"))
        return 0
    rows = [(_("STARTED (UTC)"), _("RECORDING"), _("WHO"), _("WHERE"), _("FRAMES"), _("STATE"))]
    for media in found:
        rows.append(
            (
                _minute(media.started_at),
                media.id,
                media.candidate_label,
                " ".join(p for p in (media.exam_code or _("practice"), media.station_id) if p),
                f"{media.frames} ({media.dropped_frames} {_('dropped')})",
                _state(media),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]))
    return 0


def consent(args: argparse.Namespace) -> int:
    """Record whether the candidate of an encounter agreed to be recorded."""
    if args.given == args.refused:
        raise UserError(
            _("say whether the candidate agreed: give --given or --refused (one of them)"),
            exit_code=2,
        )
    with open_session(args) as session:
        info = session.services.media.record_consent(
            session.user, encounter_id=args.encounter, given=args.given, note=args.note
        )
    if info.given:
        print(_("consent given for encounter {encounter}: it may be recorded").format(
            encounter=args.encounter
        ))  # fmt: skip
    else:
        print(_("consent refused for encounter {encounter}: it will not be recorded").format(
            encounter=args.encounter
        ))  # fmt: skip
    return 0


def timeline(args: argparse.Namespace) -> int:
    """Print a recording's debrief timeline."""
    with open_session(args) as session:
        found = session.services.media.debrief_timeline(session.user, args.media)
    if args.json:
        data = {
            "media": _media_json(found.media),
            "fps": found.fps,
            "duration_s": found.duration_s,
            "frames": len(found.frame_times),
            "segments": [
                {
                    "path": str(s.path),
                    "first_frame": s.first_frame,
                    "frame_count": s.frame_count,
                    "start_t_s": s.start_t_s,
                }
                for s in found.segments
            ],
            "events": [
                {"t_s": round(e.t_s, 6), "kind": e.kind, "label": e.label, "detail": e.detail}
                for e in found.events
            ],
            "depth": [[round(t, 6), d] for t, d in found.depth],
        }
        print(json.dumps(data, ensure_ascii=False))
        return 0
    media = found.media
    print(
        _("recording {media}: {who}, {frames} frames at {fps} fps, {duration} s").format(
            media=media.id,
            who=media.candidate_label,
            frames=len(found.frame_times),
            fps=f"{found.fps:.1f}",
            duration=f"{found.duration_s:.1f}",
        )
    )
    if not found.events:
        print(_("no events during the recording"))
    for event in found.events:
        detail = f" ({event.detail})" if event.detail else ""
        print(f"{_clock(event.t_s)}  {event.kind:<8}  {event.label}{detail}")
    if found.depth:
        print(
            _("CPR depth: {points} points from {start} to {end}").format(
                points=len(found.depth),
                start=_clock(found.depth[0][0]),
                end=_clock(found.depth[-1][0]),
            )
        )
    return 0


def delete(args: argparse.Namespace) -> int:
    """Erase a recording's files; the record stays, with the reason."""
    with open_session(args) as session:
        info = session.services.media.delete_media(session.user, args.media, args.reason)
    print(_("deleted the files of recording {media}; its record is kept").format(media=info.id))
    for path in info.missing:
        print(_("already missing: {path}").format(path=path))
    return 0


def retention(args: argparse.Namespace) -> int:
    """Show or set how long recordings are kept."""
    if args.keep and args.days is not None:
        raise UserError(_("give a number of days or --keep, not both"), exit_code=2)
    with open_session(args) as session:
        services, me = session.services, session.user
        if args.keep:
            days = services.media.set_media_retention_days(me, None)
        elif args.days is not None:
            days = services.media.set_media_retention_days(me, args.days)
        else:
            days = services.media.media_retention_days(me)
    if days is None:
        print(_("recordings are kept until they are deleted"))
    else:
        print(_("recordings are kept for {days} days; `skillstation media purge` deletes "
                "older ones").format(days=days))  # fmt: skip
    return 0


def purge(args: argparse.Namespace) -> int:
    """Delete the recordings older than the retention."""
    with open_session(args) as session:
        deleted = session.services.media.purge_expired_media(session.user)
    for media in deleted:
        print(
            _("deleted recording {media} of {started} ({who})").format(
                media=media.id, started=_minute(media.started_at), who=media.candidate_label
            )
        )
        for path in media.missing:
            print(_("already missing: {path}").format(path=path))
    print(_("{count} recordings deleted").format(count=len(deleted)))
    return 0


# --------------------------------------------------------------------------- helpers


def _minute(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M")


def _clock(t_s: float) -> str:
    """Seconds as m:ss.sss (negative just before the first frame)."""
    sign = "-" if t_s < 0 else ""
    minutes, seconds = divmod(abs(t_s), 60.0)
    return f"{sign}{int(minutes)}:{seconds:06.3f}"


def _state(media: MediaInfo) -> str:
    if media.deleted_at is not None:
        return _("deleted {when} ({reason})").format(
            when=_minute(media.deleted_at), reason=media.deleted_reason or ""
        )
    if media.ended_at is None:
        return _("not finished")
    return _("finished")


def _media_json(media: MediaInfo) -> dict[str, Any]:
    def stamp(when: datetime | None) -> str | None:
        return None if when is None else when.isoformat()

    return {
        "id": media.id,
        "encounter_id": media.encounter_id,
        "attempt_id": media.attempt_id,
        "kind": media.kind,
        "folder": str(media.folder),
        "name": media.name,
        "started_at": stamp(media.started_at),
        "ended_at": stamp(media.ended_at),
        "frames": media.frames,
        "dropped_frames": media.dropped_frames,
        "size_bytes": media.size_bytes,
        "deleted_at": stamp(media.deleted_at),
        "deleted_reason": media.deleted_reason,
        "candidate": media.candidate_label,
        "exam_code": media.exam_code,
        "station_id": media.station_id,
    }
