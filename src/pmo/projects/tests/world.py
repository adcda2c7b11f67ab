"""The projects app's objects in the persona world (``pmo.testing.personas.WORLD_EXTENSIONS``).

On each side's project: a calendar with an exception, three tasks (a summary with two subtasks,
linked), a baseline and a milestone feed; every text carries a canary of the side.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from pmo.interchange.text import parse_predecessors
from pmo.projects.models import Baseline, BaselineTask, CalendarException, CalendarFeed, Task, WorkCalendar
from pmo.projects.services import task_create, task_indent


def extend(side: Any, *, admin: Any, manager: Any, canary: Callable[[], str]) -> dict[str, Any]:
    """Create the side's schedule objects; returns them by registry key."""
    project = side.project
    calendar = WorkCalendar.objects.create(project=project, name=f"Calendar {canary()}")
    exception = CalendarException.objects.create(
        calendar=calendar, name=f"Holiday {canary()}", start=dt.date(2026, 4, 3), finish=dt.date(2026, 4, 6)
    )
    phase = task_create(actor=admin, project=project, name=f"Phase {canary()}").task
    first = task_create(actor=admin, project=project, name=f"Dig {canary()}", duration_minutes=960).task
    second = task_create(
        actor=admin,
        project=project,
        name=f"Pour {canary()}",
        predecessors=parse_predecessors(f"{first.position}FS+1d"),
        notes=canary(),
    ).task
    first = task_indent(actor=admin, task=first, expected_version=first.version).task
    second = task_indent(actor=admin, task=Task.objects.get(pk=second.pk), expected_version=None).task
    milestone = task_create(
        actor=admin,
        project=project,
        name=f"Handover {canary()}",
        duration_minutes=0,
        predecessors=parse_predecessors(f"{second.position}"),
    ).task
    baseline = Baseline.objects.create(
        project=project, number=0, name=f"Plan {canary()}", saved_at=timezone.now(), saved_by=manager
    )
    BaselineTask.objects.bulk_create(
        BaselineTask(
            baseline=baseline,
            task=task,
            start=task.start,
            finish=task.finish,
            duration_minutes=task.scheduled_minutes,
        )
        for task in Task.objects.filter(project=project)
    )
    feed = CalendarFeed.objects.create(
        project=project,
        name=f"Feed {canary()}",
        token_digest=hashlib.sha256(secrets.token_urlsafe(24).encode()).hexdigest(),
        created_by=manager,
    )
    return {
        "calendar": calendar,
        "calendar_exception": exception,
        "summary_task": Task.objects.get(pk=phase.pk),
        "task": Task.objects.get(pk=first.pk),
        "task2": Task.objects.get(pk=second.pk),
        "milestone": Task.objects.get(pk=milestone.pk),
        "baseline": baseline,
        "feed": feed,
    }
