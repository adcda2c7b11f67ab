"""Project priorities in leveling: two projects of a program share Ada; the project's priority (0–1000)
decides whose task waits, before the task priorities; 1000 means "do not level this project"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from pmo.engine.leveling import validate
from pmo.leveling.adapters import build_plan, projects_in
from pmo.leveling.services import leveling_preview
from pmo.leveling.tests.conftest import THREE_DAYS, make_task
from pmo.programs.models import Program
from pmo.programs.services import program_create
from pmo.projects.models import Project, Task
from pmo.projects.services import project_create, project_update
from pmo.resources.models import Resource
from pmo.resources.services import assignment_create, resource_create, time_off_create
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


@dataclass
class Shared:
    """A program with two active projects starting Monday 2 March 2026, each with one 3-day task
    done by Ada full time: "Design" (task priority 700) in PRI-1, "Survey" (task priority 300) in
    PRI-2. Both projects have the default priority, 500."""

    manager: Any
    program: Program
    first: Project
    second: Project
    ada: Resource
    design: Task
    survey: Task


@pytest.fixture
def shared(world: World) -> Shared:
    """The plan of :class:`Shared`, made through the services."""
    manager = world.users["manager"]
    program = program_create(
        actor=manager, portfolio_scope=world.a.portfolio.scope, code="PRI", name="Priorities", state="active"
    )
    projects = [
        project_create(
            actor=manager,
            parent=program.scope,
            code=f"PRI-{n}",
            name=f"Priority demo {n}",
            state="active",
            start_date=dt.date(2026, 3, 2),
        )
        for n in (1, 2)
    ]
    ada = resource_create(actor=manager, pool=world.a.portfolio.scope, name="Ada PRI", max_units=Decimal("1"))
    design = make_task(manager, projects[0], "Design", priority=700)
    survey = make_task(manager, projects[1], "Survey", priority=300)
    for project, task in zip(projects, (design, survey), strict=True):
        assignment_create(actor=manager, project=project, task=task, resource=ada, units=Decimal("1"))
    return Shared(manager, program, projects[0], projects[1], ada, design, survey)


def set_priority(shared: Shared, project: Project, priority: int) -> Project:
    """Change the project's priority as its manager would."""
    return project_update(
        actor=shared.manager, project=project, data={"priority": priority}, expected_version=None
    )


def assert_valid(scope: Any, changes: list[dict[str, Any]]) -> None:
    """The proposed starts break no rule of the independent validator."""
    problem = build_plan(projects_in(scope)).problem
    starts = {t.key: t.release for t in problem.tasks}
    for change in changes:
        starts[change["task"]] += change["delay_minutes"]
    assert validate(problem, starts) == []


def test_new_projects_have_the_default_priority_and_the_engine_gets_it(shared: Shared) -> None:
    # Given the two new projects, one raised to 900
    set_priority(shared, shared.second, 900)

    # When the program's plan is read for the engine
    problem = build_plan(projects_in(shared.program.scope)).problem

    # Then each project goes with its own priority
    assert shared.first.priority == 500
    assert {p.name: p.priority for p in problem.projects} == {
        str(shared.first.pk): 500,
        str(shared.second.pk): 900,
    }


def test_with_default_project_priorities_the_task_priorities_decide(shared: Shared) -> None:
    # When the program is levelled with both projects at 500
    run = leveling_preview(actor=shared.manager, scope=shared.program.scope)

    # Then PRI-2's lower-priority Survey waits three working days for Design
    assert [c["name"] for c in run.changes] == ["Survey"]
    change = run.changes[0]
    assert change["task"] == shared.survey.pk
    assert change["delay_minutes"] == THREE_DAYS
    assert change["conflict"]["holders"] == ["Design"]
    assert_valid(shared.program.scope, run.changes)


def test_the_higher_priority_project_keeps_its_dates_and_the_other_waits(shared: Shared) -> None:
    # Given PRI-2 raised to 900 (its Survey still has the lower task priority)
    set_priority(shared, shared.second, 900)

    # When the program is levelled
    run = leveling_preview(actor=shared.manager, scope=shared.program.scope)

    # Then PRI-1's Design is the task delayed, and Survey keeps its start
    assert [c["name"] for c in run.changes] == ["Design"]
    assert shared.survey.pk not in {c["task"] for c in run.changes}
    change = run.changes[0]
    assert change["task"] == shared.design.pk
    assert change["delay_minutes"] == THREE_DAYS
    assert change["new_start"].startswith("2026-03-05T08:00")
    # And the explanation names the conflict: Ada over-allocated, held by Survey
    assert change["conflict"]["resource"] == "Ada PRI"
    assert change["conflict"]["holders"] == ["Survey"]
    assert "Ada PRI was over-allocated" in change["reason"] and "'Survey'" in change["reason"]
    assert_valid(shared.program.scope, run.changes)
    # And the finish of the higher-priority project is the one kept
    finishes = {p["name"]: p for p in run.summary["projects"]}
    kept, delayed = finishes[str(shared.second)], finishes[str(shared.first)]
    assert kept["finish_after"] == kept["finish_before"]
    assert delayed["finish_after"] > delayed["finish_before"]


def test_a_project_at_1000_is_not_levelled(shared: Shared) -> None:
    # Given Ada off from Monday 2 to Wednesday 4 March, and PRI-2 at priority 1000
    time_off_create(
        actor=shared.manager, resource=shared.ada, start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 4)
    )
    set_priority(shared, shared.second, 1000)

    # When the program is levelled
    run = leveling_preview(actor=shared.manager, scope=shared.program.scope)

    # Then Survey is not moved even for the time off (the over-allocation is reported instead);
    # Design, in a levelled project, waits for the time off and for Survey
    assert shared.survey.pk not in {c["task"] for c in run.changes}
    assert [c["name"] for c in run.changes] == ["Design"]
    assert [o["resource"] for o in run.summary["overallocations"]] == ["Ada PRI"]
