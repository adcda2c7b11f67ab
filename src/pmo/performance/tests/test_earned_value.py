"""Earned value through the whole stack: DOMAIN.md example A (the fence) built with the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pmo.costs.services import cost_entry_create
from pmo.performance.earned_value import earned_values, project_detail, project_earned_value
from pmo.performance.models import EarnedValueSnapshot
from pmo.performance.services import earning_rule_set
from pmo.projects.models import BaselineTask, Project, Task
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def test_the_fence_gives_the_figures_of_example_a(fence: Project) -> None:
    figures = project_earned_value(fence)

    assert figures.status_date == dt.date(2026, 1, 7)
    assert (figures.bac, figures.pv, figures.ev, figures.ac) == (
        Decimal("4000.00"),
        Decimal("3000.00"),
        Decimal("2500.00"),
        Decimal("2800.00"),
    )
    assert (figures.cv, figures.sv) == (Decimal("-300.00"), Decimal("-500.00"))
    assert (figures.cpi, figures.spi) == (0.8929, 0.8333)
    assert figures.eac == Decimal("4480.00")  # not 4,479: no rounding of CPI before dividing
    assert figures.eac_by_method["budget"] == Decimal("4300.00")
    assert figures.vac == Decimal("-480.00")
    assert figures.spi_t == 0.8333  # ES 2.5 days at AT 3 days
    assert figures.has_baseline and figures.has_budget


def test_saving_a_baseline_records_each_task_planned_cost(fence: Project) -> None:
    costs = BaselineTask.objects.filter(baseline__project=fence).values_list("task__name", "cost")
    assert sorted(costs) == [(f"Side {i}", Decimal("1000.00")) for i in range(1, 5)]


def test_the_snapshot_is_reused_until_an_input_changes(fence: Project, world: World) -> None:
    first = project_earned_value(fence)
    stored = EarnedValueSnapshot.objects.get(project=fence)
    assert project_earned_value(fence) == first
    assert EarnedValueSnapshot.objects.get(project=fence).fingerprint == stored.fingerprint

    cost_entry_create(
        actor=world.users["manager"],
        project=fence,
        date=dt.date(2026, 1, 7),
        category="travel",
        amount=Decimal("200"),
    )
    after = project_earned_value(fence)

    assert after.ac == Decimal("3000.00")  # a cost charged to no task still counts
    assert EarnedValueSnapshot.objects.get(project=fence).fingerprint != stored.fingerprint


def test_zero_hundred_earns_nothing_until_the_finish(fence: Project, world: World) -> None:
    side3 = Task.objects.get(project=fence, name="Side 3")
    earning_rule_set(actor=world.users["manager"], task=side3, method="0/100")

    assert project_earned_value(fence).ev == Decimal("2000.00")


def test_weighted_milestones_earn_the_weights_achieved(fence: Project, world: World) -> None:
    side3 = Task.objects.get(project=fence, name="Side 3")
    steps = [{"name": "Posts", "weight": 30, "achieved": "2026-01-07"}, {"name": "Rails", "weight": 70}]
    earning_rule_set(actor=world.users["manager"], task=side3, method="milestones", milestones=steps)

    assert project_earned_value(fence).ev == Decimal("2300.00")


def test_the_live_detail_lists_every_work_package(fence: Project) -> None:
    value = project_detail(fence)
    assert value.result is not None and value.inputs is not None
    by_task = {value.inputs.package_task[t.uid]: (t.pv, t.ev, t.ac) for t in value.result.tasks}
    names = dict(Task.objects.filter(project=fence).values_list("id", "name"))
    assert {names[k]: v for k, v in by_task.items()} == {
        "Side 1": (1000.0, 1000.0, 1000.0),
        "Side 2": (1000.0, 1000.0, 1200.0),
        "Side 3": (1000.0, 500.0, 600.0),
        "Side 4": (0.0, 0.0, 0.0),
    }
    # The status date (end of Wednesday 7 January), then the month end.
    assert value.series.ends == (dt.datetime(2026, 1, 8), dt.datetime(2026, 2, 1))
    assert value.series.pv == (3000.0, 4000.0)
    assert (value.series.ev, value.series.ac) == ((2500.0, None), (2800.0, None))


def test_a_project_without_costs_has_nothing_to_measure(world: World) -> None:
    from pmo.projects.services import project_create

    empty = project_create(actor=world.users["manager"], parent=world.a.program.scope, code="EMPTY", name="E")
    figures = earned_values([empty])[empty.pk]

    assert not figures.has_budget
    assert (figures.bac, figures.cpi, figures.eac) == (Decimal("0.00"), None, None)


def test_a_resource_the_project_does_not_use_leaves_its_snapshot_current(
    fence: Project, world: World
) -> None:
    from pmo.performance.fingerprints import fingerprints
    from pmo.resources.services import resource_create

    before = fingerprints([fence])[fence.pk]
    resource_create(
        actor=world.users["manager"],
        pool=world.a.portfolio.scope,
        name="Spare welder",
        standard_rate=Decimal(70),
    )
    assert fingerprints([fence])[fence.pk] == before


def test_the_refresh_command_recomputes_only_stale_snapshots(fence: Project, world: World) -> None:
    from io import StringIO

    from django.core.management import call_command

    project_earned_value(fence)
    out = StringIO()
    call_command("earned_value_refresh", "--project", fence.code, stdout=out)
    assert out.getvalue().startswith("0 of 1 projects recomputed")
    cost_entry_create(
        actor=world.users["manager"],
        project=fence,
        date=dt.date(2026, 1, 6),
        category="travel",
        amount=Decimal("10"),
    )
    call_command("earned_value_refresh", "--project", fence.code, stdout=out)
    assert "1 of 1 projects recomputed" in out.getvalue()
    assert EarnedValueSnapshot.objects.get(project=fence).figures["ac"] == "2810.00"
