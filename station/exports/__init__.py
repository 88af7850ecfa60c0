"""Exports of an exam's results, one module per file format (docs/exports.md).

- :mod:`.candidates_csv` — one row per candidate: the exam result and its reasons;
- :mod:`.items_csv` — one row per counting item mark;
- :mod:`.xlsx` — a workbook: summary, one sheet per station, the item marks;
- :mod:`.xapi` — xAPI 1.0.3 statements as a JSON array;
- :mod:`.pdf_zip` — a zip of the candidates' PDF reports;
- :mod:`.bundle` — everything handed on after an exam (standard, release, reports,
  workbook), as the demonstration writes it.

The plain results CSV is :meth:`station.services.results.ResultServices.export_results_csv`.
Each format is written from one :class:`~station.exports.data.ExportData` snapshot, taken
in the transaction that audits the export; :mod:`.service` holds the service entry,
:meth:`~station.exports.service.ExportServices.export_results`.
"""

from __future__ import annotations

#: The formats ``skillstation results export --format`` accepts.
FORMATS = ("csv", "candidates-csv", "items-csv", "xlsx", "xapi", "pdf-zip")

__all__ = ["FORMATS"]
