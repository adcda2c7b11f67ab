"""Download a project as Microsoft Project XML, Excel, CSV or its milestones as iCalendar
(``projects/<uid>/export/<format>/``; anyone who may see the project). The file is sent as an
attachment with an RFC 6266 ``filename*``, ``nosniff`` and a sandboxing CSP."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import Http404, HttpRequest, HttpResponse

from pmo.interchange.errors import ExportError
from pmo.projects.workspace import ProjectSectionView
from pmo.transfers.choices import ExportFormat
from pmo.transfers.exports import Export, project_export


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the exact name as RFC 6266 ``filename*``.

    >>> content_disposition("PRJ-1.xml")
    'attachment; filename="PRJ-1.xml"; filename*=UTF-8\\'\\'PRJ-1.xml'
    """
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download(export: Export) -> HttpResponse:
    """The response that delivers ``export`` as a file (never rendered by the browser)."""
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition(export.filename)
    response["Content-Length"] = str(len(export.content))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


class ProjectExportView(ProjectSectionView):
    """GET: the project in the format named in the URL (unknown format: 404)."""

    def get(self, request: HttpRequest, uid: Any, fmt: str) -> HttpResponse:
        """The download."""
        project = self.get_project()
        if fmt not in ExportFormat.values:
            raise Http404(f"No export format {fmt!r}.")
        try:
            export = project_export(project, fmt)
        except ExportError as error:
            return HttpResponse(
                f"This project cannot be exported as {ExportFormat(fmt).label}: {error}",
                status=422,
                content_type="text/plain; charset=utf-8",
            )
        return download(export)
