"""Resource pages: a portfolio's pool (list, htmx filter, forms, delete refused while in use) and the
project's Resources section (assignments by resource with totals, add/edit/remove)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pmo.accounts.choices import Role
from pmo.accounts.services import membership_grant, user_create
from pmo.resources.models import Assignment, Resource
from pmo.resources.services import assignment_create, resource_create
from pmo.testing.personas import World
from pmo.testing.queries import count_queries

pytestmark = pytest.mark.django_db


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def pool_url(world: World, name: str = "pool", **kwargs: Any) -> str:
    return reverse(f"resources:{name}", kwargs={"uid": world.a.portfolio.uid, **kwargs})


def section_url(world: World, name: str = "assignments", **kwargs: Any) -> str:
    return reverse(f"resources:{name}", kwargs={"uid": world.a.project.uid, **kwargs})


# --- the pool -------------------------------------------------------------------------------------


def test_pool_lists_resources_with_their_figures_and_filters_with_htmx(world: World, r: Any) -> None:
    client = client_for(world, "viewer")
    page = client.get(pool_url(world)).content.decode()
    assert r.resource.name in page and r.spare.name in page
    assert "150%" in page  # max units 1.50
    assert "80.00" in page  # standard rate
    assert "New resource" not in page and "Delete" not in page  # a viewer changes nothing
    fragment = client.get(pool_url(world), {"search": "Spare"}, headers={"HX-Request": "true"})
    body = fragment.content.decode()
    assert body.lstrip().startswith('<div id="resource-results">')
    assert r.spare.name in body and r.resource.name not in body
    assert client.get(pool_url(world), {"kind": "robot"}).status_code == 400


def test_manager_creates_and_edits_a_resource(world: World, r: Any) -> None:
    client = client_for(world, "manager")
    form = {"name": "Surveyor", "kind": "work", "max_units": "0.5", "standard_rate": "60"}
    assert client.post(pool_url(world, "resource_create"), form).status_code == 302
    created = Resource.objects.get(scope=r.pool, name="Surveyor")
    clash = client.post(pool_url(world, "resource_create"), {**form, "name": "SURVEYOR"})
    assert clash.status_code == 400 and "already has a resource called" in clash.content.decode()
    edit = pool_url(world, "resource_edit", resource_uid=created.uid)
    assert client.get(edit).status_code == 200
    response = client.post(edit, {**form, "version": created.version, "max_units": "2"})
    assert response.status_code == 302
    created.refresh_from_db()
    assert str(created.max_units) == "2.00"
    stale = client.post(edit, {**form, "version": created.version - 1, "max_units": "3"})
    assert stale.status_code == 409 and "changed while you were editing" in stale.content.decode()


def test_delete_is_refused_while_tasks_use_the_resource(world: World, r: Any) -> None:
    client = client_for(world, "manager")
    url = pool_url(world, "resource_delete", resource_uid=r.resource.uid)
    response = client.post(url, {"version": r.resource.version}, follow=True)
    assert "remove those assignments before deleting" in response.content.decode()
    assert Resource.objects.filter(pk=r.resource.pk).exists()
    spare_url = pool_url(world, "resource_delete", resource_uid=r.spare.uid)
    assert client.post(spare_url, {"version": r.spare.version}).status_code == 302
    assert not Resource.objects.filter(pk=r.spare.pk).exists()


def test_project_members_see_the_pool_but_cannot_change_it(world: World, r: Any) -> None:
    lead = user_create(actor=None, username="lead", password="x-long-password-1", email="lead@example.test")
    membership_grant(
        actor=world.users["pmo_admin"], scope=world.a.project.scope, role=Role.MANAGER, user=lead
    )
    client = Client()
    client.force_login(lead)
    page = client.get(pool_url(world))
    assert page.status_code == 200 and r.resource.name in page.content.decode()
    assert client.get(pool_url(world, "resource_create")).status_code == 403
    assert client.get(reverse("resources:pool", kwargs={"uid": world.a.subportfolio.uid})).status_code == 404


def test_the_pool_of_another_portfolio_is_not_found(world: World) -> None:
    url = reverse("resources:pool", kwargs={"uid": world.b.portfolio.uid})
    assert client_for(world, "manager").get(url).status_code == 404


# --- the project's Resources section --------------------------------------------------------------


def test_section_groups_assignments_by_resource_with_totals(world: World, r: Any) -> None:
    assignment_create(
        actor=world.users["manager"],
        project=world.a.project,
        task=world.a.obj("task2"),
        resource=r.resource,
        work_minutes=90,
    )
    page = client_for(world, "viewer").get(section_url(world)).content.decode()
    assert r.resource.name in page
    assert f'data-resource-total="{r.resource.uid}">17.50 h' in page  # 16 h + 1.5 h
    assert 'data-figure="total-work">17.50 h' in page
    assert "Front loaded" in page and "50%" in page
    assert "Assign a resource" not in page


def test_section_queries_do_not_grow_with_assignments(world: World, r: Any) -> None:
    client = client_for(world, "viewer")
    client.get(section_url(world))
    with count_queries() as few:
        client.get(section_url(world))
    for n in range(20):
        extra = resource_create(actor=world.users["manager"], pool=r.pool, name=f"Crew {n}")
        assignment_create(
            actor=world.users["manager"], project=world.a.project, task=world.a.obj("task2"), resource=extra
        )
    with count_queries() as many:
        client.get(section_url(world))
    assert len(many) == len(few), many.report()


def test_manager_assigns_edits_and_removes_with_htmx(world: World, r: Any) -> None:
    client = client_for(world, "manager")
    task2 = world.a.obj("task2")
    form = {"task": task2.position, "resource": r.spare.pk, "units": "1", "work_hours": "7.5", "contour": "0"}
    assert client.post(section_url(world, "assignment_create"), form).status_code == 302
    created = Assignment.objects.get(task=task2, resource=r.spare)
    assert created.work_minutes == 450
    edit = section_url(world, "assignment_edit", assignment_uid=created.uid)
    too_much = client.post(edit, {**form, "version": created.version, "units": "120"})
    assert (
        too_much.status_code == 400
        and "more than the most an assignment may carry" in too_much.content.decode()
    )
    assert client.post(edit, {**form, "version": created.version, "units": "0.5"}).status_code == 302
    created.refresh_from_db()
    assert str(created.units) == "0.50"
    removal = client.post(
        section_url(world, "assignment_delete", assignment_uid=created.uid),
        {"version": created.version},
        headers={"HX-Request": "true"},
    )
    assert removal.status_code == 200
    assert removal.content.decode().lstrip().startswith('<div id="resource-loads">')
    assert not Assignment.objects.filter(pk=created.pk).exists()


def test_assignment_form_names_the_bad_row(world: World, r: Any) -> None:
    client = client_for(world, "manager")
    form = {"task": "9999", "resource": r.spare.pk, "units": "1", "contour": "0"}
    response = client.post(section_url(world, "assignment_create"), form)
    assert response.status_code == 400 and "no task at row 9999" in response.content.decode()
    duplicate = {**form, "task": world.a.obj("task").position, "resource": r.resource.pk}
    again = client.post(section_url(world, "assignment_create"), duplicate)
    assert again.status_code == 400 and "already assigned" in again.content.decode()


def test_viewers_and_contributors_cannot_change_assignments(world: World, r: Any) -> None:
    for persona in ("viewer", "contributor"):
        client = client_for(world, persona)
        assert client.get(section_url(world, "assignment_create")).status_code == 403
        url = section_url(world, "assignment_delete", assignment_uid=r.assignment.uid)
        assert client.post(url, {"version": r.assignment.version}).status_code == 403
    assert Assignment.objects.filter(pk=r.assignment.pk).exists()
