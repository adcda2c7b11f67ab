"""The risk register of a node: risks (filtered with htmx), heat maps, burn-down; raising a risk;
the matrix settings. Projects show it as their Risks section; programs and portfolios as a page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from pmo.accounts.choices import Role
from pmo.accounts.selectors import scoped
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.models import Scope
from pmo.core.views import apply_service_error, stale_notice, wants_fragment
from pmo.projects.models import Project
from pmo.projects.workspace import ProjectSectionView
from pmo.risks import selectors, services
from pmo.risks.charts import ZONE_COLOURS, burndown_figure
from pmo.risks.choices import RiskStatus
from pmo.risks.filtersets import RiskFilterSet
from pmo.risks.forms import MatrixForm, RiskForm
from pmo.risks.heatmap import burn_down, heat_map
from pmo.risks.matrix import zone_of
from pmo.risks.models import RiskMatrix, RiskScore
from pmo.risks.views.common import NodePageMixin, register_url, risk_url

#: Most risks the register lists at once.
LIST_LIMIT = 500


def register_context(request: HttpRequest, scope: Scope) -> dict[str, Any]:
    """Risks of the node and below (filtered), heat maps of the open ones, the burn-down."""
    user = request.user
    spec = selectors.effective_matrix(scope)
    everything = selectors.risks_under(user, scope)
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = RiskStatus.OPEN
    filterset = RiskFilterSet(data, queryset=everything, request=request)
    risks = list(filterset.qs[:LIST_LIMIT]) if filterset.is_valid() else []
    trends = selectors.trends([risk.pk for risk in risks])
    rows = [
        {"risk": risk, "zone": zone_of(risk.current_score, spec), "trend": trends.get(risk.pk, "steady")}
        for risk in risks
    ]
    open_risks = list(
        everything.filter(status=RiskStatus.OPEN)
        .select_related(None)
        .only("probability", "score", "residual_probability", "residual_score")
    )
    history = (
        scoped(RiskScore.objects.all(), user)
        .filter(scope__path__startswith=scope.path)
        .order_by("at", "id")
        .values_list("risk_id", "at", "current_score", "exposure", "status")
    )
    burn = burn_down(list(history), spec, timezone.localdate())
    return {
        "spec": spec,
        "filterset": filterset,
        "rows": rows,
        "limit": LIST_LIMIT,
        "inherent_map": heat_map(open_risks, spec),
        "residual_map": heat_map(open_risks, spec, residual=True),
        "burndown": burndown_figure(burn) if burn.weeks else None,
        "burn": burn,
        "zone_colours": {str(k): v for k, v in ZONE_COLOURS.items()},
        "register_url": register_url(scope),
        "scope": scope,
    }


def _results(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    response = render(request, "risks/_results.html", context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


class ProjectRegisterView(ProjectSectionView):
    """GET: the Risks section of a project (htmx: the filtered list only)."""

    section = "risks"
    template_name = "risks/project_register.html"

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The register."""
        project = self.get_project()
        context = register_context(request, project.scope)
        if wants_fragment(request):
            return _results(request, context)
        return self.render_section(project, context | {"section_label": "Risks"})


class NodeRegisterView(NodePageMixin):
    """GET: the risk register of a program or portfolio (its own risks and those below)."""

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The register."""
        scope = self.get_scope()
        context = register_context(request, scope)
        if wants_fragment(request):
            return _results(request, context)
        context |= self.node_context(scope, "Risks")
        return render(request, "risks/node_register.html", context)


class _RiskCreate:
    """Raise a risk on the node (contributors); shared by the project section and the node page."""

    request: HttpRequest

    def build(self, scope: Scope, data: Any = None) -> RiskForm:
        """The empty (or posted) form of a new risk."""
        return RiskForm(
            data,
            owners=selectors.owner_choices(scope),
            tasks=selectors.project_task_choices(scope),
            editing=False,
        )

    def save(self, scope: Scope, form: RiskForm) -> HttpResponse | None:
        """Raise the risk and go to it, or leave the refusal on the form (``None``)."""
        if not form.is_valid():
            return None
        try:
            risk = services.risk_create(actor=self.request.user, scope=scope, **form.data_for_service())
        except (DomainRuleError, ValidationError) as error:
            apply_service_error(form, error)
            return None
        messages.success(self.request, f"Raised the risk {risk}.")
        return HttpResponseRedirect(risk_url(risk))


class ProjectRiskCreateView(_RiskCreate, ProjectSectionView):
    """GET/POST: raise a risk on the project."""

    section = "risks"
    template_name = "risks/project_form.html"

    def page(self, project: Project, form: RiskForm, status: int = 200) -> HttpResponse:
        """The form inside the workspace."""
        context = {
            "form": form,
            "title": "Raise a risk",
            "cancel_url": register_url(project.scope),
            "stale": None,
        }
        return self.render_section(project, context | {"section_label": "Risks"}, status=status)

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The empty form."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        return self.page(project, self.build(project.scope))

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Raise it, or show the refusal (400) with nothing stored."""
        project = self.get_project()
        self.require(project, Role.CONTRIBUTOR)
        form = self.build(project.scope, request.POST)
        return self.save(project.scope, form) or self.page(project, form, status=400)


class NodeRiskCreateView(_RiskCreate, NodePageMixin):
    """GET/POST: raise a risk on a program or portfolio."""

    def page(self, scope: Scope, form: RiskForm, status: int = 200) -> HttpResponse:
        """The form page."""
        context = self.node_context(scope, "Raise a risk") | {"form": form, "cancel_url": register_url(scope)}
        return render(self.request, "risks/node_form.html", context, status=status)

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The empty form."""
        scope = self.get_scope(Role.CONTRIBUTOR)
        return self.page(scope, self.build(scope))

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Raise it, or show the refusal (400) with nothing stored."""
        scope = self.get_scope(Role.CONTRIBUTOR)
        form = self.build(scope, request.POST)
        return self.save(scope, form) or self.page(scope, form, status=400)


class MatrixView(NodePageMixin):
    """GET: the matrix a node uses (its own or inherited); POST: set its own (managers)."""

    def page(self, scope: Scope, form: MatrixForm, *, status: int = 200, stale: Any = None) -> HttpResponse:
        """The settings page."""
        spec = selectors.effective_matrix(scope)
        context = self.node_context(scope, "Risk matrix") | {
            "form": form,
            "spec": spec,
            "own": RiskMatrix.objects.filter(scope=scope).first(),
            "cancel_url": register_url(scope),
            "stale": stale,
            "grid": heat_map([], spec),
        }
        return render(self.request, "risks/matrix.html", context, status=status)

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The current settings."""
        scope = self.get_scope()
        own = RiskMatrix.objects.filter(scope=scope).first()
        spec = selectors.effective_matrix(scope)
        initial = {name: getattr(spec, name) for name in services.MATRIX_FIELDS}
        return self.page(scope, MatrixForm(initial=initial | {"version": own.version if own else None}))

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Save through :func:`~pmo.risks.services.matrix_set`."""
        scope = self.get_scope(Role.MANAGER)
        form = MatrixForm(request.POST)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in services.MATRIX_FIELDS}
            try:
                services.matrix_set(
                    actor=request.user, scope=scope, data=data, expected_version=form.cleaned_data["version"]
                )
            except StaleVersionError as error:
                own = RiskMatrix.objects.get(scope=scope)
                return self.page(scope, form, status=409, stale=stale_notice(error, own))
            except (DomainRuleError, ValidationError) as error:
                apply_service_error(form, error)
            else:
                messages.success(request, "Saved the risk matrix.")
                return HttpResponseRedirect(register_url(scope))
        return self.page(scope, form, status=400)
