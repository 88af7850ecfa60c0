"""The candidates' PDF reports as one zip file.

The reports are written by :func:`station.pdf_reports.write_candidate_reports` (in worker
processes, refused before the results are released unless drafts are asked for) into a
temporary folder, then stored in the zip under a folder named after the exam, one
``<candidate number>.pdf`` each. PDFs are already compressed, so they are stored as
they are.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from station.exports.data import Progress


def write_pdf_zip(
    paths: Sequence[Path],
    handle: BinaryIO,
    folder: str,
    when: datetime,
    progress: Progress | None = None,
) -> int:
    """Store the PDFs ``paths`` in a zip written to ``handle``, under ``folder/``, with
    the time stamp ``when``; return how many."""
    stamp = when.astimezone(UTC).timetuple()[:6]
    total = len(paths)
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
        for done, path in enumerate(paths, start=1):
            info = zipfile.ZipInfo(f"{folder}/{path.name}", date_time=stamp)
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
            if progress is not None:
                progress(done, total)
    return total
