"""Fixtures of the capacity tests: the shared world re-read, and a small plan worked by hand.

``plan``: in A's pool, Ada (max units 1, 40 h a week) on two tasks of A's active project: "Build"
40 h flat Monday 2 to Friday 6 March 2026, "Test" 64 h flat Wednesday 4 to Friday 13 March (eight
working days, 8 h a day). By hand, week of 2 March: 40 + 3 × 8 = 64 h against 40 (over-allocated);
week of 9 March: 5 × 8 = 40 h (full, not over); week of 16 March: nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from pmo.capacity.selectors import Window
from pmo.projects.models import Project, Task
from pmo.projects.services import task_create
from pmo.resources.models import Assignment, Resource
from pmo.resources.services import assignment_create, resource_create
from pmo.testing.openapi import refreshed
from pmo.testing.personas import World

WINDOW = Window(dt.date(2026, 3, 2), dt.date(2026, 3, 22), "week")


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    """The module's shared world, re-read (each test rolls its writes back)."""
    return refreshed(shared_world)


def at(day: str, hour: int) -> dt.datetime:
    """``day`` at ``hour`` UTC."""
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=dt.UTC)


def make_task(actor: Any, project: Project, name: str) -> Task:
    """A new task at the end of ``project``."""
    task_create(actor=actor, project=project, name=name)
    return Task.objects.filter(project=project, name=name).get()


def assign(
    actor: Any,
    project: Project,
    task: Task,
    resource: Resource,
    hours: int,
    first: str,
    last: str,
    contour: int = 0,
) -> Assignment:
    """``hours`` of ``resource`` on ``task`` from ``first`` 08:00 to ``last`` 17:00."""
    return assignment_create(
        actor=actor,
        project=project,
        task=task,
        resource=resource,
        work_minutes=hours * 60,
        contour=contour,
        start=at(first, 8),
        finish=at(last, 17),
    )


@dataclass
class Plan:
    """The hand-worked plan of the module docstring."""

    world: World
    ada: Resource
    build: Task
    test: Task
    admin: Any


@pytest.fixture
def plan(world: World) -> Plan:
    """Ada on Build and Test (see the module docstring)."""
    admin = world.users["pmo_admin"]
    project = world.a.project
    ada = resource_create(
        actor=admin, pool=world.a.portfolio.scope, name="Ada", group="Developers", max_units=Decimal("1")
    )
    build = make_task(admin, project, "Build")
    test = make_task(admin, project, "Test")
    assign(admin, project, build, ada, 40, "2026-03-02", "2026-03-06")
    assign(admin, project, test, ada, 64, "2026-03-04", "2026-03-13")
    return Plan(world, ada, build, test, admin)
