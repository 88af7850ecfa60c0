"""Reading a results CSV: the export format of ``skillstation results export``.

The first line names the columns; ``candidate_id``, ``station_id``, ``examiner_id``,
``score``, ``max_score`` and ``global_grade`` must be there (in any order), other columns
are ignored, except that a row whose ``outcome`` is ``excluded`` (a station a coordinator
excluded as a whole, as the export writes it) is left out. Excluded items are already out
of the export's ``score`` and ``max_score``. A problem is reported with the file and its
line number.
"""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path
from typing import Any

from assessments.psychometrics.model import ResultRow

#: The ``outcome`` of a row whose station was excluded as a whole (the export writes such
#: rows with this outcome); the reader leaves them out.
EXCLUDED = "excluded"

#: The columns a results CSV must have.
REQUIRED_COLUMNS = (
    "candidate_id",
    "station_id",
    "examiner_id",
    "score",
    "max_score",
    "global_grade",
)


class ResultsCsvError(ValueError):
    """A results CSV that cannot be read: ``path``, ``line`` (1-based; 0 when the file
    itself cannot be opened) and ``message`` (what is wrong and what to do)."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


def _number(text: str, column: str, path: Path, line: int) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ResultsCsvError(
            path, line, f"{column} {text!r} is not a number; write it as e.g. 7.5"
        ) from None
    if not math.isfinite(value) or value < 0:
        raise ResultsCsvError(path, line, f"{column} {text!r} must be a finite number of 0 or more")
    return value


def _row(record: dict[str | None, Any], path: Path, line: int) -> ResultRow:
    def cell(column: str) -> str:
        value = record.get(column)
        return value.strip() if isinstance(value, str) else ""

    candidate, station = cell("candidate_id"), cell("station_id")
    for column, value in (("candidate_id", candidate), ("station_id", station)):
        if not value:
            raise ResultsCsvError(path, line, f"{column} is empty; every row needs one")
    score = _number(cell("score"), "score", path, line)
    maximum = _number(cell("max_score"), "max_score", path, line)
    if score > maximum:
        raise ResultsCsvError(
            path, line, f"score {cell('score')} is above max_score {cell('max_score')}"
        )
    grade_text = cell("global_grade")
    grade: int | None = None
    if grade_text:
        try:
            grade = int(grade_text)
        except ValueError:
            grade = None
        if grade is None or grade < 0:
            raise ResultsCsvError(
                path,
                line,
                f"global_grade {grade_text!r} is not a grade; write the 0-based position of "
                "the step (0, 1, 2...) or leave it empty",
            )
    return ResultRow(candidate, station, cell("examiner_id"), score, maximum, grade)


def read_results_csv(path: str | os.PathLike[str]) -> list[ResultRow]:
    """The rows of a results CSV (UTF-8, with or without a byte-order mark).

    Blank rows and rows whose ``outcome`` column says ``excluded`` are left out. Raises
    :class:`ResultsCsvError` for a file that cannot be read, a missing column, or the
    first row with a bad value, with its line number.
    """
    where = Path(path)
    try:
        with where.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            try:
                header = reader.fieldnames
            except csv.Error as err:
                raise ResultsCsvError(
                    where, reader.line_num, f"not a valid CSV file ({err})"
                ) from None
            if header is None:
                raise ResultsCsvError(
                    where,
                    1,
                    "the file is empty; the first line must name the columns "
                    + ",".join(REQUIRED_COLUMNS),
                )
            missing = [c for c in REQUIRED_COLUMNS if c not in {h.strip() for h in header}]
            if missing:
                raise ResultsCsvError(
                    where,
                    1,
                    f"missing column{'s' if len(missing) != 1 else ''} {', '.join(missing)}; "
                    f"the first line must name {','.join(REQUIRED_COLUMNS)}",
                )
            reader.fieldnames = [h.strip() for h in header]
            rows: list[ResultRow] = []
            try:
                for record in reader:
                    values = [v for v in record.values() if isinstance(v, str)]
                    blank = not any(v.strip() for v in values)
                    outcome = record.get("outcome")
                    excluded = isinstance(outcome, str) and outcome.strip() == EXCLUDED
                    if not blank and not excluded:
                        # The reader is at the record's last line; a quoted value may
                        # span several.
                        line = reader.line_num - sum(v.count("\n") for v in values)
                        rows.append(_row(record, where, line))
            except csv.Error as err:
                raise ResultsCsvError(
                    where, reader.line_num, f"not a valid CSV row ({err})"
                ) from None
    except UnicodeDecodeError:
        raise ResultsCsvError(
            where, 0, "the file is not UTF-8 text; save it as CSV UTF-8"
        ) from None
    except OSError as err:
        raise ResultsCsvError(where, 0, f"cannot read the file ({err.strerror or err})") from None
    return rows
