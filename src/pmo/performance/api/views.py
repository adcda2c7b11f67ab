"""``/api/v1/`` endpoints of earned value: a project's figures and S-curve, the roll-ups of programs
and portfolios, and the earning rules of tasks.

Reads go through the scoped selectors (another portfolio's objects answer 404); roles:
``docs/authz/performance.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role, scoped
from pmo.core.api.viewsets import UUID_PATTERN, HistoryMixin, VersionedViewSet
from pmo.core.errors import DomainRuleError
from pmo.core.selectors import get_visible
from pmo.costs.currencies import project_currency
from pmo.performance import selectors, services
from pmo.performance.api import serializers as s
from pmo.performance.earned_value import snapshots
from pmo.performance.models import EarningRule
from pmo.performance.rollup import roll_up_projects
from pmo.portfolios.selectors import portfolio_get
from pmo.programs.selectors import program_get
from pmo.projects.models import Project
from pmo.projects.selectors import project_get

DETAIL = {"detail": True, "methods": ["get"], "filter_backends": [], "pagination_class": None}


def _figures(value: Any) -> dict[str, Any] | None:
    return None if value is None else value.to_json()


class _EarnedValueBase(viewsets.GenericViewSet):  # type: ignore[type-arg]
    lookup_field = "uid"
    lookup_url_kwarg = "uid"
    lookup_value_regex = UUID_PATTERN
    queryset = Project.objects.none()


@extend_schema(tags=["earned value"])
class ProjectEarnedValueViewSet(_EarnedValueBase):
    """A project's earned value (detail action only: no list, nothing collides with ``projects/``)."""

    serializer_class = s.ProjectEarnedValueSerializer

    @extend_schema(
        summary="A project's earned value",
        description="PV, EV, AC, variances, indices, the four EACs, TCPI and earned schedule at the "
        "project's status date (today when it has none), with the monthly S-curve.",
        responses=s.ProjectEarnedValueSerializer,
        filters=False,
    )
    @action(url_path="earned-value", url_name="earned-value", **DETAIL)
    def earned_value(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Figures and curve from the project's snapshot (recomputed when an input changed)."""
        project = project_get(request.user, self.kwargs["uid"])
        figures, series = snapshots([project])[project.pk]
        data = {
            "project": project.uid,
            "currency": project_currency(),
            "figures": figures.to_json(),
            "series": series.to_json(),
        }
        return Response(s.ProjectEarnedValueSerializer(data).data)


ROLLUP_DOC = (
    "BAC, PV, EV and AC summed over every project below it that the caller may see, then the "
    "indices and forecasts of the sums (never an average of ratios); the S-curve is the sum of the "
    "projects' monthly curves. A constant number of queries while the projects' snapshots are current."
)


class _RollUpViewSet(_EarnedValueBase):
    """The earned value of a program or portfolio (``place_get`` fetches it through its scoped selector)."""

    serializer_class = s.RollUpSerializer
    place_get: Callable[[Any, Any], Any]

    @extend_schema(responses=s.RollUpSerializer, description=ROLLUP_DOC, filters=False)
    @action(url_path="earned-value", url_name="earned-value", **DETAIL)
    def earned_value(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The roll-up of the visible projects below the place (404 outside the caller's scope)."""
        place = type(self).place_get(request.user, self.kwargs["uid"])
        require_role(request.user, place.scope, Role.VIEWER)
        rollup = roll_up_projects(selectors.projects_under(request.user, place.scope))
        data = {
            "uid": place.uid,
            "currency": project_currency(),
            "figures": _figures(rollup.figures),
            "series": rollup.series.to_json(),
            "projects": [
                {
                    "uid": r.project.uid,
                    "code": r.project.code,
                    "name": r.project.name,
                    "figures": r.figures.to_json(),
                }
                for r in rollup.rows
            ],
        }
        return Response(s.RollUpSerializer(data).data)


@extend_schema(tags=["earned value"])
@extend_schema_view(earned_value=extend_schema(summary="A program's earned value"))
class ProgramEarnedValueViewSet(_RollUpViewSet):
    """A program's earned value: the sum of its projects."""

    place_get = staticmethod(program_get)


@extend_schema(tags=["earned value"])
@extend_schema_view(
    earned_value=extend_schema(summary="A portfolio's earned value (sub-portfolios included)")
)
class PortfolioEarnedValueViewSet(_RollUpViewSet):
    """A portfolio's earned value: the sum of every project below it."""

    place_get = staticmethod(portfolio_get)


@extend_schema(tags=["earned value"])
class EarningRuleViewSet(HistoryMixin, VersionedViewSet):
    """How tasks earn value (a task without a rule earns by % complete). Managers of the project set,
    change and remove rules."""

    serializer_class = s.EarningRuleSerializer
    filterset_fields = ("method",)
    input_serializer_classes = {
        "create": s.EarningRuleCreateSerializer,
        "update": s.EarningRuleUpdateSerializer,
        "partial_update": s.EarningRuleUpdateSerializer,
    }

    def visible(self) -> QuerySet[EarningRule]:
        """Rules of the projects the caller may see."""
        return scoped(EarningRule.objects.select_related("project", "task", "scope"), self.request.user)

    def fetch(self, uid: Any) -> EarningRule:
        """One visible rule, or 404."""
        return get_visible(self.visible(), uid=uid)

    def require_writable(self, instance: EarningRule) -> None:
        """Changing a rule needs the manager role on its project."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> EarningRule:
        """Give a task its rule (refused when it has one: change that one instead)."""
        task = data.pop("task")
        require_role(self.request.user, task.project.scope, Role.MANAGER)
        existing = EarningRule.objects.filter(task=task).first()
        if existing is not None:
            raise DomainRuleError(
                f"{task} already has an earning rule ({existing.uid}); change it with PUT.", field="task"
            )
        return services.earning_rule_set(actor=self.request.user, task=task, **data)

    def perform_update(self, instance: EarningRule, data: dict[str, Any], version: int) -> EarningRule:
        """Change through :func:`~pmo.performance.services.earning_rule_set`."""
        return services.earning_rule_set(
            actor=self.request.user,
            task=instance.task,
            method=data.get("method", instance.method),
            milestones=data.get("milestones", instance.milestones),
            expected_version=version,
        )

    def perform_destroy(self, instance: EarningRule, version: int) -> None:
        """Remove through :func:`~pmo.performance.services.earning_rule_delete`."""
        services.earning_rule_delete(actor=self.request.user, rule=instance, expected_version=version)
