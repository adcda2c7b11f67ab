"""The Cost section of the project workspace (``projects/<uid>/cost/``): the budget lines (managers
add them and approve the budget), the fixed costs of tasks (managers), the planned cost of the top
tasks, the PV curve, and the cost entries with their attachments (contributors add them). A refused
POST shows the page again (400) with the message at the field the service names; a stale approval
shows who changed the budget (409)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from pmo.accounts.choices import Role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.views import apply_service_error
from pmo.costs import selectors, services
from pmo.costs.charts import pv_figure
from pmo.costs.currencies import project_currency
from pmo.costs.curve import pv_curve
from pmo.costs.forms import AttachmentForm, BudgetLineForm, CostEntryForm, FixedCostForm, VersionForm
from pmo.projects.models import Project, Task
from pmo.projects.workspace import ProjectSectionView

#: Tasks shown in "Planned cost by task".
TOP_TASKS = 10
#: Cost entries listed (newest first).
ENTRY_LIMIT = 200


def cost_url(project: Project) -> str:
    """The Cost section of a project."""
    return reverse("costs:cost", kwargs={"uid": project.uid})


class CostView(ProjectSectionView):
    """GET: the Cost section; the POST views below render it again with their form on refusal."""

    section = "cost"
    template_name = "costs/cost.html"

    def tasks(self, project: Project) -> Any:
        """Tasks a cost entry may be charged to."""
        return Task.objects.filter(project=project).order_by("position")

    def fixed_cost_tasks(self, project: Project) -> Any:
        """Tasks a fixed cost may be put on (not summaries)."""
        return self.tasks(project).filter(is_summary=False)

    def page(
        self,
        project: Project,
        *,
        line_form: forms.Form | None = None,
        entry_form: forms.Form | None = None,
        fixed_form: forms.Form | None = None,
        attachment_form: forms.Form | None = None,
        attachment_entry: Any = None,
        error: str = "",
        status: int = 200,
    ) -> HttpResponse:
        """Render the section with the given (possibly refused) forms."""
        user = self.request.user
        budget = selectors.budget_of(user, project)
        curve = pv_curve(project, every="month")
        currency = project_currency()
        entries = list(
            selectors.cost_entries_visible(user)
            .filter(project=project)
            .prefetch_related(selectors.attachments_prefetch())
            .order_by("-date", "-id")[:ENTRY_LIMIT]
        )
        context = {
            "currency": currency,
            "budget": budget,
            "lines": budget.lines.order_by("period", "category") if budget else [],
            "bac": selectors.budget_total(budget),
            "baselines": selectors.baselines_of(budget)[:5] if budget else [],
            "top_tasks": selectors.top_planned_tasks(project, TOP_TASKS),
            "curve": curve,
            "curve_rows": list(zip(curve.period_ends, curve.increments, curve.cumulative, strict=True)),
            "figure": pv_figure(curve, currency) if curve.period_ends else None,
            "entries": entries,
            "fixed_costs": selectors.fixed_costs_visible(user)
            .filter(project=project)
            .order_by("task__position", "name", "id"),
            "line_form": line_form or BudgetLineForm(),
            "entry_form": entry_form or CostEntryForm(tasks=self.tasks(project)),
            "fixed_form": fixed_form or FixedCostForm(tasks=self.fixed_cost_tasks(project)),
            "attachment_form": attachment_form or AttachmentForm(),
            "attachment_entry": attachment_entry,
            "action_error": error,
        }
        return self.render_section(project, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Show the section."""
        return self.page(self.get_project())


class BudgetLineCreateView(CostView):
    """POST: add a line to the draft budget (created on first use); managers."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Add the line, or show the page with the refusal at its field."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        form = BudgetLineForm(request.POST)
        if form.is_valid():
            try:
                budget = services.budget_for(actor=request.user, project=project)
                line = services.budget_line_create(actor=request.user, budget=budget, **form.cleaned_data)
            except (DomainRuleError, ValidationError) as error:
                apply_service_error(form, error)
            else:
                messages.success(request, f"Added the budget line {line}.")
                return HttpResponseRedirect(cost_url(project))
        return self.page(project, line_form=form, status=400)


class BudgetApproveView(CostView):
    """POST: approve the draft budget into the next baseline; managers."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Approve, or show the page with the reason it was refused."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        form = VersionForm(request.POST)
        budget = selectors.budget_of(request.user, project)
        if budget is None:
            return self.page(project, error="Add budget lines before approving the budget.", status=400)
        if not form.is_valid():
            return self.page(project, error="Reload the page and approve again.", status=400)
        try:
            baseline = services.budget_approve(
                actor=request.user, budget=budget, expected_version=form.cleaned_data["version"]
            )
        except StaleVersionError as error:
            return self.page(project, error=f"{error} before approving.", status=409)
        except DomainRuleError as error:
            return self.page(project, error=error.message, status=400)
        messages.success(request, f"Approved the budget: baseline {baseline.number}, {baseline.total}.")
        return HttpResponseRedirect(cost_url(project))


class BudgetReopenView(CostView):
    """POST: make the approved budget a draft again; managers."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Reopen, or show the page with the reason it was refused."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        form = VersionForm(request.POST)
        budget = selectors.budget_of(request.user, project)
        if budget is None or not form.is_valid():
            return self.page(project, error="There is no approved budget to reopen.", status=400)
        try:
            services.budget_reopen(
                actor=request.user, budget=budget, expected_version=form.cleaned_data["version"]
            )
        except StaleVersionError as error:
            return self.page(project, error=f"{error} before reopening.", status=409)
        except DomainRuleError as error:
            return self.page(project, error=error.message, status=400)
        messages.success(request, "The budget is a draft again.")
        return HttpResponseRedirect(cost_url(project))


class CostEntryCreateView(CostView):
    """POST: record an invoice or expense; contributors."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Record the entry, or show the page with the refusal at its field (nothing written)."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        form = CostEntryForm(request.POST, tasks=self.tasks(project))
        if form.is_valid():
            try:
                entry = services.cost_entry_create(actor=request.user, project=project, **form.cleaned_data)
            except (DomainRuleError, ValidationError) as error:
                apply_service_error(form, error)
            else:
                messages.success(request, f"Recorded {entry}.")
                return HttpResponseRedirect(cost_url(project))
        return self.page(project, entry_form=form, status=400)
