"""The resource plan of a project (``projects/<uid>/resources/plan/``), in the Resources section:
hours of work by role or skill per week or month, before the plan has tasks. The grid shows twelve
periods from ``from``; the project's managers set a cell (htmx: the grid is redrawn in place)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.core.errors import DomainRuleError
from pmo.core.views import wants_fragment
from pmo.projects.models import Project
from pmo.resources import selectors, services
from pmo.resources.capacity import bucket_starts, floor_to_bucket
from pmo.resources.models import Resource
from pmo.resources.pool_forms import DemandCellForm
from pmo.resources.views.assignments import ResourcesSectionView

COLUMNS = 12


def plan_url(project: Project) -> str:
    """The project's resource plan."""
    return reverse("resources:plan", kwargs={"uid": project.uid})


class PlanView(ResourcesSectionView):
    """The grid (GET) and setting one cell (POST, managers of the project)."""

    template_name = "resources/plan.html"

    def _window(self) -> tuple[str, list[dt.date]]:
        period = self.request.GET.get("period", "week")
        if period not in ("week", "month"):
            period = "week"
        try:
            first = dt.date.fromisoformat(self.request.GET.get("from", ""))
        except ValueError:
            first = timezone.localdate()
        first = floor_to_bucket(max(dt.date(1984, 1, 1), min(first, dt.date(2147, 1, 1))), period)
        starts = bucket_starts(first, first + dt.timedelta(days=400), period)[:COLUMNS]
        return period, starts

    def _form(
        self, project: Project, data: Any = None, initial: dict[str, Any] | None = None
    ) -> DemandCellForm:
        pool = selectors.pool_of(project)
        roles = Resource.objects.filter(scope=pool, is_generic=True).order_by("name")
        return DemandCellForm(data, initial=initial, roles=roles, skills=selectors.skills_of(pool))

    def grid(self, project: Project, period: str, starts: list[dt.date]) -> dict[str, Any]:
        """Rows (role or skill) × the periods, in hours; other-period lines are left out."""
        lines = selectors.demand_of(self.request.user, project).filter(
            period=period, period_start__gte=starts[0], period_start__lte=starts[-1]
        )
        rows: dict[tuple[str, int | None], dict[str, Any]] = {}
        index = {start: n for n, start in enumerate(starts)}
        for line in lines:
            target = line.role or line.skill
            key: tuple[str, int | None] = ("role", line.role_id) if line.role_id else ("skill", line.skill_id)
            row = rows.setdefault(key, {"label": str(target), "kind": key[0], "cells": [None] * len(starts)})
            row["cells"][index[line.period_start]] = line.hours
        ordered = sorted(rows.values(), key=lambda row: (row["kind"], row["label"].lower()))
        totals = [
            sum((row["cells"][n] or Decimal(0) for row in ordered), Decimal(0)) for n in range(len(starts))
        ]
        return {"period": period, "starts": starts, "rows": ordered, "totals": totals}

    def context(self, project: Project, form: DemandCellForm | None = None, **extra: Any) -> dict[str, Any]:
        """The section context with the grid and the cell form."""
        period, starts = self._window()
        step = dt.timedelta(days=7 * COLUMNS if period == "week" else 31 * COLUMNS)
        return self.section_context(
            project,
            **self.grid(project, period, starts),
            form=form or self._form(project, initial={"period": period, "period_start": starts[0]}),
            earlier=(starts[0] - step).isoformat(),
            later=(starts[-1] + dt.timedelta(days=1)).isoformat(),
            plan_url=plan_url(project),
            **extra,
        )

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The grid (or only the grid for htmx)."""
        project = self.get_project()
        return self.render_section(project, self.context(project), fragment="grid")

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Set a cell through :func:`~pmo.resources.services.resource_demand_set`."""
        project = self.get_project()
        if not self.can(project, Role.MANAGER):
            raise PermissionDenied("Only the project's managers change its resource plan.")
        form = self._form(project, request.POST)
        if form.is_valid():
            try:
                services.resource_demand_set(actor=request.user, project=project, **form.data_for_service())
            except (DomainRuleError, ValidationError) as error:
                field = getattr(error, "field", None)
                form.add_error(field if field in form.fields else None, str(getattr(error, "message", error)))
        if not form.is_valid():
            return self.render_section(
                project,
                self.context(project, form=form),
                fragment="grid" if wants_fragment(request) else None,
                status=400,
            )
        if wants_fragment(request):
            return self.render_section(project, self.context(project), fragment="grid")
        messages.success(request, "Saved the resource plan.")
        query = f"?period={form.cleaned_data['period']}&from={form.cleaned_data['period_start'].isoformat()}"
        return HttpResponseRedirect(plan_url(project) + query)
