"""``/api/v1/risks/``, ``/api/v1/risk-actions/``, ``/api/v1/risk-matrices/``: create, change, close,
delete; heat-map cell filter; 400 problem+json naming the field with nothing written; scope."""

from __future__ import annotations

from typing import Any

import pytest

from pmo.risks.models import Risk, RiskMatrix
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db
API = "/api/v1/"


def fields(response: Any) -> set[str]:
    assert response["Content-Type"] == "application/problem+json", response.content
    return {error["field"] for error in response.json()["errors"]}


def test_contributor_raises_changes_and_closes_a_risk(world: World, api_client: Any) -> None:
    client = api_client("contributor")
    created = client.post(
        f"{API}risks/",
        {
            "node": str(world.a.program.uid),
            "title": "Budget cut",
            "probability": 2,
            "impact_cost": 4,
            "owner": "viewer",
            "kind": "threat",
            "strategy": "transfer",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["score"], data["current_score"], data["node"], data["node_kind"]) == (
        8,
        8,
        str(world.a.program.uid),
        "program",
    )
    url = f"{API}risks/{data['uid']}/"
    changed = client.patch(
        url, {"residual_probability": 1}, format="json", headers={"If-Match": data["etag"]}
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["residual_score"] == 4 and changed.json()["score"] == 8
    closed = client.post(
        f"{url}close/", {"close_reason": "Funded"}, format="json", headers={"If-Match": changed["ETag"]}
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert client.delete(url, headers={"If-Match": closed["ETag"]}).status_code == 403  # managers delete


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"probability": 6}, "probability"),
        ({"probability_percent": "101"}, "probability_percent"),
        ({"time_min": 4, "time_likely": 2, "time_max": 9}, "time_min"),
        ({"cost_min": "1", "cost_likely": "9", "cost_max": "5"}, "cost_max"),
        ({"kind": "opportunity", "strategy": "mitigate"}, "strategy"),
        ({"score": 25}, "score"),
        ({"node": "00000000-0000-0000-0000-000000000000"}, "node"),
        ({"owner": "nobody"}, "owner"),
        ({"owner": "no_role"}, "owner"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    world: World, api_client: Any, body: dict[str, Any], field: str
) -> None:
    before = db_fingerprint()
    payload = {"node": str(world.a.project.uid), "title": "X", "probability": 2, "impact_time": 1} | body
    response = api_client("contributor").post(f"{API}risks/", payload, format="json")
    assert response.status_code == 400 and field in fields(response)
    assert_fingerprint_unchanged(before)


def test_list_is_scoped_and_filters_a_heat_map_cell(world: World, api_client: Any, max_queries: Any) -> None:
    client = api_client("viewer")
    with max_queries(12):
        listed = client.get(f"{API}risks/")
    uids = {row["uid"] for row in listed.json()["results"]}
    assert str(world.a.obj("risk").uid) in uids and str(world.b.obj("risk").uid) not in uids
    cell = client.get(f"{API}risks/", {"probability": 3, "impact": 4}).json()["results"]
    assert [row["uid"] for row in cell] == [str(world.a.obj("risk").uid)]
    assert client.get(f"{API}risks/{world.b.obj('risk').uid}/").status_code == 404


def test_actions_and_matrices(world: World, api_client: Any) -> None:
    client = api_client("contributor")
    added = client.post(
        f"{API}risk-actions/",
        {"risk": str(world.a.obj("risk").uid), "title": "Audit", "due_date": "2020-02-02"},
        format="json",
    )
    assert added.status_code == 201 and added.json()["overdue"] is True
    done = client.patch(
        f"{API}risk-actions/{added.json()['uid']}/",
        {"status": "done"},
        format="json",
        headers={"If-Match": added["ETag"]},
    )
    assert done.status_code == 200 and done.json()["overdue"] is False and done.json()["done_at"]
    manager = api_client("manager")
    made = manager.post(
        f"{API}risk-matrices/",
        {
            "node": str(world.a.project_direct.uid),
            "levels": 4,
            "medium_from": 3,
            "high_from": 6,
            "critical_from": 12,
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    assert RiskMatrix.objects.get(uid=made.json()["uid"]).scope == world.a.project_direct.scope
    before = db_fingerprint()
    bad = manager.patch(
        f"{API}risk-matrices/{made.json()['uid']}/",
        {"critical_from": 5},
        format="json",
        headers={"If-Match": made["ETag"]},
    )
    assert bad.status_code == 400 and "critical_from" in fields(bad)
    assert_fingerprint_unchanged(before)
    assert Risk.objects.filter(scope=world.a.project_direct.scope).count() == 0
