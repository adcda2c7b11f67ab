"""Assignments: a resource of the project's pool on a task of the project, set by its managers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_delete, instance_update
from pmo.projects.models import Project, Task
from pmo.quality.auditing import refuse_unknown
from pmo.resources.choices import Contour
from pmo.resources.models import Assignment, Resource
from pmo.resources.selectors import pool_of
from pmo.resources.services.common import (
    CENT,
    aware_value,
    check_span,
    decimal_value,
    minutes_value,
    units_value,
)

#: What a project manager edits on an assignment (its project never changes).
ASSIGNMENT_FIELDS = (
    "task",
    "resource",
    "units",
    "work_minutes",
    "actual_work_minutes",
    "remaining_work_minutes",
    "contour",
    "start",
    "finish",
    "cost",
    "extra",
)
MINUTE_FIELDS = ("work_minutes", "actual_work_minutes", "remaining_work_minutes")


def _clean(data: dict[str, Any], *, kind: str, stored: Decimal | None = None) -> dict[str, Any]:
    """Normalise the numbers and dates of an assignment's fields (only those given).

    ``kind`` is the resource's (material assignments carry quantities); ``stored`` is the units an
    edited assignment has (an imported value above the cap may be kept as it is).
    """
    values = dict(data)
    if "units" in values:
        keep = stored is not None and decimal_value(values["units"], field="units", step=CENT) == stored
        values["units"] = units_value(values["units"], kind=kind, imported=keep)
    for name in MINUTE_FIELDS:
        if name in values:
            values[name] = minutes_value(values[name], field=name)
    if "contour" in values:
        if values["contour"] not in Contour.values:
            labels = ", ".join(f"{value} ({label})" for value, label in Contour.choices)
            raise DomainRuleError(f"contour must be one of {labels}.", field="contour")
        values["contour"] = int(values["contour"])
    for name in ("start", "finish"):
        if name in values:
            values[name] = aware_value(values[name], field=name)
    if "cost" in values:
        values["cost"] = decimal_value(values["cost"], field="cost", step=CENT)
    if "extra" in values and values["extra"] is None:
        values["extra"] = {}
    return values


def _check_places(project: Project, task: Task, resource: Resource) -> None:
    """The task is the project's; the resource is in the pool of the project's portfolio."""
    if task.project_id != project.pk:
        raise DomainRuleError(f"Task {task} is not in project {project.code}.", field="task")
    pool = pool_of(project)
    if resource.scope_id != pool.pk:
        raise DomainRuleError(
            f"{resource} is not in the resource pool of portfolio {pool.portfolio.code}, "
            f"which project {project.code} draws on; add the resource to that pool first.",
            field="resource",
        )


def _check_unique(project: Project, task: Task, resource: Resource, *, exclude: int | None = None) -> None:
    """A resource is assigned to a task once; change that assignment instead."""
    existing = Assignment.objects.filter(project=project, task=task, resource=resource)
    if exclude is not None:
        existing = existing.exclude(pk=exclude)
    if existing.exists():
        raise DomainRuleError(
            f"{resource} is already assigned to task {task.position} {task.name}; change that assignment "
            "instead.",
            field="resource",
        )


def assignment_create(
    *,
    actor: Any,
    project: Project,
    task: Task,
    resource: Resource,
    units: Decimal | float | int = Decimal("1.00"),
    work_minutes: int | None = None,
    actual_work_minutes: int | None = None,
    remaining_work_minutes: int | None = None,
    contour: int = Contour.FLAT,
    start: dt.datetime | None = None,
    finish: dt.datetime | None = None,
    cost: Decimal | None = None,
    extra: dict[str, Any] | None = None,
) -> Assignment:
    """Put ``resource`` on ``task`` of ``project``; needs the manager role on the project.

    Units run from 0 to 100 (1 = 100%), work amounts are minutes (0 or more).
    """
    require_role(actor, project.scope, Role.MANAGER)
    values = _clean(
        {
            "units": units,
            "work_minutes": work_minutes,
            "actual_work_minutes": actual_work_minutes,
            "remaining_work_minutes": remaining_work_minutes,
            "contour": contour,
            "start": start,
            "finish": finish,
            "cost": cost,
            "extra": extra,
        },
        kind=resource.kind,
    )
    check_span(values["start"], values["finish"])
    _check_places(project, task, resource)
    with transaction.atomic():
        _check_unique(project, task, resource)
        assignment = Assignment(project=project, task=task, resource=resource, **values)
        return instance_create(actor=actor, instance=assignment, scope=project.scope)


def assignment_update(
    *, actor: Any, assignment: Assignment, data: dict[str, Any], expected_version: int | None
) -> Assignment:
    """Change an assignment (see :data:`ASSIGNMENT_FIELDS`); manager of the project."""
    project = assignment.project
    require_role(actor, project.scope, Role.MANAGER)
    refuse_unknown(data, ASSIGNMENT_FIELDS)
    resource = data.get("resource", assignment.resource)
    same_resource = resource.pk == assignment.resource_id
    values = _clean(data, kind=resource.kind, stored=assignment.units if same_resource else None)
    check_span(values.get("start", assignment.start), values.get("finish", assignment.finish))
    task = values.get("task", assignment.task)
    if "task" in values or "resource" in values:
        _check_places(project, task, resource)
    if not same_resource and "units" not in values:
        units_value(assignment.units, kind=resource.kind)  # a quantity may not suit a work resource
    with transaction.atomic():
        if "task" in values or "resource" in values:
            _check_unique(project, task, resource, exclude=assignment.pk)
        updated, _ = instance_update(
            actor=actor,
            instance=assignment,
            data=values,
            expected_version=expected_version,
            scope=project.scope,
        )
    return updated


def assignment_delete(*, actor: Any, assignment: Assignment, expected_version: int | None) -> None:
    """Take a resource off a task; manager of the project."""
    project = assignment.project
    require_role(actor, project.scope, Role.MANAGER)
    with transaction.atomic():
        instance_delete(
            actor=actor, instance=assignment, expected_version=expected_version, scope=project.scope
        )
