"""Pages of status reports.

The Status section of a project (``projects/<uid>/status/``): the current period, the draft, the
history with its trend, the settings; a report's page with the narrative and override form, submit,
and the PDF and HTML downloads. The status pages of a program and a portfolio list every child
project's latest RAG and whether a report is overdue (a constant number of queries).
A refused POST shows the page again (400) with the message at the field the service names.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.accounts.views import ScopeRoleMixin
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.views import apply_service_error
from pmo.portfolios.selectors import portfolio_get
from pmo.programs.selectors import program_get
from pmo.projects.models import Project
from pmo.projects.workspace import ProjectSectionView
from pmo.reporting import selectors, services
from pmo.reporting.charts import trend_figure, trend_rows
from pmo.reporting.choices import Dimension, ReportStatus
from pmo.reporting.exports import ev_rows, export_filename, report_html, report_pdf, report_view
from pmo.reporting.forms import DraftForm, ReportForm, SettingsForm, VersionForm
from pmo.reporting.models import DIMENSIONS, StatusReport
from pmo.transfers.views.export import content_disposition

#: Reports listed in the history (newest first).
HISTORY_LIMIT = 60
SUBMITTED_MESSAGE = "Submitted the report; it is being e-mailed to the project's stakeholders."


def status_url(project: Project) -> str:
    """The Status section of a project."""
    return reverse("reporting:project_status", kwargs={"uid": project.uid})


def report_url(report: StatusReport, name: str = "report") -> str:
    """A page of one report (``report``, ``report_pdf``, ...)."""
    return reverse(f"reporting:{name}", kwargs={"uid": report.project.uid, "report_uid": report.uid})


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file download: attachment, ``nosniff``, and a sandboxing CSP."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["Content-Length"] = str(len(content))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


class ProjectStatusView(ProjectSectionView):
    """GET: the Status section (current period, drafts, history and trend)."""

    section = "status"
    template_name = "reporting/project_status.html"

    def page(
        self, project: Project, *, draft_form: forms.Form | None = None, status: int = 200
    ) -> HttpResponse:
        """Render the section (with a refused draft form)."""
        config = selectors.effective_settings(project)
        reports = list(selectors.reports_of(self.request.user, project)[:HISTORY_LIMIT])
        submitted = [r for r in reports if r.status == ReportStatus.SUBMITTED]
        rows = trend_rows(submitted)
        start, end = selectors.current_period(project)
        current = next((r for r in reports if r.period_end == end), None)
        context = {
            "settings": config,
            "period_start": start,
            "period_end": end,
            "current": current,
            "drafts": [r for r in reports if r.status == ReportStatus.DRAFT],
            "reports": submitted,
            "trend": trend_figure(rows) if rows else None,
            "trend_rows": rows,
            "row": selectors.project_status(project),
            "dimensions": Dimension.choices,
            "draft_form": draft_form or DraftForm(),
        }
        return self.render_section(project, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Show the section."""
        return self.page(self.get_project())


class ReportDraftView(ProjectStatusView):
    """POST: draft the report of a period (default: the current one) or refresh its figures; managers."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Draft, then show the report; or the section with the refusal at its field."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        form = DraftForm(request.POST)
        if form.is_valid():
            try:
                report = services.report_draft(
                    actor=request.user, project=project, period_end=form.cleaned_data["period_end"]
                )
            except DomainRuleError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, f"Drafted {report}.")
                return HttpResponseRedirect(report_url(report))
        return self.page(project, draft_form=form, status=400)


class ReportView(ProjectSectionView):
    """GET: one report (its snapshot once submitted; the live draft with its edit form before)."""

    section = "status"
    template_name = "reporting/report.html"

    def get_report(self, project: Project) -> StatusReport:
        """The report named in the URL, of this project (404 otherwise)."""
        return selectors.report_get(self.request.user, self.kwargs["report_uid"], project=project)

    def initial(self, report: StatusReport) -> dict[str, Any]:
        """The edit form's values from the report."""
        names = [*services.NARRATIVE_FIELDS, *services.OVERRIDE_FIELDS, *services.COMMENT_FIELDS]
        return {name: getattr(report, name) for name in names} | {"version": report.version}

    def page(
        self,
        project: Project,
        report: StatusReport,
        *,
        form: ReportForm | None = None,
        error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        """Render the report page (with a refused form or an error)."""
        view = report_view(report)
        context = {
            "report": report,
            "view": view,
            "form": form or ReportForm(initial=self.initial(report)),
            "editable": not report.is_submitted and self.can(project, Role.MANAGER),
            "action_error": error,
            "figures": view.get("figures") or {},
            "ev_rows": ev_rows(view.get("figures") or {}),
        }
        return self.render_section(project, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Show the report."""
        project = self.get_project()
        return self.page(project, self.get_report(project))


class ReportEditView(ReportView):
    """POST: save the narrative and overrides of a draft (``action=submit``: then submit it); managers."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Save, or show the page with the refusal at its field (nothing written)."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        report = self.get_report(project)
        form = ReportForm(request.POST)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            write = services.report_save_and_submit if submit else services.report_update
            try:
                write(
                    actor=request.user,
                    report=report,
                    data=form.changes(),
                    expected_version=form.cleaned_data["version"],
                )
            except StaleVersionError as error:
                return self.page(project, report, form=form, error=f"{error}.", status=409)
            except (DomainRuleError, ValidationError) as error:
                if isinstance(error, DomainRuleError) and error.field == "status":
                    return self.page(project, report, form=form, error=error.message, status=400)
                apply_service_error(form, error)
            else:
                if submit:
                    messages.success(request, SUBMITTED_MESSAGE)
                else:
                    messages.success(request, "Saved the report.")
                return HttpResponseRedirect(report_url(report))
        return self.page(project, report, form=form, status=400)


class ReportSubmitView(ReportView):
    """POST: submit the report (freeze it, e-mail the stakeholders); managers."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Submit, or show the page with the reason it was refused."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        report = self.get_report(project)
        form = VersionForm(request.POST)
        if not form.is_valid():
            return self.page(project, report, error="Reload the page and submit again.", status=400)
        try:
            services.report_submit(
                actor=request.user, report=report, expected_version=form.cleaned_data["version"]
            )
        except StaleVersionError as error:
            return self.page(project, report, error=f"{error} before submitting.", status=409)
        except DomainRuleError as error:
            return self.page(project, report, error=error.message, status=400)
        messages.success(request, SUBMITTED_MESSAGE)
        return HttpResponseRedirect(report_url(report))


class ReportPdfView(ReportView):
    """GET: the report as a PDF download."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The PDF."""
        project = self.get_project()
        report = self.get_report(project)
        return download(report_pdf(report), "application/pdf", export_filename(report, "pdf"))


class ReportHtmlView(ReportView):
    """GET: the report as a standalone HTML page, downloaded (open it to print)."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The HTML file."""
        project = self.get_project()
        report = self.get_report(project)
        content = report_html(report).encode("utf-8")
        return download(content, "text/html; charset=utf-8", export_filename(report, "html"))


class SettingsView(ProjectSectionView):
    """GET: the reporting settings; POST: change them (managers)."""

    section = "status"
    template_name = "reporting/settings.html"

    def page(self, project: Project, form: SettingsForm | None = None, status: int = 200) -> HttpResponse:
        """Render the settings form."""
        config = selectors.effective_settings(project)
        initial = {
            "version": config.version if config.pk else None,
            "cadence": config.cadence,
            "anchor": config.anchor,
            "grace_days": config.grace_days,
            "thresholds": json.dumps(config.thresholds, indent=2),
        }
        context = {"settings": config, "form": form or SettingsForm(initial=initial)}
        return self.render_section(project, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Show the settings."""
        return self.page(self.get_project())

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Save, or show the form with the refusal at its field (nothing written)."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        form = SettingsForm(request.POST)
        if form.is_valid():
            try:
                services.settings_update(
                    actor=request.user,
                    project=project,
                    data=form.changes(),
                    expected_version=form.cleaned_data["version"],
                )
            except StaleVersionError as error:
                form.add_error(None, f"{error}.")
                return self.page(project, form, status=409)
            except (DomainRuleError, ValidationError) as error:
                if isinstance(error, DomainRuleError) and (error.field or "").startswith("thresholds."):
                    form.add_error("thresholds", error.message)
                else:
                    apply_service_error(form, error)
            else:
                messages.success(request, "Saved the reporting settings.")
                return HttpResponseRedirect(status_url(project))
        return self.page(project, form, status=400)


class _NodeStatusView(ScopeRoleMixin, LoginRequiredMixin, View):
    """GET: the latest RAG of every visible project under a program or portfolio, and what is overdue."""

    kind = ""

    def get_node(self) -> Any:
        """The program or portfolio of the URL (404 outside the user's scope)."""
        raise NotImplementedError

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The page."""
        node = self.get_node()
        require_role(request.user, node.scope, Role.VIEWER)
        rows = selectors.status_rows(selectors.projects_under(request.user, node.scope))
        context = {
            "node": node,
            "kind": self.kind,
            "node_url": reverse(f"{self.kind}s:detail", kwargs={"uid": node.uid}),
            "crumbs": self.crumbs(node),
            "rows": rows,
            "overdue": [row for row in rows if row.overdue],
            "dimensions": Dimension.choices,
            "today": timezone.localdate(),
            "dimension_keys": DIMENSIONS,
        }
        return render(request, "reporting/node_status.html", context)


class ProgramStatusView(_NodeStatusView):
    """The status page of a program (``programs/<uid>/status/``)."""

    kind = "program"

    def get_node(self) -> Any:
        """The program."""
        return program_get(self.request.user, self.kwargs["uid"])


class PortfolioStatusView(_NodeStatusView):
    """The status page of a portfolio (``portfolios/<uid>/status/``), sub-portfolios included."""

    kind = "portfolio"

    def get_node(self) -> Any:
        """The portfolio."""
        return portfolio_get(self.request.user, self.kwargs["uid"])
