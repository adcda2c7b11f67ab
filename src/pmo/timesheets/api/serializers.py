"""Serializers of timesheets: the sheet with its entries, and the bodies of the writes."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from pmo.core.api.serializers import StrictInputSerializer
from pmo.timesheets.models import TimeEntry, Timesheet


class TimeEntrySerializer(serializers.ModelSerializer[TimeEntry]):
    """One entry: minutes on a task on a day."""

    task = serializers.SlugRelatedField(slug_field="uid", read_only=True, help_text="Public id of the task.")
    task_name = serializers.CharField(source="task.name", read_only=True)
    project = serializers.SlugRelatedField(
        slug_field="uid", read_only=True, help_text="Public id of the project."
    )

    class Meta:
        model = TimeEntry
        fields = ("task", "task_name", "project", "date", "minutes")
        read_only_fields = fields


class TimesheetSerializer(serializers.ModelSerializer[Timesheet]):
    """A weekly timesheet as the API shows it."""

    user = serializers.SlugRelatedField(slug_field="username", read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    entries = TimeEntrySerializer(many=True, read_only=True)
    total_minutes = serializers.SerializerMethodField(help_text="Minutes over the week.")

    class Meta:
        model = Timesheet
        fields = (
            "uid",
            "user",
            "week_start",
            "status",
            "comment",
            "submitted_at",
            "decided_at",
            "decided_by",
            "entries",
            "total_minutes",
            "version",
            "etag",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_total_minutes(self, sheet: Timesheet) -> int:
        """The week's total."""
        return sum(entry.minutes for entry in sheet.entries.all())


class EntryInputSerializer(serializers.Serializer[Any]):
    """One cell to set; 0 minutes removes it (negative values are refused by the service, naming the day)."""

    task = serializers.UUIDField(help_text="Public id of the task.")
    date = serializers.DateField()
    minutes = serializers.IntegerField()


class EntriesSetSerializer(StrictInputSerializer):
    """Set the caller's time for one week (Monday ``week_start``); cells left out keep their value."""

    week_start = serializers.DateField(help_text="The Monday of the week.")
    entries = EntryInputSerializer(many=True)


class EmptySerializer(StrictInputSerializer):
    """No body fields."""


class ReturnSerializer(StrictInputSerializer):
    """Why the sheet goes back to its owner."""

    comment = serializers.CharField(max_length=1000)
