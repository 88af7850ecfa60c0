"""What a candidate's badge says in its QR code, written and read in one place.

The printed badge (``reports.sheets``) writes :func:`badge_payload`; the examiner's
check-in (the GUI's scanner or a typed code) reads it back with
:func:`read_badge_payload`. Plain Python, so the PDF module and the GUI share it without
either importing the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote

__all__ = ["BADGE_SCHEME", "BadgeCode", "ForeignCode", "badge_payload", "read_badge_payload"]

#: The scheme that marks a badge's QR code as SkillStation's own.
BADGE_SCHEME = "skillstation"

# A plain candidate number as a hand-made badge or another printing tool may hold it: no
# spaces, no scheme, short.
_PLAIN_MAX = 64


class ForeignCode(ValueError):
    """The text of a QR code is not a SkillStation badge (a web address, another
    product's code, a malformed badge); the message says which."""


@dataclass(frozen=True)
class BadgeCode:
    """What a badge's QR code says: the candidate number and, on badges SkillStation
    printed, the exam it was printed for (``None`` for a plain candidate number)."""

    candidate_number: str
    exam_code: str | None


def badge_payload(exam_code: str, candidate_number: str) -> str:
    """The text of a badge's QR code: ``skillstation:EXAM:NUMBER``, each part
    percent-encoded so a colon inside a code cannot shift the parts."""
    return f"{BADGE_SCHEME}:{quote(exam_code, safe='')}:{quote(candidate_number, safe='')}"


def read_badge_payload(text: str) -> BadgeCode:
    """Read the text of a scanned badge: a tagged ``skillstation:EXAM:NUMBER`` code or a
    plain candidate number. Raises :class:`ForeignCode` for anything else."""
    text = text.strip()
    scheme, colon, rest = text.partition(":")
    if colon and scheme.casefold() == BADGE_SCHEME:
        parts = rest.split(":")
        if len(parts) != 2 or not all(part.strip() for part in parts):
            raise ForeignCode(f"“{text}” is a damaged SkillStation badge: reprint it")
        exam_code, number = (unquote(part).strip() for part in parts)
        return BadgeCode(candidate_number=number, exam_code=exam_code)
    if (
        not text
        or len(text) > _PLAIN_MAX
        or colon
        or "/" in text
        or any(ch.isspace() or not ch.isprintable() for ch in text)
    ):
        shown = text if len(text) <= 40 else text[:39] + "…"
        raise ForeignCode(f"“{shown}” is not a SkillStation badge")
    return BadgeCode(candidate_number=text, exam_code=None)
