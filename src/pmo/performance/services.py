"""Writes of the performance app: the earning rule of a task (managers set and clear it).

Snapshots are not written here: they are derived data, stored by :mod:`pmo.performance.earned_value`
whenever a read finds them out of date.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.db import transaction

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_delete, instance_update
from pmo.performance.choices import EarningMethod
from pmo.performance.models import EarningRule
from pmo.projects.models import Task

MAX_STEPS = 50


def _steps(raw: Any) -> list[dict[str, Any]]:
    """Validate the steps of the weighted-milestones method; refuse by field."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        raise DomainRuleError("Milestones must be a list of steps.", field="milestones")
    if len(raw) > MAX_STEPS:
        raise DomainRuleError(f"At most {MAX_STEPS} milestones per task.", field="milestones")
    out = []
    for number, step in enumerate(raw, start=1):
        if not isinstance(step, dict):
            raise DomainRuleError(f"Milestone {number} must have a name and a weight.", field="milestones")
        name = str(step.get("name", "")).strip()
        if not name or len(name) > 100:
            raise DomainRuleError(
                f"Milestone {number} needs a name of 1 to 100 characters.", field="milestones"
            )
        try:
            weight = float(step.get("weight"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            weight = math.nan
        if not math.isfinite(weight) or weight < 0:
            raise DomainRuleError(
                f"The weight of milestone {name!r} must be a number ≥ 0.", field="milestones"
            )
        achieved = step.get("achieved") or None
        if achieved is not None:
            try:
                day = dt.date.fromisoformat(str(achieved))
            except ValueError as error:
                raise DomainRuleError(
                    f"Milestone {name!r}: {achieved!r} is not a date (YYYY-MM-DD).", field="milestones"
                ) from error
            if not dt.date(1984, 1, 1) <= day <= dt.date(2149, 12, 31):
                raise DomainRuleError(f"Milestone {name!r}: dates run from 1984 to 2149.", field="milestones")
            achieved = day.isoformat()
        out.append({"name": name, "weight": weight, "achieved": achieved})
    return out


def _clean(task: Task, method: Any, milestones: Any) -> dict[str, Any]:
    if method not in EarningMethod.values:
        choices = ", ".join(EarningMethod.values)
        raise DomainRuleError(f"{method!r} is not an earning method; use one of {choices}.", field="method")
    if task.is_summary:
        raise DomainRuleError(
            f"{task} is a summary task: its subtasks earn value, give them the method.", field="task"
        )
    steps = _steps(milestones)
    if method == EarningMethod.WEIGHTED_MILESTONES and sum(s["weight"] for s in steps) <= 0:
        raise DomainRuleError(
            "The weighted-milestones method needs milestones with a total weight above zero.",
            field="milestones",
        )
    return {"method": method, "milestones": steps if method == EarningMethod.WEIGHTED_MILESTONES else []}


def earning_rule_set(
    *, actor: Any, task: Task, method: str, milestones: Any = None, expected_version: int | None = None
) -> EarningRule:
    """Set how ``task`` earns value (create its rule or change it); manager of its project."""
    project = task.project
    require_role(actor, project.scope, Role.MANAGER)
    clean = _clean(task, method, milestones)
    with transaction.atomic():
        existing = EarningRule.objects.filter(task=task).first()
        if existing is None:
            rule = EarningRule(project=project, scope=project.scope, task=task, **clean)
            return instance_create(actor=actor, instance=rule, scope=project.scope)
        updated, _ = instance_update(
            actor=actor,
            instance=existing,
            data=clean,
            expected_version=expected_version,
            scope=existing.scope,
        )
        return updated


def earning_rule_delete(*, actor: Any, rule: EarningRule, expected_version: int | None) -> None:
    """Remove a rule: the task earns by % complete again; manager."""
    require_role(actor, rule.scope, Role.MANAGER)
    with transaction.atomic():
        instance_delete(actor=actor, instance=rule, expected_version=expected_version, scope=rule.scope)
