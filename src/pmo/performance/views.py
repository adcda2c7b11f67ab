"""Pages of earned value: the project section (figures, S-curve, work packages, earning rules) and
the program and portfolio roll-ups (figures, S-curve, one row per project)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.models import Scope
from pmo.core.views import Crumb
from pmo.costs.currencies import project_currency
from pmo.engine.evm import EVMInputError
from pmo.performance import selectors, services
from pmo.performance.charts import s_curve_figure
from pmo.performance.choices import EarningMethod
from pmo.performance.earned_value import project_detail
from pmo.performance.forms import EarningRuleForm, format_steps
from pmo.performance.rollup import roll_up_projects
from pmo.portfolios.selectors import portfolio_get
from pmo.programs.selectors import program_get
from pmo.projects.models import Project, Task
from pmo.projects.workspace import ProjectSectionView

#: Work packages listed on the project page (largest budget first).
PACKAGE_LIMIT = 100


class ProjectEarnedValueView(ProjectSectionView):
    """GET: the project's earned value; the rule view renders it again with a refused form."""

    section = "earned_value"
    template_name = "performance/project.html"

    def leaf_tasks(self, project: Project) -> Any:
        """Tasks that may carry an earning rule."""
        return Task.objects.filter(project=project, is_summary=False).order_by("position")

    def page(
        self, project: Project, *, form: EarningRuleForm | None = None, status: int = 200
    ) -> HttpResponse:
        """Render the section (computing the project's earned value now)."""
        currency = project_currency()
        error = ""
        try:
            value = project_detail(project)
        except EVMInputError as exc:  # e.g. a task whose baseline finish precedes its start
            value, error = None, f"Earned value cannot be computed: {exc}"
        packages: list[dict[str, Any]] = []
        rules = {rule.task_id: rule for rule in selectors.earning_rules_of(project)}
        if value is not None and value.result is not None and value.inputs is not None:
            by_task: dict[int, dict[str, Any]] = {}
            names = dict(Task.objects.filter(project=project, is_summary=False).values_list("id", "name"))
            for task in value.result.tasks:
                task_id = value.inputs.package_task.get(task.uid)
                row = by_task.setdefault(
                    task_id if task_id is not None else 0,
                    {
                        "name": names.get(task_id, task.name) if task_id else task.name,
                        "bac": 0.0,
                        "pv": 0.0,
                        "ev": 0.0,
                        "ac": 0.0,
                        "rule": rules.get(task_id) if task_id else None,
                    },
                )
                for key in ("bac", "pv", "ev", "ac"):
                    row[key] += getattr(task, key)
            packages = sorted(by_task.values(), key=lambda r: (-r["bac"], r["name"]))[:PACKAGE_LIMIT]
        context = {
            "currency": currency,
            "value": value,
            "figures": value.figures if value else None,
            "figure": s_curve_figure(value.series, value.figures, currency)
            if value and value.series.ends
            else None,
            "series_rows": list(
                zip(*(value.series.ends, value.series.pv, value.series.ev, value.series.ac), strict=True)
            )
            if value
            else [],
            "packages": packages,
            "package_limit": PACKAGE_LIMIT,
            "rules": [(rule, format_steps(rule.milestones)) for rule in rules.values()],
            "rule_form": form or EarningRuleForm(tasks=self.leaf_tasks(project)),
            "methods": EarningMethod,
            "compute_error": error,
        }
        return self.render_section(project, context, status=status)

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The section."""
        return self.page(self.get_project())


class EarningRuleSetView(ProjectEarnedValueView):
    """POST: set a task's earning method (managers); a refusal shows the page again (400)."""

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Only POST is allowed here."""
        return self.http_method_not_allowed(request)

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Set the rule through :func:`~pmo.performance.services.earning_rule_set`."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        form = EarningRuleForm(request.POST, tasks=self.leaf_tasks(project))
        if not form.is_valid():
            return self.page(project, form=form, status=400)
        task = form.cleaned_data["task"]
        try:
            services.earning_rule_set(
                actor=request.user,
                task=task,
                method=form.cleaned_data["method"],
                milestones=form.cleaned_data["milestones"],
            )
        except (DomainRuleError, StaleVersionError, ValidationError) as error:
            field = getattr(error, "field", None)
            form.add_error(field if field in form.fields else None, str(getattr(error, "message", error)))
            return self.page(project, form=form, status=400)
        messages.success(
            request, f"{task.name} now earns value by {EarningMethod(form.cleaned_data['method']).label}."
        )
        return HttpResponseRedirect(reverse("performance:project", kwargs={"uid": project.uid}))


class RollUpView(LoginRequiredMixin, View):
    """Base of the program and portfolio roll-up pages."""

    template_name = "performance/rollup.html"
    kind = ""
    request: HttpRequest
    kwargs: dict[str, Any]

    def place(self) -> Any:
        """The program or portfolio named in the URL (404 outside the user's scope)."""
        raise NotImplementedError

    def detail_url(self, place: Any) -> str:
        """The program's or portfolio's own page."""
        raise NotImplementedError

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Roll the visible projects below the place up (constant queries while snapshots are current)."""
        place = self.place()
        scope: Scope = place.scope
        require_role(request.user, scope, Role.VIEWER)
        projects = selectors.projects_under(request.user, scope)
        currency = project_currency()
        rollup = roll_up_projects(projects)
        figure = None
        if rollup.figures is not None and rollup.series.ends:
            figure = s_curve_figure(rollup.series, rollup.figures, currency)
        context = {
            "place": place,
            "kind": self.kind,
            "crumbs": [Crumb(place.code, self.detail_url(place))],
            "currency": currency,
            "rollup": rollup,
            "figures": rollup.figures,
            "figure": figure,
        }
        return render(request, self.template_name, context)


class ProgramPerformanceView(RollUpView):
    """A program's earned value: the sum of its projects."""

    kind = "program"

    def place(self) -> Any:
        """The program, through the scoped selector."""
        return program_get(self.request.user, self.kwargs["uid"])

    def detail_url(self, place: Any) -> str:
        """The program page."""
        return reverse("programs:detail", kwargs={"uid": place.uid})


class PortfolioPerformanceView(RollUpView):
    """A portfolio's earned value: the sum of every project below it (sub-portfolios included)."""

    kind = "portfolio"

    def place(self) -> Any:
        """The portfolio, through the scoped selector."""
        return portfolio_get(self.request.user, self.kwargs["uid"])

    def detail_url(self, place: Any) -> str:
        """The portfolio page."""
        return reverse("portfolios:detail", kwargs={"uid": place.uid})
