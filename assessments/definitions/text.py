"""Stage 1, bytes to text: NUL bytes, encodings other than UTF-8, byte-order marks."""

from __future__ import annotations

from assessments.definitions.problems import Problem
from common.messages import Message


def decode(raw: str | bytes, path: str) -> tuple[str | None, Problem | None]:
    """The text of a file, or the problem that stops it being read as text."""
    if isinstance(raw, str):
        if "\x00" in raw:
            return None, Problem(path, None, None, _NOT_TEXT)
        return raw.removeprefix("\ufeff"), None
    for bom, codec in _WIDE_BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(codec), None
            except UnicodeDecodeError:
                return None, Problem(
                    path,
                    None,
                    None,
                    Message(
                        "the file starts with a {codec} byte-order mark but is not valid "
                        "{codec}: save it again as UTF-8",
                        codec=codec.upper(),
                    ),
                )
    if b"\x00" in raw:
        return None, Problem(path, None, None, _NOT_TEXT)
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        return None, _not_utf8(raw, err, path)


_NOT_TEXT = Message(
    "this is not a text file (it contains NUL bytes): a definition is a YAML text file "
    "saved as UTF-8; check that this is the right file"
)
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _not_utf8(raw: bytes, err: UnicodeDecodeError, path: str) -> Problem:
    start = err.start
    line_start = raw.rfind(b"\n", 0, start) + 1
    line = raw.count(b"\n", 0, start) + 1
    col = len(raw[line_start:start].decode("utf-8", errors="replace")) + 1
    bad_lines = {raw.count(b"\n", 0, start)}
    # Count the other lines with bad bytes, so the author knows how much there is to fix.
    rest = raw[start:].decode("utf-8", errors="replace")
    offset = raw.count(b"\n", 0, start)
    for index, text_line in enumerate(rest.split("\n")):
        if "\ufffd" in text_line:
            bad_lines.add(offset + index)
    others = len(bad_lines) - 1
    more = (
        ""
        if not others
        else Message(" ({n} other line too)", n=others)
        if others == 1
        else Message(" ({n} other lines too)", n=others)
    )
    return Problem(
        path,
        line,
        col,
        Message(
            "byte 0x{byte} is not valid UTF-8{more}: the file was saved in another encoding; "
            "save it again as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
            byte=f"{raw[start]:02X}",
            more=more,
        ),
    )
