"""Quality services: the deliverable flow and the acceptor's sign-off, reviews with checklists,
defects, checklist templates; stale versions and bad input that names its field and writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.services import membership_grant, user_create
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.selectors import history_of
from pmo.projects.models import Task
from pmo.quality.choices import DefectStatus, DeliverableStatus, ItemResult
from pmo.quality.services import (
    checklist_template_create,
    checklist_template_update,
    defect_close,
    defect_create,
    defect_reopen,
    deliverable_create,
    deliverable_decide,
    deliverable_submit,
    deliverable_update,
    review_create,
    review_update,
)
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 20)


def decide(world: World, deliverable: Any, decision: str, comment: str = "", persona: str = "manager") -> Any:
    return deliverable_decide(
        actor=world.users[persona],
        deliverable=deliverable,
        decision=decision,
        comment=comment,
        expected_version=deliverable.version,
    )


# --- deliverables and the sign-off ----------------------------------------------------------------


def test_acceptor_accepts_and_the_decision_is_audited(world: World, q: Any) -> None:
    accepted = decide(world, q.deliverable, "accept", "All criteria met")
    assert accepted.status == DeliverableStatus.ACCEPTED
    assert accepted.decided_by == world.users["manager"]
    record = history_of(accepted).first()
    assert record is not None
    assert record.note == "Accepted: All criteria met"
    assert record.changes["status"] == ["in_review", "accepted"]


def test_reject_needs_a_comment_then_counts_and_allows_resubmission(world: World, q: Any) -> None:
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as error:
        decide(world, q.deliverable, "reject")
    assert error.value.field == "comment"
    assert_fingerprint_unchanged(before)
    rejected = decide(world, q.deliverable, "reject", "Criterion 2 fails")
    assert (rejected.status, rejected.rejections) == (DeliverableStatus.REJECTED, 1)
    again = deliverable_submit(
        actor=world.users["manager"], deliverable=rejected, expected_version=rejected.version
    )
    assert again.status == DeliverableStatus.IN_REVIEW
    assert decide(world, again, "accept").status == DeliverableStatus.ACCEPTED


@pytest.mark.parametrize("persona", ["pmo_admin", "viewer", "contributor"])
def test_only_the_named_acceptor_signs_off(world: World, q: Any, persona: str) -> None:
    before = db_fingerprint()
    with pytest.raises(PermissionDenied):
        decide(world, q.deliverable, "accept", persona=persona)
    assert_fingerprint_unchanged(before)


def test_a_manager_who_is_not_the_acceptor_gets_403(world: World, q: Any) -> None:
    other = user_create(actor=None, username="second_manager", password=None)
    membership_grant(
        actor=world.users["pmo_admin"], scope=world.a.portfolio.scope, role=Role.MANAGER, user=other
    )
    with pytest.raises(PermissionDenied):
        deliverable_decide(
            actor=other, deliverable=q.deliverable, decision="accept", expected_version=q.deliverable.version
        )


def test_accepted_deliverable_is_final(world: World, q: Any) -> None:
    accepted = decide(world, q.deliverable, "accept")
    with pytest.raises(DomainRuleError) as error:
        deliverable_update(
            actor=world.users["manager"],
            deliverable=accepted,
            data={"name": "x"},
            expected_version=accepted.version,
        )
    assert error.value.field == "status"


def test_create_links_tasks_of_the_same_project_only(world: World) -> None:
    manager = world.users["manager"]
    own = Task.objects.filter(project=world.a.project).order_by("position")[:2]
    created = deliverable_create(
        actor=manager,
        project=world.a.project,
        name="Design",
        acceptance_criteria=["Reviewed"],
        tasks=list(own),
    )
    assert set(created.tasks.all()) == set(own)
    assert history_of(created).first().changes["tasks"][1] == [str(t) for t in own]  # type: ignore[union-attr]
    foreign = Task.objects.filter(project=world.b.project).first()
    assert foreign is not None
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as error:
        deliverable_update(
            actor=manager, deliverable=created, data={"tasks": [foreign]}, expected_version=created.version
        )
    assert error.value.field == "tasks"
    assert_fingerprint_unchanged(before)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"acceptance_criteria": ["ok", "  "]}, "acceptance_criteria"),
        ({"name": ""}, "name"),
        ({"status": "accepted"}, "status"),
        ({"rejections": 0}, "rejections"),
    ],
)
def test_bad_deliverable_input_names_the_field(world: World, q: Any, data: dict, field: str) -> None:
    before = db_fingerprint()
    with pytest.raises((DomainRuleError, ValidationError)) as error:
        deliverable_update(
            actor=world.users["manager"],
            deliverable=q.deliverable,
            data=data,
            expected_version=q.deliverable.version,
        )
    named = getattr(error.value, "field", None) or next(iter(getattr(error.value, "message_dict", {})), None)
    assert named == field
    assert_fingerprint_unchanged(before)


def test_acceptor_must_see_the_project(world: World, q: Any) -> None:
    with pytest.raises(DomainRuleError) as error:
        deliverable_update(
            actor=world.users["manager"],
            deliverable=q.deliverable,
            data={"acceptor": world.users["outsider"]},
            expected_version=q.deliverable.version,
        )
    assert error.value.field == "acceptor"


def test_stale_deliverable_edit_is_refused(world: World, q: Any) -> None:
    manager = world.users["manager"]
    deliverable_update(
        actor=manager,
        deliverable=q.deliverable,
        data={"name": "First"},
        expected_version=q.deliverable.version,
    )
    with pytest.raises(StaleVersionError) as error:
        deliverable_update(
            actor=manager,
            deliverable=q.deliverable,
            data={"name": "Second"},
            expected_version=q.deliverable.version,
        )
    assert error.value.changed_fields == ["name"]


def test_contributor_cannot_create_or_submit(world: World, q: Any) -> None:
    with pytest.raises(PermissionDenied):
        deliverable_create(actor=world.users["contributor"], project=world.a.project, name="x")
    with pytest.raises(PermissionDenied):
        deliverable_submit(
            actor=world.users["contributor"],
            deliverable=q.deliverable,
            expected_version=q.deliverable.version,
        )


# --- reviews and checklists -----------------------------------------------------------------------


def test_review_copies_the_template_and_records_each_result(world: World, q: Any) -> None:
    # given the world's review, copied from the program's template
    items = list(q.review.checklist_items.order_by("position"))
    assert [i.text for i in items] == q.template.items
    assert {i.result for i in items} == {ItemResult.OPEN}
    # when a contributor records each item's result
    updated = review_update(
        actor=world.users["contributor"],
        review=q.review,
        data={"checklist": [{"result": "pass", "note": ""}, {"result": "fail", "note": "missing"}]},
        expected_version=q.review.version,
    )
    # then the results are stored, the version moved and the change is audited
    assert [i.result for i in updated.checklist_items.order_by("position")] == ["pass", "fail"]
    assert updated.version == q.review.version + 1
    change = history_of(updated).first().changes["checklist"]  # type: ignore[union-attr]
    assert change[1][1] == {"text": q.template.items[1], "result": "fail", "note": "missing"}
    # and a later change of the template does not rewrite the review's copy
    checklist_template_update(
        actor=world.users["manager"],
        template=q.template,
        data={"items": ["Only one"]},
        expected_version=q.template.version,
    )
    assert updated.checklist_items.count() == 2


@pytest.mark.parametrize(
    ("results", "field"),
    [([{"result": "pass"}], "checklist"), ([{"result": "pass"}, {"result": "maybe"}], "checklist.1.result")],
)
def test_checklist_results_must_match_the_items(world: World, q: Any, results: list, field: str) -> None:
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as error:
        review_update(
            actor=world.users["contributor"],
            review=q.review,
            data={"checklist": results},
            expected_version=q.review.version,
        )
    assert error.value.field == field
    assert_fingerprint_unchanged(before)


def test_review_rules(world: World, q: Any) -> None:
    contributor = world.users["contributor"]
    args = {"deliverable": q.deliverable, "review_date": TODAY, "result": "pass"}
    # a viewer cannot record a review
    with pytest.raises(PermissionDenied):
        review_create(actor=world.users["viewer"], reviewer=contributor, **args)
    # the reviewer must see the project; the date cannot be in the future
    with pytest.raises(DomainRuleError) as error:
        review_create(actor=contributor, reviewer=world.users["outsider"], **args)
    assert error.value.field == "reviewer"
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(DomainRuleError) as error:
        review_create(actor=contributor, reviewer=contributor, **{**args, "review_date": tomorrow})
    assert error.value.field == "review_date"
    # a template of another portfolio does not apply
    other = checklist_template_create(
        actor=world.users["pmo_admin"], scope=world.b.portfolio.scope, name="B's", items=["b"]
    )
    with pytest.raises(DomainRuleError) as error:
        review_create(actor=contributor, reviewer=contributor, checklist_template=other, **args)
    assert error.value.field == "checklist_template"
    # a contributor records one without a checklist
    review = review_create(actor=contributor, reviewer=contributor, **args)
    assert review.checklist_items.count() == 0


# --- defects --------------------------------------------------------------------------------------


def test_contributor_opens_closes_and_reopens_defects(world: World, q: Any) -> None:
    contributor = world.users["contributor"]
    defect = defect_create(
        actor=contributor, deliverable=q.deliverable, title="Typo", severity="low", review=q.review
    )
    closed = defect_close(actor=contributor, defect=defect, expected_version=defect.version)
    assert (closed.status, closed.closed_date) == (DefectStatus.CLOSED, timezone.localdate())
    with pytest.raises(DomainRuleError):
        defect_close(actor=contributor, defect=closed, expected_version=closed.version)
    reopened = defect_reopen(actor=contributor, defect=closed, expected_version=closed.version)
    assert (reopened.status, reopened.closed_date) == (DefectStatus.OPEN, None)
    with pytest.raises(PermissionDenied):
        defect_create(actor=world.users["viewer"], deliverable=q.deliverable, title="x")


def test_defect_rules_name_the_field(world: World, q: Any) -> None:
    contributor = world.users["contributor"]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(DomainRuleError) as error:
        defect_close(
            actor=contributor, defect=q.defect, expected_version=q.defect.version, closed_date=tomorrow
        )
    assert error.value.field == "closed_date"
    other = deliverable_create(actor=world.users["manager"], project=world.a.project, name="Other")
    with pytest.raises(DomainRuleError) as error:
        defect_create(actor=contributor, deliverable=other, title="x", review=q.review)
    assert error.value.field == "review"


# --- checklist templates --------------------------------------------------------------------------


def test_templates_are_maintained_by_managers_of_their_place(world: World, q: Any) -> None:
    # given a manager of A's project only (not of its program)
    pm = user_create(actor=None, username="project_manager", password=None)
    membership_grant(actor=world.users["pmo_admin"], scope=world.a.project.scope, role=Role.MANAGER, user=pm)
    # they may attach a template to their project, but not change the program's
    mine = checklist_template_create(actor=pm, scope=world.a.project.scope, name="Mine", items=["a"])
    assert mine.scope == world.a.project.scope
    with pytest.raises(PermissionDenied):
        checklist_template_update(
            actor=pm, template=q.template, data={"name": "x"}, expected_version=q.template.version
        )
    with pytest.raises(PermissionDenied):
        checklist_template_create(actor=pm, scope=world.a.program.scope, name="x", items=["a"])
    with pytest.raises(ValidationError) as error:
        checklist_template_create(actor=pm, scope=world.a.project.scope, name="Empty", items=[])
    assert "items" in error.value.message_dict
