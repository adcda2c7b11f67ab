"""Risk services: scores and zones, strategies by kind, validation naming the field (nothing
written), roles, the audit trail, stale versions, score history and trend, close and reopen,
response actions, matrix inheritance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.selectors import history_of
from pmo.risks import selectors
from pmo.risks.models import Risk, RiskScore
from pmo.risks.services import (
    action_create,
    action_delete,
    action_update,
    matrix_set,
    risk_close,
    risk_create,
    risk_delete,
    risk_reopen,
    risk_update,
)
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def raise_risk(world: World, persona: str = "contributor", scope: Any = None, **fields: Any) -> Risk:
    values = {"title": "Vendor late", "probability": 3, "impact_time": 4, "impact_cost": 2} | fields
    return risk_create(actor=world.users[persona], scope=scope or world.a.project.scope, **values)


def test_contributor_raises_a_scored_audited_risk_with_a_first_score_row(world: World) -> None:
    # given a contributor, when they raise a risk, then its score is probability × highest impact
    risk = raise_risk(world, owner=world.users["viewer"], cause="One supplier", strategy="mitigate")
    assert (risk.score, risk.residual_score, risk.current_score) == (12, None, 12)
    assert risk.owner == world.users["viewer"] and risk.status == "open"
    created = history_of(risk).get()
    assert created.action == "create" and created.changes["title"] == [None, "Vendor late"]
    rows = list(selectors.score_history(risk))
    assert [(r.score, r.zone, r.status) for r in rows] == [(12, "high", "open")]


def test_residual_score_uses_residual_levels_and_falls_back_to_inherent_impacts(world: World) -> None:
    risk = raise_risk(world, residual_probability=2, residual_time=1)
    # residual impacts: time 1 (given), cost 2 (inherent) -> 2 × 2
    assert (risk.score, risk.residual_score, risk.current_score) == (12, 4, 4)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"probability": 6}, "probability"),
        ({"probability": 0}, "probability"),
        ({"impact_cost": 9}, "impact_cost"),
        ({"residual_probability": 7}, "residual_probability"),
        ({"probability_percent": "100.5"}, "probability_percent"),
        ({"probability_percent": "-1"}, "probability_percent"),
        ({"time_min": 5, "time_likely": 3, "time_max": 9}, "time_min"),
        ({"time_min": 1, "time_likely": 10, "time_max": 9}, "time_max"),
        ({"time_min": 1, "time_likely": 2}, "time_max"),
        ({"cost_min": "500", "cost_likely": "100", "cost_max": "900"}, "cost_min"),
        ({"cost_min": "-1", "cost_likely": "100", "cost_max": "900"}, "cost_min"),
        ({"strategy": "exploit"}, "strategy"),
        ({"kind": "opportunity", "strategy": "mitigate"}, "strategy"),
        ({"kind": "maybe"}, "kind"),
        ({"category": "gossip"}, "category"),
        ({"title": "  "}, "title"),
        ({"task_ids": ["x"]}, "task_ids"),
        ({"proximity": dt.date(1900, 1, 1)}, "proximity"),
        ({"status": "closed"}, "status"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    world: World, fields: dict[str, Any], field: str
) -> None:
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as refused:
        raise_risk(world, **fields)
    assert refused.value.field == field
    assert_fingerprint_unchanged(before)


def test_opportunities_take_their_own_strategies(world: World) -> None:
    risk = raise_risk(world, kind="opportunity", strategy="enhance")
    assert risk.strategy == "enhance"
    with pytest.raises(DomainRuleError) as refused:
        risk_update(
            actor=world.users["contributor"], risk=risk, data={"strategy": "avoid"}, expected_version=1
        )
    assert refused.value.field == "strategy"


def test_linked_tasks_must_belong_to_the_risks_project(world: World) -> None:
    # given a task of project A and one of project B
    mine, theirs = world.a.obj("task"), world.b.obj("task")
    risk = raise_risk(world, task_ids=[mine.pk])
    assert risk.task_ids == [mine.pk]
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as refused:
        raise_risk(world, task_ids=[theirs.pk])
    assert refused.value.field == "task_ids" and str(theirs.pk) in refused.value.message
    with pytest.raises(DomainRuleError) as program_refused:
        raise_risk(world, scope=world.a.program.scope, task_ids=[mine.pk])
    assert program_refused.value.field == "task_ids"
    assert_fingerprint_unchanged(before)


def test_owner_must_hold_a_role_on_the_node(world: World) -> None:
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as refused:
        raise_risk(world, owner=world.users["no_role"])
    assert refused.value.field == "owner"
    assert_fingerprint_unchanged(before)


@pytest.mark.parametrize("persona", ["viewer", "no_role", "outsider"])
def test_who_may_not_raise_a_risk_writes_nothing(world: World, persona: str) -> None:
    before = db_fingerprint()
    with pytest.raises(PermissionDenied):
        raise_risk(world, persona)
    assert_fingerprint_unchanged(before)


def test_updates_record_scores_and_trend_follows_the_history(world: World) -> None:
    actor = world.users["contributor"]
    risk = raise_risk(world, probability=2, impact_time=2)  # 4
    risk = risk_update(actor=actor, risk=risk, data={"probability": 4}, expected_version=1)  # 8
    assert selectors.trends([risk.pk])[risk.pk] == "rising"
    risk = risk_update(actor=actor, risk=risk, data={"triggers": "smoke"}, expected_version=2)
    assert RiskScore.objects.filter(risk=risk).count() == 2  # a text change adds no score row
    risk = risk_update(actor=actor, risk=risk, data={"residual_probability": 1}, expected_version=3)  # 2
    assert selectors.trends([risk.pk])[risk.pk] == "falling"
    assert [r.current_score for r in selectors.score_history(risk)] == [4, 8, 2]
    change = history_of(risk).filter(action="update").order_by("-at", "-id").first()
    assert change is not None and change.changes["residual_score"] == [None, 2]


def test_a_stale_version_is_refused_and_nothing_changes(world: World) -> None:
    risk = raise_risk(world)
    before = db_fingerprint()
    with pytest.raises(StaleVersionError):
        risk_update(actor=world.users["contributor"], risk=risk, data={"probability": 1}, expected_version=9)
    assert_fingerprint_unchanged(before)


def test_close_needs_a_reason_then_reopen_and_delete_by_the_manager(world: World) -> None:
    actor = world.users["contributor"]
    risk = raise_risk(world)
    with pytest.raises(DomainRuleError) as refused:
        risk_close(actor=actor, risk=risk, reason=" ", expected_version=1)
    assert refused.value.field == "close_reason"
    risk = risk_close(actor=actor, risk=risk, reason="Supplier delivered", expected_version=1)
    assert risk.status == "closed" and risk.close_reason == "Supplier delivered" and risk.closed_at
    assert selectors.score_history(risk).last().status == "closed"  # type: ignore[union-attr]
    risk = risk_reopen(actor=actor, risk=risk, expected_version=2)
    assert risk.status == "open"
    with pytest.raises(PermissionDenied):
        risk_delete(actor=actor, risk=risk, expected_version=3)
    risk_delete(actor=world.users["manager"], risk=risk, expected_version=3)
    assert not Risk.objects.filter(pk=risk.pk).exists()


def test_response_actions_get_overdue_and_done(world: World) -> None:
    actor = world.users["contributor"]
    risk = raise_risk(world)
    action = action_create(actor=actor, risk=risk, title="Second source", due_date=dt.date(2020, 1, 1))
    assert action.overdue and action.scope == risk.scope
    action = action_update(actor=actor, action=action, data={"status": "done"}, expected_version=1)
    assert action.status == "done" and action.done_at is not None and not action.overdue
    with pytest.raises(DomainRuleError) as refused:
        action_update(actor=actor, action=action, data={"status": "maybe"}, expected_version=2)
    assert refused.value.field == "status"
    with pytest.raises(PermissionDenied):
        action_delete(actor=actor, action=action, expected_version=2)
    action_delete(actor=world.users["manager"], action=action, expected_version=2)
    assert not risk.actions.exists()


def test_matrix_is_inherited_from_the_nearest_node_and_bounds_the_levels(world: World) -> None:
    # given the world's program matrix (high from 9), when a manager sets a 3x3 matrix on the portfolio
    manager = world.users["manager"]
    assert selectors.effective_matrix(world.a.project.scope).high_from == 9  # from the program
    assert selectors.effective_matrix(world.a.project_direct.scope).levels == 5  # default
    matrix_set(
        actor=manager,
        scope=world.a.project_direct.scope,
        data={"levels": 3, "medium_from": 3, "high_from": 5, "critical_from": 7},
    )
    spec = selectors.effective_matrix(world.a.project_direct.scope)
    assert (spec.levels, spec.critical_from) == (3, 7)
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as refused:
        raise_risk(world, scope=world.a.project_direct.scope, probability=4)
    assert refused.value.field == "probability" and "1 to 3" in refused.value.message
    with pytest.raises(DomainRuleError) as shrink:
        matrix_set(
            actor=manager,
            scope=world.a.program.scope,
            data={"levels": 3, "medium_from": 2, "high_from": 4, "critical_from": 6},
        )
    assert shrink.value.field == "levels"  # the world's project risk uses level 4
    with pytest.raises(DomainRuleError) as order:
        matrix_set(actor=manager, scope=world.a.program.scope, data={"high_from": 20, "critical_from": 15})
    assert order.value.field == "critical_from"
    with pytest.raises(PermissionDenied):
        matrix_set(actor=world.users["contributor"], scope=world.a.program.scope, data={"levels": 6})
    assert_fingerprint_unchanged(before)


def test_exposure_is_probability_times_most_likely_cost(world: World) -> None:
    risk = raise_risk(world, probability_percent="25", cost_min="100", cost_likely="1000", cost_max="4000")
    assert risk.exposure == Decimal("250.00")
    assert selectors.score_history(risk).get().exposure == Decimal("250.00")
