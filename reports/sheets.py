"""Printable sheets for the exam day: candidate badges with a QR code of the exam and
the candidate number (scanned at check-in), blank checklists per station (the paper
fallback when a station computer fails) and the rotation timetable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from assessments.badges import badge_payload
from reports.fonts import draw_string, string_width
from reports.i18n import Translate, translator
from reports.layout import (
    A4,
    ACCENT,
    INK,
    MARGIN,
    MUTED,
    RULE,
    Out,
    Styles,
    build,
    p,
    styles,
    table,
)
from reports.model import Badge, BadgeData, BlankChecklist, BlankItem, ChecklistData, TimetableData

# --------------------------------------------------------------------------- badges

#: Cards per page: 2 across, 4 down, each 85 × 55 mm (a credit card is 85.6 × 54).
BADGE_W = 85 * mm
BADGE_H = 55 * mm
BADGE_COLUMNS = 2
BADGE_ROWS = 4


#: QR error correction level H (30 % of the code may be lost): a badge gets creased and
#: scuffed, and OpenCV's detector, which the check-in camera uses, finds level-H codes of
#: this size reliably where it misses some lower-level ones.
QR_LEVEL = "H"


def qr_drawing(value: str, size: float) -> Drawing:
    """A QR code of ``value`` (error correction H, a four-module quiet zone) as a
    ``size`` × ``size`` point drawing."""
    widget = QrCodeWidget(value, barLevel=QR_LEVEL, barBorder=4)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


class _BadgeCard(Flowable):  # type: ignore[misc]
    def __init__(self, badge: Badge, exam_code: str, exam_line: str, group_label: str) -> None:
        super().__init__()
        self.badge = badge
        self.exam_code = exam_code
        self.exam_line = exam_line
        self.group_label = group_label
        self.width = BADGE_W
        self.height = BADGE_H

    def _fit(self, text: str, size: float, room: float, bold: bool) -> float:
        while size > 7 and string_width(text, size, bold=bold) > room:
            size -= 0.5
        return size

    def draw(self) -> None:
        c: Canvas = self.canv
        c.saveState()
        c.setStrokeColor(RULE)
        c.setDash(2, 2)
        c.roundRect(0, 0, BADGE_W, BADGE_H, 3 * mm, stroke=1, fill=0)
        c.setDash()
        c.setFillColor(ACCENT)
        c.rect(0, BADGE_H - 9 * mm, BADGE_W, 9 * mm, stroke=0, fill=1)
        c.setFillColor("white")
        draw_string(c, 4 * mm, BADGE_H - 6 * mm, self.exam_line, 8.5, bold=True)
        qr = 34 * mm
        from reportlab.graphics import renderPDF

        renderPDF.draw(
            qr_drawing(badge_payload(self.exam_code, self.badge.candidate_number), qr),
            c,
            BADGE_W - qr - 3 * mm,
            5 * mm,
        )
        room = BADGE_W - qr - 9 * mm
        c.setFillColor(INK)
        lines = (
            self.badge.name.split(" ", 1)
            if string_width(self.badge.name, 13, bold=True) > room
            else [self.badge.name]
        )
        y = BADGE_H - 19 * mm
        for line in lines[:2]:
            size = self._fit(line, 13, room, True)
            draw_string(c, 4 * mm, y, line, size, bold=True)
            y -= 6 * mm
        size = self._fit(self.badge.candidate_number, 18, room, True)
        draw_string(c, 4 * mm, 12 * mm, self.badge.candidate_number, size, bold=True)
        if self.badge.group:
            c.setFillColor(MUTED)
            draw_string(c, 4 * mm, 6 * mm, f"{self.group_label}: {self.badge.group}", 8)
        c.restoreState()


def render_badges(data: BadgeData, out: Out) -> None:
    """Badge cards, eight to an A4 page, to cut along the dashed lines: name, candidate
    number and a QR code for the check-in camera (:func:`badge_payload`: the exam code
    and the candidate number, so a badge from another exam is told apart)."""
    from reportlab.platypus import Table, TableStyle

    tr = translator(data.header.language)
    exam_line = data.header.exam_title or data.header.exam_code
    cards = [_BadgeCard(b, data.header.exam_code, exam_line, tr("Group")) for b in data.badges]
    story: list[Any] = []
    per_page = BADGE_COLUMNS * BADGE_ROWS
    for start in range(0, len(cards), per_page):
        chunk = cards[start : start + per_page]
        rows: list[list[Any]] = [
            list(chunk[i : i + BADGE_COLUMNS]) for i in range(0, len(chunk), BADGE_COLUMNS)
        ]
        rows = [row + [""] * (BADGE_COLUMNS - len(row)) for row in rows]
        grid = Table(
            rows, colWidths=[BADGE_W + 4 * mm] * BADGE_COLUMNS, rowHeights=BADGE_H + 3 * mm
        )
        grid.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER")]))
        story.append(grid)
        if start + per_page < len(cards):
            story.append(PageBreak())
    if not story:
        story.append(p(tr("None."), styles().body))
    build(out, data.header, tr("Candidate badges"), story)


# --------------------------------------------------------------------------- checklists


class _Boxes(Flowable):  # type: ignore[misc]
    """Tick boxes with labels, side by side."""

    def __init__(self, labels: Sequence[str], width: float) -> None:
        super().__init__()
        self.labels = list(labels)
        self.width = width
        self.height = 4.2 * mm

    def draw(self) -> None:
        c: Canvas = self.canv
        x = 0.0
        c.setStrokeColor(INK)
        c.setLineWidth(0.7)
        for label in self.labels:
            c.rect(x, 0.3 * mm, 3.4 * mm, 3.4 * mm, stroke=1, fill=0)
            c.setFillColor(INK)
            draw_string(c, x + 4.6 * mm, 1 * mm, label, 7.5)
            x += 5.6 * mm + string_width(label, 7.5) + 3 * mm


def _item_boxes(item: BlankItem, tr: Translate, width: float) -> _Boxes:
    if item.kind == "rating":
        return _Boxes([str(i) for i in range(1, item.scale_max + 1)], width)
    if item.kind == "three_point":
        return _Boxes([tr("Done"), tr("Partly"), tr("Not done")], width)
    return _Boxes([tr("Done"), tr("Not done")], width)


def _item_text(item: BlankItem, tr: Translate) -> str:
    text = ("◆ " if item.critical else "") + item.text
    notes = []
    if item.kind == "three_point" and item.note:
        notes.append(f"{tr('Partly')}: {item.note}")
    if item.kind == "timed":
        notes.append(tr("Done within {s} s").format(s=item.note))
    if item.kind == "device":
        notes.append(tr("Judged by the device: {rule}").format(rule=item.note))
    if item.anchors:
        notes.append("; ".join(f"{k} = {v}" for k, v in item.anchors))
    return text + ("\n" + " · ".join(notes) if notes else "")


def _checklist(sheet: BlankChecklist, tr: Translate, st: Styles, width: float) -> list[Any]:
    story: list[Any] = [p(sheet.title, st.title)]
    story.append(
        p(
            f"{tr('Station')}: {sheet.station_key} v{sheet.version} · {tr('Reading time')}: "
            f"{sheet.reading_s:g} s · {tr('Active time')}: {sheet.active_s:g} s",
            st.small,
        )
    )
    fields = [
        [tr("Candidate's number"), ""],
        [tr("Candidate's name"), ""],
        [tr("Examiner"), ""],
    ]
    story.append(
        table(
            [tr("Candidate"), ""],
            fields,
            [width * 0.3, width * 0.7],
            st,
            extra=[("TOPPADDING", (0, 1), (-1, -1), 7), ("BOTTOMPADDING", (0, 1), (-1, -1), 7)],
        )
    )
    if sheet.examiner_instructions:
        story.append(p(sheet.examiner_instructions, st.small))
    number = 0
    for section in sheet.sections:
        rows = []
        for item in section.items:
            number += 1
            rows.append([str(number), _item_text(item, tr), _item_boxes(item, tr, width * 0.4)])
        story.append(CondPageBreak(25 * mm))
        story.append(p(section.title, st.h3))
        story.append(
            table(
                ["#", tr("Item"), ""],
                rows,
                [width * 0.06, width * 0.54, width * 0.4],
                st,
                extra=[("VALIGN", (2, 1), (2, -1), "MIDDLE")],
            )
        )
    story.append(p(tr("Critical items are marked ◆: not done fails the station."), st.small))
    if sheet.grade_steps:
        story.append(CondPageBreak(20 * mm))
        story.append(p(tr("Global grade"), st.h3))
        story.append(_Boxes(sheet.grade_steps, width))
    story.append(Spacer(1, 5 * mm))
    story.append(p(tr("Comments for the candidate"), st.h3))
    story.append(_Lines(width, 4))
    story.append(Spacer(1, 4 * mm))
    story.append(p(tr("Examiner's signature"), st.h3))
    story.append(_Lines(width * 0.5, 1))
    return story


class _Lines(Flowable):  # type: ignore[misc]
    """Ruled lines to write on."""

    def __init__(self, width: float, count: int) -> None:
        super().__init__()
        self.width = width
        self.count = count
        self.height = count * 8 * mm

    def draw(self) -> None:
        c: Canvas = self.canv
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        for i in range(self.count):
            y = self.height - (i + 1) * 8 * mm
            c.line(0, y, self.width, y)


def render_blank_checklists(data: ChecklistData, out: Out) -> None:
    """One blank checklist per station, each starting on a new page: a tick box per
    answer an item allows, critical items marked, the global rating, room for
    comments and the examiner's signature."""
    tr = translator(data.header.language)
    st = styles()
    width = A4[0] - 2 * MARGIN
    story: list[Any] = []
    for index, sheet in enumerate(data.checklists):
        if index:
            story.append(PageBreak())
        story += _checklist(sheet, tr, st, width)
    if not story:
        story.append(p(tr("None."), st.body))
    build(out, data.header, tr("Blank checklists"), story)


# --------------------------------------------------------------------------- timetable


def render_timetable(data: TimetableData, out: Out) -> None:
    """The rotation timetable: one row per slot, one column per station (and rest),
    each cell the candidates there; a list of the candidates' names follows."""
    tr = translator(data.header.language)
    st = styles()
    width = A4[0] - 2 * MARGIN
    columns = [*data.stations]
    has_rest = any(r.station_key is None for r in data.rows)
    slots: dict[tuple[int, int], dict[str | None, list[str]]] = {}
    times: dict[tuple[int, int], str] = {}
    for row in data.rows:
        key = (row.cycle, row.slot)
        slots.setdefault(key, {}).setdefault(row.station_key, []).append(row.candidate_number)
        # In the computer's time zone, as `skillstation exam timetable` prints it.
        times[key] = f"{row.starts_at.astimezone():%H:%M}–{row.ends_at.astimezone():%H:%M}"
    header = [tr("Time"), *columns] + ([tr("Rest")] if has_rest else [])
    rows = []
    for key in sorted(slots):
        cells = slots[key]
        line = [times[key]] + ["\n".join(cells.get(s, [])) for s in columns]
        if has_rest:
            line.append("\n".join(cells.get(None, [])))
        rows.append(line)
    count = len(header)
    first = min(22 * mm, width / count)
    rest = (width - first) / max(count - 1, 1)
    story: list[Any] = [p(tr("Rotation timetable"), st.title)]
    story.append(table(header, rows, [first] + [rest] * (count - 1), st))
    names = sorted({(r.candidate_number, r.candidate_name) for r in data.rows if r.candidate_name})
    if names:
        story.append(CondPageBreak(30 * mm))
        story.append(p(tr("Candidates"), st.h2))
        story.append(
            table(
                [tr("Candidate number"), tr("Name")],
                [list(n) for n in names],
                [width * 0.3, width * 0.7],
                st,
            )
        )
    build(out, data.header, tr("Rotation timetable"), story)
