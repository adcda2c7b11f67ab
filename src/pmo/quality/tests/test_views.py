"""Deliverables pages: the section with its quality figures, forms (row numbers for tasks), the
sign-off, reviews with checklists, defects (htmx), checklist templates."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pmo.projects.models import Task
from pmo.quality.choices import DefectStatus, DeliverableStatus
from pmo.quality.models import ChecklistTemplate, Defect, Deliverable
from pmo.quality.services import deliverable_create
from pmo.testing.personas import World
from pmo.testing.queries import assert_max_queries, count_queries

pytestmark = pytest.mark.django_db


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def url(name: str, project: Any, **kwargs: Any) -> str:
    return reverse(f"quality:{name}", kwargs={"uid": project.uid, **kwargs})


def test_section_shows_figures_and_filters_with_htmx(world: World, q: Any) -> None:
    client = client_for(world, "viewer")
    page = client.get(url("deliverables", world.a.project)).content.decode()
    assert q.deliverable.name in page
    assert "open defect" in page and "first-pass acceptance (0 of 1 reviewed)" in page
    fragment = client.get(
        url("deliverables", world.a.project), {"status": "accepted"}, headers={"HX-Request": "true"}
    )
    body = fragment.content.decode()
    assert body.lstrip().startswith('<div id="deliverable-results">')
    assert q.deliverable.name not in body


def test_manager_creates_a_deliverable_with_task_rows(world: World) -> None:
    client = client_for(world, "manager")
    tasks = list(Task.objects.filter(project=world.a.project).order_by("position")[:2])
    rows = ", ".join(str(t.position) for t in tasks)
    form = {
        "name": "Handbook",
        "acceptance_criteria": "Proofread\n\nApproved",
        "tasks": rows,
        "acceptor": world.users["manager"].pk,
    }
    response = client.post(url("deliverable_create", world.a.project), form)
    assert response.status_code == 302
    created = Deliverable.objects.get(name="Handbook")
    assert created.acceptance_criteria == ["Proofread", "Approved"]
    assert list(created.tasks.order_by("position")) == tasks
    bad = client.post(url("deliverable_create", world.a.project), {**form, "name": "Other", "tasks": "9999"})
    assert bad.status_code == 400
    assert "no task at row 9999" in bad.content.decode()
    assert not Deliverable.objects.filter(name="Other").exists()


def test_contributor_cannot_open_the_deliverable_form(world: World) -> None:
    assert client_for(world, "contributor").get(url("deliverable_create", world.a.project)).status_code == 403


def test_stale_deliverable_edit_gets_409(world: World, q: Any) -> None:
    client = client_for(world, "manager")
    edit = url("deliverable_edit", world.a.project, deliverable_uid=q.deliverable.uid)
    form = {"version": q.deliverable.version, "name": "First", "acceptance_criteria": "a"}
    assert client.post(edit, form).status_code == 302
    response = client.post(edit, {**form, "name": "Second"})
    assert response.status_code == 409
    assert "changed while you were editing" in response.content.decode()


def test_acceptor_signs_off_with_htmx_and_admin_cannot(world: World, q: Any) -> None:
    decide = url("deliverable_decide", world.a.project, deliverable_uid=q.deliverable.uid)
    form = {"version": q.deliverable.version, "decision": "accept", "comment": ""}
    assert client_for(world, "pmo_admin").post(decide, form).status_code == 403
    response = client_for(world, "manager").post(decide, form, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div class="card" id="acceptance">')
    assert Deliverable.objects.get(pk=q.deliverable.pk).status == DeliverableStatus.ACCEPTED


def test_contributor_closes_a_defect_with_htmx(world: World, q: Any) -> None:
    close = url("defect_close", world.a.project, defect_uid=q.defect.uid)
    assert client_for(world, "viewer").post(close, {"version": q.defect.version}).status_code == 403
    response = client_for(world, "contributor").post(
        close, {"version": q.defect.version}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div class="card" id="defects">')
    assert Defect.objects.get(pk=q.defect.pk).status == DefectStatus.CLOSED
    stale = client_for(world, "contributor").post(
        url("defect_reopen", world.a.project, defect_uid=q.defect.uid), {"version": q.defect.version}
    )
    assert stale.status_code == 409


def test_review_edit_records_checklist_results(world: World, q: Any) -> None:
    client = client_for(world, "contributor")
    edit = url("review_edit", world.a.project, review_uid=q.review.uid)
    page = client.get(edit).content.decode()
    assert q.template.items[0] in page
    form = {
        "version": q.review.version,
        "reviewer": q.review.reviewer_id,
        "review_date": "2026-01-21",
        "result": "fail",
        "defects_found": "3",
        "notes": "",
        "checklist-TOTAL_FORMS": "2",
        "checklist-INITIAL_FORMS": "2",
        "checklist-0-result": "pass",
        "checklist-1-result": "fail",
        "checklist-1-note": "torn",
    }
    assert client.post(edit, form).status_code == 302
    items = list(q.review.checklist_items.order_by("position").values_list("result", "note"))
    assert items == [("pass", ""), ("fail", "torn")]


def test_record_a_review_from_a_template(world: World, q: Any) -> None:
    client = client_for(world, "contributor")
    create = url("review_create", world.a.project, deliverable_uid=q.deliverable.uid)
    assert q.template.name in client.get(create).content.decode()
    form = {
        "reviewer": world.users["contributor"].pk,
        "review_date": "2026-01-21",
        "result": "pass",
        "defects_found": "0",
        "checklist_template": q.template.pk,
    }
    assert client.post(create, form).status_code == 302
    review = q.deliverable.reviews.order_by("-id").first()
    assert review.checklist_items.count() == len(q.template.items)


def test_checklist_template_create_offers_only_places_the_user_manages(world: World) -> None:
    client = client_for(world, "manager")
    create = url("checklist_create", world.a.project)
    page = client.get(create).content.decode()
    assert world.a.program.name in page and world.a.portfolio.name in page
    form = {"scope": str(world.a.program.uid), "name": "Program checks", "items": "One\nTwo"}
    assert client.post(create, form).status_code == 302
    template = ChecklistTemplate.objects.get(name="Program checks")
    assert template.scope == world.a.program.scope and template.items == ["One", "Two"]
    hidden = client.post(create, {**form, "scope": str(world.b.program.uid)})
    assert hidden.status_code == 400
    assert client_for(world, "contributor").get(create).status_code == 403


def test_deliverables_page_queries_do_not_grow(world: World, q: Any) -> None:
    client = client_for(world, "viewer")
    page = url("deliverables", world.a.project)
    client.get(page)
    with count_queries() as one:
        client.get(page)
    for n in range(6):
        deliverable_create(actor=world.users["manager"], project=world.a.project, name=f"Extra {n}")
    with assert_max_queries(len(one)):
        client.get(page)
