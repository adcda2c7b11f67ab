"""The change request lifecycle through the services: routing by authority thresholds, decisions
by the required authority only, applying to the real plan and the baseline, and refusals that
change nothing (``fingerprint``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from pmo.changes.choices import Authority, ChangeStatus
from pmo.changes.models import ChangeRequest
from pmo.changes.services import (
    change_authority_set,
    change_request_apply,
    change_request_create,
    change_request_decide,
    change_request_submit,
    change_request_update,
    change_request_withdraw,
)
from pmo.changes.tests.conftest import DAY, Network
from pmo.core.errors import DomainRuleError
from pmo.core.models import AuditRecord
from pmo.costs.models import FixedCost
from pmo.projects.models import Baseline, BaselineTask, Link, Task
from pmo.projects.services import task_update
from pmo.projects.services.baselines import baseline_save
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def _longer_b(world: World, network: Network, days: int = 7, **extra: Any) -> ChangeRequest:
    ops = [{"op": "set_duration", "task": str(network.b.uid), "duration_minutes": days * DAY}]
    return change_request_create(
        actor=world.users["contributor"], project=network.project, title="Longer B", operations=ops, **extra
    )


def _submitted(world: World, network: Network, days: int = 7) -> ChangeRequest:
    request = _longer_b(world, network, days)
    return change_request_submit(
        actor=world.users["contributor"], request=request, expected_version=request.version
    )


# -- routing --------------------------------------------------------------------------------------


def test_a_small_delay_goes_to_the_project_manager(world: World, network: Network) -> None:
    # Given default thresholds (project manager up to 5 days); When a 3-day delay is submitted
    request = _submitted(world, network)
    # Then it is routed to the project manager, numbered and audited
    assert request.status == ChangeStatus.SUBMITTED
    assert request.required_authority == Authority.PROJECT_MANAGER
    assert request.code == "CR-1"
    assert AuditRecord.objects.filter(object_id=str(request.pk), note="Submitted").exists()


@pytest.mark.parametrize(
    ("manager_days", "board_days", "expected"),
    [(3, 10, Authority.PROJECT_MANAGER), (2, 3, Authority.CHANGE_BOARD), (1, 2, Authority.SPONSOR)],
)
def test_thresholds_route_by_delay(
    world: World, network: Network, manager_days: int, board_days: int, expected: str
) -> None:
    # Given the level above sets the project's thresholds
    change_authority_set(
        actor=world.users["manager"],
        project=network.project,
        data={"manager_max_days": manager_days, "board_max_days": board_days},
    )
    # When a 3-working-day delay is submitted
    request = _submitted(world, network)
    # Then it goes to the authority whose limit covers 3 days
    assert request.required_authority == expected


def test_a_cost_increase_above_the_boards_limit_goes_to_the_sponsor(world: World, network: Network) -> None:
    # Given the board decides up to 1,000 and the change adds a 5,000 fixed cost
    change_authority_set(
        actor=world.users["manager"],
        project=network.project,
        data={"manager_max_cost": "100", "board_max_cost": "1000", "sponsor": world.users["viewer"]},
    )
    ops = [{"op": "add_fixed_cost", "task": str(network.a.uid), "name": "Audit", "amount": "5000"}]
    request = change_request_create(
        actor=world.users["manager"], project=network.project, title="Audit", operations=ops
    )
    # When submitted
    request = change_request_submit(
        actor=world.users["manager"], request=request, expected_version=request.version
    )
    # Then only the named sponsor may decide, not even the manager
    assert request.required_authority == Authority.SPONSOR
    with pytest.raises(PermissionDenied):
        change_request_decide(
            actor=world.users["manager"],
            request=request,
            decision="approve",
            expected_version=request.version,
        )
    decided = change_request_decide(
        actor=world.users["viewer"], request=request, decision="approve", expected_version=request.version
    )
    assert decided.status == ChangeStatus.APPROVED
    assert decided.decided_by == world.users["viewer"]


def test_a_named_change_board_decides_and_nobody_else(
    world: World, network: Network, fingerprint: Any
) -> None:
    # Given a change board of one (the contributor) from 2 days of delay
    change_authority_set(
        actor=world.users["manager"],
        project=network.project,
        data={"manager_max_days": 2},
        board_members=[world.users["contributor"]],
    )
    assert AuditRecord.objects.filter(changes__has_key="board_members").exists()
    request = _submitted(world, network)
    assert request.required_authority == Authority.CHANGE_BOARD
    before = fingerprint()
    # When the manager (not on the board) tries to approve: refused, nothing written
    with pytest.raises(PermissionDenied):
        change_request_decide(
            actor=world.users["manager"],
            request=request,
            decision="approve",
            expected_version=request.version,
        )
    assert fingerprint() == before
    # Then the board member rejects it with a comment
    rejected = change_request_decide(
        actor=world.users["contributor"],
        request=request,
        decision="reject",
        comment="Not now",
        expected_version=request.version,
    )
    assert rejected.status == ChangeStatus.REJECTED
    assert rejected.decision_comment == "Not now"


def test_rejecting_without_a_comment_is_refused_naming_the_field(
    world: World, network: Network, fingerprint: Any
) -> None:
    request = _submitted(world, network)
    before = fingerprint()
    with pytest.raises(DomainRuleError) as caught:
        change_request_decide(
            actor=world.users["manager"], request=request, decision="reject", expected_version=request.version
        )
    assert caught.value.field == "comment"
    assert fingerprint() == before


def test_thresholds_are_set_by_the_level_above_not_the_contributor(world: World, network: Network) -> None:
    with pytest.raises(PermissionDenied):
        change_authority_set(
            actor=world.users["contributor"], project=network.project, data={"manager_max_days": 99}
        )


# -- applying -------------------------------------------------------------------------------------


def test_applying_changes_the_tasks_and_saves_the_baseline_over(world: World, network: Network) -> None:
    # Given baseline 0 saved before the change, and the change approved with "re-baseline"
    manager = world.users["manager"]
    baseline_save(actor=manager, project=network.project, number=0)
    old_finish = Baseline.objects.get(project=network.project, number=0).project_finish
    request = _submitted(world, network)
    request = change_request_decide(
        actor=manager, request=request, decision="approve", rebaseline=True, expected_version=request.version
    )
    # When the manager applies it
    applied = change_request_apply(actor=manager, request=request, expected_version=request.version)
    # Then B lasts 7 days, the project finishes on Monday 16 March, and baseline 0 follows
    fresh = network.fresh()
    assert applied.status == ChangeStatus.APPLIED
    assert fresh.b.duration_minutes == 7 * DAY
    assert fresh.b.is_critical and not fresh.c.is_critical
    assert fresh.project.scheduled_finish is not None
    assert fresh.project.scheduled_finish.date() == dt.date(2026, 3, 16)
    baseline = Baseline.objects.get(project=network.project, number=0)
    assert baseline.project_finish == fresh.project.scheduled_finish != old_finish
    assert BaselineTask.objects.get(baseline=baseline, task=fresh.b).duration_minutes == 7 * DAY
    assert AuditRecord.objects.filter(
        object_id=str(request.pk), note__startswith="Applied 1 operation"
    ).exists()


def test_applying_every_kind_of_operation(world: World, network: Network) -> None:
    manager = world.users["manager"]
    cost = FixedCost.objects.create(
        project=network.project, scope=network.project.scope, task=network.d, name="Fee", amount=Decimal("10")
    )
    ops = [
        {
            "op": "add_task",
            "name": "Review",
            "duration_minutes": DAY,
            "predecessors": [str(network.b.uid)],
            "successors": [str(network.d.uid)],
        },
        {
            "op": "set_link",
            "predecessor": str(network.a.uid),
            "successor": str(network.c.uid),
            "type": "SS",
            "lag_minutes": DAY,
        },
        {"op": "remove_link", "predecessor": str(network.b.uid), "successor": str(network.d.uid)},
        {"op": "set_fixed_cost", "fixed_cost": str(cost.uid), "amount": "20"},
        {"op": "add_fixed_cost", "task": str(network.a.uid), "name": "Permit", "amount": "5"},
    ]
    request = change_request_create(actor=manager, project=network.project, title="Mix", operations=ops)
    request = change_request_submit(actor=manager, request=request, expected_version=request.version)
    request = change_request_decide(
        actor=manager, request=request, decision="approve", expected_version=request.version
    )
    change_request_apply(actor=manager, request=request, expected_version=request.version)
    review = Task.objects.get(project=network.project, name="Review")
    links = {
        (link.predecessor.name, link.successor.name): (link.type, link.lag_minutes)
        for link in Link.objects.filter(project=network.project)
    }
    assert links[("B", "Review")] == ("FS", 0)
    assert links[("Review", "D")] == ("FS", 0)
    assert links[("A", "C")] == ("SS", DAY)
    assert ("B", "D") not in links
    assert review.duration_minutes == DAY
    cost.refresh_from_db()
    assert cost.amount == Decimal("20.00")
    assert FixedCost.objects.filter(task=network.a, name="Permit").exists()


def test_a_plan_changed_since_the_assessment_is_refused_by_name_and_nothing_changes(
    world: World, network: Network, fingerprint: Any
) -> None:
    # Given an approved change to B, and then somebody edits B in the task grid
    manager = world.users["manager"]
    request = _submitted(world, network)
    request = change_request_decide(
        actor=manager, request=request, decision="approve", expected_version=request.version
    )
    task_update(actor=manager, task=network.b, data={"duration_minutes": 3 * DAY}, expected_version=None)
    before = fingerprint()
    # When the change is applied
    with pytest.raises(DomainRuleError) as caught:
        change_request_apply(actor=manager, request=request, expected_version=request.version)
    # Then it is refused naming the operation and the task, and nothing changed
    assert caught.value.field == "operations"
    assert "Operation 1" in caught.value.message and "'B'" in caught.value.message
    assert fingerprint() == before


def test_a_failing_later_operation_rolls_back_the_earlier_ones(
    world: World, network: Network, fingerprint: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given an approved change: A to 5 days, then a fixed cost on A that the costs service refuses
    manager = world.users["manager"]
    ops = [
        {"op": "set_duration", "task": str(network.a.uid), "duration_minutes": 5 * DAY},
        {"op": "add_fixed_cost", "task": str(network.a.uid), "name": "Permit", "amount": "5"},
    ]
    request = change_request_create(actor=manager, project=network.project, title="Two steps", operations=ops)
    request = change_request_submit(actor=manager, request=request, expected_version=request.version)
    request = change_request_decide(
        actor=manager, request=request, decision="approve", expected_version=request.version
    )

    def refuse(**kwargs: Any) -> None:
        raise DomainRuleError("The fixed cost is refused.", field="amount")

    monkeypatch.setattr("pmo.changes.apply.fixed_cost_create", refuse)
    before = fingerprint()
    # When it is applied, Then the refusal of the second operation undoes the first: nothing changed
    with pytest.raises(DomainRuleError):
        change_request_apply(actor=manager, request=request, expected_version=request.version)
    assert fingerprint() == before
    assert Task.objects.get(pk=network.a.pk).duration_minutes == 3 * DAY
    assert ChangeRequest.objects.get(pk=request.pk).status == ChangeStatus.APPROVED


def test_an_operation_closing_a_cycle_is_refused_at_assessment(world: World, network: Network) -> None:
    ops = [{"op": "set_link", "predecessor": str(network.d.uid), "successor": str(network.a.uid)}]
    request = change_request_create(
        actor=world.users["manager"], project=network.project, title="Cycle", operations=ops
    )
    with pytest.raises(DomainRuleError) as caught:
        change_request_submit(actor=world.users["manager"], request=request, expected_version=request.version)
    assert "cycle" in caught.value.message


# -- input and state ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operations", "fragment"),
    [
        ([{"op": "grow"}], "unknown op"),
        ([{"op": "set_duration", "task": "nope", "duration_minutes": 1}], "task must be"),
        (
            [{"op": "set_duration", "task": "6f1c3d9e-0000-4000-8000-000000000001", "duration_minutes": 1}],
            "not in project",
        ),
        (
            [{"op": "set_duration", "task": "6f1c3d9e-0000-4000-8000-000000000001", "duration_minutes": -5}],
            "between",
        ),
        ("not a list", "must be a list"),
    ],
)
def test_bad_operations_are_refused_naming_the_field(
    world: World, network: Network, fingerprint: Any, operations: Any, fragment: str
) -> None:
    before = fingerprint()
    with pytest.raises(DomainRuleError) as caught:
        change_request_create(
            actor=world.users["contributor"], project=network.project, title="Bad", operations=operations
        )
    assert caught.value.field == "operations"
    assert fragment in caught.value.message
    assert fingerprint() == before


def test_only_drafts_are_edited_and_new_operations_clear_the_assessment(
    world: World, network: Network
) -> None:
    contributor = world.users["contributor"]
    request = _longer_b(world, network)
    from pmo.changes.services import change_request_assess

    request = change_request_assess(actor=contributor, request=request)
    assert request.assessment is not None
    ops = [{"op": "set_duration", "task": str(network.b.uid), "duration_minutes": 3 * DAY}]
    request = change_request_update(
        actor=contributor, request=request, data={"operations": ops}, expected_version=request.version
    )
    assert request.assessment is None
    request = change_request_submit(actor=contributor, request=request, expected_version=request.version)
    with pytest.raises(DomainRuleError) as caught:
        change_request_update(actor=contributor, request=request, data={"title": "x"}, expected_version=None)
    assert caught.value.field == "status"
    withdrawn = change_request_withdraw(actor=contributor, request=request, expected_version=request.version)
    assert withdrawn.status == ChangeStatus.WITHDRAWN


def test_viewers_cannot_raise_change_requests(world: World, network: Network) -> None:
    with pytest.raises(PermissionDenied):
        change_request_create(actor=world.users["viewer"], project=network.project, title="x")


def test_an_operation_on_a_subtask_of_a_task_removed_earlier_is_refused(
    world: World, fingerprint: Any
) -> None:
    ops = [
        {"op": "remove_task", "task": str(world.a.obj("summary_task").uid)},
        {"op": "set_duration", "task": str(world.a.obj("task").uid), "duration_minutes": DAY},
    ]
    before = fingerprint()
    with pytest.raises(DomainRuleError) as caught:
        change_request_create(
            actor=world.users["manager"], project=world.a.project, title="x", operations=ops
        )
    assert caught.value.message.startswith("Operation 2:")
    assert "removed by an earlier operation" in caught.value.message
    assert fingerprint() == before
