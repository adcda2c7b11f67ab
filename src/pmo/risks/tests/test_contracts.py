"""The contracts other apps use: ``quantified_risks`` (Monte Carlo), ``risk_scores`` (escalation)
and the top-risks provider of status reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from pmo.reporting.signals import risk_signal
from pmo.risks.selectors import quantified_risks, risk_scores
from pmo.risks.services import risk_close, risk_create
from pmo.risks.signals import top_risks
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 2)


def raise_risk(world: World, **fields: Any) -> Any:
    values = {"title": "R", "probability": 1, "impact_time": 1} | fields
    scope = values.pop("scope", world.a.project_direct.scope)
    return risk_create(actor=world.users["manager"], scope=scope, **values)


def test_quantified_risks_are_open_threats_with_a_probability_and_a_task_in_working_minutes(
    world: World,
) -> None:
    # given the world's quantified threat on project A (40 %, 1/3/8 days, linked to a task)
    project, task = world.a.project, world.a.obj("task")
    raise_risk(world, scope=project.scope, title="No %", task_ids=[task.pk])  # no probability %: left out
    raise_risk(world, scope=project.scope, title="No task", probability_percent="30")  # no task: left out
    raise_risk(
        world,
        scope=project.scope,
        title="Chance",
        kind="opportunity",
        probability_percent="30",
        task_ids=[task.pk],
    )
    closed = raise_risk(
        world, scope=project.scope, title="Closed", probability_percent="30", task_ids=[task.pk]
    )
    risk_close(actor=world.users["manager"], risk=closed, reason="gone", expected_version=1)
    percent = raise_risk(
        world,
        scope=project.scope,
        title="Rework",
        probability_percent="12.5",
        time_unit="percent",
        time_min=10,
        time_likely=20,
        time_max=50,
        task_ids=[task.pk],
    )
    # when the simulation asks for the project's quantified risks
    found = {q.title: q for q in quantified_risks(project)}
    # then only the two open, quantified, linked threats come back, in working minutes or %
    assert set(found) == {world.a.obj("risk").title, "Rework"}
    supplier = found[world.a.obj("risk").title]
    per_day = project.minutes_per_day
    assert supplier.probability == pytest.approx(0.4)
    assert (
        supplier.time_impact == (1 * per_day, 3 * per_day, 8 * per_day) and not supplier.time_impact_percent
    )
    assert supplier.cost_impact == (Decimal("1000.00"), Decimal("2500.00"), Decimal("6000.00"))
    assert supplier.task_ids == (task.pk,) and supplier.uid == world.a.obj("risk").uid
    rework = found["Rework"]
    assert rework.uid == percent.uid and rework.time_impact_percent and rework.time_impact == (10, 20, 50)
    assert rework.probability == pytest.approx(0.125) and rework.cost_impact is None


def test_risk_scores_give_the_highest_current_score_of_open_risks_per_scope_in_one_query(
    world: World, max_queries: Any
) -> None:
    direct, sub = world.a.project_direct.scope, world.a.project_sub.scope
    raise_risk(world, scope=direct, probability=2, impact_cost=5)  # 10
    raise_risk(world, scope=direct, probability=5, impact_cost=5, residual_probability=1)  # residual 5
    closed = raise_risk(world, scope=sub, probability=5, impact_cost=5)
    risk_close(actor=world.users["manager"], risk=closed, reason="gone", expected_version=1)
    with max_queries(1):
        scores = risk_scores([direct.pk, sub.pk, world.a.project.scope_id])
    assert scores == {direct.pk: 10, world.a.project.scope_id: 12}


def test_top_risks_provider_rates_a_report_by_the_worst_zone(world: World) -> None:
    project = world.a.project_direct
    assert top_risks(project, TODAY, TODAY) is None  # no risk at all: not assessed
    raise_risk(world, title="Small", probability=1, impact_time=2)
    green = top_risks(project, TODAY, TODAY)
    assert green is not None and green.rag == "green"
    raise_risk(world, title="Big", probability=5, impact_time=4)  # 20: critical
    raise_risk(world, title="Middle", probability=3, impact_time=4)  # 12: high
    red = top_risks(project, TODAY, TODAY)
    assert red is not None and red.rag == "red" and "critical" in red.reason
    assert [item["title"] for item in red.items] == ["Big", "Middle", "Small"]
    assert red.items[0]["rating"] == "Critical (20)"
    # the provider is registered with reporting (AppConfig.ready)
    combined = risk_signal(project, TODAY, TODAY)
    assert combined is not None and combined.rag == "red"


def test_a_drafted_status_report_takes_its_risk_rag_from_the_register(world: World) -> None:
    # given project_direct with one critical open risk, when its manager drafts a status report
    from pmo.reporting.services import report_draft

    raise_risk(world, title="Permit refused", probability=5, impact_scope=5)
    report = report_draft(actor=world.users["manager"], project=world.a.project_direct)
    # then the risk dimension is red and the risk is listed among the top risks
    assert report.risk_rag == "red"
    assert {"title": "Permit refused", "rating": "Critical (25)"} in report.data["risks"]
