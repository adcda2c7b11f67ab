"""Serializers of the tracking API: baselines, progress entries, the schedule's status date and
compared baseline, the Gantt rows, and milestone feeds. One output shape per object, one input
allow-list per write."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmo.projects.choices import BASELINE_NUMBERS
from pmo.projects.models import Baseline, BaselineTask, CalendarFeed, ProgressEntry, Project, Task
from pmo.projects.selectors import project_get, tasks_visible


class VisibleProjectField(serializers.UUIDField):
    """A project named by public id, among those the requester may see (else the same 400)."""

    def to_internal_value(self, data: Any) -> Project:
        """Resolve the uid through :func:`~pmo.projects.selectors.project_get`."""
        uid = super().to_internal_value(data)
        user = getattr(self.context.get("request"), "user", None)
        try:
            return project_get(user, uid)
        except Http404 as error:
            raise serializers.ValidationError(f"No project {uid} among the projects you can see.") from error


class VisibleTaskField(serializers.UUIDField):
    """A task named by public id, among the tasks of projects the requester may see."""

    def to_internal_value(self, data: Any) -> Task:
        """Resolve the uid through :func:`~pmo.projects.selectors.tasks_visible`."""
        uid = super().to_internal_value(data)
        user = getattr(self.context.get("request"), "user", None)
        task = tasks_visible(user).select_related("project").filter(uid=uid).first()
        if task is None:
            raise serializers.ValidationError(f"No task {uid} among the tasks you can see.")
        return task


class BaselineSerializer(serializers.ModelSerializer):
    """A saved baseline (without its task values; see the detail endpoint)."""

    project = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the project."
    )
    saved_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, help_text="Who saved it last."
    )
    etag = serializers.CharField(
        read_only=True, help_text="Send it back in If-Match to delete this baseline."
    )

    class Meta:
        model = Baseline
        fields = (
            "uid",
            "project",
            "number",
            "name",
            "saved_at",
            "saved_by",
            "project_start",
            "project_finish",
            "version",
            "etag",
        )
        read_only_fields = fields


class BaselineTaskSerializer(serializers.Serializer):
    """One task's values in a baseline."""

    task = serializers.UUIDField(help_text="Public id of the task.")
    position = serializers.IntegerField(help_text="Row number of the task now.")
    name = serializers.CharField()
    start = serializers.DateTimeField(allow_null=True)
    finish = serializers.DateTimeField(allow_null=True)
    duration_minutes = serializers.IntegerField(allow_null=True, help_text="Working minutes.")
    work_minutes = serializers.IntegerField(allow_null=True, help_text="Filled by the cost issue.")
    cost = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)


class BaselineDetailSerializer(BaselineSerializer):
    """A baseline with every task's saved values (one query)."""

    tasks = serializers.SerializerMethodField()

    class Meta(BaselineSerializer.Meta):
        fields = (*BaselineSerializer.Meta.fields, "tasks")
        read_only_fields = fields

    @extend_schema_field(BaselineTaskSerializer(many=True))
    def get_tasks(self, baseline: Baseline) -> list[dict[str, Any]]:
        """Task values in row order."""
        rows = (
            BaselineTask.objects.filter(baseline=baseline)
            .order_by("task__position")
            .values("task__uid", "task__position", "task__name", "start", "finish", "duration_minutes",
                    "work_minutes", "cost")
        )  # fmt: skip
        values = [
            {
                "task": row["task__uid"],
                "position": row["task__position"],
                "name": row["task__name"],
                "start": row["start"],
                "finish": row["finish"],
                "duration_minutes": row["duration_minutes"],
                "work_minutes": row["work_minutes"],
                "cost": row["cost"],
            }
            for row in rows
        ]
        return list(BaselineTaskSerializer(values, many=True).data)  # decimals as strings, like every amount


class BaselineCreateSerializer(serializers.Serializer):
    """Body of ``POST /baselines/``: save the project's schedule as baseline ``number``."""

    project = VisibleProjectField(help_text="Public id of the project.")
    number = serializers.ChoiceField(choices=list(BASELINE_NUMBERS), help_text="0 to 10.")
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    overwrite = serializers.BooleanField(
        default=False,
        help_text="Save over an existing baseline of that number (manager role; audited with the old "
        "and new project finish).",
    )


class ProgressEntrySerializer(serializers.ModelSerializer):
    """One progress update of a task, as recorded."""

    task = serializers.SlugRelatedField(slug_field="uid", read_only=True, help_text="Public id of the task.")
    project = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the project."
    )
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ProgressEntry
        fields = (
            "id",
            "task",
            "project",
            "recorded_at",
            "actor",
            "status_date",
            "percent_complete",
            "actual_start",
            "actual_finish",
            "remaining_minutes",
            "note",
        )
        read_only_fields = fields


class ProgressCreateSerializer(serializers.Serializer):
    """Body of ``POST /progress/``: progress of one task. Fields left out keep their value; null clears."""

    task = VisibleTaskField(help_text="Public id of the task.")
    percent_complete = serializers.IntegerField(required=False, help_text="0 to 100.")
    actual_start = serializers.DateTimeField(required=False, allow_null=True)
    actual_finish = serializers.DateTimeField(required=False, allow_null=True)
    remaining_minutes = serializers.IntegerField(
        required=False, allow_null=True, help_text="Working minutes."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class TaskProgressSerializer(serializers.ModelSerializer):
    """A task's progress and schedule after an update."""

    class Meta:
        model = Task
        fields = (
            "uid",
            "position",
            "name",
            "percent_complete",
            "actual_start",
            "actual_finish",
            "remaining_minutes",
            "start",
            "finish",
            "version",
        )
        read_only_fields = fields


class ProgressResultSerializer(serializers.Serializer):
    """The answer to a progress update: the history entry and the task as rescheduled."""

    entry = ProgressEntrySerializer()
    task = TaskProgressSerializer()


class StatusDateSerializer(serializers.Serializer):
    """Body of ``POST /projects/{uid}/status-date/``."""

    status_date = serializers.DateField(
        allow_null=True, help_text="Progress is reported up to the end of it."
    )


class UpdateAsScheduledSerializer(serializers.Serializer):
    """Body of ``POST /projects/{uid}/update-as-scheduled/``."""

    status_date = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Default: the project's status date."
    )


class CompareBaselineSerializer(serializers.Serializer):
    """Body of ``POST /projects/{uid}/compare-baseline/``."""

    number = serializers.ChoiceField(choices=list(BASELINE_NUMBERS), help_text="0 to 10.")


class ScheduleStateSerializer(serializers.Serializer):
    """The project's tracking settings and schedule span after a change."""

    uid = serializers.UUIDField()
    status_date = serializers.DateField(allow_null=True)
    compare_baseline = serializers.IntegerField()
    scheduled_start = serializers.DateTimeField(allow_null=True)
    scheduled_finish = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()
    etag = serializers.CharField()
    updated_tasks = serializers.IntegerField(required=False, help_text="Tasks updated (update as scheduled).")


class GanttRowSerializer(serializers.Serializer):
    """One row of the schedule as the Gantt draws it."""

    uid = serializers.UUIDField()
    position = serializers.IntegerField()
    wbs = serializers.CharField()
    name = serializers.CharField()
    outline_level = serializers.IntegerField()
    is_summary = serializers.BooleanField()
    is_milestone = serializers.BooleanField()
    is_critical = serializers.BooleanField()
    start = serializers.DateTimeField(allow_null=True)
    finish = serializers.DateTimeField(allow_null=True)
    total_slack = serializers.IntegerField(allow_null=True, help_text="Working minutes.")
    free_slack = serializers.IntegerField(allow_null=True, help_text="Working minutes.")
    percent_complete = serializers.IntegerField()
    baseline_start = serializers.DateTimeField(allow_null=True)
    baseline_finish = serializers.DateTimeField(allow_null=True)
    predecessors = serializers.ListField(child=serializers.CharField(), help_text="``<uid>:<type>`` pairs.")


class FeedSerializer(serializers.ModelSerializer):
    """A milestone feed (its secret URL is only in the answer to its creation)."""

    project = serializers.SlugRelatedField(slug_field="uid", read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    etag = serializers.CharField(read_only=True)

    class Meta:
        model = CalendarFeed
        fields = (
            "uid",
            "project",
            "name",
            "created_by",
            "created_at",
            "revoked_at",
            "last_used_at",
            "version",
            "etag",
        )
        read_only_fields = fields


class FeedCreatedSerializer(FeedSerializer):
    """The answer to a feed creation: the feed and its secret URL, shown this once."""

    url = serializers.SerializerMethodField(help_text="The secret feed URL; it cannot be shown again.")

    class Meta(FeedSerializer.Meta):
        fields = (*FeedSerializer.Meta.fields, "url")
        read_only_fields = fields

    def get_url(self, feed: CalendarFeed) -> str:
        """The URL passed in the context (the token is not stored)."""
        return str(self.context.get("feed_url", ""))


class FeedCreateSerializer(serializers.Serializer):
    """Body of ``POST /feeds/``."""

    project = VisibleProjectField(help_text="Public id of the project.")
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
