"""The candidates export: one row per candidate on the roster, with the exam result
and its reasons, read from the results model (:mod:`station.results`)."""

from __future__ import annotations

import csv
import io
from typing import BinaryIO

from station.exports.data import ExportData
from station.results import CandidateOutcome, reasons_text
from station.services.results import format_number

#: The columns of the candidates export, in order (docs/exports.md).
CANDIDATE_COLUMNS = (
    "candidate_id",
    "family_name",
    "given_name",
    "percent",
    "stations_passed",
    "stations_required",
    "outcome",
    "reason",
)


def candidate_row(candidate: CandidateOutcome, language: str) -> list[str]:
    """One candidate's row (:data:`CANDIDATE_COLUMNS`), reasons in ``language``."""
    required = candidate.stations_required
    return [
        candidate.candidate_number,
        candidate.family_name,
        candidate.given_name,
        format_number(candidate.overall_pct),
        str(candidate.stations_passed),
        "" if required is None else str(required),
        candidate.outcome,
        reasons_text(candidate.reasons, language),
    ]


def write_candidates_csv(data: ExportData, handle: BinaryIO) -> int:
    """Write the candidates CSV to ``handle``; return the number of candidates."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(CANDIDATE_COLUMNS)
    for candidate in data.outcomes:
        writer.writerow(candidate_row(candidate, data.language))
    handle.write(text.getvalue().encode("utf-8"))
    return len(data.outcomes)
