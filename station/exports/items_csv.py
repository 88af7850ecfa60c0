"""The item-level export: one row per item mark that counted in a result.

A mark counts when it is the item's current mark (the last correction) or the value a
feedback device's metrics gave an item nobody marked; items excluded from scoring are
left out, and so are encounters imported from a file, which have no item marks.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO

from station.exports.cells import csv_cell
from station.exports.data import ExportData, Progress
from station.services.results import format_number, format_time
from station.services.types import EncounterResult

#: The columns of the item export, in order (docs/exports.md).
ITEM_COLUMNS = (
    "candidate_id",
    "station_id",
    "examiner_id",
    "marker",
    "item_id",
    "item_text",
    "value",
    "points",
    "max_points",
    "critical",
    "source",
    "time_s",
    "submitted_at",
)


def encounter_item_rows(data: ExportData, result: EncounterResult) -> list[list[str]]:
    """The rows of one encounter's counting marks, in checklist order."""
    station = data.station(result.station_key)
    rows = []
    for item in result.score.items:
        mark = item.mark
        if mark is None:
            continue
        rows.append(
            [
                result.candidate_number,
                result.station_key,
                result.examiner,
                result.marker,
                item.item_id,
                station.item_text(item.item_id, data.language),
                str(mark.value),
                format_number(item.points),
                format_number(item.max_points),
                "yes" if item.critical else "no",
                mark.source,
                format_number(mark.t_s),
                format_time(result.submitted_at),
            ]
        )
    return rows


def item_rows(data: ExportData) -> Iterator[list[str]]:
    """The rows of the item export (without the header), in results order."""
    for result in data.results:
        yield from encounter_item_rows(data, result)


def write_items_csv(data: ExportData, handle: BinaryIO, progress: Progress | None = None) -> int:
    """Write the item export as UTF-8 CSV to ``handle``; return the number of rows.
    ``progress`` hears (encounters done, encounters in all)."""
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(ITEM_COLUMNS)
    count = 0
    total = len(data.results)
    for done, result in enumerate(data.results, start=1):
        rows = encounter_item_rows(data, result)
        writer.writerows([csv_cell(cell) for cell in row] for row in rows)
        count += len(rows)
        if progress is not None:
            progress(done, total)
    text.flush()
    text.detach()
    return count
