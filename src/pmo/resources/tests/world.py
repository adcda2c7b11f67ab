"""Resources of each side in the persona world (``WORLD_EXTENSIONS``).

In the pool of ``side.portfolio``: a resource assigned to the side's first task (``assignment``),
and a spare resource no task uses (so the battery's deletes really delete when allowed). Every text
field carries a canary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pmo.resources.choices import Contour
from pmo.resources.services import assignment_create, resource_create


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
    return {"resource": resource, "spare_resource": spare, "assignment": assignment}
