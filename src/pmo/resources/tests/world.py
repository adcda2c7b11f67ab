"""Resources of each side in the persona world (``WORLD_EXTENSIONS``).

In the pool of ``side.portfolio``: a resource assigned to the side's first task (``assignment``),
and a spare resource no task uses (so the battery's deletes really delete when allowed) with one
dated rate (from 2026-07-01, so no planned cost of the world changes). Every text field carries a
canary. The pool also has a skill held by the spare resource at level 3, a spare skill, a team,
a calendar, a holiday, a week of the spare resource's time off and a resource plan line of the
side's project (16 h of ``skill`` in the week of 2 March 2026).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pmo.resources.choices import Contour
from pmo.resources.services import (
    assignment_create,
    calendar_create,
    holiday_create,
    resource_create,
    resource_demand_create,
    resource_rate_create,
    resource_skill_create,
    skill_create,
    team_create,
    time_off_create,
)


def extend(side: Any, *, admin: Any, manager: Any, canary: Callable[[], str]) -> dict[str, Any]:
    """Create the side's resources and an assignment through the services; returns them by registry key."""
    pool = side.portfolio.scope
    resource = resource_create(
        actor=manager,
        pool=pool,
        name=f"Resource {canary()}",
        code=canary(),
        initials=canary(),
        email=f"{canary()}@example.test",
        group=f"Group {canary()}",
        max_units=Decimal("1.50"),
        standard_rate=Decimal("80"),
        extra={"note": canary()},
    )
    spare = resource_create(
        actor=manager, pool=pool, name=f"Spare {canary()}", group=f"Group {canary()}", is_generic=True
    )
    start = dt.datetime(2026, 1, 12, 8, tzinfo=dt.UTC)
    assignment = assignment_create(
        actor=manager,
        project=side.project,
        task=side.extras["task"],
        resource=resource,
        units=Decimal("0.50"),
        work_minutes=960,
        contour=Contour.FRONT_LOADED,
        start=start,
        finish=start + dt.timedelta(days=3),
        extra={"note": canary()},
    )
    rate = resource_rate_create(
        actor=manager,
        resource=spare,
        effective_from=dt.date(2026, 7, 1),
        standard_rate=Decimal("95"),
        cost_per_use=Decimal("10"),
    )
    skill = skill_create(actor=manager, pool=pool, name=f"Skill {canary()}")
    spare_skill = skill_create(actor=manager, pool=pool, name=f"Spare skill {canary()}")
    return {
        "resource": resource,
        "spare_resource": spare,
        "assignment": assignment,
        "resource_rate": rate,
        "skill": skill,
        "spare_skill": spare_skill,
        "resource_skill": resource_skill_create(actor=manager, resource=spare, skill=skill, level=3),
        "resource_team": team_create(actor=manager, pool=pool, name=f"Team {canary()}", members=[resource]),
        "pool_calendar": calendar_create(actor=manager, pool=pool, name=f"Calendar {canary()}"),
        "pool_holiday": holiday_create(
            actor=manager, pool=pool, name=f"Holiday {canary()}", start=dt.date(2026, 12, 25)
        ),
        "time_off": time_off_create(
            actor=manager, resource=spare, start=dt.date(2026, 8, 3), end=dt.date(2026, 8, 7), reason=canary()
        ),
        "resource_demand": resource_demand_create(
            actor=manager,
            project=side.project,
            skill=skill,
            period="week",
            period_start=dt.date(2026, 3, 2),
            hours=Decimal("16"),
        ),
    }
