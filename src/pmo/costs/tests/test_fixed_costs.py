"""Fixed costs in the Cost section (table, add, change, remove; managers only) and at
``/api/v1/fixed-costs/`` (If-Match like budget lines); refusals name their field, nothing written."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pmo.costs.models import FixedCost
from pmo.costs.selectors import planned_cost_by_task
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.openapi import SCHEMA_PATH, SchemaCheckedClient, schema_client
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db
API = "/api/v1/fixed-costs/"
DOCUMENTED = API in SCHEMA_PATH.read_text(encoding="utf-8")


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def page_url(name: str, world: World, **kwargs: Any) -> str:
    return reverse(f"costs:{name}", kwargs={"uid": world.a.project.uid, **kwargs})


def form(world: World, **changes: Any) -> dict[str, Any]:
    return {
        "task": world.a.obj("task2").pk,
        "name": "Licence",
        "category": "equipment",
        "amount": "300.00",
        "accrual": "start",
    } | changes


@pytest.fixture
def as_(world: World) -> Any:
    def make(persona: str) -> SchemaCheckedClient:
        client = schema_client(world, persona)
        client.check_schema = DOCUMENTED
        return client

    return make


# -- pages ------------------------------------------------------------------------------------------


def test_viewers_see_the_fixed_costs_table_without_forms(world: World) -> None:
    page = client_for(world, "viewer").get(page_url("cost", world)).content.decode()
    assert 'id="fixed-costs"' in page
    assert world.a.obj("fixed_cost").name in page
    assert "Add fixed cost" not in page
    assert page_url("fixed_cost_edit", world, cost_uid=world.a.obj("fixed_cost").uid) not in page


def test_a_manager_adds_a_fixed_cost_that_enters_the_planned_cost(world: World) -> None:
    task2 = world.a.obj("task2")
    before = planned_cost_by_task(world.a.project).get(task2.pk, Decimal(0))
    response = client_for(world, "manager").post(page_url("fixed_cost_create", world), form(world))
    assert response.status_code == 302
    cost = FixedCost.objects.get(project=world.a.project, name="Licence")
    assert (cost.task_id, cost.amount, cost.accrual) == (task2.pk, Decimal("300.00"), "start")
    assert planned_cost_by_task(world.a.project)[task2.pk] == before + Decimal("300.00")
    page = client_for(world, "manager").get(page_url("cost", world)).content.decode()
    assert "Licence" in page and "Add fixed cost" in page


@pytest.mark.parametrize(
    ("change", "field"), [({"name": "  "}, "name"), ({"amount": "-5"}, "amount"), ({"task": 999999}, "task")]
)
def test_a_bad_fixed_cost_is_refused_at_its_field(world: World, change: dict[str, Any], field: str) -> None:
    before = db_fingerprint()
    response = client_for(world, "manager").post(page_url("fixed_cost_create", world), form(world, **change))
    assert response.status_code == 400
    assert field in response.context["fixed_form"].errors
    assert_fingerprint_unchanged(before)


def test_contributors_cannot_add_fixed_costs(world: World) -> None:
    before = db_fingerprint()
    response = client_for(world, "contributor").post(page_url("fixed_cost_create", world), form(world))
    assert response.status_code == 403
    assert_fingerprint_unchanged(before)


def test_a_manager_changes_a_fixed_cost_and_a_stale_form_shows_who_changed_it(world: World) -> None:
    cost = world.a.obj("fixed_cost")
    url = page_url("fixed_cost_edit", world, cost_uid=cost.uid)
    client = client_for(world, "manager")
    shown = client.get(url)
    assert shown.status_code == 200 and cost.name in shown.content.decode()
    body = form(world, task=cost.task_id, name="Renamed", amount="275.50", version=cost.version)
    assert client.post(url, body).status_code == 302
    stored = FixedCost.objects.get(pk=cost.pk)
    assert (stored.name, stored.amount, stored.version) == ("Renamed", Decimal("275.50"), cost.version + 1)
    stale = client.post(url, body | {"name": "Again"})
    assert stale.status_code == 409
    assert "changed while you were editing" in stale.content.decode()
    assert FixedCost.objects.get(pk=cost.pk).name == "Renamed"


def test_a_manager_removes_a_fixed_cost(world: World) -> None:
    cost = world.a.obj("fixed_cost")
    url = page_url("fixed_cost_delete", world, cost_uid=cost.uid)
    assert client_for(world, "manager").post(url, {"version": cost.version + 3}).status_code == 409
    assert client_for(world, "manager").post(url, {"version": cost.version}).status_code == 302
    assert not FixedCost.objects.filter(pk=cost.pk).exists()


def test_another_projects_fixed_cost_is_not_found_through_this_project(world: World) -> None:
    other = world.b.obj("fixed_cost")
    url = page_url("fixed_cost_edit", world, cost_uid=other.uid)
    assert client_for(world, "pmo_admin").get(url).status_code == 404


# -- API --------------------------------------------------------------------------------------------


def test_manager_adds_changes_and_removes_a_fixed_cost_through_the_api(world: World, as_: Any) -> None:
    client = as_("manager")
    body = {"task": str(world.a.obj("task2").uid), "name": "Fee", "amount": "99.90", "accrual": "end"}
    created = client.post(API, body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["amount"], data["accrual"], data["category"], data["project"]) == (
        "99.90",
        "end",
        "other",
        str(world.a.project.uid),
    )
    detail = f"{API}{data['uid']}/"
    assert client.patch(detail, {"amount": "1"}, format="json").status_code == 428
    changed = client.patch(detail, {"amount": "120"}, format="json", headers={"If-Match": created["ETag"]})
    assert changed.status_code == 200, changed.content
    assert changed.json()["amount"] == "120.00"
    assert client.delete(detail, headers={"If-Match": changed["ETag"]}).status_code == 204
    assert not FixedCost.objects.filter(uid=data["uid"]).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [({"amount": "-1"}, "amount"), ({"accrual": "sometimes"}, "accrual"), ({"project": "x"}, "project")],
)
def test_bad_api_fixed_costs_are_refused_by_field(
    world: World, as_: Any, change: dict[str, Any], field: str
) -> None:
    body = {"task": str(world.a.obj("task2").uid), "name": "Fee", "amount": "10"} | change
    before = db_fingerprint()
    refused = as_("manager").post(API, body, format="json")
    assert refused.status_code == 400
    assert field in {error["field"] for error in refused.json()["errors"]}
    assert_fingerprint_unchanged(before)


def test_a_task_of_another_portfolio_is_not_found(world: World, as_: Any) -> None:
    body = {"task": str(world.b.obj("task").uid), "name": "Fee", "amount": "10"}
    refused = as_("manager").post(API, body, format="json")
    assert refused.status_code == 400
    assert "task" in {error["field"] for error in refused.json()["errors"]}


def test_fixed_costs_list_is_scoped(world: World, as_: Any) -> None:
    uids = {row["uid"] for row in as_("viewer").get(API).json()["results"]}
    assert str(world.a.obj("fixed_cost").uid) in uids
    assert str(world.b.obj("fixed_cost").uid) not in uids
    assert as_("viewer").get(f"{API}{world.b.obj('fixed_cost').uid}/").status_code == 404
