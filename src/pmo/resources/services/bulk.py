"""Bulk writes for the import: merge a file's resources into a pool, replace a project's assignments.

Both validate every row in memory first (a refusal names the row and the field, and writes
nothing), then write with ``bulk_create``/``bulk_update`` in one transaction and leave **one** audit
record: on the portfolio for a merge, on the project for a replacement. No query runs per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.audit import audit_log, json_value
from pmo.core.bulk import insert_rows, new_row_defaults
from pmo.core.choices import AuditAction
from pmo.core.errors import DomainRuleError
from pmo.core.models import Scope
from pmo.projects.models import Project, Task
from pmo.resources.choices import Contour
from pmo.resources.models import Assignment, Resource
from pmo.resources.selectors import pool_of
from pmo.resources.services.common import (
    CENT,
    aware_value,
    check_span,
    decimal_value,
    minutes_value,
    require_pool,
    units_value,
    where,
)
from pmo.resources.services.resources import RESOURCE_FIELDS, resource_values

#: Fields a merge row may carry (no linked user: files do not know the site's people).
MERGE_FIELDS = tuple(name for name in RESOURCE_FIELDS if name != "user")
#: Fields of an assignment row (``task_id`` and ``resource_id`` are primary keys).
ASSIGNMENT_ROW_FIELDS = (
    "task_id",
    "resource_id",
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
BATCH = 2000
CONTOURS = frozenset(Contour.values)


def _refuse_unknown_keys(row: Mapping[str, Any], allowed: Iterable[str], number: int) -> None:
    unknown = sorted(set(row) - set(allowed))
    if unknown:
        raise DomainRuleError(f"{where(number)}unknown field: {', '.join(unknown)}", field=unknown[0])


def _resource_values(row: Mapping[str, Any], number: int) -> dict[str, Any]:
    """One merge row, normalised and checked (lengths, e-mail, choices) without a query."""
    _refuse_unknown_keys(row, MERGE_FIELDS, number)
    if "name" not in row:
        raise DomainRuleError(f"{where(number)}a resource needs a name.", field="name")
    try:
        values = resource_values(dict(row))
    except DomainRuleError as error:
        raise DomainRuleError(f"{where(number)}{error.message}", field=error.field) from error
    if not isinstance(values.get("extra", {}), dict):
        raise DomainRuleError(f"{where(number)}extra must be a mapping.", field="extra")
    try:
        Resource(**values).clean_fields(exclude=["scope", "user"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainRuleError(f"{where(number)}{field}: {' '.join(messages)}", field=field) from error
    return values


def resources_merge(
    *, actor: Any, scope: Scope, rows: list[dict[str, Any]], for_project: Project | None = None
) -> dict[str, Resource]:
    """Merge resources into the pool ``scope``: match by name (ignoring case), create the others.

    Matched resources get the fields their row gives (their name stays); the rest are created.
    Needs the manager role on the pool's portfolio, or, when a plan of ``for_project`` (a project
    drawing on this pool) brings its resources along in an import, the manager role on that
    project: whoever may replace a project's plan may add the people it names to the pool. Two rows
    naming the same resource are refused. Returns every resource named in ``rows`` by lower-cased name.
    """
    require_pool(scope)
    if for_project is not None and pool_of(for_project).pk == scope.pk:
        require_role(actor, for_project.scope, Role.MANAGER)
    else:
        require_role(actor, scope, Role.MANAGER)
    wanted: dict[str, tuple[int, dict[str, Any]]] = {}
    for number, row in enumerate(rows, start=1):
        values = _resource_values(row, number)
        key = values["name"].lower()
        if key in wanted:
            raise DomainRuleError(
                f"Rows {wanted[key][0]} and {number} both name the resource {values['name']!r} "
                "(names are compared ignoring case); give them different names.",
                field="name",
            )
        wanted[key] = (number, values)
    with transaction.atomic():
        existing = {r.name.lower(): r for r in Resource.objects.select_for_update().filter(scope=scope)}
        now = timezone.now()
        created: list[Resource] = []
        updated: list[Resource] = []
        changed_fields: set[str] = set()
        details: dict[str, dict[str, list[Any]]] = {}
        for key, (_, values) in wanted.items():
            resource = existing.get(key)
            if resource is None:
                created.append(Resource(scope=scope, **values))
                continue
            changes = {}
            for name, value in values.items():
                if name != "name" and getattr(resource, name) != value:
                    changes[name] = [json_value(getattr(resource, name)), json_value(value)]
                    setattr(resource, name, value)
            if changes:
                resource.version += 1
                resource.updated_at = now
                updated.append(resource)
                changed_fields |= set(changes)
                details[resource.name] = changes
        Resource.objects.bulk_create(created, batch_size=BATCH)
        if updated:
            fields = sorted(changed_fields | {"version", "updated_at"})
            Resource.objects.bulk_update(updated, fields, batch_size=BATCH)
        if created or updated:
            audit_log(
                actor=actor,
                action=AuditAction.UPDATE,
                instance=scope.owner,
                scope=scope,
                changes={
                    "resources_created": [None, [r.name for r in created]],
                    "resources_updated": [None, details],
                },
                note=f"Resource pool merged: {len(created)} created, {len(updated)} updated.",
            )
    by_name = existing | {r.name.lower(): r for r in created}
    return {key: by_name[key] for key in wanted}


def _assignment(
    row: Mapping[str, Any], number: int, project: Project, tasks: set[int], pool: dict[int, str]
) -> dict[str, Any]:
    """One assignment row, checked without a query, as column values (attnames)."""
    _refuse_unknown_keys(row, ASSIGNMENT_ROW_FIELDS, number)
    task_id, resource_id = row.get("task_id"), row.get("resource_id")
    if task_id not in tasks:
        raise DomainRuleError(
            f"{where(number)}task {task_id} is not a task of {project.code}.", field="task_id"
        )
    if resource_id not in pool:
        raise DomainRuleError(
            f"{where(number)}resource {resource_id} is not in the pool of the project's portfolio.",
            field="resource_id",
        )
    contour = row.get("contour", Contour.FLAT)
    if contour not in CONTOURS:
        raise DomainRuleError(
            f"{where(number)}contour {contour!r} is not a work contour (0-8).", field="contour"
        )
    extra = row.get("extra") or {}
    if not isinstance(extra, dict):
        raise DomainRuleError(f"{where(number)}extra must be a mapping.", field="extra")
    start = aware_value(row.get("start"), field="start", row=number)
    finish = aware_value(row.get("finish"), field="finish", row=number)
    check_span(start, finish, row=number)
    return dict(
        project_id=project.pk,
        task_id=task_id,
        resource_id=resource_id,
        units=units_value(row.get("units", 1), kind=pool[resource_id], row=number, imported=True),
        work_minutes=minutes_value(row.get("work_minutes"), field="work_minutes", row=number),
        actual_work_minutes=minutes_value(
            row.get("actual_work_minutes"), field="actual_work_minutes", row=number
        ),
        remaining_work_minutes=minutes_value(
            row.get("remaining_work_minutes"), field="remaining_work_minutes", row=number
        ),
        contour=int(contour),
        start=start,
        finish=finish,
        cost=decimal_value(row.get("cost"), field="cost", step=CENT, row=number, minimum=None),
        extra=extra,
    )


def assignments_replace(*, actor: Any, project: Project, rows: list[dict[str, Any]]) -> int:
    """Replace all of ``project``'s assignments with ``rows``; returns how many were written.

    Each row names a task of the project (``task_id``) and a resource of its portfolio's pool
    (``resource_id``), with the assignment's values (see :data:`ASSIGNMENT_ROW_FIELDS`). Needs the
    manager role on the project; a resource appears once per task.
    """
    require_role(actor, project.scope, Role.MANAGER)
    pool = pool_of(project)
    tasks = set(Task.objects.filter(project=project).values_list("pk", flat=True))
    pooled = dict(Resource.objects.filter(scope=pool).values_list("pk", "kind"))
    seen: dict[tuple[int, int], int] = {}
    assignments: list[dict[str, Any]] = []
    for number, row in enumerate(rows, start=1):
        assignment = _assignment(row, number, project, tasks, pooled)
        pair = (assignment["task_id"], assignment["resource_id"])
        if pair in seen:
            raise DomainRuleError(
                f"Rows {seen[pair]} and {number} both assign resource {pair[1]} to task {pair[0]}; "
                "a resource is assigned to a task once.",
                field="resource_id",
            )
        seen[pair] = number
        assignments.append(assignment)
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).values_list("pk").get()
        removed, _ = Assignment.objects.filter(project=project).delete()
        defaults = new_row_defaults(Assignment)
        insert_rows(
            Assignment,
            [{**defaults, **values} for values in assignments],
        )
        audit_log(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=project,
            scope=project.scope,
            changes={"assignments": [removed, len(assignments)]},
            note=f"Assignments replaced: {removed} removed, {len(assignments)} written.",
        )
    return len(assignments)
