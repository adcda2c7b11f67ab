"""Resource plans: the demand of a project by role (a generic resource of its pool) or by skill,
in hours per week or per month, before the plan has tasks; the project's managers keep it.

:func:`resource_demand_set` is what the grid calls: it sets one cell (creating, changing or, at 0
hours, removing the line), so a cell has at most one line.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_delete, instance_update
from pmo.projects.models import Project
from pmo.quality.auditing import refuse_unknown
from pmo.resources.models import Resource, ResourceDemand, Skill
from pmo.resources.selectors import pool_of
from pmo.resources.services.common import CENT, decimal_value
from pmo.resources.services.pool import day_value

DEMAND_FIELDS = ("hours",)
PERIODS = ("week", "month")
MAX_HOURS = Decimal("99999999")


def _pool_id(project: Project) -> int:
    return int(pool_of(project).pk)


def period_start_value(period: Any, day: Any) -> dt.date:
    """The first day of the period: a Monday for a week, the 1st for a month."""
    if period not in PERIODS:
        raise DomainRuleError(f"period must be week or month, not {period!r}.", field="period")
    first = day_value(day, field="period_start")
    if period == "week" and first.weekday() != 0:
        raise DomainRuleError(
            f"A week starts on a Monday; {first.isoformat()} is not one.", field="period_start"
        )
    if period == "month" and first.day != 1:
        raise DomainRuleError(f"A month starts on its 1st; {first.isoformat()} is not.", field="period_start")
    return first


def hours_value(value: Any) -> Decimal:
    """Hours, 0 or more."""
    hours = decimal_value(value, field="hours", step=CENT)
    if hours is None:
        raise DomainRuleError("Give the hours.", field="hours")
    if hours > MAX_HOURS:
        raise DomainRuleError(f"hours {hours} is too large.", field="hours")
    return hours


def _target(project: Project, role: Resource | None, skill: Skill | None) -> None:
    """Exactly one of a generic role or a skill, from the pool of the project's portfolio."""
    if (role is None) == (skill is None):
        raise DomainRuleError("Name either a role or a skill.", field="role")
    pool = _pool_id(project)
    if role is not None and (role.scope_id != pool or not role.is_generic):
        raise DomainRuleError("The role must be a generic resource of the project's pool.", field="role")
    if skill is not None and skill.scope_id != pool:
        raise DomainRuleError("The skill must come from the project's pool.", field="skill")


def resource_demand_create(
    *,
    actor: Any,
    project: Project,
    period: str,
    period_start: dt.date,
    hours: Any,
    role: Resource | None = None,
    skill: Skill | None = None,
) -> ResourceDemand:
    """Add a line to a project's resource plan (one line per role or skill and period)."""
    require_role(actor, project.scope, Role.MANAGER)
    _target(project, role, skill)
    start = period_start_value(period, period_start)
    amount = hours_value(hours)
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()  # one writer per plan
        clash = ResourceDemand.objects.filter(
            project=project, role=role, skill=skill, period=period, period_start=start
        )
        if clash.exists():
            raise DomainRuleError(
                f"The plan already has a line for {role or skill} in the {period} of {start.isoformat()}; "
                "change it instead.",
                field="period_start",
            )
        row = ResourceDemand(
            project=project,
            scope=project.scope,
            role=role,
            skill=skill,
            period=period,
            period_start=start,
            hours=amount,
        )
        return instance_create(actor=actor, instance=row, scope=project.scope)


def resource_demand_update(
    *, actor: Any, demand: ResourceDemand, data: dict[str, Any], expected_version: int | None
) -> ResourceDemand:
    """Change the hours of a plan line."""
    require_role(actor, demand.scope, Role.MANAGER)
    refuse_unknown(data, DEMAND_FIELDS)
    values = {"hours": hours_value(data["hours"])} if "hours" in data else {}
    with transaction.atomic():
        updated, _ = instance_update(
            actor=actor, instance=demand, data=values, expected_version=expected_version, scope=demand.scope
        )
    return updated


def resource_demand_delete(*, actor: Any, demand: ResourceDemand, expected_version: int | None) -> None:
    """Remove a plan line."""
    require_role(actor, demand.scope, Role.MANAGER)
    with transaction.atomic():
        instance_delete(actor=actor, instance=demand, expected_version=expected_version, scope=demand.scope)


def resource_demand_set(
    *,
    actor: Any,
    project: Project,
    period: str,
    period_start: dt.date,
    hours: Any,
    role: Resource | None = None,
    skill: Skill | None = None,
) -> ResourceDemand | None:
    """Set one cell of the plan grid: create, change, or (at 0 hours) remove its line."""
    require_role(actor, project.scope, Role.MANAGER)
    _target(project, role, skill)
    start = period_start_value(period, period_start)
    amount = hours_value(hours)
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()
        row = ResourceDemand.objects.filter(
            project=project, role=role, skill=skill, period=period, period_start=start
        ).first()
        if row is None:
            if amount == 0:
                return None
            new = ResourceDemand(
                project=project,
                scope=project.scope,
                role=role,
                skill=skill,
                period=period,
                period_start=start,
                hours=amount,
            )
            return instance_create(actor=actor, instance=new, scope=project.scope)
        if amount == 0:
            instance_delete(actor=actor, instance=row, expected_version=None, scope=project.scope)
            return None
        updated, _ = instance_update(
            actor=actor, instance=row, data={"hours": amount}, expected_version=None, scope=project.scope
        )
        return updated
