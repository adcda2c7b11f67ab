"""RAID API: one endpoint per kind with the same behaviour (create, ETag, If-Match, fields named on
bad input), decisions decided and superseded, links, filters, and the query count of a list."""

from __future__ import annotations

from typing import Any

import pytest

from pmo.raid.kinds import KINDS
from pmo.raid.tests.routes import CHOICES
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def base(key: str) -> str:
    return f"/api/v1/{KINDS[key].api}/"


@pytest.mark.parametrize("key", list(KINDS))
def test_create_read_update_every_kind(world: World, api_client: Any, key: str) -> None:
    client = api_client("contributor")
    body = {"title": f"API {key}", "scope": str(world.a.project.uid), **CHOICES[key]}
    created = client.post(base(key), body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["scope"] == str(world.a.project.uid) and data["scope_kind"] == "project"
    url = f"{base(key)}{data['uid']}/"
    patched = client.patch(url, {"title": "Renamed"}, format="json", headers={"If-Match": created["ETag"]})
    assert patched.status_code == 200 and patched.json()["title"] == "Renamed"
    assert client.get(url + "history/").json()["count"] == 2


def test_bad_input_names_each_field_and_writes_nothing(world: World, api_client: Any) -> None:
    before = db_fingerprint()
    response = api_client("contributor").post(
        base("issue"),
        {"title": "x", "scope": str(world.b.project.uid), "priority": "urgent", "version": 3, "color": "red"},
        format="json",
    )
    assert response.status_code == 400
    assert {"scope", "priority", "version", "color"} <= {
        error["field"] for error in response.json()["errors"]
    }
    assert_fingerprint_unchanged(before)


def test_tasks_and_owner_by_public_ids(world: World, api_client: Any) -> None:
    task = world.a.extras["task"]
    body = {
        "title": "On a task",
        "scope": str(world.a.project.uid),
        "tasks": [str(task.uid)],
        "owner": "manager",
    }
    data = api_client("contributor").post(base("action"), body, format="json").json()
    assert data["tasks"] == [str(task.uid)] and data["owner"] == "manager"


def test_decide_then_supersede_through_the_api(world: World, api_client: Any) -> None:
    client = api_client("manager")
    decision = world.a.obj("raid_decision")
    url = f"{base('decision')}{decision.uid}/"
    assert (
        client.post(url + "decide/", {"chosen_option": "Buy", "rationale": "x"}, format="json").status_code
        == 428
    )
    decided = client.post(
        url + "decide/",
        {"chosen_option": "Buy", "rationale": "Cheaper"},
        format="json",
        headers={"If-Match": decision.etag},
    )
    assert decided.status_code == 200 and decided.json()["status"] == "decided"
    refused = client.patch(url, {"title": "x"}, format="json", headers={"If-Match": decided["ETag"]})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "status"
    older = world.a.obj("raid_decided")
    superseded = client.post(
        f"{base('decision')}{older.uid}/supersede/",
        {"by": str(decision.uid)},
        format="json",
        headers={"If-Match": older.etag},
    )
    assert superseded.status_code == 200 and superseded.json()["superseded_by"] == str(decision.uid)


def test_links_list_both_ends_and_refuse_other_portfolios(world: World, api_client: Any) -> None:
    client = api_client("pmo_admin")
    links = client.get("/api/v1/raid-links/").json()["results"]
    issue = world.a.obj("raid_issue")
    assert any(
        link["source"]["uid"] == str(issue.uid) and link["target"]["kind"] == "action" for link in links
    )
    before = db_fingerprint()
    body = {
        "source_kind": "issue",
        "source": str(issue.uid),
        "target_kind": "issue",
        "target": str(world.b.obj("raid_issue").uid),
    }
    response = client.post("/api/v1/raid-links/", body, format="json")
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "target"
    assert_fingerprint_unchanged(before)


def test_filters_and_query_count_of_a_list(world: World, api_client: Any, max_queries: Any) -> None:
    client = api_client("viewer")
    overdue = client.get(base("issue"), {"overdue": "true", "scope": str(world.a.program.uid)}).json()
    assert [row["uid"] for row in overdue["results"]] == [str(world.a.obj("raid_issue").uid)]
    assert client.get(base("issue"), {"status": "closed"}).json()["count"] == 0
    with max_queries(12):
        assert client.get(base("dependency")).status_code == 200
