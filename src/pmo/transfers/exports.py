"""Exports of a project: Microsoft Project XML, Excel, CSV and milestones as iCalendar.

Reads only (no audit record; the download itself is logged by the request log). The caller has
fetched the project through ``project_get``, so the user may see it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pmo.engine.schedule import schedule
from pmo.interchange.errors import ExportError
from pmo.projects.ical import feed_calendar, project_milestones
from pmo.projects.models import Project
from pmo.transfers.adapters import document_from_project
from pmo.transfers.choices import ExportFormat

CONTENT_TYPES = {
    ExportFormat.MSPDI: ("application/xml", "xml"),
    ExportFormat.XLSX: ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ExportFormat.CSV: ("text/csv; charset=utf-8", "csv"),
    ExportFormat.ICS: ("text/calendar; charset=utf-8", "ics"),
}


@dataclass(frozen=True)
class Export:
    """A file ready to download."""

    content: bytes
    filename: str
    content_type: str


def export_filename(project: Project, extension: str) -> str:
    """A safe file name from the project code (letters, digits, dot, dash, underscore)."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", project.code).strip(".-") or "project"
    return f"{stem}.{extension}"


def project_export(project: Project, fmt: str) -> Export:
    """The project in format ``fmt`` (one of :class:`ExportFormat`).

    Raises
    ------
    ExportError
        An unknown format, or a plan the format cannot express (the message names the task).
    """
    if fmt not in ExportFormat.values:
        raise ExportError(f"unknown export format {fmt!r}; expected one of {', '.join(ExportFormat.values)}")
    content_type, extension = CONTENT_TYPES[ExportFormat(fmt)]
    if fmt == ExportFormat.ICS:
        content = feed_calendar(project, project_milestones(project))
    else:
        doc = document_from_project(project)
        result = schedule(doc.project) if doc.project.tasks else None
        if fmt == ExportFormat.MSPDI:
            from pmo.interchange.mspdi import write_mspdi_document

            content = write_mspdi_document(doc, result=result)
        else:
            from pmo.interchange.tabular import document_rows, write_csv, write_xlsx

            headers, rows = document_rows(doc, result)
            content = write_xlsx(headers, rows) if fmt == ExportFormat.XLSX else write_csv(headers, rows)
    return Export(content=content, filename=export_filename(project, extension), content_type=content_type)
