"""The page every report shares: A4, a running header with the exam and its date, "page
N of M" in the footer, the draft watermark, one set of paragraph styles and one table
style with header rows repeated on every page a table runs onto."""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table, TableStyle

from reports.fonts import draw_string, is_cjk, markup, register_fonts, string_width, visual
from reports.i18n import Translate, format_date, translator
from reports.model import ReportHeader

Out = str | os.PathLike[str] | BinaryIO

__all__ = ["A4", "MARGIN", "Coloured", "Out", "Styles", "build", "p", "styles", "table"]

#: Colours used throughout: ink, a muted grey, a rule grey, a header fill, and the
#: status colours (colour is never the only cue: every status is also printed in words).
INK = colors.HexColor("#1d2430")
MUTED = colors.HexColor("#5b6573")
RULE = colors.HexColor("#c5ccd6")
FILL = colors.HexColor("#e8edf3")
ZEBRA = colors.HexColor("#f6f8fa")
ACCENT = colors.HexColor("#1f5f99")
GOOD = colors.HexColor("#1e7b34")
BAD = colors.HexColor("#b3261e")
WARN = colors.HexColor("#9a6700")
BAND = colors.HexColor("#d8f0dc")
SECTION_FILL = colors.HexColor("#eef2f7")

MARGIN = 18 * mm
HEADER_H = 16 * mm
FOOTER_H = 12 * mm


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    head: ParagraphStyle
    head_small: ParagraphStyle
    big: ParagraphStyle
    center: ParagraphStyle


def styles() -> Styles:
    fonts = register_fonts()
    base = ParagraphStyle(
        "body", fontName=fonts.sans, fontSize=9.5, leading=12.5, textColor=INK, spaceAfter=4
    )

    def derive(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return Styles(
        title=derive("title", fontName=fonts.sans_bold, fontSize=17, leading=21, spaceAfter=6),
        h2=derive(
            "h2",
            fontName=fonts.sans_bold,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=5,
            textColor=ACCENT,
        ),
        h3=derive("h3", fontName=fonts.sans_bold, fontSize=10.5, leading=13, spaceBefore=6),
        body=base,
        small=derive("small", fontSize=8, leading=10, textColor=MUTED),
        cell=derive("cell", fontSize=8.5, leading=10.5, spaceAfter=0),
        cell_bold=derive("cellb", fontName=fonts.sans_bold, fontSize=8.5, leading=10.5),
        cell_right=derive("cellr", fontSize=8.5, leading=10.5, spaceAfter=0, alignment=TA_RIGHT),
        head=derive("head", fontName=fonts.sans_bold, fontSize=8.5, leading=10.5, spaceAfter=0),
        head_small=derive("heads", fontName=fonts.sans_bold, fontSize=7, leading=8.5, spaceAfter=0),
        big=derive("big", fontName=fonts.sans_bold, fontSize=14, leading=18),
        center=derive("center", alignment=TA_CENTER),
    )


def p(text: str, style: ParagraphStyle, *, bold: bool = False) -> Paragraph:
    """A paragraph of plain (user) text in any script."""
    return Paragraph(markup(text, bold=bold), style)


@dataclass(frozen=True)
class Coloured:
    """A table cell printed in bold in a colour (a status: pass, fail...)."""

    text: str
    colour: Any


def _plain(text: str, font: str, size: float, room: float) -> bool:
    """Whether ``text`` can be drawn as a plain table string (one line that fits, in
    one font) rather than a paragraph, which costs far more to lay out."""
    if "\n" in text:
        return False
    if not text.isascii() and (any(is_cjk(ch) for ch in text) or visual(text) != text):
        return False
    return bool(stringWidth(text, font, size) <= room)


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    st: Styles,
    *,
    right: Sequence[int] = (),
    extra: Sequence[tuple[Any, ...]] = (),
    head: ParagraphStyle | None = None,
) -> Table:
    """A table whose header row repeats on every page it runs onto; rows are kept
    whole (a row never splits across pages). Text that fits its column on one line is
    drawn as it is; longer text, or text in another script, becomes a paragraph that
    wraps inside its column."""
    fonts = register_fonts()
    size = st.cell.fontSize
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 1), (-1, -1), fonts.sans, size, st.cell.leading),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, 0), FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    commands += [("ALIGN", (col, 1), (col, -1), "RIGHT") for col in right]

    def cell(value: Any, row: int, col: int) -> Any:
        room = widths[col] - 8
        if isinstance(value, Coloured):
            at = (col, row)
            if _plain(value.text, fonts.sans_bold, size, room):
                commands.extend(
                    [
                        ("FONT", at, at, fonts.sans_bold, size, st.cell.leading),
                        ("TEXTCOLOR", at, at, value.colour),
                    ]
                )
                return value.text
            return Paragraph(markup(value.text), st.cell_bold.clone("c", textColor=value.colour))
        if isinstance(value, str):
            if _plain(value, fonts.sans, size, room):
                return value
            return p(value, st.cell_right if col in right else st.cell)
        return value

    head_style = head or st.head
    head_right = head_style.clone("head_right", alignment=TA_RIGHT)
    data = [[p(h, head_right if i in right else head_style) for i, h in enumerate(header)]]
    data += [[cell(v, r, c) for c, v in enumerate(row)] for r, row in enumerate(rows, start=1)]
    t = Table(data, colWidths=list(widths), repeatRows=1, splitByRow=1)
    commands += [("BACKGROUND", (0, r), (-1, r), ZEBRA) for r in range(2, len(data), 2)]
    t.setStyle(TableStyle([*commands, *extra]))
    return t


def _page_decorator(
    header: ReportHeader, report_title: str, tr: Translate
) -> Callable[[Canvas, Any], None]:
    date_text = format_date(header.exam_date, header.language)
    exam_line = header.exam_title or header.exam_code
    right = " · ".join(x for x in (header.exam_code, date_text) if x)

    def decorate(canvas: Canvas, doc: Any) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        canvas.setFillColor(INK)
        top = height - MARGIN + 6 * mm
        draw_string(canvas, MARGIN, top, exam_line, 10, bold=True)
        canvas.setFillColor(MUTED)
        draw_string(canvas, width - MARGIN, top, right, 8.5, anchor="end")
        draw_string(canvas, MARGIN, top - 4.2 * mm, report_title, 8.5)
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(0.8)
        canvas.line(MARGIN, top - 6.2 * mm, width - MARGIN, top - 6.2 * mm)
        canvas.restoreState()

    return decorate


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that holds every page back until the end, to print "page N of M" (and
    the draft watermark) once M is known."""

    footer_text: str = "Page {n} of {m}"
    left_text: str = ""
    watermark: str | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        width, height = self._pagesize
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, MARGIN - 3 * mm, width - MARGIN, MARGIN - 3 * mm)
        self.setFillColor(MUTED)
        text = self.footer_text.format(n=self._pageNumber, m=total)
        draw_string(self, width - MARGIN, MARGIN - 7.5 * mm, text, 8, anchor="end")
        if self.left_text:
            draw_string(self, MARGIN, MARGIN - 7.5 * mm, self.left_text, 8)
        if self.watermark:
            self.translate(width / 2, height / 2)
            self.rotate(math.degrees(math.atan2(height, width)))
            self.setFillColor(BAD)
            self.setFillAlpha(0.16)
            size = 40.0
            room = 0.7 * (width**2 + height**2) ** 0.5
            size = min(size, size * room / max(string_width(self.watermark, size, bold=True), 1))
            draw_string(self, 0, -size / 3, self.watermark, size, bold=True, anchor="middle")
        self.restoreState()


def build(
    out: Out,
    header: ReportHeader,
    report_title: str,
    story: list[Any],
    *,
    footer_left: str = "",
) -> None:
    """Lay ``story`` out on A4 pages with the shared header, footer and watermark and
    write the PDF to ``out`` (a path or a binary file)."""
    register_fonts()
    tr = translator(header.language)
    target: Any = str(Path(out)) if isinstance(out, str | os.PathLike) else out
    doc = BaseDocTemplate(
        target,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_H - 6 * mm,
        bottomMargin=MARGIN + FOOTER_H - 8 * mm,
        title=f"{report_title} — {header.exam_title or header.exam_code}",
        author="SkillStation",
        creator="SkillStation",
        lang=header.language,
    )
    frame = Frame(
        doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", showBoundary=0
    )
    doc.addPageTemplates(
        [PageTemplate(id="page", frames=[frame], onPage=_page_decorator(header, report_title, tr))]
    )
    footer = tr("Page {n} of {m}")
    mark = tr("DRAFT — results not released") if header.draft else None

    class _Canvas(_NumberedCanvas):
        footer_text = footer
        left_text = footer_left
        watermark = mark

    doc.build(story, canvasmaker=_Canvas)
