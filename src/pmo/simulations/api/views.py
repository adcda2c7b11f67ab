"""``/api/v1/simulations/`` (Monte Carlo runs) and ``/api/v1/simulation-estimates/`` (three-point
estimates of tasks). Reads through :mod:`pmo.simulations.selectors`, writes through
:mod:`pmo.simulations.services`; roles: ``docs/authz/simulations.yaml``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.api.concurrency import etag_headers
from pmo.core.api.viewsets import HistoryMixin, VersionedViewSet
from pmo.simulations import selectors, services
from pmo.simulations.api import serializers as s
from pmo.simulations.filtersets import SimulationRunFilterSet, TaskEstimateFilterSet
from pmo.simulations.models import SimulationRun, TaskEstimate
from pmo.simulations.services.estimates import ESTIMATE_FIELDS


@extend_schema(tags=["simulations"])
class SimulationRunViewSet(HistoryMixin, VersionedViewSet):
    """Monte Carlo runs of the projects the caller may see. ``POST`` starts a run (contributors; a
    background job: poll the run until ``status`` is ``succeeded``); the detail carries the results.
    ``rerun/`` runs it again with the same inputs, seed and settings (identical results). Managers
    delete runs. Invalid input (iterations 0 or over the cap, an estimate the engine refuses) is a
    400 naming the field, and nothing is stored."""

    serializer_class = s.SimulationRunSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]
    filterset_class = SimulationRunFilterSet
    input_serializer_classes = {"create": s.SimulationRunCreateSerializer}

    def get_serializer_class(self) -> Any:
        """The detail (with results) for one run; the light shape for lists."""
        if self.action in ("retrieve", "create", "rerun"):
            return s.SimulationRunDetailSerializer
        return s.SimulationRunSerializer

    def visible(self) -> QuerySet[SimulationRun]:
        """Runs visible to the caller."""
        return selectors.runs_visible(self.request.user)

    def fetch(self, uid: Any) -> SimulationRun:
        """One visible run with its results, or 404."""
        return selectors.run_get(self.request.user, uid)

    def require_writable(self, instance: SimulationRun) -> None:
        """Deleting a run needs the manager role on its project."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> SimulationRun:
        """Start through :func:`~pmo.simulations.services.run_start`."""
        run = services.run_start(actor=self.request.user, **data)
        run.refresh_from_db()
        return run

    def perform_destroy(self, instance: SimulationRun, version: int) -> None:
        """Delete through :func:`~pmo.simulations.services.run_delete`."""
        services.run_delete(actor=self.request.user, run=instance, expected_version=version)

    @extend_schema(
        summary="Run again with the same seed", request=None, responses={201: s.SimulationRunDetailSerializer}
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def rerun(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Start a new run with this run's inputs, seed and settings (contributors)."""
        run = self.get_object()
        again = services.run_rerun(actor=request.user, run=run)
        again.refresh_from_db()
        headers = {**etag_headers(again), "Location": self.location_of(again)}
        return Response(s.SimulationRunDetailSerializer(again, context=self.get_serializer_context()).data,
                        status=201, headers=headers)  # fmt: skip


@extend_schema(tags=["simulations"])
class TaskEstimateViewSet(HistoryMixin, VersionedViewSet):
    """Three-point duration estimates (working minutes) of the leaf tasks of the projects the caller
    may see, with their distribution, optional cost range (% of the planned cost) and correlation
    group. Contributors set, change and remove them; ``POST`` on a task that has one replaces it."""

    serializer_class = s.TaskEstimateSerializer
    filterset_class = TaskEstimateFilterSet
    input_serializer_classes = {
        "create": s.TaskEstimateCreateSerializer,
        "update": s.TaskEstimateUpdateSerializer,
        "partial_update": s.TaskEstimateUpdateSerializer,
    }

    def visible(self) -> QuerySet[TaskEstimate]:
        """Estimates visible to the caller."""
        return selectors.estimates_visible(self.request.user)

    def fetch(self, uid: Any) -> TaskEstimate:
        """One visible estimate, or 404."""
        return selectors.estimate_get(self.request.user, uid)

    def require_writable(self, instance: TaskEstimate) -> None:
        """Changing an estimate needs the contributor role on its project."""
        require_role(self.request.user, instance.scope, Role.CONTRIBUTOR)

    def perform_create(self, data: dict[str, Any]) -> TaskEstimate:
        """Set through :func:`~pmo.simulations.services.estimate_set`."""
        task = data.pop("task")
        current = TaskEstimate.objects.filter(task=task).first()
        return services.estimate_set(
            actor=self.request.user,
            task=task,
            data=data,
            expected_version=current.version if current else None,
        )

    def perform_update(self, instance: TaskEstimate, data: dict[str, Any], version: int) -> TaskEstimate:
        """Change through :func:`~pmo.simulations.services.estimate_set` (a PATCH keeps the rest)."""
        merged = {name: getattr(instance, name) for name in ESTIMATE_FIELDS} | data
        return services.estimate_set(
            actor=self.request.user, task=instance.task, data=merged, expected_version=version
        )

    def perform_destroy(self, instance: TaskEstimate, version: int) -> None:
        """Remove through :func:`~pmo.simulations.services.estimate_delete`."""
        services.estimate_delete(actor=self.request.user, estimate=instance, expected_version=version)
