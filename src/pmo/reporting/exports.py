"""A status report as a PDF (fpdf2, vectors and core fonts) and as a standalone HTML page.

Both read the report's *view*: the frozen snapshot of a submitted report, or a preview built the
same way for a draft, so an export shows exactly what the report page shows.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from fpdf import FPDF

from pmo.projects.exports import latin
from pmo.reporting.models import StatusReport

RAG_RGB = {"green": (44, 160, 44), "amber": (255, 165, 0), "red": (214, 39, 40), "grey": (160, 166, 176)}
RAG_TEXT = {"green": "Green", "amber": "Amber", "red": "Red", "grey": "Not assessed"}
WIDTH = 190.0
MARGIN = 10.0


#: Labels of the earned-value figures, in the order shown.
EV_LABELS = {
    "status_date": "Status date",
    "bac": "BAC",
    "pv": "PV",
    "ev": "EV",
    "ac": "AC",
    "cv": "CV",
    "sv": "SV",
    "spi": "SPI",
    "cpi": "CPI",
    "spi_t": "SPI(t)",
    "eac": "EAC",
    "etc": "ETC",
    "vac": "VAC",
    "tcpi_bac": "TCPI (BAC)",
    "baseline_finish": "Baseline finish",
    "forecast_finish": "Forecast finish",
}


def ev_rows(figures: dict[str, Any]) -> list[tuple[str, Any]]:
    """``(label, value)`` of the earned-value figures that have a value (none without figures)."""
    ev = figures.get("earned_value") or {}
    return [(label, ev[key]) for key, label in EV_LABELS.items() if ev.get(key) is not None]


def report_view(report: StatusReport) -> dict[str, Any]:
    """What the report shows: its snapshot when submitted, else a preview of the draft."""
    if report.is_submitted and report.snapshot:
        return dict(report.snapshot)
    from pmo.reporting.services import build_snapshot

    return build_snapshot(report, submitted_at=None, submitted_by=None)


def export_filename(report: StatusReport, extension: str) -> str:
    """``<project code>-status-<period end>.<extension>``."""
    return f"{report.project.code}-status-{report.period_end:%Y-%m-%d}.{extension}"


def report_html(report: StatusReport) -> str:
    """The standalone, printable HTML page of the report (styles inline, no script, no external file)."""
    view = report_view(report)
    context = {
        "view": view,
        "report": report,
        "printed": timezone.now(),
        "ev_rows": ev_rows(view.get("figures") or {}),
    }
    return render_to_string("reporting/export.html", context)


def report_text(report: StatusReport) -> str:
    """The report as plain text (the text part of the e-mail)."""
    view = report_view(report)
    project, period, narrative = view["project"], view["period"], view["narrative"]
    lines = [
        f"Status report {project['code']} {project['name']}",
        f"Period {period['start']} to {period['end']}"
        + (
            f", submitted {str(view['submitted_at'])[:16]} by {view['submitted_by']}."
            if view.get("submitted_at")
            else "."
        ),
        "",
        "RAG by dimension",
    ]
    for row in view["dimensions"]:
        override = f" (overridden: {row['comment']})" if row["override"] else ""
        lines.append(f"- {row['label']}: {row['final_label']}{override}")
    for key, title in (
        ("summary", "Summary"),
        ("achievements", "Achievements"),
        ("next_period", "Next period"),
        ("decisions_needed", "Decisions needed"),
    ):
        lines += ["", title, narrative.get(key) or "-"]
    lines += ["", "The full report is attached as a PDF."]
    return "\n".join(lines) + "\n"


class _Pdf(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 7)
        self.set_text_color(120, 120, 120)
        self.cell(0, 5, f"Page {self.page_no()}/{{nb}}", align="R")


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.set_text_color(51, 60, 78)
    pdf.cell(WIDTH, 7, latin(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", "", 9)


def _para(pdf: FPDF, text: str, empty: str = "-") -> None:
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(WIDTH, 5, latin(text.strip() or empty), new_x="LMARGIN", new_y="NEXT")


def _rag_table(pdf: FPDF, dimensions: list[dict[str, Any]]) -> None:
    pdf.set_font("Helvetica", "B", 8)
    widths = (28.0, 26.0, 26.0, 110.0)
    for label, width in zip(
        ("Dimension", "RAG", "Drafted", "Reason / override comment"), widths, strict=True
    ):
        pdf.cell(width, 6, label, border="B")
    pdf.ln(6)
    pdf.set_font("Helvetica", "", 8)
    for row in dimensions:
        final = row["final"]
        pdf.cell(widths[0], 6, latin(row["label"]))
        pdf.set_fill_color(*RAG_RGB.get(final, RAG_RGB["grey"]))
        pdf.set_text_color(255, 255, 255)
        pdf.cell(widths[1] - 2, 5, RAG_TEXT.get(final, final), fill=True, align="C")
        pdf.set_text_color(0, 0, 0)
        pdf.cell(2, 6, "")
        drafted = RAG_TEXT.get(row["rag"], row["rag"]) + (" (overridden)" if row["override"] else "")
        pdf.cell(widths[2], 6, latin(drafted))
        note = f"Override: {row['comment']}" if row["override"] else row.get("reason", "")
        pdf.multi_cell(widths[3], 6, latin(note), new_x="LMARGIN", new_y="NEXT")


def _figures(pdf: FPDF, figures: dict[str, Any]) -> None:
    ev = figures.get("earned_value")
    _heading(pdf, "Schedule and cost")
    if ev:
        _para(pdf, ", ".join(f"{label} {value}" for label, value in ev_rows(figures)))
    else:
        _para(pdf, "No earned-value figures.")
    milestones = figures.get("milestones") or {}
    for key, title in (
        ("met", "Milestones met"),
        ("missed", "Milestones missed"),
        ("next", "Next milestones"),
    ):
        rows = milestones.get(key) or []
        lines = [
            f"{m['name']} (due {m.get('due') or '-'}; "
            f"finish {m.get('actual_finish') or m.get('finish') or '-'})"
            for m in rows
        ]
        _heading(pdf, title)
        _para(pdf, "\n".join(lines), "None.")
    quality = figures.get("quality") or {}
    _heading(pdf, "Quality")
    defects = ", ".join(f"{k} {v}" for k, v in sorted((quality.get("open_defects") or {}).items()))
    overdue = ", ".join(quality.get("overdue_deliverables") or []) or "none"
    _para(
        pdf,
        f"Deliverables: {quality.get('deliverables', 0)}. Open defects: {defects or 'none'}. "
        f"Overdue: {overdue}.",
    )
    _heading(pdf, "Top risks and issues")
    _para(
        pdf,
        "\n".join(f"{r.get('title')} ({r.get('rating', '')})" for r in figures.get("risks") or []),
        "None recorded.",
    )
    _heading(pdf, "Changes in the period")
    _para(pdf, "\n".join(f"{c.get('at')}: {c.get('text')}" for c in figures.get("changes") or []), "None.")


def report_pdf(report: StatusReport) -> bytes:
    """The report as an A4 PDF."""
    view = report_view(report)
    pdf = _Pdf(orientation="P", unit="mm", format="A4")
    pdf.set_title(latin(f"Status report {view['project']['code']} {view['project']['name']}"))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(
        WIDTH,
        8,
        latin(f"{view['project']['code']} · {view['project']['name']}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("Helvetica", "", 9)
    status = (
        f"submitted {view['submitted_at'][:16].replace('T', ' ')} by {view['submitted_by']}"
        if view.get("submitted_at")
        else "DRAFT (not submitted)"
    )
    pdf.cell(
        WIDTH,
        5,
        latin(f"Status report for {view['period']['start']} to {view['period']['end']}, {status}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    _heading(pdf, "RAG by dimension")
    _rag_table(pdf, view["dimensions"])
    narrative = view["narrative"]
    for key, title in (
        ("summary", "Summary"),
        ("achievements", "Achievements"),
        ("next_period", "Next period"),
        ("decisions_needed", "Decisions needed"),
    ):
        _heading(pdf, title)
        _para(pdf, narrative.get(key, ""))
    _figures(pdf, view.get("figures") or {})
    return bytes(pdf.output())
