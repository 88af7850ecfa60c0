"""Reading a CSV file a person gives (a roster, imported results): the one place that
reads the file, decodes it as UTF-8 with messages that say how to fix it, walks its
records with the line each starts on, and sorts problems by line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

from station.files import refuse_special
from station.i18n import _
from station.services.errors import InvalidInput, NotFound

_LINE = re.compile(r":(\d+): ")


def save_as_utf8() -> str:
    return _("save it as 'CSV UTF-8' in the spreadsheet program and import it again")


def read_csv_file(shown: str, *, missing: str, folder: str) -> bytes:
    """The bytes of the file at ``shown`` (a regular file only). ``missing`` and
    ``folder`` are the translated messages (naming ``{file}``) for a path that does not
    exist and for a folder, which say what file was expected."""
    try:
        refuse_special(Path(shown))
        return Path(shown).read_bytes()
    except FileNotFoundError:
        raise NotFound(missing.format(file=shown)) from None
    except IsADirectoryError:
        raise InvalidInput([folder.format(file=shown)]) from None
    except OSError as err:
        raise InvalidInput(
            [
                _("{file}: cannot read the file ({reason}) — check its permissions").format(
                    file=shown, reason=err.strerror or err
                )
            ]
        ) from err


def decode_csv(raw: bytes, shown: str) -> tuple[str | None, list[str]]:
    """The file's text, or the problems that stop it from being read as UTF-8."""
    if raw.startswith(b"PK\x03\x04"):
        return None, [
            _("{file}: this is a spreadsheet workbook, not a CSV file — {advice}").format(
                file=shown, advice=save_as_utf8()
            )
        ]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            _("{file}: the file is UTF-16 text, not UTF-8 — {advice}").format(
                file=shown, advice=save_as_utf8()
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    problems = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as err:
            problems.append(
                _(
                    "{file}:{line}: byte 0x{byte} at column {column} is not UTF-8 text (the "
                    "file was saved in another encoding) — {advice}"
                ).format(
                    file=shown,
                    line=number,
                    byte=f"{line[err.start]:02x}",
                    column=err.start + 1,
                    advice=save_as_utf8(),
                )
            )
    if problems:
        return None, problems
    text = raw.decode("utf-8")
    if "\x00" in text:
        return None, [
            _("{file}: the file holds NUL bytes, so it is not a CSV file — {advice}").format(
                file=shown, advice=save_as_utf8()
            )
        ]
    return text, []


def csv_records(text: str, shown: str, problems: list[str]) -> Iterator[tuple[int, list[str]]]:
    """The records of a CSV text with the line each starts on, blank lines skipped.

    A record may span lines (a quoted value holding a line break). A malformed record
    ends the walk with a problem naming its line, appended to ``problems``.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    end = 0
    while True:
        start = end + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            problems.append(
                _(
                    "{file}:{line}: {error} — check the double quotes on this line (a quote "
                    'inside a quoted value is written twice: "")'
                ).format(file=shown, line=start, error=err)
            )
            return
        end = reader.line_num
        if cells and any(c.strip() for c in cells):
            yield start, cells


def line_of(problem: str) -> int:
    """The line a problem names (``file:12: ...``), 0 for a problem of the whole file."""
    match = _LINE.search(problem)
    return int(match.group(1)) if match else 0
