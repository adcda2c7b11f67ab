"""``/api/v1/tasks/``: the WBS over the API — list, read, insert, change, delete, indent, outdent, move.

Every write is a schedule write (the project is rescheduled in the same transaction); its answer
carries ``changed``: the public ids of every task whose row changed (outline or dates), so a client
can refresh just those. Predecessors are read and written as the grid shows them (``3FS+2d, 5SS``);
``start``/``finish`` set "start/finish no earlier than", as typing a date in Microsoft Project does.
A refusal (cycle, impossible constraint, unknown row) is a problem naming the field and the row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo.accounts.api.fields import VisibleScopeField
from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.api.concurrency import etag_headers, expected_version
from pmo.core.api.serializers import StrictInputSerializer
from pmo.core.api.viewsets import HistoryMixin, VersionedViewSet
from pmo.interchange.text import ParseError, format_duration, format_lag, parse_duration, parse_predecessors
from pmo.projects import services
from pmo.projects.choices import ConstraintType
from pmo.projects.models import Link, Project, Task, WorkCalendar
from pmo.projects.selectors import task_get, tasks_visible
from pmo.projects.services.schedule import ScheduleChange


def predecessor_texts_for(tasks: Iterable[Task]) -> dict[int, str]:
    """Predecessor text (``3FS+2d, 5``) of each of ``tasks`` by id, in one query."""
    ids = [task.pk for task in tasks]
    texts: dict[int, list[str]] = {}
    links = (
        Link.objects.filter(successor_id__in=ids)
        .order_by("successor_id", "predecessor__position")
        .values_list(
            "successor_id",
            "predecessor__position",
            "type",
            "lag_minutes",
            "lag_elapsed",
            "lag_percent",
            "project__minutes_per_day",
        )
    )
    for succ, position, kind, lag, elapsed, percent, per_day in links:
        lag_text = format_lag(lag, elapsed=elapsed, percent=percent, minutes_per_day=per_day)
        texts.setdefault(succ, []).append(
            f"{position}{'' if kind == 'FS' and not lag_text else kind}{lag_text}"
        )
    return {succ: ", ".join(parts) for succ, parts in texts.items()}


class TaskFilterSet(django_filters.FilterSet):
    """Tasks of one project, critical ones, milestones, summaries."""

    project = django_filters.UUIDFilter(field_name="project__uid", help_text="Public id of the project.")
    critical = django_filters.BooleanFilter(field_name="is_critical", help_text="Only (non-)critical tasks.")
    milestone = django_filters.BooleanFilter(field_name="is_milestone", help_text="Only (non-)milestones.")
    summary = django_filters.BooleanFilter(field_name="is_summary", help_text="Only (non-)summary tasks.")

    class Meta:
        model = Task
        fields = ("project", "critical", "milestone", "summary")


class TaskSerializer(serializers.ModelSerializer):
    """A task with its outline, its inputs and the live schedule's answer."""

    project = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the project."
    )
    parent = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, allow_null=True, help_text="Public id of the summary task above."
    )
    calendar = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, allow_null=True, help_text="Public id of the task's own calendar."
    )
    duration = serializers.SerializerMethodField(
        help_text='The duration as typed in the grid ("5d", "3ed?").'
    )
    predecessors = serializers.SerializerMethodField(help_text='Predecessors as typed ("3FS+2d, 5SS-1d").')
    etag = serializers.CharField(read_only=True, help_text="Send it back in If-Match to change this task.")

    class Meta:
        model = Task
        fields = (
            "uid",
            "project",
            "position",
            "wbs",
            "outline_level",
            "parent",
            "is_summary",
            "name",
            "notes",
            "duration",
            "duration_minutes",
            "duration_elapsed",
            "estimated",
            "is_milestone",
            "constraint_type",
            "constraint_date",
            "deadline",
            "calendar",
            "priority",
            "level_exempt",
            "predecessors",
            "percent_complete",
            "actual_start",
            "actual_finish",
            "start",
            "finish",
            "early_start",
            "early_finish",
            "late_start",
            "late_finish",
            "scheduled_minutes",
            "total_slack",
            "free_slack",
            "is_critical",
            "version",
            "etag",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_duration(self, task: Task) -> str:
        """Working (or elapsed) minutes as the grid shows them."""
        minutes = task.scheduled_minutes if task.is_summary else task.duration_minutes
        return format_duration(
            minutes,
            elapsed=task.duration_elapsed,
            estimated=task.estimated,
            minutes_per_day=task.project.minutes_per_day,
        )

    def get_predecessors(self, task: Task) -> str:
        """From the view's precomputed texts (one query per page), else one query."""
        texts = self.context.get("predecessor_texts")
        if texts is None:
            texts = predecessor_texts_for([task])
        return str(texts.get(task.pk, ""))


class TaskChangeSerializer(TaskSerializer):
    """A task after a write, with every task whose row changed."""

    changed = serializers.ListField(
        child=serializers.UUIDField(),
        help_text="Public ids of every task whose outline or schedule changed (refresh those rows).",
    )

    class Meta(TaskSerializer.Meta):
        fields = (*TaskSerializer.Meta.fields, "changed")
        read_only_fields = fields


class ChangedSerializer(serializers.Serializer):
    """The answer to a delete: the tasks whose row changed."""

    changed = serializers.ListField(child=serializers.UUIDField())


@extend_schema_field({"type": "string", "example": "3FS+2d, 5SS-1d"})
class PredecessorsField(serializers.CharField):
    """Predecessor text, parsed (``[]`` for empty text); a bad entry is named in the 400."""

    def to_internal_value(self, data: Any) -> Any:
        """The parsed entries."""
        text = super().to_internal_value(data)
        try:
            return parse_predecessors(text)
        except ParseError as error:
            raise serializers.ValidationError(str(error)) from error


class TaskInputSerializer(StrictInputSerializer):
    """Writable fields of a task (PATCH: any subset)."""

    read_only_fields = (*StrictInputSerializer.read_only_fields, *TaskSerializer.Meta.fields)

    name = serializers.CharField(max_length=255)
    notes = serializers.CharField(allow_blank=True, required=False, trim_whitespace=False)
    duration = serializers.CharField(
        required=False,
        max_length=40,
        help_text='A duration as typed ("5d", "2w", "3ed", "4h?"); or duration_minutes.',
    )
    duration_minutes = serializers.IntegerField(min_value=0, max_value=10_000_000, required=False)
    duration_elapsed = serializers.BooleanField(required=False)
    estimated = serializers.BooleanField(required=False)
    is_milestone = serializers.BooleanField(required=False)
    constraint_type = serializers.ChoiceField(choices=ConstraintType.choices, required=False)
    constraint_date = serializers.DateTimeField(allow_null=True, required=False)
    deadline = serializers.DateTimeField(allow_null=True, required=False)
    calendar = serializers.UUIDField(
        allow_null=True,
        required=False,
        help_text="Public id of one of the project's calendars (null: the project's).",
    )
    priority = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    level_exempt = serializers.BooleanField(required=False)
    predecessors = PredecessorsField(allow_blank=True, required=False, max_length=2000)
    start = serializers.DateTimeField(required=False, help_text='Sets "start no earlier than" this instant.')
    finish = serializers.DateTimeField(
        required=False, help_text='Sets "finish no earlier than" this instant.'
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """``duration`` text or ``duration_minutes``, not both."""
        if "duration" in attrs and "duration_minutes" in attrs:
            raise serializers.ValidationError({"duration": ["Give duration or duration_minutes, not both."]})
        return attrs


class TaskCreateSerializer(TaskInputSerializer):
    """Body of ``POST /tasks/``: the project, where to insert, and the task's fields."""

    project = VisibleScopeField(kinds=("project",), help_text="Public id of the project.")
    before = serializers.UUIDField(
        required=False, allow_null=True, help_text="Public id of the task to insert above (none: at the end)."
    )

    read_only_fields = tuple(f for f in TaskInputSerializer.read_only_fields if f != "project")


class TaskMoveSerializer(StrictInputSerializer):
    """Body of ``POST /tasks/{uid}/move/``."""

    before = serializers.UUIDField(
        allow_null=True, help_text="Public id of the task to move above, taking its level (null: to the end)."
    )


class EmptySerializer(StrictInputSerializer):
    """An empty body."""


def _split(data: dict[str, Any], project: Project, user: Any) -> dict[str, Any]:
    """Service arguments from a validated body: fields, predecessors, start, finish, calendar."""
    out: dict[str, Any] = {}
    for key in ("predecessors", "start", "finish"):
        if key in data:
            out[key] = data.pop(key)
    if "duration" in data:
        try:
            parsed = parse_duration(
                data.pop("duration"),
                minutes_per_day=project.minutes_per_day,
                minutes_per_week=project.minutes_per_week,
                days_per_month=project.days_per_month,
            )
        except ParseError as error:
            raise serializers.ValidationError({"duration": [str(error)]}) from error
        data |= {
            "duration_minutes": parsed.minutes,
            "duration_elapsed": parsed.elapsed,
            "estimated": parsed.estimated,
        }
    if data.get("calendar") is not None:
        calendar = WorkCalendar.objects.filter(project=project, uid=data["calendar"]).first()
        if calendar is None:
            raise serializers.ValidationError(
                {"calendar": ["No calendar with this id in the task's project."]}
            )
        data["calendar"] = calendar
    out["data"] = data
    return out


@extend_schema(tags=["tasks"])
class TaskViewSet(HistoryMixin, VersionedViewSet):
    """Tasks of the projects the caller may see. Contributors insert, change, delete, indent, outdent
    and move them; every write reschedules the project and lists the tasks it changed."""

    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    input_serializer_classes = {
        "create": TaskCreateSerializer,
        "partial_update": TaskInputSerializer,
        "indent": EmptySerializer,
        "outdent": EmptySerializer,
        "move": TaskMoveSerializer,
    }
    if_match_actions = ("indent", "outdent", "move")

    def visible(self) -> QuerySet[Task]:
        """Tasks of visible projects, in outline order."""
        return (
            tasks_visible(self.request.user)
            .select_related("project", "parent", "calendar")
            .order_by("project_id", "position")
        )

    def fetch(self, uid: Any) -> Task:
        """One visible task, or 404."""
        from pmo.core.selectors import get_visible

        return get_visible(self.visible(), uid=uid)

    def require_writable(self, instance: Task) -> None:
        """Changing a task needs the contributor role on its project."""
        require_role(self.request.user, instance.project.scope, Role.CONTRIBUTOR)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Paginated tasks, with their predecessor texts read in one query per page."""
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        context = {**self.get_serializer_context(), "predecessor_texts": predecessor_texts_for(rows)}
        data = TaskSerializer(rows, many=True, context=context).data
        return self.get_paginated_response(data)

    def answer(self, task: Task, change: ScheduleChange, *, status: int = 200) -> Response:
        """The task, fresh, with the changed tasks' public ids."""
        fresh = self.fetch(task.uid)
        data = dict(self.output(fresh))
        data["changed"] = [str(uid) for uid in changed_uids(change)]
        return Response(data, status=status, headers=etag_headers(fresh))

    @extend_schema(request=TaskCreateSerializer, responses={201: TaskChangeSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Insert a task above ``before`` (at its level) or at the end."""
        return super().create(request, *args, **kwargs)

    def perform_create(self, data: dict[str, Any]) -> Any:
        """Through :func:`~pmo.projects.services.task_create`; the answer is built by ``output``."""
        project: Project = data.pop("project").owner
        before = None
        if data.get("before"):
            before = task_get(self.request.user, project, data["before"]) if data["before"] else None
        data.pop("before", None)
        arguments = _split(data, project, self.request.user)
        fields = arguments.pop("data")
        name = fields.pop("name")
        change = services.task_create(
            actor=self.request.user, project=project, name=name, before=before, **fields, **arguments
        )
        task = self.fetch(change.task.uid)
        task._schedule_change = change  # type: ignore[attr-defined]  # read by output()
        return task

    def output(self, instance: Any) -> Any:
        """The task; after a write, with ``changed``."""
        data = super().output(instance)
        change = getattr(instance, "_schedule_change", None)
        if change is not None:
            data = dict(data) | {"changed": [str(uid) for uid in changed_uids(change)]}
        return data

    @extend_schema(request=TaskInputSerializer, responses={200: TaskChangeSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change some fields, the predecessors (text) or the dates; needs ``If-Match``."""
        return super().partial_update(request, *args, **kwargs)

    def perform_update(self, instance: Task, data: dict[str, Any], version: int) -> Task:
        """Through :func:`~pmo.projects.services.task_update`."""
        arguments = _split(dict(data), instance.project, self.request.user)
        change = services.task_update(
            actor=self.request.user, task=instance, expected_version=version, **arguments
        )
        task = self.fetch(instance.uid)
        task._schedule_change = change  # type: ignore[attr-defined]
        return task

    @extend_schema(responses={200: ChangedSerializer})
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Delete the task with its subtasks and links; needs ``If-Match``. Answers the changed tasks."""
        instance = self.get_object()
        self.require_writable(instance)
        version = expected_version(request, instance)
        change = services.task_delete(actor=request.user, task=instance, expected_version=version)
        return Response({"changed": [str(uid) for uid in changed_uids(change)]})

    def _outline(self, request: Request, run: Any) -> Response:
        instance = self.get_object()
        self.require_writable(instance)
        version = expected_version(request, instance)
        data = self.validated_input(request)
        change = run(instance, version, data)
        return self.answer(instance, change)

    @extend_schema(
        summary="Indent a task",
        request=EmptySerializer,
        responses={200: TaskChangeSerializer},
        description="Make the task (with its subtasks) a subtask of the row above it.",
    )
    @action(detail=True, methods=["post"])
    def indent(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Indent the task."""
        return self._outline(
            request,
            lambda task, version, _: services.task_indent(
                actor=request.user, task=task, expected_version=version
            ),
        )

    @extend_schema(
        summary="Outdent a task",
        request=EmptySerializer,
        responses={200: TaskChangeSerializer},
        description="Move the task one level up; the rows below it at its old level become its subtasks.",
    )
    @action(detail=True, methods=["post"])
    def outdent(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Outdent the task."""
        return self._outline(
            request,
            lambda task, version, _: services.task_outdent(
                actor=request.user, task=task, expected_version=version
            ),
        )

    @extend_schema(
        summary="Move a task",
        request=TaskMoveSerializer,
        responses={200: TaskChangeSerializer},
        description="Move the task with its subtasks above `before` (taking its level), or to the end.",
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Move the task."""

        def run(task: Task, version: int, data: dict[str, Any]) -> ScheduleChange:
            before = task_get(request.user, task.project, data["before"]) if data.get("before") else None
            return services.task_move(actor=request.user, task=task, before=before, expected_version=version)

        return self._outline(request, run)


def changed_uids(change: ScheduleChange) -> list[Any]:
    """Public ids of the tasks a write changed (one query)."""
    if not change.touched:
        return []
    return list(
        Task.objects.filter(pk__in=list(change.touched)).order_by("position").values_list("uid", flat=True)
    )
