"""What-if scenarios: a user's own, applied in memory (the real plans never change): projects moved
by whole days, proposed projects added; bad input refused at its field with nothing changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from pmo.capacity.models import Scenario
from pmo.capacity.selectors import capacity_grid, cell_lines
from pmo.capacity.services import scenario_create, scenario_delete, scenario_update
from pmo.capacity.tests.conftest import WINDOW, Plan, assign, make_task
from pmo.core.errors import DomainRuleError
from pmo.resources.models import Assignment
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint

pytestmark = pytest.mark.django_db


def demand_of_ada(plan: Plan, user: Any, scenario: Scenario | None = None) -> list[float]:
    grid = capacity_grid(user, WINDOW, scenario=scenario)
    return grid.hours(grid.demand)[grid.labels.index("Ada")]


def test_moving_a_project_a_week_later_shifts_its_demand_only_in_the_scenario(plan: Plan) -> None:
    manager = plan.world.users["manager"]
    spans = list(Assignment.objects.order_by("pk").values_list("start", "finish"))
    # Given a scenario moving A's project 7 days later
    scenario = scenario_create(actor=manager, name="Later", moves={plan.world.a.project.uid: 7})
    # Then the scenario's weeks are 0, 40 + 24, 40; the real plan is unchanged
    assert demand_of_ada(plan, manager, scenario) == [0.0, 64.0, 40.0]
    assert demand_of_ada(plan, manager) == [64.0, 40.0, 0.0]
    assert list(Assignment.objects.order_by("pk").values_list("start", "finish")) == spans
    # And the drill-down of the scenario's second week shows the moved hours
    lines = cell_lines(manager, WINDOW, key=str(plan.ada.uid), index=1, scenario=scenario)
    assert sorted(line.hours for line in lines) == [24.0, 40.0]


def test_adding_a_proposed_project_adds_its_demand(plan: Plan) -> None:
    direct = plan.world.a.project_direct  # proposed
    task = make_task(plan.admin, direct, "Maybe")
    assign(plan.admin, direct, task, plan.ada, 16, "2026-03-16", "2026-03-17")
    manager = plan.world.users["manager"]
    scenario = scenario_create(actor=manager, name="Take it on", added=[direct.uid])
    assert demand_of_ada(plan, manager) == [64.0, 40.0, 0.0]
    assert demand_of_ada(plan, manager, scenario) == [64.0, 40.0, 16.0]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": " "}, "name"),
        ({"name": "X", "added": "active"}, "added"),
        ({"name": "X", "moves": "soon"}, "moves"),
        ({"name": "X", "moves": 99999}, "moves"),
    ],
)
def test_bad_scenarios_are_refused_at_their_field(plan: Plan, data: dict[str, Any], field: str) -> None:
    # Given a name that is blank, an active project to "add", or a move that is not a number of days
    uid = plan.world.a.project.uid  # active: already counted, not addable
    clean: dict[str, Any] = {"name": data["name"]}
    if "added" in data:
        clean["added"] = [uid]
    if "moves" in data:
        clean["moves"] = {uid: data["moves"]}
    before = db_fingerprint()
    # When the viewer keeps it, then it is refused at that field and nothing is written
    with pytest.raises(DomainRuleError) as refusal:
        scenario_create(actor=plan.world.users["viewer"], **clean)
    assert refusal.value.field == field
    assert_fingerprint_unchanged(before)


def test_a_project_of_the_other_side_cannot_be_named(plan: Plan) -> None:
    with pytest.raises(DomainRuleError, match="you may see"):
        scenario_create(actor=plan.world.users["outsider"], name="Peek", moves={plan.world.a.project.uid: 3})


def test_only_the_owner_changes_or_deletes_a_scenario(plan: Plan) -> None:
    scenario = scenario_create(actor=plan.world.users["viewer"], name="Mine")
    with pytest.raises(PermissionDenied):
        scenario_update(
            actor=plan.world.users["manager"], scenario=scenario, data={"name": "Theirs"}, expected_version=1
        )
    with pytest.raises(PermissionDenied):
        scenario_delete(actor=plan.world.users["manager"], scenario=scenario, expected_version=1)
    updated = scenario_update(
        actor=plan.world.users["viewer"], scenario=scenario, data={"name": "Renamed"}, expected_version=1
    )
    assert updated.version == 2 and updated.name == "Renamed"


def test_scenario_pages_keep_show_and_delete(plan: Plan) -> None:
    client = Client()
    client.force_login(plan.world.users["viewer"])
    # When the viewer keeps a scenario moving the project by a week through the form
    response = client.post(
        reverse("capacity:scenarios"), {"name": "Later", "moves": f"{plan.world.a.project.code} +7"}
    )
    scenario = Scenario.objects.get(owner=plan.world.users["viewer"])
    assert response.status_code == 302 and str(scenario.uid) in response["Location"]
    assert scenario.moves == {str(plan.world.a.project.uid): 7}
    # Then the capacity page shows the real heat map and the scenario's
    page = client.get(
        f"{reverse('capacity:page')}?start=2026-03-02&weeks=3&scenario={scenario.uid}"
    ).content.decode()
    assert "What-if: Later" in page and page.count("! 64/40") == 2  # real week 1, scenario week 2
    # And another user cannot use it
    other = Client()
    other.force_login(plan.world.users["manager"])
    assert other.get(f"{reverse('capacity:page')}?scenario={scenario.uid}").status_code == 400
    # And it is deleted with its version
    response = client.post(reverse("capacity:scenario_delete"), {"scenario": scenario.uid, "version": 1})
    assert response.status_code == 302 and not Scenario.objects.exists()


def test_a_bad_move_line_is_shown_at_its_field_and_nothing_is_kept(plan: Plan) -> None:
    client = Client()
    client.force_login(plan.world.users["viewer"])
    before = db_fingerprint()
    response = client.post(reverse("capacity:scenarios"), {"name": "Bad", "moves": "PRJ later"})
    assert response.status_code == 400 and "Line 1" in response.content.decode()
    assert_fingerprint_unchanged(before)


def test_a_proposed_projects_resource_plan_counts_once_the_scenario_adds_it(plan: Plan) -> None:
    # Given a proposed project without tasks that plans 30 h of the generic role "Tester" in week 2
    import datetime as dt

    from pmo.resources.services import resource_create, resource_demand_create

    direct = plan.world.a.project_direct
    tester = resource_create(
        actor=plan.admin, pool=plan.world.a.portfolio.scope, name="Tester", is_generic=True
    )
    resource_demand_create(
        actor=plan.admin,
        project=direct,
        role=tester,
        period="week",
        period_start=dt.date(2026, 3, 9),
        hours=30,
    )
    manager = plan.world.users["manager"]
    scenario = scenario_create(actor=manager, name="Take it on", added=[direct.uid])
    # When the heat map is read without and with the scenario, then only the scenario counts it
    real = capacity_grid(manager, WINDOW)
    what_if = capacity_grid(manager, WINDOW, scenario=scenario)
    assert real.hours(real.demand)[real.labels.index("Tester")] == [0.0, 0.0, 0.0]
    assert what_if.hours(what_if.demand)[what_if.labels.index("Tester")] == [0.0, 30.0, 0.0]
