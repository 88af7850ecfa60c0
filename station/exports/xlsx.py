"""The results workbook (openpyxl): a summary of every candidate, the candidates sheet
(the columns of the candidates CSV), one sheet per station,
the item marks, and a sheet about the export.

Every sheet has its header row frozen (and the candidate column beside it), an
autofilter over the table, number formats (scores to two decimals, percentages to one,
times as dates) and column widths fitted to their contents. The values are those of the
CSV exports, as numbers and times rather than text; times are UTC.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from station.exports.candidates_csv import CANDIDATE_COLUMNS, candidate_row
from station.exports.cells import text_cells_as_text
from station.exports.data import ExportData, Progress
from station.exports.items_csv import ITEM_COLUMNS, encounter_item_rows
from station.results import reasons_text

SCORE_FORMAT = "0.00"
PERCENT_FORMAT = "0.0"
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
INTEGER_FORMAT = "0"

#: The columns of a station sheet, in order.
STATION_COLUMNS = (
    "candidate_id",
    "examiner_id",
    "marker",
    "score",
    "max_score",
    "percent",
    "global_grade",
    "global_grade_label",
    "outcome",
    "reason",
    "definition_version",
    "submitted_at",
    "source",
)

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_MAX_WIDTH = 60
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _utc(value: datetime | None) -> datetime | None:
    """A spreadsheet time: UTC without a time zone (workbooks cannot hold one)."""
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None)


def _sheet_title(name: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("-", name)[:31] or "station"
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def _table(
    sheet: Any,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    formats: dict[str, str],
    *,
    freeze: str = "B2",
) -> None:
    """Fill ``sheet`` with a header and rows, then format it."""
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    widths = [len(h) for h in header]
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    for index, name in enumerate(header, start=1):
        number_format = formats.get(name)
        column = sheet.iter_rows(min_row=2, min_col=index, max_col=index)
        for (cell,) in column:
            if number_format is not None and cell.value is not None:
                cell.number_format = number_format
            value = cell.value
            shown = (
                19 if isinstance(value, datetime) else len(str(value)) if value is not None else 0
            )
            widths[index - 1] = max(widths[index - 1], shown)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, _MAX_WIDTH)
    sheet.freeze_panes = freeze
    last = get_column_letter(len(header))
    sheet.auto_filter.ref = f"A1:{last}{max(1, len(rows) + 1)}"


def build_workbook(data: ExportData, progress: Progress | None = None) -> Workbook:
    """The results workbook for ``data``."""
    book = Workbook()
    used: set[str] = set()
    total = len(data.results) * 2 + len(data.outcomes)
    done = 0

    def step(n: int = 1) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    summary = book.active
    summary.title = _sheet_title("Summary", used)
    keys = [s.key for s in data.stations]
    header = ["candidate_id", "family_name", "given_name", *keys]
    header += ["overall_pct", "stations_passed", "stations_total", "outcome", "reason"]
    rows: list[list[object]] = []
    for outcome in data.outcomes:
        percents = outcome.station_percent
        rows.append(
            [
                outcome.candidate_number,
                outcome.family_name,
                outcome.given_name,
                *(percents[k] for k in keys),
                outcome.overall_pct,
                outcome.stations_passed,
                outcome.stations_total,
                outcome.outcome,
                reasons_text(outcome.reasons, data.language),
            ]
        )
        step()
    formats = dict.fromkeys([*keys, "overall_pct"], PERCENT_FORMAT)
    formats |= {"stations_passed": INTEGER_FORMAT, "stations_total": INTEGER_FORMAT}
    _table(summary, header, rows, formats)

    # The candidates CSV as a sheet: the same columns, numbers as numbers.
    candidates = book.create_sheet(_sheet_title("Candidates", used))
    candidate_rows: list[list[object]] = []
    for outcome in data.outcomes:
        cells: list[object] = list(candidate_row(outcome, data.language))
        cells[3] = outcome.overall_pct
        cells[4] = outcome.stations_passed
        cells[5] = outcome.stations_required
        candidate_rows.append(cells)
    _table(
        candidates,
        CANDIDATE_COLUMNS,
        candidate_rows,
        {
            "percent": PERCENT_FORMAT,
            "stations_passed": INTEGER_FORMAT,
            "stations_required": INTEGER_FORMAT,
        },
    )

    station_formats = {
        "score": SCORE_FORMAT,
        "max_score": SCORE_FORMAT,
        "percent": PERCENT_FORMAT,
        "global_grade": INTEGER_FORMAT,
        "submitted_at": TIME_FORMAT,
    }
    for station in data.stations:
        sheet = book.create_sheet(_sheet_title(station.key, used))
        rows = []
        for result in data.results:
            if result.station_key != station.key:
                continue
            score = result.score
            rows.append(
                [
                    result.candidate_number,
                    result.examiner,
                    result.marker,
                    score.score,
                    score.max_score,
                    score.percent,
                    score.grade,
                    result.grade_label,
                    result.outcome,
                    reasons_text(result.reasons, data.language),
                    result.definition_version,
                    _utc(result.submitted_at),
                    data.sources.get(result.encounter_id, "station"),
                ]
            )
            step()
        _table(sheet, STATION_COLUMNS, rows, station_formats)

    items = book.create_sheet(_sheet_title("Items", used))
    item_rows: list[list[object]] = []
    for result in data.results:
        for row in encounter_item_rows(data, result):
            typed: list[object] = list(row)
            typed[7] = float(row[7])  # points
            typed[8] = float(row[8])  # max_points
            typed[11] = float(row[11]) if row[11] else None  # time_s
            typed[12] = _utc(result.submitted_at)
            item_rows.append(typed)
        step()
    _table(
        items,
        ITEM_COLUMNS,
        item_rows,
        {
            "points": SCORE_FORMAT,
            "max_points": SCORE_FORMAT,
            "time_s": "0.0",
            "submitted_at": TIME_FORMAT,
        },
    )

    about = book.create_sheet(_sheet_title("About", used))
    standard = data.standard
    facts: list[list[object]] = [
        ["exam", data.exam_code],
        ["title", data.exam_title],
        ["exported_at", _utc(data.generated_at)],
        ["results_released_at", _utc(data.released_at)],
        ["standard_method", standard.method if standard else None],
        ["cut_score_pct", standard.cut_score if standard else None],
        ["pass_mark_pct", standard.pass_mark if standard else None],
        ["sem_multiplier", standard.sem_multiplier if standard else None],
        ["times", "UTC"],
    ]
    for station in data.stations:
        cut = standard.station_cuts.get(station.key) if standard else None
        facts.append([f"station {station.position}: {station.key}", station.title(data.language)])
        facts.append([f"cut_score_pct {station.key}", cut])
    _table(about, ["name", "value"], facts, {}, freeze="A2")
    for (cell,) in about.iter_rows(min_row=2, min_col=2, max_col=2):
        if isinstance(cell.value, datetime):
            cell.number_format = TIME_FORMAT
        elif isinstance(cell.value, float):
            cell.number_format = PERCENT_FORMAT
    return book


def write_xlsx(data: ExportData, handle: BinaryIO, progress: Progress | None = None) -> int:
    """Write the workbook to ``handle``; return the number of encounter rows."""
    book = build_workbook(data, progress)
    text_cells_as_text(book)
    # Built in memory, written in one call: a full disk then fails that write, rather
    # than leave openpyxl's zip file half written (and complaining when collected).
    buffer = io.BytesIO()
    book.save(buffer)
    handle.write(buffer.getvalue())
    return len(data.results)
