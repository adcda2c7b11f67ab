"""Fixtures of the leveling tests: the shared world re-read, and a small over-allocated plan.

``plan``: an active project "LVL-1" in A's portfolio starting Monday 2 March 2026, with Ada
(max units 1) full time on two 3-day tasks that both start that Monday: "Build" (priority 700)
and "Test" (priority 300). Ada works 200% from Monday to Wednesday: leveling must delay one task
(the lower priority one: "Test") by three working days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from pmo.projects.models import Project, Task
from pmo.projects.services import project_create, task_create
from pmo.resources.models import Resource
from pmo.resources.services import assignment_create, resource_create
from pmo.testing.openapi import refreshed
from pmo.testing.personas import World

THREE_DAYS = 3 * 480


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    """The module's shared world, re-read (each test rolls its writes back)."""
    return refreshed(shared_world)


def make_task(actor: Any, project: Project, name: str, **fields: Any) -> Task:
    """A new 3-day task at the end of ``project``."""
    task_create(actor=actor, project=project, name=name, duration_minutes=THREE_DAYS, **fields)
    return Task.objects.get(project=project, name=name)


@dataclass
class Plan:
    """The plan of the module docstring."""

    world: World
    project: Project
    ada: Resource
    build: Task
    test: Task
    manager: Any


def make_plan(world: World, code: str = "LVL-1", **test_fields: Any) -> Plan:
    """Build the plan (``test_fields``: extra fields of "Test")."""
    manager = world.users["manager"]
    project = project_create(
        actor=manager,
        parent=world.a.portfolio.scope,
        code=code,
        name="Leveling demo",
        state="active",
        start_date=dt.date(2026, 3, 2),
    )
    ada = resource_create(
        actor=manager, pool=world.a.portfolio.scope, name=f"Ada {code}", max_units=Decimal("1")
    )
    build = make_task(manager, project, "Build", priority=700)
    test = make_task(manager, project, "Test", **({"priority": 300} | test_fields))
    for task in (build, test):
        assignment_create(actor=manager, project=project, task=task, resource=ada, units=Decimal("1"))
    return Plan(world, project, ada, build, test, manager)


@pytest.fixture
def plan(world: World) -> Plan:
    """The plan of the module docstring."""
    return make_plan(world)
