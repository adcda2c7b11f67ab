"""Impact assessment on the worked network of ``conftest.Network``: the finish, the critical path,
the tasks that move and the cost, computed on a copy of the plan (the plan itself never changes)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pmo.changes.services import change_request_assess, change_request_create
from pmo.changes.tests.conftest import DAY, Network
from pmo.costs.services import fixed_cost_create
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def _day(value: str) -> dt.date:
    return dt.datetime.fromisoformat(value).date()


def test_longer_task_off_the_critical_path_delays_the_finish_and_takes_over_the_path(
    world: World, network: Network, fingerprint: object
) -> None:
    # Given B (2 days of slack) grows from 2 to 7 days
    contributor = world.users["contributor"]
    request = change_request_create(
        actor=contributor,
        project=network.project,
        title="Longer B",
        operations=[{"op": "set_duration", "task": str(network.b.uid), "duration_minutes": 7 * DAY}],
    )
    # When the impact is assessed
    assessed = change_request_assess(actor=contributor, request=request)
    impact = assessed.assessment
    # Then the finish moves from Wed 11 to Mon 16 March: 3 working days
    assert _day(impact["current"]["finish"]) == dt.date(2026, 3, 11)
    assert _day(impact["proposed"]["finish"]) == dt.date(2026, 3, 16)
    assert impact["delay_days"] == 3
    # and B joins the critical path while C leaves it
    assert impact["current"]["critical"] == ["A", "C", "D"]
    assert impact["proposed"]["critical"] == ["A", "B", "D"]
    assert impact["critical_joined"] == ["B"]
    assert impact["critical_left"] == ["C"]
    assert sorted(row["task"] for row in impact["moved"] if row["task"] in "ABCD") == ["B", "D"]
    assert {row["task"]: row["days"] for row in impact["moved"]}["D"] == 3
    # and the real plan did not change
    fresh = network.fresh()
    assert fresh.b.duration_minutes == 2 * DAY
    assert fresh.project.scheduled_finish == network.project.scheduled_finish


def test_an_added_task_between_a_and_d_and_a_removed_one_show_in_the_impact(
    world: World, network: Network
) -> None:
    # Given a new 6-day task after A and before D, and C removed
    operations = [
        {
            "op": "add_task",
            "name": "Extra tests",
            "duration_minutes": 6 * DAY,
            "predecessors": [str(network.a.uid)],
            "successors": [str(network.d.uid)],
        },
        {"op": "remove_task", "task": str(network.c.uid)},
    ]
    request = change_request_create(
        actor=world.users["contributor"], project=network.project, title="Tests", operations=operations
    )
    # When assessed
    impact = change_request_assess(actor=world.users["contributor"], request=request).assessment
    # Then D waits for the new task: Thu 5 + 6 days = Thu 12, D Fri 13 (2 working days later)
    assert impact["delay_days"] == 2
    assert impact["added"] == ["Extra tests"]
    assert impact["removed"] == ["C"]
    assert "Extra tests" in impact["proposed"]["critical"]


def test_cost_delta_adds_fixed_costs_and_takes_removed_tasks_cost_away(
    world: World, network: Network
) -> None:
    # Given C carries a fixed cost of 400 and the change adds 250 on A and removes C
    manager = world.users["manager"]
    fixed_cost_create(actor=manager, task=network.c, name="Crane", amount=Decimal("400"))
    operations = [
        {"op": "add_fixed_cost", "task": str(network.a.uid), "name": "Permit", "amount": "250"},
        {"op": "remove_task", "task": str(network.c.uid)},
    ]
    request = change_request_create(
        actor=manager, project=network.project, title="Costs", operations=operations
    )
    # When assessed
    impact = change_request_assess(actor=manager, request=request).assessment
    # Then the planned cost goes from 400 to 250
    assert impact["current"]["cost"] == "400.00"
    assert impact["proposed"]["cost"] == "250.00"
    assert impact["cost_delta"] == "-150.00"
