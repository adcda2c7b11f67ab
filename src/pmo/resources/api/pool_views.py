"""``/api/v1/`` endpoints of skills, resource skills, resource teams, pool calendars and holidays,
time off and resource plan lines, and ``POST /resources/{uid}/calendar/``.

Pool rows are seen like the pool's resources and changed by the portfolio's managers; plan lines
are seen like their project and changed by its managers (``docs/authz/resources.yaml``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.api.concurrency import etag_headers, expected_version
from pmo.core.api.viewsets import HistoryMixin, VersionedViewSet
from pmo.core.selectors import get_visible
from pmo.resources import pool_filtersets as f
from pmo.resources import selectors, services
from pmo.resources.api import pool_serializers as s
from pmo.resources.api.serializers import ResourceSerializer
from pmo.resources.models import (
    PoolCalendar,
    PoolHoliday,
    ResourceDemand,
    ResourceSkill,
    ResourceTeam,
    Skill,
    TimeOff,
)


class _PoolRowViewSet(HistoryMixin, VersionedViewSet):
    """Rows with a ``scope`` (the pool): visible like its resources, managers change them."""

    model: ClassVar[type[Any]]
    create_service: ClassVar[Any]
    update_service: ClassVar[Any]
    delete_service: ClassVar[Any]
    keyword: ClassVar[str]

    def visible(self) -> QuerySet[Any]:
        """Rows of the pools the caller may see."""
        return selectors.pool_rows_visible(self.request.user, self.model)

    def fetch(self, uid: Any) -> Any:
        """One visible row, or 404."""
        return selectors.pool_row_get(self.request.user, self.model, uid)

    def require_writable(self, instance: Any) -> None:
        """The manager role on the pool's portfolio."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> Any:
        """Create through the service (``portfolio`` names the pool)."""
        if "portfolio" in data:
            data["pool"] = data.pop("portfolio")
        return type(self).create_service(actor=self.request.user, **data)

    def perform_update(self, instance: Any, data: dict[str, Any], version: int) -> Any:
        """Change through the service."""
        return type(self).update_service(
            actor=self.request.user, **{self.keyword: instance}, data=data, expected_version=version
        )

    def perform_destroy(self, instance: Any, version: int) -> None:
        """Delete through the service."""
        type(self).delete_service(
            actor=self.request.user, **{self.keyword: instance}, expected_version=version
        )


def _io(create: Any, update: Any) -> dict[str, Any]:
    return {"create": create, "update": update, "partial_update": update}


@extend_schema(tags=["resources"])
class SkillViewSet(_PoolRowViewSet):
    """Skills of the pools the caller may see; the portfolio's managers keep them."""

    model = Skill
    keyword = "skill"
    create_service = staticmethod(services.skill_create)
    update_service = staticmethod(services.skill_update)
    delete_service = staticmethod(services.skill_delete)
    filterset_class = f.SkillFilterSet
    serializer_class = s.SkillSerializer
    input_serializer_classes = _io(s.SkillCreateSerializer, s.SkillUpdateSerializer)


@extend_schema(tags=["resources"])
class ResourceSkillViewSet(_PoolRowViewSet):
    """Resources' levels in skills (1 to 5), one row per resource and skill."""

    model = ResourceSkill
    keyword = "resource_skill"
    create_service = staticmethod(services.resource_skill_create)
    update_service = staticmethod(services.resource_skill_update)
    delete_service = staticmethod(services.resource_skill_delete)
    filterset_class = f.ResourceSkillFilterSet
    serializer_class = s.ResourceSkillSerializer
    input_serializer_classes = _io(s.ResourceSkillCreateSerializer, s.ResourceSkillUpdateSerializer)

    def visible(self) -> QuerySet[Any]:
        """With the resource and skill joined."""
        return super().visible().select_related("resource", "skill")


@extend_schema(tags=["resources"])
class ResourceTeamViewSet(_PoolRowViewSet):
    """Teams of resources (for planning; permissions come from accounts' teams, not these)."""

    model = ResourceTeam
    keyword = "team"
    create_service = staticmethod(services.team_create)
    update_service = staticmethod(services.team_update)
    delete_service = staticmethod(services.team_delete)
    filterset_class = f.ResourceTeamFilterSet
    serializer_class = s.ResourceTeamSerializer
    input_serializer_classes = _io(s.ResourceTeamCreateSerializer, s.ResourceTeamUpdateSerializer)

    def visible(self) -> QuerySet[Any]:
        """With the members."""
        return super().visible().prefetch_related("members")


@extend_schema(tags=["resources"])
class PoolCalendarViewSet(_PoolRowViewSet):
    """Working weeks of the pools (minutes per weekday, Monday first)."""

    model = PoolCalendar
    keyword = "calendar"
    create_service = staticmethod(services.calendar_create)
    update_service = staticmethod(services.calendar_update)
    delete_service = staticmethod(services.calendar_delete)
    filterset_class = f.PoolCalendarFilterSet
    serializer_class = s.PoolCalendarSerializer
    input_serializer_classes = _io(s.PoolCalendarCreateSerializer, s.PoolCalendarUpdateSerializer)


@extend_schema(tags=["resources"])
class PoolHolidayViewSet(_PoolRowViewSet):
    """Days off for every resource of a pool."""

    model = PoolHoliday
    keyword = "holiday"
    create_service = staticmethod(services.holiday_create)
    update_service = staticmethod(services.holiday_update)
    delete_service = staticmethod(services.holiday_delete)
    filterset_class = f.PoolHolidayFilterSet
    serializer_class = s.PoolHolidaySerializer
    input_serializer_classes = _io(s.PoolHolidayCreateSerializer, s.PoolHolidayUpdateSerializer)


@extend_schema(tags=["resources"])
class TimeOffViewSet(_PoolRowViewSet):
    """Time off of resources: whole days or part days; overlapping time off is refused."""

    model = TimeOff
    keyword = "time_off"
    create_service = staticmethod(services.time_off_create)
    update_service = staticmethod(services.time_off_update)
    delete_service = staticmethod(services.time_off_delete)
    filterset_class = f.TimeOffFilterSet
    serializer_class = s.TimeOffSerializer
    input_serializer_classes = _io(s.TimeOffCreateSerializer, s.TimeOffUpdateSerializer)

    def visible(self) -> QuerySet[Any]:
        """With the resource."""
        return super().visible().select_related("resource")


@extend_schema(tags=["resources"])
class ResourceDemandViewSet(HistoryMixin, VersionedViewSet):
    """Resource plan lines of the projects the caller may see (hours by role or skill per week or
    month); the project's managers keep them."""

    serializer_class = s.ResourceDemandSerializer
    filterset_class = f.ResourceDemandFilterSet
    input_serializer_classes = _io(s.ResourceDemandCreateSerializer, s.ResourceDemandUpdateSerializer)

    def visible(self) -> QuerySet[ResourceDemand]:
        """Plan lines visible to the caller."""
        return selectors.demand_visible(self.request.user)

    def fetch(self, uid: Any) -> ResourceDemand:
        """One visible line, or 404."""
        return get_visible(self.visible(), uid=uid)

    def require_writable(self, instance: ResourceDemand) -> None:
        """The manager role on the project."""
        require_role(self.request.user, instance.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> ResourceDemand:
        """Add through :func:`~pmo.resources.services.resource_demand_create`."""
        return services.resource_demand_create(actor=self.request.user, **data)

    def perform_update(self, instance: ResourceDemand, data: dict[str, Any], version: int) -> ResourceDemand:
        """Change the hours through :func:`~pmo.resources.services.resource_demand_update`."""
        return services.resource_demand_update(
            actor=self.request.user, demand=instance, data=data, expected_version=version
        )

    def perform_destroy(self, instance: ResourceDemand, version: int) -> None:
        """Remove through :func:`~pmo.resources.services.resource_demand_delete`."""
        services.resource_demand_delete(actor=self.request.user, demand=instance, expected_version=version)


class ResourceCalendarMixin:
    """``POST /resources/{uid}/calendar/`` (``If-Match``): the pool calendar the resource works by."""

    @extend_schema(
        summary="Set the working calendar",
        description="The pool calendar the resource works by; null: the pool's standard week.",
        request=s.ResourceCalendarSerializer,
        responses=ResourceSerializer,
    )
    @action(detail=True, methods=["post"])
    def calendar(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Set the calendar (manager of the pool's portfolio)."""
        view: Any = self
        instance = view.get_object()
        view.require_writable(instance)
        version = expected_version(request, instance)
        serializer = s.ResourceCalendarSerializer(data=request.data, context=view.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        saved = services.resource_calendar_set(
            actor=request.user,
            resource=instance,
            calendar=serializer.validated_data["calendar"],
            expected_version=version,
        )
        return Response(view.output(saved), headers=etag_headers(saved))
