"""A run's page (``projects/<uid>/risk-analysis/runs/<run_uid>/``): progress while it runs (htmx
polling), then the results with their charts; run it again with the same seed; delete it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from pmo.accounts.choices import Role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.views import wants_fragment
from pmo.costs.currencies import project_currency
from pmo.projects.models import Project
from pmo.projects.workspace import ProjectSectionView
from pmo.simulations import charts, selectors, services
from pmo.simulations.forms import VersionForm
from pmo.simulations.models import SimulationRun
from pmo.simulations.views.section import analysis_url

#: Rows of the criticality table (the most critical tasks first).
TASK_ROWS = 30


def run_url(run: SimulationRun) -> str:
    """The page of a run."""
    return reverse("simulations:run", kwargs={"uid": run.project.uid, "run_uid": run.uid})


def _task_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    per_day = results.get("minutes_per_day") or 480
    rows = sorted(
        results.get("tasks", []),
        key=lambda t: (-(t["criticality"] or 0), -abs(t["sensitivity"] or 0), t["position"]),
    )
    return [row | {"mean_days": (row["mean"] or 0) / per_day, "std_days": (row["std"] or 0) / per_day}
            for row in rows[:TASK_ROWS]]  # fmt: skip


def _tornado_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    per_day = results.get("minutes_per_day") or 480
    return [
        bar
        | {"mean_days": (bar["finish_mean"] or 0) / per_day, "p80_days": (bar["finish_p80"] or 0) / per_day}
        for bar in results.get("tornado", [])
    ]


class RunView(ProjectSectionView):
    """GET: the run; while it is queued or running, htmx polls its status block."""

    section = "risk_analysis"
    template_name = "simulations/run.html"

    def run(self, project: Project) -> SimulationRun:
        """The run named in the URL, in this project (404 otherwise)."""
        return selectors.run_get(self.request.user, self.kwargs["run_uid"], project=project)

    def context(self, run: SimulationRun) -> dict[str, Any]:
        """What the page shows of ``run``."""
        results = run.results or {}
        currency = project_currency()
        context: dict[str, Any] = {"run": run, "results": results, "currency": currency}
        if results:
            context |= {
                "finish_figure": charts.finish_figure(results),
                "tornado_figure": charts.tornado_figure(results),
                "cost_figure": charts.cost_figure(results, currency),
                "scatter_figure": charts.scatter_figure(results, currency),
                "task_rows": _task_rows(results),
                "tornado_rows": _tornado_rows(results),
                "joint": dict((int(p), q) for p, q in results.get("joint_confidence", [])),
            }
        return context

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Show the run (the status block alone for htmx polling)."""
        project = self.get_project()
        run = self.run(project)
        response = self.render_section(project, self.context(run), fragment="run-status")
        if run.is_finished and wants_fragment(request):
            response["HX-Refresh"] = "true"  # the poll saw the end: reload to draw the results
        return response


class RunRerunView(RunView):
    """POST: run again with the same inputs, seed and settings; contributors."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Start the re-run and show it."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        run = self.run(project)
        try:
            again = services.run_rerun(actor=request.user, run=run)
        except DomainRuleError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(run_url(run))
        messages.success(request, f"Started run {again.number}: run {run.number} again with seed {run.seed}.")
        return HttpResponseRedirect(run_url(again))


class RunDeleteView(RunView):
    """POST: delete a run and its results; managers."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Delete the run, or show it with the reason (400, 409)."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        run = self.run(project)
        form = VersionForm(request.POST)
        if not form.is_valid():
            context = self.context(run) | {"action_error": "Reload the page and delete the run again."}
            return self.render_section(project, context, status=400)
        try:
            services.run_delete(actor=request.user, run=run, expected_version=form.cleaned_data["version"])
        except StaleVersionError as error:
            return self.render_section(project, self.context(run) | {"action_error": f"{error}."}, status=409)
        messages.success(request, f"Deleted run {run.number}.")
        return HttpResponseRedirect(analysis_url(project))
