"""The rate table page of a resource (list, add, change, remove; managers of the portfolio) and
``/api/v1/resource-rates/`` (If-Match, refusals by field, scoped)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pmo.resources.models import ResourceRate
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.openapi import SCHEMA_PATH, SchemaCheckedClient, schema_client
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db
API = "/api/v1/resource-rates/"
DOCUMENTED = API in SCHEMA_PATH.read_text(encoding="utf-8")


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def url(name: str, world: World, r: Any, **extra: Any) -> str:
    kwargs = {"uid": world.a.portfolio.uid, "resource_uid": r.spare.uid, **extra}
    return reverse(f"resources:{name}", kwargs=kwargs)


@pytest.fixture
def as_(world: World) -> Any:
    def make(persona: str) -> SchemaCheckedClient:
        client = schema_client(world, persona)
        client.check_schema = DOCUMENTED
        return client

    return make


def test_the_pool_links_each_resources_rates_and_a_viewer_reads_them(world: World, r: Any) -> None:
    pool = client_for(world, "viewer").get(reverse("resources:pool", kwargs={"uid": world.a.portfolio.uid}))
    assert url("rates", world, r) in pool.content.decode()
    page = client_for(world, "viewer").get(url("rates", world, r)).content.decode()
    assert "2026-07-01" in page and "95.00" in page  # the world's dated rate of the spare resource
    assert "Add rates" not in page


def test_a_manager_adds_changes_and_removes_dated_rates(world: World, r: Any) -> None:
    client = client_for(world, "manager")
    assert "Add rates" in client.get(url("rates", world, r)).content.decode()
    added = client.post(
        url("rate_create", world, r), {"effective_from": "2027-01-01", "standard_rate": "120"}
    )
    assert added.status_code == 302
    rate = ResourceRate.objects.get(resource=r.spare, effective_from=dt.date(2027, 1, 1))
    assert (rate.standard_rate, rate.overtime_rate) == (Decimal("120.0000"), None)
    edit = url("rate_edit", world, r, rate_uid=rate.uid)
    assert client.get(edit).status_code == 200
    body = {
        "version": rate.version,
        "effective_from": "2027-02-01",
        "standard_rate": "125",
        "overtime_rate": "180",
    }
    assert client.post(edit, body).status_code == 302
    rate.refresh_from_db()
    assert (rate.effective_from, rate.overtime_rate) == (dt.date(2027, 2, 1), Decimal("180.0000"))
    stale = client.post(edit, body | {"standard_rate": "1"})
    assert stale.status_code == 409
    removed = client.post(url("rate_delete", world, r, rate_uid=rate.uid), {"version": rate.version})
    assert removed.status_code == 302
    assert not ResourceRate.objects.filter(pk=rate.pk).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"effective_from": "2026-07-01", "standard_rate": "1"}, "effective_from"),  # the world's row's day
        ({"effective_from": "1900-01-01"}, "effective_from"),
        ({"effective_from": "2027-01-01", "standard_rate": "-3"}, "standard_rate"),
    ],
)
def test_a_bad_rate_is_refused_at_its_field(world: World, r: Any, body: dict[str, Any], field: str) -> None:
    before = db_fingerprint()
    response = client_for(world, "manager").post(url("rate_create", world, r), body)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert_fingerprint_unchanged(before)


def test_contributors_cannot_change_rates_and_other_pools_are_not_found(world: World, r: Any) -> None:
    before = db_fingerprint()
    body = {"effective_from": "2027-01-01", "standard_rate": "1"}
    assert client_for(world, "contributor").post(url("rate_create", world, r), body).status_code == 403
    other = reverse(
        "resources:rates",
        kwargs={"uid": world.a.portfolio.uid, "resource_uid": world.b.obj("spare_resource").uid},
    )
    assert client_for(world, "pmo_admin").get(other).status_code == 404
    assert_fingerprint_unchanged(before)


def test_the_api_adds_changes_and_removes_a_dated_rate(world: World, r: Any, as_: Any) -> None:
    client = as_("manager")
    created = client.post(
        API,
        {"resource": str(r.resource.uid), "effective_from": "2026-08-01", "standard_rate": "99"},
        format="json",
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["resource"], data["standard_rate"], data["cost_per_use"]) == (
        str(r.resource.uid),
        "99.0000",
        None,
    )
    detail = f"{API}{data['uid']}/"
    assert client.patch(detail, {"standard_rate": "1"}, format="json").status_code == 428
    changed = client.patch(
        detail, {"overtime_rate": "150"}, format="json", headers={"If-Match": created["ETag"]}
    )
    assert changed.status_code == 200 and changed.json()["overtime_rate"] == "150.0000"
    assert client.delete(detail, headers={"If-Match": changed["ETag"]}).status_code == 204
    assert not ResourceRate.objects.filter(uid=data["uid"]).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"effective_from": "2026-07-01"}, "effective_from"),
        ({"standard_rate": "-1"}, "standard_rate"),
        ({"scope": "x"}, "scope"),
    ],
)
def test_bad_api_rates_are_refused_by_field(
    world: World, r: Any, as_: Any, change: dict[str, Any], field: str
) -> None:
    body = {"resource": str(r.spare.uid), "effective_from": "2027-03-01"} | change
    before = db_fingerprint()
    refused = as_("manager").post(API, body, format="json")
    assert refused.status_code == 400
    assert field in {error["field"] for error in refused.json()["errors"]}
    assert_fingerprint_unchanged(before)


def test_the_api_list_is_scoped(world: World, as_: Any) -> None:
    uids = {row["uid"] for row in as_("viewer").get(API).json()["results"]}
    assert str(world.a.obj("resource_rate").uid) in uids
    assert str(world.b.obj("resource_rate").uid) not in uids
    assert as_("viewer").get(f"{API}{world.b.obj('resource_rate').uid}/").status_code == 404
