"""``/api/v1/`` endpoints of tracking: baselines, progress, the status date, update as scheduled,
the compared baseline, the Gantt rows, the schedule quality (DCMA) and milestone feeds.

Reads go through the scoped selectors (another portfolio's objects answer 404), writes through
:mod:`pmo.projects.services` (baselines, progress, feeds); roles: ``docs/authz/projects-tracking.yaml``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from pmo.accounts.choices import ROLE_RANK, Role
from pmo.accounts.selectors import is_pmo_admin, membership_paths, require_role, scoped
from pmo.core.api.concurrency import etag_headers, expected_version
from pmo.core.api.idempotency import idempotent
from pmo.core.api.viewsets import UUID_PATTERN, ScopedListViewSet, ScopedViewSet, VersionedViewSet
from pmo.core.selectors import get_visible
from pmo.projects.api import tracking_serializers as s
from pmo.projects.api.schedule_quality_serializers import ScheduleQualitySerializer, report_data
from pmo.projects.models import Baseline, BaselineTask, CalendarFeed, Link, ProgressEntry, Project, Task
from pmo.projects.schedule_quality import schedule_quality
from pmo.projects.selectors import project_get
from pmo.projects.services.baselines import baseline_delete, baseline_save, project_compare_baseline_set
from pmo.projects.services.feeds import feed_create, feed_revoke
from pmo.projects.services.progress import (
    project_status_date_set,
    project_update_as_scheduled,
    task_progress_update,
)

PROJECT_PARAM = OpenApiParameter(
    "project", OpenApiTypes.UUID, required=False, description="Public id of the project."
)
TASK_PARAM = OpenApiParameter("task", OpenApiTypes.UUID, required=False, description="Public id of the task.")


def _uid_param(request: Request, name: str) -> str | None:
    value = request.query_params.get(name)
    if value is None:
        return None
    try:
        import uuid

        return str(uuid.UUID(value))
    except ValueError as error:
        raise ValidationError({name: [f"{value!r} is not a public id (UUID)."]}) from error


@extend_schema(tags=["baselines"])
class BaselineViewSet(VersionedViewSet):
    """Baselines 0-10 of the projects the caller may see. Managers save (``POST``, also over an
    existing number with ``overwrite``) and delete them; a baseline is never edited in place."""

    serializer_class = s.BaselineSerializer
    input_serializer_classes = {"create": s.BaselineCreateSerializer}
    http_method_names = ["get", "post", "delete", "head", "options"]
    idempotent_create = True

    def get_serializer_class(self) -> Any:
        """The detail carries every task's values."""
        return s.BaselineDetailSerializer if self.action == "retrieve" else s.BaselineSerializer

    def visible(self) -> QuerySet[Baseline]:
        """Baselines of visible projects."""
        queryset = Baseline.objects.select_related("project__scope", "saved_by")
        return scoped(queryset, self.request.user, path_lookup="project__scope__path")

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """``?project=<uid>`` limits to one project."""
        project = _uid_param(self.request, "project")
        return queryset.filter(project__uid=project) if project else queryset

    @extend_schema(parameters=[PROJECT_PARAM])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Baselines, by project and number."""
        return super().list(request, *args, **kwargs)

    def fetch(self, uid: Any) -> Baseline:
        """One visible baseline, or 404."""
        return get_visible(self.visible(), uid=uid)

    def require_writable(self, instance: Baseline) -> None:
        """Deleting a baseline needs the manager role on its project."""
        require_role(self.request.user, instance.project.scope, Role.MANAGER)

    def perform_create(self, data: dict[str, Any]) -> Baseline:
        """Save through :func:`~pmo.projects.services.baselines.baseline_save`."""
        return baseline_save(actor=self.request.user, **data)

    def perform_destroy(self, instance: Baseline, version: int) -> None:
        """Delete through :func:`~pmo.projects.services.baselines.baseline_delete`."""
        baseline_delete(actor=self.request.user, baseline=instance, expected_version=version)


@extend_schema(tags=["progress"])
class ProgressViewSet(ScopedListViewSet):
    """Progress history of tasks (newest first), and ``POST`` to record a task's progress
    (contributor role): actual start and finish, % complete, remaining duration. The project is
    rescheduled; actuals after the status date, a finish before the start or a % outside 0-100
    are refused with a message naming the row."""

    serializer_class = s.ProgressEntrySerializer
    input_serializer_classes = {"create": s.ProgressCreateSerializer}
    idempotent_create = True

    def visible(self) -> QuerySet[ProgressEntry]:
        """Entries of visible projects."""
        queryset = ProgressEntry.objects.select_related("task", "project", "actor")
        return scoped(queryset, self.request.user, path_lookup="project__scope__path")

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """``?project=<uid>`` and ``?task=<uid>``."""
        project, task = _uid_param(self.request, "project"), _uid_param(self.request, "task")
        if project:
            queryset = queryset.filter(project__uid=project)
        if task:
            queryset = queryset.filter(task__uid=task)
        return queryset

    @extend_schema(parameters=[PROJECT_PARAM, TASK_PARAM])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Progress entries, newest first."""
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Record progress of a task",
        request=s.ProgressCreateSerializer,
        responses={201: s.ProgressResultSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record progress; ``If-Match`` with the task's ETag (optional) guards against lost updates."""

        def perform() -> Response:
            data = self.validated_input(request)
            task: Task = data.pop("task")
            require_role(request.user, task.project.scope, Role.CONTRIBUTOR)
            version = expected_version(request, task) if request.headers.get("If-Match") else None
            note = data.pop("note", "")
            change = task_progress_update(
                actor=request.user, task=task, data=data, expected_version=version, note=note
            )
            saved = change.task
            entry = (
                ProgressEntry.objects.filter(task=saved).select_related("task", "project", "actor").first()
            )
            body = {
                "entry": s.ProgressEntrySerializer(entry).data,
                "task": s.TaskProgressSerializer(saved).data,
            }
            return Response(body, status=201, headers=etag_headers(saved))

        return idempotent(request, perform)


def _schedule_state(project: Project, **extra: Any) -> dict[str, Any]:
    project.refresh_from_db()
    return {
        "uid": project.uid,
        "status_date": project.status_date,
        "compare_baseline": project.compare_baseline,
        "scheduled_start": project.scheduled_start,
        "scheduled_finish": project.scheduled_finish,
        "version": project.version,
        "etag": project.etag,
        **extra,
    }


@extend_schema(tags=["projects"])
class ProjectTrackingViewSet(viewsets.GenericViewSet):
    """Tracking actions on a project: status date, update as scheduled, compared baseline, Gantt rows,
    schedule quality."""

    lookup_field = "uid"
    lookup_url_kwarg = "uid"
    lookup_value_regex = UUID_PATTERN
    serializer_class = s.ScheduleStateSerializer
    queryset = Project.objects.none()
    # For the schema: which actions need If-Match (the project's ETag) and which answer one.
    versioned = True
    if_match_actions = ("status_date", "compare_baseline")
    etag_actions = ("update_as_scheduled",)

    def _project(self) -> Project:
        return project_get(self.request.user, self.kwargs["uid"])

    def _input(self, serializer_class: Any) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @extend_schema(
        summary="Set the status date",
        description=(
            "Manager role; needs If-Match with the project's ETag. Unfinished work is rescheduled after it."
        ),
        request=s.StatusDateSerializer,
        responses=s.ScheduleStateSerializer,
    )
    @action(detail=True, methods=["post"], url_path="status-date", url_name="status-date")
    def status_date(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Store the status date and reschedule."""
        project = self._project()
        require_role(request.user, project.scope, Role.MANAGER)
        version = expected_version(request, project)
        data = self._input(s.StatusDateSerializer)
        project_status_date_set(
            actor=request.user, project=project, status_date=data["status_date"], expected_version=version
        )
        return Response(_schedule_state(project), headers=etag_headers(project))

    @extend_schema(
        summary="Update the project as scheduled to the status date",
        description=(
            "Microsoft Project's 'Update project': tasks scheduled to start by the status date get "
            "their scheduled start as actual start; those scheduled to finish by then are 100 % "
            "complete; the others get the share of their working time elapsed. Manager role."
        ),
        request=s.UpdateAsScheduledSerializer,
        responses=s.ScheduleStateSerializer,
    )
    @action(detail=True, methods=["post"], url_path="update-as-scheduled", url_name="update-as-scheduled")
    def update_as_scheduled(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Update every task up to the status date."""
        project = self._project()
        require_role(request.user, project.scope, Role.MANAGER)
        data = self._input(s.UpdateAsScheduledSerializer)
        change = project_update_as_scheduled(
            actor=request.user, project=project, status_date=data["status_date"]
        )
        return Response(
            _schedule_state(project, updated_tasks=len(change.tasks)), headers=etag_headers(project)
        )

    @extend_schema(
        summary="Choose the baseline the project compares with",
        description="Manager role; needs If-Match with the project's ETag.",
        request=s.CompareBaselineSerializer,
        responses=s.ScheduleStateSerializer,
    )
    @action(detail=True, methods=["post"], url_path="compare-baseline", url_name="compare-baseline")
    def compare_baseline(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Store the compared baseline number."""
        project = self._project()
        require_role(request.user, project.scope, Role.MANAGER)
        version = expected_version(request, project)
        data = self._input(s.CompareBaselineSerializer)
        saved = project_compare_baseline_set(
            actor=request.user, project=project, number=data["number"], expected_version=version
        )
        return Response(_schedule_state(saved), headers=etag_headers(saved))

    @extend_schema(
        summary="The schedule rows of the Gantt",
        description="Every task in outline order with dates, slack, critical flag, the compared baseline's "
        "dates (``?baseline=N``, default the project's) and its predecessors.",
        parameters=[OpenApiParameter("baseline", OpenApiTypes.INT, required=False, description="0 to 10.")],
        responses=s.GanttRowSerializer(many=True),
        filters=False,
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="gantt",
        url_name="gantt",
        filter_backends=[],
        pagination_class=None,
    )
    def gantt(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Rows of the schedule (four queries whatever the size)."""
        project = self._project()
        text = request.query_params.get("baseline", "")
        number = int(text) if text.isdigit() and int(text) <= 10 else project.compare_baseline
        rows = list(
            Task.objects.filter(project=project)
            .order_by("position")
            .values("id", "uid", "position", "wbs", "name", "outline_level", "is_summary", "is_milestone",
                    "is_critical", "start", "finish", "total_slack", "free_slack", "percent_complete")
        )  # fmt: skip
        uids = {row["id"]: row["uid"] for row in rows}
        predecessors: dict[int, list[str]] = {}
        for pred, succ, kind in Link.objects.filter(project=project).values_list(
            "predecessor_id", "successor_id", "type"
        ):
            predecessors.setdefault(succ, []).append(f"{uids.get(pred)}:{kind}")
        planned = {
            task_id: (start, finish)
            for task_id, start, finish in BaselineTask.objects.filter(
                baseline__project=project, baseline__number=number
            ).values_list("task_id", "start", "finish")
        }
        for row in rows:
            row["baseline_start"], row["baseline_finish"] = planned.get(row["id"], (None, None))
            row["predecessors"] = predecessors.get(row["id"], [])
        return Response(s.GanttRowSerializer(rows, many=True).data)

    @extend_schema(
        summary="The schedule quality: the DCMA 14-point assessment",
        description="The fourteen checks of the live schedule (DCMA-EA PAM 200.1, default thresholds): "
        "figure, threshold, pass/fail (null: not assessed) and the public ids of the offending tasks "
        "and links. Baseline values come from the project's compared baseline.",
        responses=ScheduleQualitySerializer,
        filters=False,
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="schedule-quality",
        url_name="schedule-quality",
        filter_backends=[],
        pagination_class=None,
    )
    def schedule_quality(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The assessment (a fixed number of queries whatever the size)."""
        project = self._project()
        data = report_data(project.uid, schedule_quality(project))
        return Response(ScheduleQualitySerializer(data).data)


def _manager_filter(user: Any) -> Q | None:
    """Projects on which ``user`` is at least a manager (``None``: all, for a PMO administrator)."""
    if is_pmo_admin(user):
        return None
    paths = [
        path for path, role in membership_paths(user).items() if ROLE_RANK[role] >= ROLE_RANK[Role.MANAGER]
    ]
    query = Q(pk__in=[])
    for path in paths:
        query |= Q(project__scope__path__startswith=path)
    return query


@extend_schema(tags=["feeds"])
class FeedViewSet(ScopedViewSet):
    """Private iCalendar feeds of project milestones (managers only). The secret URL is in the
    answer to ``POST`` and nowhere else; ``revoke`` kills it (the URL then answers 404)."""

    serializer_class = s.FeedSerializer
    input_serializer_classes = {"create": s.FeedCreateSerializer}
    idempotent_create = True

    def visible(self) -> QuerySet[CalendarFeed]:
        """Feeds of visible projects."""
        queryset = CalendarFeed.objects.select_related("project__scope", "created_by")
        return scoped(queryset, self.request.user, path_lookup="project__scope__path")

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """Only the projects the caller manages; ``?project=<uid>``."""
        condition = _manager_filter(self.request.user)
        if condition is not None:
            queryset = queryset.filter(condition)
        project = _uid_param(self.request, "project")
        return queryset.filter(project__uid=project) if project else queryset

    @extend_schema(parameters=[PROJECT_PARAM])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Feeds of the projects the caller manages."""
        return super().list(request, *args, **kwargs)

    def fetch(self, uid: Any) -> CalendarFeed:
        """One feed of a visible project (404), which the caller must manage (403)."""
        feed: CalendarFeed = get_visible(self.visible(), uid=uid)
        require_role(self.request.user, feed.project.scope, Role.MANAGER)
        return feed

    @extend_schema(
        summary="Create a feed", request=s.FeedCreateSerializer, responses={201: s.FeedCreatedSerializer}
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Create a feed; the answer holds its secret URL, this once."""

        def perform() -> Response:
            data = self.validated_input(request)
            new = feed_create(actor=request.user, **data)
            url = request.build_absolute_uri(reverse("projects:feed_ics", kwargs={"token": new.token}))
            body = s.FeedCreatedSerializer(new.feed, context={"feed_url": url}).data
            location = self.reverse_action("detail", kwargs={"uid": new.feed.uid})
            return Response(body, status=201, headers={**etag_headers(new.feed), "Location": location})

        return idempotent(request, perform)

    @extend_schema(summary="Revoke a feed", request=None, responses=s.FeedSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Revoke the feed; If-Match is optional (revoking is idempotent)."""
        feed = self.get_object()
        version = expected_version(request, feed) if request.headers.get("If-Match") else None
        saved = feed_revoke(actor=request.user, feed=feed, expected_version=version)
        return Response(self.output(saved), headers=etag_headers(saved))
