"""RAID services: roles, audit, validation (naming the field, writing nothing), stale versions,
tasks of the same project, decisions that become immutable, links across portfolios refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.selectors import history_of
from pmo.raid.kinds import KINDS
from pmo.raid.models import Decision, Issue, RaidLink
from pmo.raid.selectors import links_of
from pmo.raid.services import (
    decision_decide,
    decision_supersede,
    raid_item_create,
    raid_item_delete,
    raid_item_update,
    raid_link_create,
)
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def record(
    world: World, kind: str = "issue", persona: str = "contributor", scope: Any = None, **data: Any
) -> Any:
    scope = scope or world.a.project.scope
    return raid_item_create(
        actor=world.users[persona], kind=KINDS[kind], scope=scope, data={"title": "Vendor late"} | data
    )


def test_contributor_records_an_issue_on_a_task_audited(world: World) -> None:
    # Given the project's first task, when a contributor records an issue on it
    task = world.a.extras["task"]
    issue = record(world, priority="critical", tasks=[task], due_date=dt.date(2026, 3, 1))
    # then it is on the project's scope, linked to the task, and its creation is audited with the task
    assert issue.scope == world.a.project.scope and list(issue.tasks.all()) == [task]
    created = history_of(issue).get()
    assert created.action == "create"
    assert created.changes["priority"] == [None, "critical"] and created.changes["tasks"] == [
        None,
        [str(task)],
    ]


def test_viewer_cannot_record_and_nothing_is_written(world: World) -> None:
    before = db_fingerprint()
    with pytest.raises(PermissionDenied):
        record(world, persona="viewer")
    assert_fingerprint_unchanged(before)


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("issue", {"title": "   "}, "title"),
        ("issue", {"raised_on": dt.date(2026, 5, 1), "due_date": dt.date(2026, 4, 1)}, "due_date"),
        ("issue", {"due_date": dt.date(2200, 1, 1)}, "due_date"),
        ("issue", {"priority": "urgent"}, "priority"),
        ("issue", {"severity": "high"}, "severity"),
        ("assumption", {"status": "maybe"}, "status"),
        ("decision", {"options": [{"option": "A"}, {"option": "a"}]}, "options"),
        ("decision", {"options": [{"option": ""}]}, "options"),
        ("decision", {"status": "decided"}, "status"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    world: World, kind: str, data: dict[str, Any], field: str
) -> None:
    before = db_fingerprint()
    with pytest.raises((DomainRuleError, ValidationError)) as error:  # both name the field
        record(world, kind, **data)
    named = getattr(error.value, "field", None) or next(iter(getattr(error.value, "message_dict", {})), None)
    assert named == field
    assert_fingerprint_unchanged(before)


def test_tasks_of_another_project_and_tasks_on_a_program_are_refused(world: World) -> None:
    other_task = world.b.extras["task"]
    with pytest.raises(DomainRuleError) as error:
        record(world, tasks=[other_task])
    assert error.value.field == "tasks"
    with pytest.raises(DomainRuleError) as error:
        record(world, "action", scope=world.a.program.scope, tasks=[world.a.extras["task"]])
    assert error.value.field == "tasks"


def test_owner_without_a_role_on_the_scope_is_refused(world: World) -> None:
    with pytest.raises(DomainRuleError) as error:
        record(world, owner=world.users["outsider"])
    assert error.value.field == "owner"


def test_dependency_on_a_project_the_actor_cannot_see_is_refused(world: World) -> None:
    with pytest.raises(DomainRuleError) as error:
        record(world, "dependency", other_project=world.b.project)
    assert error.value.field == "other_project"


def test_update_bumps_the_version_audits_and_refuses_a_stale_one(world: World) -> None:
    issue = record(world)
    updated = raid_item_update(
        actor=world.users["contributor"],
        item=issue,
        data={"status": "resolved", "resolution": "Paid"},
        expected_version=issue.version,
    )
    assert updated.version == issue.version + 1
    assert history_of(updated).first().changes == {  # type: ignore[union-attr]
        "resolution": ["", "Paid"],
        "status": ["open", "resolved"],
    }
    with pytest.raises(StaleVersionError):
        raid_item_update(
            actor=world.users["contributor"], item=issue, data={"title": "x"}, expected_version=1
        )


def test_overdue_is_past_due_and_unsettled(world: World) -> None:
    late = record(world, raised_on=dt.date(2026, 1, 1), due_date=dt.date(2026, 1, 2))
    assert late.is_overdue
    done = raid_item_update(
        actor=world.users["contributor"], item=late, data={"status": "closed"}, expected_version=None
    )
    assert not done.is_overdue


def test_a_decided_decision_is_immutable_and_only_superseded(world: World) -> None:
    # Given a proposed decision with two options
    manager = world.users["manager"]
    options = [{"option": "Build", "pros": "control"}, {"option": "Buy", "cons": "lock-in"}]
    decision = record(world, "decision", options=options)
    # when a contributor tries to decide it, or the manager chooses an option not considered
    with pytest.raises(PermissionDenied):
        decision_decide(
            actor=world.users["contributor"],
            decision=decision,
            chosen_option="Buy",
            rationale="x",
            expected_version=None,
        )
    with pytest.raises(DomainRuleError) as error:
        decision_decide(
            actor=manager, decision=decision, chosen_option="Rent", rationale="x", expected_version=None
        )
    assert error.value.field == "chosen_option"
    # then it is refused; deciding properly records who and when
    decided = decision_decide(
        actor=manager,
        decision=decision,
        chosen_option="Buy",
        rationale="Cheaper",
        expected_version=decision.version,
    )
    assert (decided.status, decided.decided_by, decided.decided_on) == ("decided", manager, dt.date.today())
    # and afterwards nobody changes it
    with pytest.raises(DomainRuleError) as error:
        raid_item_update(actor=manager, item=decided, data={"rationale": "other"}, expected_version=None)
    assert error.value.field == "status"
    # except by superseding it with another decision, audited
    later = record(world, "decision", title="Rent instead")
    superseded = decision_supersede(
        actor=manager, decision=decided, by=later, expected_version=decided.version
    )
    assert superseded.status == "superseded" and superseded.superseded_by == later
    assert history_of(superseded).first().changes["status"] == ["decided", "superseded"]  # type: ignore[union-attr]
    assert Decision.objects.get(pk=decided.pk).rationale == "Cheaper"


def test_links_show_both_ways_and_refuse_other_portfolios(world: World) -> None:
    issue = record(world)
    action = record(world, "action", scope=world.a.program.scope, title="Chase the vendor")
    raid_link_create(actor=world.users["contributor"], source=issue, target=action)
    viewer = world.users["viewer"]
    assert [(x.item, x.outgoing) for x in links_of(viewer, issue)] == [(action, True)]
    assert [(x.item, x.outgoing) for x in links_of(viewer, action)] == [(issue, False)]
    with pytest.raises(DomainRuleError) as error:
        raid_link_create(actor=world.users["contributor"], source=action, target=issue)
    assert error.value.field == "target"
    # another portfolio's item: refused even for an administrator who sees both
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as error:
        raid_link_create(actor=world.users["pmo_admin"], source=issue, target=world.b.extras["raid_issue"])
    assert error.value.field == "target"
    assert_fingerprint_unchanged(before)


def test_manager_deletes_an_item_with_its_links(world: World) -> None:
    issue = record(world)
    action = record(world, "action")
    raid_link_create(actor=world.users["contributor"], source=issue, target=action)
    with pytest.raises(PermissionDenied):
        raid_item_delete(actor=world.users["contributor"], item=issue, expected_version=None)
    raid_item_delete(actor=world.users["manager"], item=issue, expected_version=issue.version)
    assert not Issue.objects.filter(pk=issue.pk).exists()
    assert not RaidLink.objects.filter(source_id=issue.pk, target_id=action.pk).exists()
