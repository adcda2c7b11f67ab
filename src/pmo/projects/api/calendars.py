"""``/api/v1/calendars/`` and ``/api/v1/calendar-exceptions/``: a project's working-time calendars.

Everyone on the project reads them; managers write them, and every write reschedules the project.
``week`` is seven days, Monday first, each a list of ``[from, to]`` working periods in minutes
after midnight (``[]``: non-working; ``null``: as the base calendar). ``is_project_calendar``
chooses the calendar tasks without their own work on.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from pmo.accounts.api.fields import VisibleScopeField
from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role, scoped
from pmo.core.api.serializers import StrictInputSerializer
from pmo.core.api.viewsets import HistoryMixin, VersionedViewSet
from pmo.core.selectors import get_visible
from pmo.projects.models import CalendarException, Project, WorkCalendar
from pmo.projects.services import calendars as services

PERIODS_HELP = "Working periods [[from, to], ...] in minutes after midnight, increasing, within 0–1440."


class CalendarFilterSet(django_filters.FilterSet):
    """Calendars of one project."""

    project = django_filters.UUIDFilter(field_name="project__uid", help_text="Public id of the project.")

    class Meta:
        model = WorkCalendar
        fields = ("project",)


class ExceptionFilterSet(django_filters.FilterSet):
    """Exceptions of one calendar, or of one project's calendars."""

    calendar = django_filters.UUIDFilter(field_name="calendar__uid", help_text="Public id of the calendar.")
    project = django_filters.UUIDFilter(
        field_name="calendar__project__uid", help_text="Public id of the project."
    )

    class Meta:
        model = CalendarException
        fields = ("calendar", "project")


class CalendarSerializer(serializers.ModelSerializer):
    """A calendar as the API shows it."""

    project = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the project."
    )
    base = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, allow_null=True, help_text="Public id of the base calendar."
    )
    week = serializers.ListField(
        child=serializers.ListField(
            child=serializers.ListField(child=serializers.IntegerField()), allow_null=True
        ),
        help_text="Seven days, Monday first: " + PERIODS_HELP + " null: as the base calendar.",
    )
    is_project_calendar = serializers.SerializerMethodField(help_text="Whether it is the project calendar.")
    etag = serializers.CharField(read_only=True)

    class Meta:
        model = WorkCalendar
        fields = (
            "uid",
            "project",
            "name",
            "base",
            "week",
            "is_project_calendar",
            "version",
            "etag",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_is_project_calendar(self, calendar: WorkCalendar) -> bool:
        """The project's calendar is this one."""
        return bool(calendar.project.calendar_id == calendar.pk)


class CalendarInputSerializer(StrictInputSerializer):
    """Writable fields of a calendar (PATCH: any subset)."""

    read_only_fields = (*StrictInputSerializer.read_only_fields, "project")

    name = serializers.CharField(max_length=100)
    base = serializers.UUIDField(
        allow_null=True, required=False, help_text="Public id of a calendar of the project."
    )
    week = serializers.ListField(
        child=serializers.ListField(
            child=serializers.ListField(child=serializers.IntegerField()), allow_null=True
        ),
        min_length=7,
        max_length=7,
        required=False,
        help_text="Seven days, Monday first: " + PERIODS_HELP + " null: as the base calendar.",
    )
    is_project_calendar = serializers.BooleanField(
        required=False, help_text="Make it (or stop it being) the project calendar."
    )


class CalendarCreateSerializer(CalendarInputSerializer):
    """Body of ``POST /calendars/``."""

    read_only_fields = StrictInputSerializer.read_only_fields
    project = VisibleScopeField(kinds=("project",), help_text="Public id of the project.")


def calendars_visible(user: Any) -> QuerySet[WorkCalendar]:
    """Calendars of the projects the user may see."""
    return scoped(
        WorkCalendar.objects.select_related("project__scope", "base").order_by("project_id", "name"),
        user,
        path_lookup="project__scope__path",
    )


def exceptions_visible(user: Any) -> QuerySet[CalendarException]:
    """Calendar exceptions of the projects the user may see."""
    return scoped(
        CalendarException.objects.select_related("calendar__project__scope").order_by("calendar_id", "start"),
        user,
        path_lookup="calendar__project__scope__path",
    )


def _base(project: Project, uid: Any) -> WorkCalendar | None:
    if uid is None:
        return None
    base = WorkCalendar.objects.filter(project=project, uid=uid).first()
    if base is None:
        raise serializers.ValidationError({"base": ["No calendar with this id in the project."]})
    return base


@extend_schema(tags=["calendars"])
class CalendarViewSet(HistoryMixin, VersionedViewSet):
    """Working-time calendars of the visible projects; managers create, change and delete them."""

    serializer_class = CalendarSerializer
    filterset_class = CalendarFilterSet
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    input_serializer_classes = {"create": CalendarCreateSerializer, "partial_update": CalendarInputSerializer}

    def visible(self) -> QuerySet[WorkCalendar]:
        """Calendars of visible projects."""
        return calendars_visible(self.request.user)

    def fetch(self, uid: Any) -> WorkCalendar:
        """One visible calendar, or 404."""
        return get_visible(self.visible(), uid=uid)

    def require_writable(self, instance: WorkCalendar) -> None:
        """Changing a calendar needs the manager role on its project."""
        require_role(self.request.user, instance.project.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> WorkCalendar:
        """Through :func:`~pmo.projects.services.calendars.calendar_create`."""
        project: Project = data.pop("project").owner
        require_role(self.request.user, project.scope, Role.MANAGER)
        calendar, _ = services.calendar_create(
            actor=self.request.user,
            project=project,
            name=data["name"],
            week=data.get("week"),
            base=_base(project, data.get("base")),
        )
        if data.get("is_project_calendar"):
            services.project_calendar_set(actor=self.request.user, project=project, calendar=calendar)
        return self.fetch(calendar.uid)

    def perform_update(self, instance: WorkCalendar, data: dict[str, Any], version: int) -> WorkCalendar:
        """Through :func:`~pmo.projects.services.calendars.calendar_update`."""
        project = instance.project
        choose = data.pop("is_project_calendar", None)
        if "base" in data:
            data["base"] = _base(project, data["base"])
        calendar, _ = services.calendar_update(
            actor=self.request.user, calendar=instance, data=data, expected_version=version
        )
        if choose is not None:
            is_current = project.calendar_id == calendar.pk
            if choose and not is_current:
                services.project_calendar_set(actor=self.request.user, project=project, calendar=calendar)
            elif not choose and is_current:
                services.project_calendar_set(actor=self.request.user, project=project, calendar=None)
        return self.fetch(calendar.uid)

    def perform_destroy(self, instance: WorkCalendar, version: int) -> None:
        """Through :func:`~pmo.projects.services.calendars.calendar_delete` (refused while used)."""
        services.calendar_delete(actor=self.request.user, calendar=instance, expected_version=version)


class RecurrenceSerializer(serializers.Serializer):
    """How an exception repeats between its first and last day."""

    type = serializers.ChoiceField(choices=[(t, t) for t in services.RECURRENCE_TYPES])
    period = serializers.IntegerField(
        min_value=1, max_value=99, required=False, help_text="Every n days/weeks/months."
    )
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6),
        required=False,
        help_text="0 = Monday … 6 = Sunday.",
    )
    day = serializers.IntegerField(min_value=1, max_value=31, required=False, help_text="Day of the month.")
    month = serializers.IntegerField(min_value=1, max_value=12, required=False)
    position = serializers.IntegerField(
        min_value=1, max_value=5, required=False, help_text="1–4, or 5 for last."
    )
    occurrences = serializers.IntegerField(min_value=1, required=False)


class ExceptionSerializer(serializers.ModelSerializer):
    """A calendar exception as the API shows it."""

    calendar = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the calendar."
    )
    working_times = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField()),
        help_text=PERIODS_HELP + " []: non-working.",
    )
    recurrence = serializers.DictField(
        allow_null=True,
        read_only=True,
        help_text="How it repeats (null: every day from start to finish): type, period, weekdays, day, "
        "month, position, occurrences, as in the request body.",
    )
    etag = serializers.CharField(read_only=True)

    class Meta:
        model = CalendarException
        fields = (
            "uid",
            "calendar",
            "name",
            "start",
            "finish",
            "working_times",
            "recurrence",
            "version",
            "etag",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class ExceptionInputSerializer(StrictInputSerializer):
    """Writable fields of an exception (PATCH: any subset)."""

    read_only_fields = (*StrictInputSerializer.read_only_fields, "calendar")

    name = serializers.CharField(max_length=100, allow_blank=True, required=False)
    start = serializers.DateField(help_text="First day.")
    finish = serializers.DateField(help_text="Last day.")
    working_times = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField()),
        required=False,
        help_text=PERIODS_HELP + " []: non-working (the default).",
    )
    recurrence = RecurrenceSerializer(allow_null=True, required=False)


class ExceptionCreateSerializer(ExceptionInputSerializer):
    """Body of ``POST /calendar-exceptions/``."""

    read_only_fields = StrictInputSerializer.read_only_fields
    calendar = serializers.UUIDField(help_text="Public id of the calendar.")


@extend_schema(tags=["calendars"])
class CalendarExceptionViewSet(HistoryMixin, VersionedViewSet):
    """Exceptions of the visible projects' calendars; managers create, change and delete them."""

    serializer_class = ExceptionSerializer
    filterset_class = ExceptionFilterSet
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    input_serializer_classes = {
        "create": ExceptionCreateSerializer,
        "partial_update": ExceptionInputSerializer,
    }

    def visible(self) -> QuerySet[CalendarException]:
        """Exceptions of visible projects' calendars."""
        return exceptions_visible(self.request.user)

    def fetch(self, uid: Any) -> CalendarException:
        """One visible exception, or 404."""
        return get_visible(self.visible(), uid=uid)

    def require_writable(self, instance: CalendarException) -> None:
        """Changing an exception needs the manager role on its project."""
        require_role(self.request.user, instance.calendar.project.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> CalendarException:
        """Through :func:`~pmo.projects.services.calendars.exception_create`."""
        calendar = calendars_visible(self.request.user).filter(uid=data.pop("calendar")).first()
        if calendar is None:
            raise serializers.ValidationError(
                {"calendar": ["No calendar with this id among those you can see."]}
            )
        require_role(self.request.user, calendar.project.scope, Role.MANAGER)
        exception, _ = services.exception_create(actor=self.request.user, calendar=calendar, **data)
        return self.fetch(exception.uid)

    def perform_update(
        self, instance: CalendarException, data: dict[str, Any], version: int
    ) -> CalendarException:
        """Through :func:`~pmo.projects.services.calendars.exception_update`."""
        saved, _ = services.exception_update(
            actor=self.request.user, exception=instance, data=data, expected_version=version
        )
        return self.fetch(saved.uid)

    def perform_destroy(self, instance: CalendarException, version: int) -> None:
        """Through :func:`~pmo.projects.services.calendars.exception_delete`."""
        services.exception_delete(actor=self.request.user, exception=instance, expected_version=version)
