"""Fixtures of the changes tests: the shared world re-read for each test, and a small worked network."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from pmo.interchange.text import parse_predecessors
from pmo.projects.models import Project, Task
from pmo.projects.services import project_create, task_create
from pmo.testing.openapi import refreshed
from pmo.testing.personas import World

DAY = 480


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    """The module's shared world, re-read (each test rolls its writes back)."""
    return refreshed(shared_world)


@dataclass
class Network:
    """Project CHG in program A, from Monday 2 March 2026 (standard calendar, 8 h days)::

    A 3d ──┬── B 2d ──┬── D 1d          A Mon 2 – Wed 4; B Thu 5 – Fri 6 (2 days of slack);
           └── C 4d ──┘                 C Thu 5 – Tue 10; D Wed 11. Critical: A, C, D.
    """

    project: Project
    a: Task
    b: Task
    c: Task
    d: Task

    def fresh(self) -> Network:
        """The same network re-read from the database."""
        return Network(
            Project.objects.get(pk=self.project.pk),
            *(Task.objects.get(pk=t.pk) for t in (self.a, self.b, self.c, self.d)),
        )


@pytest.fixture
def network(world: World) -> Network:
    """The worked network of :class:`Network`, made by the projects services as the manager."""
    manager = world.users["manager"]
    project = project_create(
        actor=manager,
        parent=world.a.program.scope,
        code="CHG",
        name="Change demo",
        start_date=dt.date(2026, 3, 2),
    )

    def add(name: str, days: int, preds: str = "") -> Task:
        return task_create(
            actor=manager,
            project=project,
            name=name,
            duration_minutes=days * DAY,
            predecessors=parse_predecessors(preds) if preds else None,
        ).task

    a = add("A", 3)
    b = add("B", 2, "1")
    c = add("C", 4, "1")
    d = add("D", 1, "2, 3")
    return Network(project, a, b, c, d).fresh()
