"""Writes of baselines: save (or save over) baseline 0-10, delete one, choose the one to compare.

Saving a baseline copies every task's scheduled start, finish and duration into
:class:`~pmo.projects.models.BaselineTask` rows (one ``bulk_create``). Saving over an existing
number is allowed for managers only when the caller says so (``overwrite=True``); it is audited
with the old and the new project finish, so a quietly re-based plan can always be traced.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.audit import audit_log, json_value
from pmo.core.choices import AuditAction
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_delete, instance_update
from pmo.projects.choices import BASELINE_NUMBERS
from pmo.projects.models import Baseline, BaselineTask, Project, Task
from pmo.projects.services.schedule import lock_project

OVERWRITE_WARNING = "Saving over a baseline needs the manager role and is audited."

#: Providers of each task's planned cost (task id → amount) recorded in a saved baseline. The
#: costs layer sits above this one, so it registers itself (``PerformanceConfig.ready``).
_BASELINE_COSTS: list[Callable[[Project], Mapping[int, Decimal]]] = []


def register_baseline_costs(provider: Callable[[Project], Mapping[int, Decimal]]) -> None:
    """Let saved baselines record the planned cost ``provider`` gives for each task (once per provider)."""
    if provider not in _BASELINE_COSTS:
        _BASELINE_COSTS.append(provider)


def _baseline_costs(project: Project) -> dict[int, Decimal]:
    costs: dict[int, Decimal] = {}
    for provider in _BASELINE_COSTS:
        for task_id, amount in provider(project).items():
            costs[task_id] = costs.get(task_id, Decimal(0)) + amount
    return costs


def _check_number(number: Any) -> int:
    if not isinstance(number, int) or isinstance(number, bool) or number not in BASELINE_NUMBERS:
        raise DomainRuleError(f"Baseline number {number!r}: choose a number from 0 to 10.", field="number")
    return number


def _copy_tasks(baseline: Baseline, project: Project) -> int:
    """Copy the current schedule (and planned cost) of every task into ``baseline``.

    Summary tasks record no cost: their children carry it, and a sum would count it twice.
    """
    rows = Task.objects.filter(project=project).values_list(
        "id", "start", "finish", "scheduled_minutes", "is_summary"
    )
    costs = _baseline_costs(project) if _BASELINE_COSTS else {}
    copies = [
        BaselineTask(
            baseline=baseline,
            task_id=pk,
            start=start,
            finish=finish,
            duration_minutes=minutes,
            cost=None if summary or not _BASELINE_COSTS else costs.get(pk, Decimal("0.00")),
        )
        for pk, start, finish, minutes, summary in rows
    ]
    BaselineTask.objects.bulk_create(copies, batch_size=1000)
    return len(copies)


def baseline_save(
    *, actor: Any, project: Project, number: int, name: str = "", overwrite: bool = False
) -> Baseline:
    """Save the project's current schedule as baseline ``number`` (0-10); manager role.

    When the number is taken, ``overwrite`` must be true (the page asks for confirmation): the
    old task values are replaced and the audit record keeps the old and new project finish.
    """
    require_role(actor, project.scope, Role.MANAGER)
    number = _check_number(number)
    name = (name or "").strip()
    if len(name) > 100:
        raise DomainRuleError("The baseline name is longer than 100 characters.", field="name")
    with transaction.atomic():
        locked = lock_project(project)
        existing = Baseline.objects.select_for_update().filter(project=locked, number=number).first()
        now = timezone.now()
        if existing is None:
            baseline = Baseline(
                project=locked,
                number=number,
                name=name,
                saved_at=now,
                saved_by=actor if getattr(actor, "is_authenticated", False) else None,
                project_start=locked.scheduled_start,
                project_finish=locked.scheduled_finish,
            )
            instance_create(actor=actor, instance=baseline, scope=locked.scope)
            _copy_tasks(baseline, locked)
            return baseline
        if not overwrite:
            raise DomainRuleError(
                f"Baseline {number} already exists (saved {existing.saved_at:%Y-%m-%d %H:%M}). "
                f"Confirm to save over it. {OVERWRITE_WARNING}",
                field="number",
            )
        old_finish, old_start = existing.project_finish, existing.project_start
        existing.name = name or existing.name
        existing.saved_at = now
        existing.saved_by = actor if getattr(actor, "is_authenticated", False) else None
        existing.project_start = locked.scheduled_start
        existing.project_finish = locked.scheduled_finish
        existing.version = F("version") + 1
        existing.save()
        existing.refresh_from_db()
        BaselineTask.objects.filter(baseline=existing).delete()
        copied = _copy_tasks(existing, locked)
        audit_log(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=existing,
            scope=locked.scope,
            changes={
                "project_finish": [json_value(old_finish), json_value(existing.project_finish)],
                "project_start": [json_value(old_start), json_value(existing.project_start)],
                "saved_at": [None, json_value(now)],
            },
            note=f"Saved over baseline {number} ({copied} tasks)",
        )
        return existing


def baseline_delete(*, actor: Any, baseline: Baseline, expected_version: int | None) -> None:
    """Delete a baseline and its task values; manager role."""
    project = baseline.project
    require_role(actor, project.scope, Role.MANAGER)
    with transaction.atomic():
        instance_delete(
            actor=actor, instance=baseline, expected_version=expected_version, scope=project.scope
        )


def project_compare_baseline_set(
    *, actor: Any, project: Project, number: int, expected_version: int | None = None
) -> Project:
    """Choose the baseline (0-10) the Gantt and the variance table compare with; manager role."""
    require_role(actor, project.scope, Role.MANAGER)
    number = _check_number(number)
    with transaction.atomic():
        saved, _ = instance_update(
            actor=actor,
            instance=project,
            data={"compare_baseline": number},
            expected_version=expected_version,
            scope=project.scope,
        )
    return saved
