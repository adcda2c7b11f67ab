"""Fixtures of the performance tests: the fence of DOMAIN.md example A, built through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from pmo.costs.choices import Accrual
from pmo.costs.services import cost_entry_create, fixed_cost_create
from pmo.interchange.text import ParsedPredecessor
from pmo.projects.models import Project, Task
from pmo.projects.services import project_create, task_create
from pmo.projects.services.baselines import baseline_save
from pmo.projects.services.progress import project_status_date_set, task_progress_update
from pmo.testing.personas import World

MONDAY = dt.date(2026, 1, 5)


def build_fence(world: World, code: str = "FENCE", parent: Any = None) -> Project:
    """Four one-day sides of 1,000 each, Monday to Thursday, baselined; at the end of Wednesday sides
    1 and 2 are done (1,000 and 1,200 spent) and side 3 is half done (600 spent)."""
    manager = world.users["manager"]
    project = project_create(
        actor=manager,
        parent=parent or world.a.program.scope,
        code=code,
        name=f"Fence {code}",
        start_date=MONDAY,
    )
    for side in range(1, 5):
        links = [ParsedPredecessor(row=side - 1)] if side > 1 else None
        task_create(
            actor=manager, project=project, name=f"Side {side}", duration_minutes=480, predecessors=links
        )
    sides = {t.name: t for t in Task.objects.filter(project=project)}
    for side in range(1, 5):
        fixed_cost_create(
            actor=manager, task=sides[f"Side {side}"], name="Side", amount="1000", accrual=Accrual.PRORATED
        )
    project.refresh_from_db()
    baseline_save(actor=manager, project=project, number=0)
    for name, percent, day, amount in (
        ("Side 1", 100, 0, "1000"),
        ("Side 2", 100, 1, "1200"),
        ("Side 3", 50, 2, "600"),
    ):
        task = Task.objects.get(pk=sides[name].pk)
        task_progress_update(actor=manager, task=task, data={"percent_complete": percent})
        cost_entry_create(
            actor=manager,
            project=project,
            date=MONDAY + dt.timedelta(days=day),
            category="labour",
            amount=Decimal(amount),
            task=task,
        )
    project.refresh_from_db()
    project_status_date_set(
        actor=manager,
        project=project,
        status_date=MONDAY + dt.timedelta(days=2),
        expected_version=project.version,
    )
    project.refresh_from_db()
    return project


@pytest.fixture
def fence(world: World) -> Project:
    """The fence project in program A."""
    return build_fence(world)
