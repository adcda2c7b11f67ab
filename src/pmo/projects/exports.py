"""The Gantt chart as a PDF, drawn with fpdf2 as vectors (no browser, no image).

Each A3 landscape page holds a table (ID, name, start, finish) and, to its right, the timeline of
the same rows: task bars (critical ones red), summary bars, milestone diamonds, baseline bars
under the current ones, dependency arrows between rows of the page, and the status-date and today
lines. The time scale is the same on every page so pages can be laid side by side.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from fpdf import FPDF

if TYPE_CHECKING:
    from pmo.projects.models import Project
    from pmo.projects.views.gantt import GanttData

PAGE_W, PAGE_H = 420.0, 297.0
MARGIN = 10.0
HEADER_H = 24.0
ROW_H = 6.0
COLUMNS = (("ID", 12.0), ("Task", 86.0), ("Start", 26.0), ("Finish", 26.0))
TABLE_W = sum(width for _, width in COLUMNS)
CHART_X = MARGIN + TABLE_W + 4.0
CHART_W = PAGE_W - MARGIN - CHART_X
ROWS_PER_PAGE = int((PAGE_H - 2 * MARGIN - HEADER_H) // ROW_H)
RGB = {
    "task": (76, 120, 168),
    "critical": (214, 39, 40),
    "summary": (51, 60, 78),
    "baseline": (176, 183, 195),
    "link": (127, 135, 148),
    "status": (44, 160, 44),
    "today": (255, 127, 14),
    "grid": (225, 228, 234),
}
LINK_ENDS = {"FS": (1, 0), "SS": (0, 0), "FF": (1, 1), "SF": (0, 1)}


def latin(text: str) -> str:
    """Core PDF fonts are Latin-1: replace what they cannot show."""
    return text.encode("latin-1", "replace").decode("latin-1")


class _Scale:
    """Maps instants to millimetres across the chart area."""

    def __init__(self, first: dt.datetime, last: dt.datetime) -> None:
        self.first = first - dt.timedelta(days=1)
        self.last = last + dt.timedelta(days=1)
        self.span = max((self.last - self.first).total_seconds(), 1.0)

    def x(self, when: dt.datetime) -> float:
        return CHART_X + CHART_W * (when - self.first).total_seconds() / self.span

    def ticks(self) -> list[tuple[dt.datetime, str]]:
        """Tick marks: weeks for spans up to four months, months up to three years, else quarters."""
        days = self.span / 86400
        if days <= 120:
            day = self.first.date() + dt.timedelta(days=(7 - self.first.weekday()) % 7)
            step = [dt.datetime(d.year, d.month, d.day) for d in _every(day, self.last.date(), 7)]
            return [(t, t.strftime("%d %b")) for t in step]
        months = 1 if days <= 1100 else 3
        ticks: list[tuple[dt.datetime, str]] = []
        year, month = self.first.year, self.first.month
        while True:
            month += 1
            if month > 12:
                year, month = year + 1, 1
            when = dt.datetime(year, month, 1)
            if when > self.last:
                return ticks
            if (month - 1) % months == 0:
                label = when.strftime("%b %Y") if months == 1 else f"Q{(month - 1) // 3 + 1} {year}"
                ticks.append((when, label))


def _every(first: dt.date, last: dt.date, step: int) -> list[dt.date]:
    days = []
    while first <= last:
        days.append(first)
        first += dt.timedelta(days=step)
    return days


def _span(data: GanttData) -> tuple[dt.datetime, dt.datetime]:
    values = [v for row in data.rows for v in (row["start"], row["finish"]) if v is not None]
    values += [v for pair in data.baseline.values() for v in pair if v is not None]
    if data.status_date is not None:
        values.append(data.status_date)
    if not values:
        return data.today, data.today + dt.timedelta(days=7)
    return min(values), max(values)


def _header(pdf: FPDF, project: Project, data: GanttData, scale: _Scale, page: int, pages: int) -> None:
    pdf.set_font("Helvetica", "B", 13)
    pdf.set_xy(MARGIN, MARGIN)
    pdf.cell(TABLE_W, 6, latin(f"{project.code} · {project.name}"))
    pdf.set_font("Helvetica", "", 8)
    pdf.set_xy(MARGIN, MARGIN + 6)
    status = f"status date {project.status_date:%Y-%m-%d}, " if project.status_date else ""
    pdf.cell(
        TABLE_W,
        5,
        latin(
            f"Gantt, {status}baseline {data.baseline_number}, "
            f"printed {data.today:%Y-%m-%d} · page {page}/{pages}"
        ),
    )
    y = MARGIN + HEADER_H - ROW_H
    pdf.set_font("Helvetica", "B", 8)
    x = MARGIN
    for label, width in COLUMNS:
        pdf.set_xy(x, y)
        pdf.cell(width, ROW_H, label, border="B")
        x += width
    pdf.set_font("Helvetica", "", 7)
    pdf.set_draw_color(*RGB["grid"])
    bottom = MARGIN + HEADER_H + ROW_H * ROWS_PER_PAGE
    for when, label in scale.ticks():
        tx = scale.x(when)
        pdf.line(tx, y, tx, bottom)
        pdf.set_xy(tx + 0.5, y)
        pdf.cell(20, ROW_H, label)


def _vline(pdf: FPDF, x: float, colour: tuple[int, int, int], label: str) -> None:
    if not CHART_X <= x <= CHART_X + CHART_W:
        return
    top = MARGIN + HEADER_H - ROW_H - 3
    bottom = MARGIN + HEADER_H + ROW_H * ROWS_PER_PAGE
    pdf.set_draw_color(*colour)
    pdf.set_line_width(0.4)
    with pdf.local_context():
        pdf.set_dash_pattern(dash=1.5, gap=1.0)
        pdf.line(x, top, x, bottom)
    pdf.set_text_color(*colour)
    pdf.set_xy(x + 0.5, top - 1)
    pdf.cell(20, 3, label)
    pdf.set_text_color(0, 0, 0)
    pdf.set_line_width(0.2)


def _row(pdf: FPDF, row: dict[str, Any], y: float, scale: _Scale, planned: Any) -> None:
    pdf.set_font("Helvetica", "B" if row["is_summary"] else "", 7)
    x = MARGIN
    indent = "  " * (int(row.get("outline_level") or 1) - 1)
    cells = (
        str(row["position"]),
        latin(indent + str(row["name"]))[:60],
        f"{row['start']:%Y-%m-%d %H:%M}" if row["start"] else "",
        f"{row['finish']:%Y-%m-%d %H:%M}" if row["finish"] else "",
    )
    for text, (_, width) in zip(cells, COLUMNS, strict=True):
        pdf.set_xy(x, y)
        pdf.cell(width, ROW_H, text)
        x += width
    if planned and planned[0] is not None and planned[1] is not None:
        pdf.set_fill_color(*RGB["baseline"])
        bx = scale.x(planned[0])
        pdf.rect(bx, y + 4.0, max(scale.x(planned[1]) - bx, 0.4), 1.2, style="F")
    start, finish = row["start"], row["finish"]
    if start is None or finish is None:
        return
    sx, fx = scale.x(start), scale.x(finish)
    if row["is_milestone"]:
        pdf.set_fill_color(*RGB["critical" if row["is_critical"] else "summary"])
        cy = y + 2.4
        pdf.polygon([(fx, cy - 1.8), (fx + 1.8, cy), (fx, cy + 1.8), (fx - 1.8, cy)], style="F")
    elif row["is_summary"]:
        pdf.set_fill_color(*RGB["summary"])
        pdf.rect(sx, y + 1.6, max(fx - sx, 0.4), 1.4, style="F")
    else:
        pdf.set_fill_color(*RGB["critical" if row["is_critical"] else "task"])
        pdf.rect(sx, y + 1.0, max(fx - sx, 0.4), 2.8, style="F")


def _arrows(pdf: FPDF, data: GanttData, scale: _Scale, where: dict[int, float]) -> None:
    """Arrows between rows of the same page: an elbow from the predecessor's end to the successor."""
    ends = {row["id"]: (row["start"], row["finish"]) for row in data.rows if row["id"] in where}
    pdf.set_draw_color(*RGB["link"])
    pdf.set_fill_color(*RGB["link"])
    for pred, succ, kind in data.links:
        if pred not in ends or succ not in ends:
            continue
        p_side, s_side = LINK_ENDS.get(kind, (1, 0))
        p_when, s_when = ends[pred][p_side], ends[succ][s_side]
        if p_when is None or s_when is None:
            continue
        px, sx = scale.x(p_when), scale.x(s_when)
        py, sy = where[pred] + 2.4, where[succ] + 2.4
        pdf.line(px, py, px, sy)
        pdf.line(px, sy, sx, sy)
        tip = -1.2 if sx >= px else 1.2
        pdf.polygon([(sx, sy), (sx + tip, sy - 0.8), (sx + tip, sy + 0.8)], style="F")


def gantt_pdf(project: Project, data: GanttData) -> bytes:
    """The Gantt of ``data`` as PDF bytes (A3 landscape pages of :data:`ROWS_PER_PAGE` rows)."""
    pdf = FPDF(orientation="L", unit="mm", format="A3")
    pdf.set_auto_page_break(False)
    pdf.set_title(latin(f"{project.code} Gantt"))
    pdf.set_creator("pmo")
    first, last = _span(data)
    scale = _Scale(first, last)
    chunks = [data.rows[i : i + ROWS_PER_PAGE] for i in range(0, len(data.rows), ROWS_PER_PAGE)] or [[]]
    for number, chunk in enumerate(chunks, start=1):
        pdf.add_page()
        pdf.set_line_width(0.2)
        _header(pdf, project, data, scale, number, len(chunks))
        where: dict[int, float] = {}
        for i, row in enumerate(chunk):
            y = MARGIN + HEADER_H + i * ROW_H
            where[row["id"]] = y
            _row(pdf, row, y, scale, data.baseline.get(row["id"]))
        _arrows(pdf, data, scale, where)
        if data.status_date is not None:
            _vline(pdf, scale.x(data.status_date), RGB["status"], "Status date")
        _vline(pdf, scale.x(data.today), RGB["today"], "Today")
    return bytes(pdf.output())
