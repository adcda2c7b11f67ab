"""Services: who sets tolerances (the level above, never the project manager alone), what a
tolerance must hold (refusals name the field, nothing written), and the life of an exception
(acknowledge, decide, close) with its audit trail."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from pmo.accounts.choices import Role
from pmo.accounts.services import membership_grant, user_create
from pmo.core.errors import DomainRuleError
from pmo.core.models import AuditRecord
from pmo.governance.choices import DecisionKind, Dimension, ExceptionStatus
from pmo.governance.measures import Reading
from pmo.governance.models import Tolerance, ToleranceException
from pmo.governance.services import (
    exception_acknowledge,
    exception_close,
    exception_decide,
    exception_raise,
    tolerance_delete,
    tolerance_set,
    tolerances_check,
)
from pmo.testing.personas import World


def _project_manager(world: World):
    """A user who manages project A (and nothing above it)."""
    user = user_create(actor=None, username="pm_only", password="x" * 20, email="pm@example.test")
    membership_grant(
        actor=world.users["pmo_admin"], scope=world.a.project.scope, role=Role.MANAGER, user=user
    )
    return user


def test_the_program_manager_sets_a_project_tolerance_and_it_is_audited(world: World) -> None:
    # given portfolio A's manager (so manager of program A above the project)
    manager = world.users["manager"]
    # when they set a time tolerance of 5 days on the project
    tolerance = tolerance_set(
        actor=manager, scope=world.a.project.scope, dimension=Dimension.TIME, data={"days": 5}
    )
    # then it is stored with the default measure, and the audit trail records who and what
    assert (tolerance.days, tolerance.measure) == (5, "scheduled_finish")
    record = AuditRecord.objects.filter(object_uid=tolerance.uid).get()
    assert record.actor == manager
    assert record.changes["days"] == [None, 5]


def test_setting_again_changes_the_tolerance_and_bumps_its_version(world: World) -> None:
    # given the world's 10 % cost tolerance on project A
    tolerance = world.a.extras["tolerance"]
    # when the manager switches it to an amount
    updated = tolerance_set(
        actor=world.users["manager"],
        scope=tolerance.scope,
        dimension=Dimension.COST,
        data={"amount": "250"},
        expected_version=tolerance.version,
    )
    # then the same row holds the amount instead of the percent, one version later
    assert updated.pk == tolerance.pk
    assert (updated.amount, updated.percent, updated.version) == (
        Decimal("250.00"),
        None,
        tolerance.version + 1,
    )


def test_the_project_manager_alone_may_not_set_their_own_tolerance(world: World, fingerprint) -> None:
    # given a manager of project A only
    user = _project_manager(world)
    before = fingerprint()
    # when they try to set or remove a tolerance of their project: refused (403), nothing changes
    with pytest.raises(PermissionDenied):
        tolerance_set(actor=user, scope=world.a.project.scope, dimension=Dimension.TIME, data={"days": 50})
    with pytest.raises(PermissionDenied):
        tolerance_delete(actor=user, tolerance=world.a.extras["tolerance"], expected_version=None)
    assert fingerprint() == before


@pytest.mark.parametrize(
    ("dimension", "data", "field"),
    [
        (Dimension.TIME, {}, "days"),
        (Dimension.TIME, {"days": 3, "percent": 5}, "percent"),
        (Dimension.COST, {"percent": 5, "amount": 10}, "percent"),
        (Dimension.COST, {"percent": "-1"}, "percent"),
        (Dimension.COST, {"measure": "risk_score", "percent": 5}, "measure"),
        (Dimension.RISK, {"score": 0}, "score"),
        (Dimension.RISK, {"score": 7, "colour": "red"}, "colour"),
        ("mood", {}, "dimension"),
    ],
)
def test_bad_tolerances_are_refused_by_field_and_write_nothing(
    world: World, fingerprint, dimension: str, data: dict, field: str
) -> None:
    # given the program's manager
    before = fingerprint()
    # when they send a tolerance that does not fit its dimension
    with pytest.raises(DomainRuleError) as refused:
        tolerance_set(
            actor=world.users["manager"], scope=world.a.project_direct.scope, dimension=dimension, data=data
        )
    # then the refusal names the field and nothing is written
    assert refused.value.field == field
    assert fingerprint() == before


def test_a_portfolio_has_no_tolerances(world: World) -> None:
    # when a tolerance is set on a portfolio: refused by name (there is no level above it in pmo)
    with pytest.raises(DomainRuleError) as refused:
        tolerance_set(
            actor=world.users["pmo_admin"], scope=world.a.portfolio.scope, dimension="time", data={"days": 1}
        )
    assert refused.value.field == "scope"


def test_an_exception_is_acknowledged_decided_and_closed_by_the_level_above(world: World) -> None:
    # given the world's open exception of project A, addressed to program A
    exception = world.a.extras["tolerance_exception"]
    manager = world.users["manager"]
    # when the program manager acknowledges it and approves an exception plan
    exception = exception_acknowledge(actor=manager, exception=exception, expected_version=exception.version)
    assert (exception.status, exception.acknowledged_by) == (ExceptionStatus.ACKNOWLEDGED, manager)
    exception = exception_decide(
        actor=manager,
        exception=exception,
        kind=DecisionKind.APPROVE_PLAN,
        decision="Plan B: descope the reporting module.",
        expected_version=exception.version,
    )
    # then it is decided (still tracked), and closing it ends it
    assert (exception.status, exception.decided_by) == (ExceptionStatus.DECIDED, manager)
    exception = exception_close(actor=manager, exception=exception, expected_version=exception.version)
    assert exception.status == ExceptionStatus.CLOSED and exception.closed_at is not None
    # and every step is in the audit trail
    notes = list(AuditRecord.objects.filter(object_uid=exception.uid).values_list("note", flat=True))
    assert {"Exception acknowledged", "Exception closed"} <= set(notes)
    assert any(note.startswith("Exception decided") for note in notes)


def test_adjusting_the_tolerance_closes_the_exception_at_once(world: World) -> None:
    # given the open exception; when the program manager decides to adjust the tolerance
    exception = world.a.extras["tolerance_exception"]
    decided = exception_decide(
        actor=world.users["manager"],
        exception=exception,
        kind=DecisionKind.ADJUST_TOLERANCE,
        decision="Raise the cost tolerance to 15 %.",
        expected_version=exception.version,
    )
    # then it is closed with the decision recorded, and a later breach raises a new exception
    assert decided.status == ExceptionStatus.CLOSED
    assert decided.decision_kind == DecisionKind.ADJUST_TOLERANCE
    tolerance = Tolerance.objects.get(pk=world.a.extras["tolerance"].pk)
    again, new = exception_raise(
        tolerance=tolerance, reading=Reading(Decimal(2), Decimal(1), "money", True, "")
    )
    assert new and again.pk != decided.pk


@pytest.mark.parametrize(
    ("kind", "text", "field"),
    [("approve_plan", "   ", "decision"), ("pray", "Hope.", "decision_kind")],
)
def test_a_bad_decision_is_refused_by_field(
    world: World, fingerprint, kind: str, text: str, field: str
) -> None:
    exception = world.a.extras["tolerance_exception"]
    before = fingerprint()
    with pytest.raises(DomainRuleError) as refused:
        exception_decide(
            actor=world.users["manager"], exception=exception, kind=kind, decision=text, expected_version=None
        )
    assert refused.value.field == field
    assert fingerprint() == before


def test_the_project_manager_may_not_decide_their_own_exception(world: World, fingerprint) -> None:
    user = _project_manager(world)
    exception = world.a.extras["tolerance_exception"]
    before = fingerprint()
    with pytest.raises(PermissionDenied):
        exception_decide(actor=user, exception=exception, kind="stop", decision="No.", expected_version=None)
    with pytest.raises(PermissionDenied):
        exception_acknowledge(actor=user, exception=exception, expected_version=None)
    assert fingerprint() == before


def test_closing_an_open_exception_is_refused(world: World) -> None:
    exception = world.a.extras["tolerance_exception"]
    with pytest.raises(DomainRuleError) as refused:
        exception_close(actor=world.users["manager"], exception=exception, expected_version=None)
    assert refused.value.field == "status"


def test_a_time_tolerance_breached_by_the_schedule_raises_a_time_exception(world: World) -> None:
    # given project A (target finish 2026-05-05) scheduled beyond it, and a time tolerance of 2 days
    from pmo.projects.services import task_create

    project = world.a.project
    task_create(actor=world.users["manager"], project=project, name="Long haul", duration_minutes=480 * 200)
    tolerance_set(
        actor=world.users["manager"], scope=project.scope, dimension=Dimension.TIME, data={"days": 2}
    )
    # when the tolerances are checked
    raised = tolerances_check([project.pk])
    # then one time exception says how many days late the schedule is
    (time,) = [e for e in raised if e.dimension == Dimension.TIME]
    assert time.unit == "days" and time.measured > 2 and time.limit == 2
    assert ToleranceException.objects.filter(scope=project.scope, dimension=Dimension.TIME).count() == 1
