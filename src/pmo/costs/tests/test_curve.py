"""The time-phased PV curve of a 3-task project, worked by hand.

Project start Monday 2026-01-05 on the Standard calendar (08:00-12:00, 13:00-17:00, Mon-Fri); three
tasks without links, so all start Monday 08:00:

- A, 1 day: a prorated fixed cost of 100 -> 100 planned on Monday;
- B, 2 days: 16 h of a resource at 50/h = 800, spread linearly -> 400 Monday, 400 Tuesday;
- C, 4 days: a fixed cost of 400 accrued at the end -> 400 at Thursday 17:00;
  plus a start-accrued fixed cost of 60 -> 60 at Monday 08:00.

Daily cumulative PV at the end of Mon, Tue, Wed, Thu: 560, 960, 960, 1360.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pmo.costs.choices import Accrual
from pmo.costs.curve import pv_curve
from pmo.costs.selectors import planned_cost_by_task, top_planned_tasks
from pmo.costs.services import fixed_cost_create
from pmo.projects.models import Task
from pmo.projects.services import project_create, task_create
from pmo.resources.services import assignment_create, resource_create
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def test_pv_curve_of_three_tasks(world: World) -> None:
    manager = world.users["manager"]
    project = project_create(
        actor=manager,
        parent=world.a.program.scope,
        code="PV3",
        name="PV by hand",
        start_date=dt.date(2026, 1, 5),
    )
    for name, days in (("A", 1), ("B", 2), ("C", 4)):
        task_create(actor=manager, project=project, name=name, duration_minutes=days * 480)
    tasks = {task.name: task for task in Task.objects.filter(project=project)}
    assert tasks["C"].finish is not None
    fixed_cost_create(actor=manager, task=tasks["A"], name="Permit", amount="100", accrual=Accrual.PRORATED)
    fixed_cost_create(actor=manager, task=tasks["C"], name="Handover", amount="400", accrual=Accrual.END)
    fixed_cost_create(actor=manager, task=tasks["C"], name="Kick-off", amount="60", accrual=Accrual.START)
    resource = resource_create(
        actor=manager, pool=world.a.portfolio.scope, name="PV welder", standard_rate=Decimal(50)
    )
    assignment_create(actor=manager, project=project, task=tasks["B"], resource=resource, work_minutes=960)

    assert planned_cost_by_task(project) == {
        tasks["A"].pk: Decimal("100.00"),
        tasks["B"].pk: Decimal("800.00"),
        tasks["C"].pk: Decimal("460.00"),
    }
    assert [(task.name, cost) for task, cost in top_planned_tasks(project, limit=2)] == [
        ("B", Decimal("800.00")),
        ("C", Decimal("460.00")),
    ]
    curve = pv_curve(project, every="day")
    assert [end.date() for end in curve.period_ends] == [dt.date(2026, 1, d) for d in (6, 7, 8, 9)]
    assert curve.cumulative == tuple(Decimal(v) for v in ("560.00", "960.00", "960.00", "1360.00"))
    assert curve.increments == tuple(Decimal(v) for v in ("560.00", "400.00", "0.00", "400.00"))
    assert (curve.total, curve.unscheduled) == (Decimal("1360.00"), Decimal("0.00"))


def test_a_project_without_costs_has_an_empty_curve(world: World) -> None:
    project = project_create(
        actor=world.users["manager"], parent=world.a.program.scope, code="PV0", name="None"
    )
    curve = pv_curve(project)
    assert (curve.period_ends, curve.cumulative, curve.total) == ((), (), Decimal("0.00"))
