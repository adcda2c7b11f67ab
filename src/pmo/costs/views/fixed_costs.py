"""Fixed costs in the Cost section: managers add one (a form in the section), change one (its own
page) and remove one. A refusal keeps the input and names the field (400); a stale version shows
who changed the cost (409)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from pmo.accounts.choices import Role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.views import apply_service_error, stale_notice
from pmo.costs import selectors, services
from pmo.costs.forms import FixedCostForm, VersionForm
from pmo.costs.models import FixedCost
from pmo.costs.views.section import CostView, cost_url


def fixed_costs_url(project: Any) -> str:
    """The fixed costs card of the Cost section."""
    return cost_url(project) + "#fixed-costs"


class FixedCostCreateView(CostView):
    """POST: put a fixed cost on a task; managers."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Add it, or show the section with the refusal at its field (nothing written)."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        form = FixedCostForm(request.POST, tasks=self.fixed_cost_tasks(project))
        if form.is_valid():
            try:
                cost = services.fixed_cost_create(actor=request.user, **form.data_for_service())
            except (DomainRuleError, ValidationError) as error:
                apply_service_error(form, error)
            else:
                messages.success(request, f"Added the fixed cost {cost}.")
                return HttpResponseRedirect(fixed_costs_url(project))
        return self.page(project, fixed_form=form, status=400)


class FixedCostEditView(CostView):
    """GET: the form of one fixed cost; POST: change it; managers."""

    template_name = "costs/fixed_cost_form.html"

    def target(self, project: Any) -> FixedCost:
        """The fixed cost named in the URL (404 outside the project)."""
        return selectors.fixed_cost_get(self.request.user, self.kwargs["cost_uid"], project=project)

    def show(
        self, project: Any, cost: FixedCost, form: FixedCostForm, *, status: int = 200, stale: Any = None
    ) -> HttpResponse:
        """The edit form inside the workspace."""
        context = {
            "form": form,
            "cost": cost,
            "stale": stale,
            "cancel_url": fixed_costs_url(project),
            "action": reverse("costs:fixed_cost_edit", kwargs={"uid": project.uid, "cost_uid": cost.uid}),
        }
        return self.render_section(project, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The form filled with the stored values and the version read."""
        project = self.get_project()
        cost = self.target(project)
        self.require(project, Role.MANAGER)
        initial = {
            "version": cost.version,
            "task": cost.task_id,
            "name": cost.name,
            "category": cost.category,
            "amount": cost.amount,
            "accrual": cost.accrual,
        }
        return self.show(project, cost, FixedCostForm(initial=initial, tasks=self.fixed_cost_tasks(project)))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Change through the service; keep the input on any refusal."""
        project = self.get_project()
        cost = self.target(project)
        self.require(project, Role.MANAGER)
        tasks = self.fixed_cost_tasks(project)
        form = FixedCostForm(request.POST, tasks=tasks)
        if not form.is_valid() or form.cleaned_data.get("version") is None:
            if form.is_bound and not form.errors:
                form.add_error("version", "Reload the page and try again.")
            return self.show(project, cost, form, status=400)
        try:
            services.fixed_cost_update(
                actor=request.user,
                cost=cost,
                data=form.data_for_service(),
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersionError as error:
            current = self.target(project)
            data = request.POST.copy()
            data["version"] = str(current.version)
            fresh = FixedCostForm(data, tasks=tasks)
            fresh.is_valid()
            return self.show(project, current, fresh, status=409, stale=stale_notice(error, current))
        except (DomainRuleError, ValidationError) as error:
            apply_service_error(form, error)
            return self.show(project, cost, form, status=400)
        messages.success(request, f"Saved the fixed cost {cost.name}.")
        return HttpResponseRedirect(fixed_costs_url(project))


class FixedCostDeleteView(CostView):
    """POST: remove a fixed cost; managers."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Remove through the service, or show the section with the reason."""
        project = self.get_project()
        cost = selectors.fixed_cost_get(request.user, kwargs["cost_uid"], project=project)
        self.require(project, Role.MANAGER)
        form = VersionForm(request.POST)
        if not form.is_valid():
            return self.page(project, error="Not removed: reload the page and try again.", status=400)
        try:
            services.fixed_cost_delete(
                actor=request.user, cost=cost, expected_version=form.cleaned_data["version"]
            )
        except StaleVersionError as error:
            return self.page(project, error=f"Not removed: {error}.", status=409)
        except DomainRuleError as error:
            return self.page(project, error=f"Not removed: {error.message}", status=400)
        messages.success(request, f"Removed the fixed cost {cost.name}.")
        return HttpResponseRedirect(fixed_costs_url(project))
