"""``/api/v1/charters/``: reads per scope, the approval flow, the named sponsor, If-Match, allow-lists
and bad input naming its field. Every answer is validated against ``schema/openapi.yaml``."""

from __future__ import annotations

from typing import Any

import pytest

from pmo.charters.models import Charter
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.openapi import SchemaCheckedClient, schema_client
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db

LIST = "/api/v1/charters/"
OBJECTIVE = {
    "description": "Faster",
    "measure": "minutes",
    "target_value": "12.5",
    "unit": "min",
    "due_date": "2026-09-30",
}


def detail(charter: Charter, suffix: str = "") -> str:
    return f"{LIST}{charter.uid}/{suffix}"


@pytest.fixture
def as_(world: World) -> Any:
    def make(persona: str) -> SchemaCheckedClient:
        return schema_client(world, persona)

    return make


def fields(response: Any) -> set[str]:
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"] for error in response.json()["errors"]}


def test_list_is_scoped(world: World, as_: Any) -> None:
    mine = as_("viewer").get(LIST).json()
    assert [row["uid"] for row in mine["results"]] == [str(world.a.obj("charter").uid)]
    theirs = as_("outsider").get(LIST).json()
    assert [row["uid"] for row in theirs["results"]] == [str(world.b.obj("charter").uid)]
    assert as_("no_role").get(LIST).json()["count"] == 0
    assert as_("outsider").get(detail(world.a.obj("charter"))).status_code == 404


def test_detail_shows_objectives_decisions_and_the_projects_deliverables(
    world: World, as_: Any, charter: Charter
) -> None:
    response = as_("viewer").get(detail(charter))
    assert response.status_code == 200
    assert response["ETag"] == charter.etag
    body = response.json()
    assert body["status"] == "submitted"
    assert body["sponsor"] == "manager"
    assert body["objectives"][0]["position"] == 1
    assert [d["kind"] for d in body["decisions"]] == ["submitted"]
    assert [d["uid"] for d in body["deliverables"]] == [str(world.a.obj("deliverable").uid)]
    assert body["approved_content"] is None


def test_sponsor_approves_and_nobody_else_can(world: World, as_: Any, charter: Charter) -> None:
    headers = {"If-Match": charter.etag}
    for persona in ("pmo_admin", "contributor"):
        refused = as_(persona).post(
            detail(charter, "decide/"), {"decision": "approve"}, format="json", headers=headers
        )
        assert refused.status_code == 403, persona
    assert (
        as_("manager").post(detail(charter, "decide/"), {"decision": "approve"}, format="json").status_code
        == 428
    )
    response = as_("manager").post(
        detail(charter, "decide/"), {"decision": "approve", "comment": "Go"}, format="json", headers=headers
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "approved"
    assert body["approved_version"] == body["version"]
    assert body["approved_content"]["purpose"] == charter.purpose
    assert [d["kind"] for d in body["decisions"]] == ["approved", "submitted"]
    history = as_("viewer").get(detail(charter, "history/")).json()["results"]
    assert history[0]["note"] == "Approved: Go"


def test_edit_flow_and_bad_input(world: World, as_: Any, charter: Charter) -> None:
    manager = as_("manager")
    # a submitted charter cannot be edited
    refused = manager.patch(
        detail(charter), {"purpose": "x"}, format="json", headers={"If-Match": charter.etag}
    )
    assert refused.status_code == 400 and fields(refused) == {"status"}
    returned = manager.post(
        detail(charter, "decide/"),
        {"decision": "return", "comment": "More"},
        format="json",
        headers={"If-Match": charter.etag},
    )
    etag = returned["ETag"]
    # bad input names the field and writes nothing
    before = db_fingerprint()
    bad = manager.patch(
        detail(charter),
        {"objectives": [{**OBJECTIVE, "target_value": "lots"}]},
        format="json",
        headers={"If-Match": etag},
    )
    assert bad.status_code == 400 and fields(bad) == {"objectives.0.target_value"}
    unknown = manager.patch(
        detail(charter), {"status": "approved", "colour": "red"}, format="json", headers={"If-Match": etag}
    )
    assert unknown.status_code == 400 and fields(unknown) == {"status", "colour"}
    stranger = manager.patch(
        detail(charter), {"sponsor": "outsider"}, format="json", headers={"If-Match": etag}
    )
    assert stranger.status_code == 400 and fields(stranger) == {"sponsor"}
    assert_fingerprint_unchanged(before)
    # a good edit replaces the objectives, in order; a stale If-Match is 412
    ok = manager.patch(
        detail(charter),
        {"objectives": [OBJECTIVE, {**OBJECTIVE, "description": "Cheaper"}]},
        format="json",
        headers={"If-Match": etag},
    )
    assert ok.status_code == 200
    assert [o["description"] for o in ok.json()["objectives"]] == ["Faster", "Cheaper"]
    stale = manager.patch(detail(charter), {"purpose": "late"}, format="json", headers={"If-Match": etag})
    assert stale.status_code == 412


def test_create_on_a_project_without_charter_once(world: World, as_: Any) -> None:
    body = {
        "project": str(world.a.project_direct.uid),
        "purpose": "Why",
        "objectives": [OBJECTIVE],
        "sponsor": "manager",
    }
    assert as_("contributor").post(LIST, body, format="json").status_code == 403
    created = as_("manager").post(LIST, body, format="json", headers={"Idempotency-Key": "charter-1"})
    assert created.status_code == 201
    assert created.json()["status"] == "draft"
    replay = as_("manager").post(LIST, body, format="json", headers={"Idempotency-Key": "charter-1"})
    assert replay.status_code == 201 and replay.json()["uid"] == created.json()["uid"]
    again = as_("manager").post(LIST, body, format="json")
    assert again.status_code == 400 and fields(again) == {"project"}
    hidden = as_("manager").post(LIST, {**body, "project": str(world.b.project_direct.uid)}, format="json")
    assert hidden.status_code == 400 and fields(hidden) == {"project"}


def test_charters_are_not_deleted(world: World, as_: Any, charter: Charter) -> None:
    client = as_("pmo_admin")
    with client.unchecked():
        response = client.delete(detail(charter), headers={"If-Match": charter.etag})
    assert response.status_code == 405
