"""Charter services: the approval flow, re-approval after a change, the named sponsor, stale
versions, and bad input that names its field and writes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pmo.accounts.choices import Role
from pmo.accounts.services import membership_grant, user_create
from pmo.charters.choices import CharterStatus, DecisionKind
from pmo.charters.models import Charter
from pmo.charters.services import (
    charter_create,
    charter_decide,
    charter_submit,
    charter_update,
)
from pmo.core.choices import AuditAction
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.selectors import history_of
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db

OBJECTIVE = {
    "description": "Cut order handling time",
    "measure": "minutes per order",
    "target_value": Decimal("12.5"),
    "unit": "min",
    "due_date": dt.date(2026, 9, 30),
}


def approve(world: World, charter: Charter, comment: str = "Go ahead") -> Charter:
    return charter_decide(
        actor=world.users["manager"],
        charter=charter,
        decision="approve",
        comment=comment,
        expected_version=charter.version,
    )


def test_sponsor_approves_submitted_charter_and_the_decision_is_audited(
    world: World, charter: Charter
) -> None:
    # given A's submitted charter whose sponsor is A's manager
    assert charter.status == CharterStatus.SUBMITTED
    # when the sponsor approves it with a comment
    approved = approve(world, charter, "Fits the strategy")
    # then it is approved at its new version, by the sponsor
    assert approved.status == CharterStatus.APPROVED
    assert approved.version == charter.version + 1
    assert approved.approved_version == approved.version
    assert approved.approved_by == world.users["manager"]
    # and the decision and its comment are in the audit trail and the decision history
    record = history_of(approved).first()
    assert record is not None
    assert record.action == AuditAction.UPDATE
    assert record.note == "Approved: Fits the strategy"
    assert record.changes["status"] == ["submitted", "approved"]
    kinds = [d.kind for d in approved.decisions.all()]
    assert kinds == [DecisionKind.APPROVED, DecisionKind.SUBMITTED]
    latest = approved.decisions.first()
    assert latest is not None and latest.comment == "Fits the strategy"
    assert latest.content["purpose"] == approved.purpose


def test_return_needs_a_comment_and_writes_nothing_without_one(world: World, charter: Charter) -> None:
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as error:
        charter_decide(
            actor=world.users["manager"],
            charter=charter,
            decision="return",
            comment=" ",
            expected_version=charter.version,
        )
    assert error.value.field == "comment"
    assert_fingerprint_unchanged(before, "a return without a comment")


def test_returned_charter_is_edited_and_resubmitted(world: World, charter: Charter) -> None:
    manager = world.users["manager"]
    returned = charter_decide(
        actor=manager,
        charter=charter,
        decision="return",
        comment="Add a cost objective",
        expected_version=charter.version,
    )
    assert returned.status == CharterStatus.RETURNED
    assert history_of(returned).first().note == "Returned: Add a cost objective"  # type: ignore[union-attr]
    edited = charter_update(
        actor=manager, charter=returned, data={"objectives": [OBJECTIVE]}, expected_version=returned.version
    )
    assert edited.status == CharterStatus.RETURNED
    resubmitted = charter_submit(actor=manager, charter=edited, expected_version=edited.version)
    assert resubmitted.status == CharterStatus.SUBMITTED


def test_editing_an_approved_charter_needs_a_new_approval(world: World, charter: Charter) -> None:
    # given an approved charter
    approved = approve(world, charter)
    old_purpose = approved.purpose
    # when the manager changes its purpose
    changed = charter_update(
        actor=world.users["manager"],
        charter=approved,
        data={"purpose": "A new purpose"},
        expected_version=approved.version,
    )
    # then it is back to draft, still showing the version that was approved (with its content)
    assert changed.status == CharterStatus.DRAFT
    assert changed.approved_version == approved.version
    assert changed.version > approved.version
    approval = changed.decisions.get(kind=DecisionKind.APPROVED)
    assert approval.content["purpose"] == old_purpose
    notes = [r.note for r in history_of(changed)[:2]]
    assert notes[0].startswith("Changed after approval")
    # and the sponsor cannot approve it before it is submitted again
    with pytest.raises(DomainRuleError) as error:
        approve(world, changed)
    assert error.value.field == "status"


def test_saving_an_approved_charter_unchanged_keeps_it_approved(world: World, charter: Charter) -> None:
    approved = approve(world, charter)
    same = charter_update(
        actor=world.users["manager"],
        charter=approved,
        data={"purpose": approved.purpose},
        expected_version=approved.version,
    )
    assert same.status == CharterStatus.APPROVED
    assert same.version == approved.version


def test_a_submitted_charter_cannot_be_edited(world: World, charter: Charter) -> None:
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as error:
        charter_update(
            actor=world.users["manager"],
            charter=charter,
            data={"purpose": "x"},
            expected_version=charter.version,
        )
    assert error.value.field == "status"
    assert_fingerprint_unchanged(before)


@pytest.mark.parametrize("persona", ["pmo_admin", "viewer", "contributor"])
def test_only_the_named_sponsor_decides(world: World, charter: Charter, persona: str) -> None:
    before = db_fingerprint()
    with pytest.raises(PermissionDenied):
        charter_decide(
            actor=world.users[persona], charter=charter, decision="approve", expected_version=charter.version
        )
    assert_fingerprint_unchanged(before)


def test_a_manager_who_is_not_the_sponsor_gets_403(world: World, charter: Charter) -> None:
    # given a second manager of portfolio A who is not the sponsor
    other = user_create(actor=None, username="other_manager", password=None)
    membership_grant(
        actor=world.users["pmo_admin"], scope=world.a.portfolio.scope, role=Role.MANAGER, user=other
    )
    # when they try to approve, then they are refused, although they may edit and submit
    with pytest.raises(PermissionDenied):
        charter_decide(actor=other, charter=charter, decision="approve", expected_version=charter.version)


@pytest.mark.parametrize(("persona", "verb"), [("contributor", "edit"), ("viewer", "submit")])
def test_roles_below_manager_cannot_write(world: World, charter: Charter, persona: str, verb: str) -> None:
    actor = world.users[persona]
    returned = charter_decide(
        actor=world.users["manager"],
        charter=charter,
        decision="return",
        comment="redo",
        expected_version=charter.version,
    )
    if verb == "edit":
        with pytest.raises(PermissionDenied):
            charter_update(
                actor=actor, charter=returned, data={"purpose": "x"}, expected_version=returned.version
            )
    else:
        with pytest.raises(PermissionDenied):
            charter_submit(actor=actor, charter=returned, expected_version=returned.version)


def test_stale_version_is_refused_and_names_who_changed_what(world: World, charter: Charter) -> None:
    manager = world.users["manager"]
    returned = charter_decide(
        actor=manager, charter=charter, decision="return", comment="redo", expected_version=charter.version
    )
    before = db_fingerprint()
    with pytest.raises(StaleVersionError) as error:
        charter_update(
            actor=manager, charter=returned, data={"purpose": "late"}, expected_version=charter.version
        )
    assert error.value.current_version == returned.version
    assert "status" in error.value.changed_fields
    assert_fingerprint_unchanged(before, "a stale edit")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"objectives": [{**OBJECTIVE, "target_value": "lots"}]}, "objectives.0.target_value"),
        ({"objectives": [OBJECTIVE, {**OBJECTIVE, "measure": ""}]}, "objectives.1.measure"),
        ({"objectives": [{**OBJECTIVE, "due_date": "30/09/2026"}]}, "objectives.0.due_date"),
        ({"objectives": [{**OBJECTIVE, "colour": "red"}]}, "objectives.0.colour"),
        ({"scope_in": ["fine", ""]}, "scope_in"),
        ({"status": "approved"}, "status"),
        ({"approved_version": 3}, "approved_version"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    world: World, charter: Charter, data: dict, field: str
) -> None:
    manager = world.users["manager"]
    returned = charter_decide(
        actor=manager, charter=charter, decision="return", comment="redo", expected_version=charter.version
    )
    before = db_fingerprint()
    with pytest.raises((DomainRuleError, ValidationError)) as error:
        charter_update(actor=manager, charter=returned, data=data, expected_version=returned.version)
    named = getattr(error.value, "field", None) or next(iter(getattr(error.value, "message_dict", {})), None)
    assert named == field
    assert_fingerprint_unchanged(before)


def test_sponsor_must_be_able_to_see_the_project(world: World, charter: Charter) -> None:
    manager = world.users["manager"]
    returned = charter_decide(
        actor=manager, charter=charter, decision="return", comment="redo", expected_version=charter.version
    )
    for person in ("outsider", "no_role"):
        with pytest.raises(DomainRuleError) as error:
            charter_update(
                actor=manager,
                charter=returned,
                data={"sponsor": world.users[person]},
                expected_version=returned.version,
            )
        assert error.value.field == "sponsor"


def test_first_edit_creates_the_charter_once_with_ordered_objectives(world: World) -> None:
    manager = world.users["manager"]
    project = world.a.project_direct
    second = {**OBJECTIVE, "description": "Second"}
    created = charter_create(actor=manager, project=project, data={"objectives": [second, OBJECTIVE]})
    assert created.status == CharterStatus.DRAFT
    assert [o.description for o in created.objectives.all()] == ["Second", OBJECTIVE["description"]]
    record = history_of(created).first()
    assert record is not None and record.action == AuditAction.CREATE
    assert record.changes["objectives"][1][0]["target_value"] == "12.5"
    with pytest.raises(DomainRuleError) as error:
        charter_create(actor=manager, project=project)
    assert error.value.field == "project"
    # reordering the objectives is a change, audited as before/after lists
    reordered = charter_update(
        actor=manager,
        charter=created,
        data={"objectives": [OBJECTIVE, second]},
        expected_version=created.version,
    )
    assert [o.position for o in reordered.objectives.all()] == [1, 2]
    assert reordered.objectives.first().description == OBJECTIVE["description"]  # type: ignore[union-attr]
    assert "objectives" in history_of(reordered).first().changes  # type: ignore[union-attr]


def test_submit_needs_a_sponsor(world: World) -> None:
    manager = world.users["manager"]
    created = charter_create(actor=manager, project=world.a.project_direct, data={"purpose": "p"})
    with pytest.raises(DomainRuleError) as error:
        charter_submit(actor=manager, charter=created, expected_version=created.version)
    assert error.value.field == "sponsor"


def test_contributor_cannot_create_a_charter(world: World) -> None:
    with pytest.raises(PermissionDenied):
        charter_create(actor=world.users["contributor"], project=world.a.project_direct)
