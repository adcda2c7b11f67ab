"""``/api/v1/portfolios/``: top level for PMO administrators, sub-portfolios for managers, move."""

from __future__ import annotations

from typing import Any

import pytest

from pmo.portfolios.models import Portfolio
from pmo.testing.fingerprint import db_fingerprint
from pmo.testing.openapi import SchemaCheckedClient, refreshed, schema_client
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db

LIST = "/api/v1/portfolios/"


def detail(portfolio: Portfolio) -> str:
    return f"{LIST}{portfolio.uid}/"


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    """The shared world, re-read for this test."""
    return refreshed(shared_world)


@pytest.fixture
def as_(world: World) -> Any:
    def make(persona: str) -> SchemaCheckedClient:
        return schema_client(world, persona)

    return make


def fields_of(response: Any) -> set[str]:
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"] for error in response.json()["errors"]}


def test_list_is_scoped_and_filterable(world: World, as_: Any) -> None:
    mine = as_("viewer").get(LIST).json()
    assert {row["uid"] for row in mine["results"]} == {
        str(world.a.portfolio.uid),
        str(world.a.subportfolio.uid),
    }
    top = as_("pmo_admin").get(LIST, {"top_level": "true", "ordering": "code"}).json()
    assert {row["uid"] for row in top["results"]} == {str(world.a.portfolio.uid), str(world.b.portfolio.uid)}
    subs = as_("pmo_admin").get(LIST, {"parent": str(world.a.portfolio.uid)}).json()
    assert [row["parent"] for row in subs["results"]] == [str(world.a.portfolio.uid)]
    assert as_("viewer").get(LIST, {"state": ["active", "planning"]}).json()["count"] == 2


def test_only_pmo_admin_creates_top_level_portfolios(world: World, as_: Any) -> None:
    body = {"code": "TOP-9", "name": "New top"}
    before = db_fingerprint()
    assert as_("manager").post(LIST, body).status_code == 403
    assert db_fingerprint() == before
    response = as_("pmo_admin").post(LIST, body)
    assert response.status_code == 201
    assert response.json()["parent"] is None


def test_manager_creates_sub_portfolio_but_not_in_another_portfolio(world: World, as_: Any) -> None:
    client = as_("manager")
    ok = client.post(LIST, {"code": "SUB-9", "name": "Sub", "parent": str(world.a.portfolio.uid)})
    assert ok.status_code == 201
    assert ok.json()["parent"] == str(world.a.portfolio.uid)
    cross = client.post(LIST, {"code": "SUB-8", "name": "Sub", "parent": str(world.b.portfolio.uid)})
    assert cross.status_code == 400
    assert fields_of(cross) == {"parent"}
    assert not Portfolio.objects.filter(code="SUB-8").exists()


def test_patch_parent_is_read_only_and_points_to_move(world: World, as_: Any) -> None:
    portfolio = world.a.subportfolio
    response = as_("manager").patch(
        detail(portfolio), {"parent": str(world.b.portfolio.uid)}, HTTP_IF_MATCH=portfolio.etag
    )
    assert response.status_code == 400
    assert fields_of(response) == {"parent"}
    assert "move" in response.json()["errors"][0]["message"]


def test_stale_etag_is_412_with_who_changed_what(world: World, as_: Any) -> None:
    portfolio = world.a.portfolio
    etag = portfolio.etag
    assert (
        as_("manager").patch(detail(portfolio), {"state": "on_hold"}, HTTP_IF_MATCH=etag).status_code == 200
    )
    stale = as_("pmo_admin").patch(detail(portfolio), {"name": "Mine"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["changed_fields"] == ["state"]
    assert stale.json()["changed_by"] == str(world.users["manager"])


def test_move_sub_portfolio_needs_manager_on_both_ends(world: World, as_: Any) -> None:
    sub = world.a.subportfolio
    url = f"{detail(sub)}move/"
    # the manager of A cannot see B: the destination is a 400 naming it
    assert fields_of(
        as_("manager").post(url, {"parent": str(world.b.portfolio.uid)}, HTTP_IF_MATCH=sub.etag)
    ) == {"parent"}
    # under itself: refused, naming parent
    new_child = as_("pmo_admin").post(LIST, {"code": "KID-1", "name": "Kid", "parent": str(sub.uid)}).json()
    itself = as_("pmo_admin").post(url, {"parent": new_child["uid"]}, HTTP_IF_MATCH=sub.etag)
    assert itself.status_code == 400
    assert fields_of(itself) == {"parent"}
    # the PMO administrator moves it to B
    moved = as_("pmo_admin").post(
        url, {"parent": str(world.b.portfolio.uid), "note": "reorg"}, HTTP_IF_MATCH=sub.etag
    )
    assert moved.status_code == 200
    assert moved.json()["parent"] == str(world.b.portfolio.uid)
    # and A's manager no longer sees it
    assert as_("manager").get(detail(sub)).status_code == 404


def test_delete_non_empty_portfolio_is_400_and_empty_one_is_204(world: World, as_: Any) -> None:
    client = as_("pmo_admin")
    portfolio = world.a.subportfolio
    full = client.delete(detail(portfolio), HTTP_IF_MATCH=portfolio.etag)
    assert full.status_code == 400
    created = client.post(LIST, {"code": "EMPTY-1", "name": "Empty"})
    assert client.delete(f"{LIST}{created.json()['uid']}/", HTTP_IF_MATCH=created["ETag"]).status_code == 204


def test_history_lists_changes(world: World, as_: Any) -> None:
    portfolio = world.a.portfolio
    as_("manager").patch(detail(portfolio), {"description": "new"}, HTTP_IF_MATCH=portfolio.etag)
    entries = as_("viewer").get(f"{detail(portfolio)}history/").json()["results"]
    assert [entry["action"] for entry in entries] == ["update", "create"]
    assert entries[0]["changes"]["description"][1] == "new"
