"""Output shape of ``GET /api/v1/projects/{uid}/schedule-quality/``: the DCMA 14-point assessment."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from pmo.projects.schedule_quality import CheckRow, QualityReport


class QualityLinkSerializer(serializers.Serializer[Any]):
    """An offending link, by the public ids of its tasks."""

    predecessor = serializers.UUIDField()
    successor = serializers.UUIDField()


class QualityCheckSerializer(serializers.Serializer[Any]):
    """One of the fourteen checks."""

    number = serializers.IntegerField(help_text="1 to 14, in DCMA's order.")
    key = serializers.CharField(help_text="Stable key, e.g. ``logic``, ``high_float``, ``bei``.")
    name = serializers.CharField()
    figure = serializers.FloatField(allow_null=True, help_text="In ``unit``; null when not assessed.")
    unit = serializers.CharField(help_text="``%``, ``count``, ``index`` or ``days``.")
    threshold = serializers.CharField(help_text="The pass mark as text, e.g. ``≤ 5 %``.")
    passed = serializers.BooleanField(allow_null=True, help_text="Null: not assessed (see ``note``).")
    count = serializers.IntegerField(help_text="Offending tasks or links.")
    total = serializers.IntegerField(help_text="Tasks or links counted.")
    tasks = serializers.ListField(child=serializers.UUIDField(), help_text="Offending tasks, in row order.")
    links = QualityLinkSerializer(many=True, help_text="Offending links (checks 2-4).")
    note = serializers.CharField(allow_blank=True)


class ScheduleQualitySerializer(serializers.Serializer[Any]):
    """The assessment of a project's live schedule."""

    project = serializers.UUIDField()
    status_date = serializers.DateField(allow_null=True)
    baseline = serializers.IntegerField(help_text="The compared baseline (0-10) the checks use.")
    has_baseline = serializers.BooleanField()
    task_count = serializers.IntegerField()
    passed = serializers.IntegerField(help_text="Checks passed.")
    failed = serializers.IntegerField(help_text="Checks failed.")
    checks = QualityCheckSerializer(many=True, help_text="Empty when the project has no tasks.")


def check_data(row: CheckRow) -> dict[str, Any]:
    """One check as the API answers it."""
    result = row.result
    return {
        "number": result.number,
        "key": str(result.check),
        "name": result.name,
        "figure": result.figure,
        "unit": result.unit,
        "threshold": result.threshold,
        "passed": result.passed,
        "count": result.count,
        "total": result.total,
        "tasks": [task.uid for task in row.tasks],
        "links": [{"predecessor": a.uid, "successor": b.uid} for a, b in row.links],
        "note": row.note,
    }


def report_data(project_uid: Any, report: QualityReport) -> dict[str, Any]:
    """The whole answer."""
    return {
        "project": project_uid,
        "status_date": report.status_date,
        "baseline": report.baseline_number,
        "has_baseline": report.has_baseline,
        "task_count": report.task_count,
        "passed": report.passed,
        "failed": report.failed,
        "checks": [check_data(row) for row in report.checks],
    }
