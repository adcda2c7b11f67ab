"""``/api/v1/change-requests/``: scoped reads, the whole flow (create, assess, submit, decide,
apply) with If-Match, the required authority only, and bad input naming its field with nothing
written. Answers are checked against ``schema/openapi.yaml`` once the schema documents the endpoint."""

from __future__ import annotations

from typing import Any

import pytest

from pmo.changes.models import ChangeRequest
from pmo.changes.tests.conftest import DAY, Network
from pmo.projects.models import Task
from pmo.testing.openapi import SCHEMA_PATH, SchemaCheckedClient, schema_client
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db
LIST = "/api/v1/change-requests/"
DOCUMENTED = LIST in SCHEMA_PATH.read_text(encoding="utf-8")


@pytest.fixture
def as_(world: World) -> Any:
    def make(persona: str) -> SchemaCheckedClient:
        client = schema_client(world, persona)
        client.check_schema = DOCUMENTED
        return client

    return make


def _post(client: Any, url: str, body: dict[str, Any], etag: str | None = None) -> Any:
    headers = {"HTTP_IF_MATCH": etag} if etag else {}
    return client.post(url, body, format="json", **headers)


def test_the_list_is_scoped_to_the_callers_projects(world: World, as_: Any) -> None:
    mine = {row["uid"] for row in as_("viewer").get(LIST).json()["results"]}
    assert str(world.a.obj("change_request").uid) in mine
    assert str(world.b.obj("change_request").uid) not in mine
    assert as_("outsider").get(f"{LIST}{world.a.obj('change_request').uid}/").status_code == 404


def test_the_whole_flow_changes_the_plan(world: World, as_: Any, network: Network) -> None:
    # Given a contributor drafts a request lengthening B to 7 days
    contributor, manager = as_("contributor"), as_("manager")
    ops = [{"op": "set_duration", "task": str(network.b.uid), "duration_minutes": 7 * DAY}]
    created = _post(
        contributor, LIST, {"project": str(network.project.uid), "title": "Longer B", "operations": ops}
    )
    assert created.status_code == 201, created.content
    url = f"{LIST}{created.json()['uid']}/"
    # When it is assessed and submitted
    assessed = _post(contributor, url + "assess/", {}, created["ETag"])
    assert assessed.status_code == 200, assessed.content
    assert assessed.json()["assessment"]["delay_days"] == 3
    submitted = _post(contributor, url + "submit/", {}, assessed["ETag"])
    assert submitted.json()["required_authority"] == "project_manager"
    # Then the contributor may not decide, the manager approves with re-baselining, and applies
    assert _post(contributor, url + "decide/", {"decision": "approve"}, submitted["ETag"]).status_code == 403
    decided = _post(manager, url + "decide/", {"decision": "approve", "rebaseline": True}, submitted["ETag"])
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "approved"
    applied = _post(manager, url + "apply/", {}, decided["ETag"])
    assert applied.status_code == 200, applied.content
    assert applied.json()["status"] == "applied"
    assert Task.objects.get(pk=network.b.pk).duration_minutes == 7 * DAY


def test_a_bad_operation_answers_400_naming_the_field_and_writes_nothing(
    world: World, as_: Any, network: Network, fingerprint: Any
) -> None:
    before = fingerprint()
    response = _post(
        as_("contributor"),
        LIST,
        {"project": str(network.project.uid), "title": "Bad", "operations": [{"op": "set_duration"}]},
    )
    assert response.status_code == 400
    assert "operations" in {error["field"] for error in response.json()["errors"]}
    assert fingerprint() == before


def test_state_fields_are_read_only(world: World, as_: Any) -> None:
    draft = world.a.obj("change_request")
    response = as_("contributor").patch(
        f"{LIST}{draft.uid}/", {"status": "approved"}, format="json", HTTP_IF_MATCH=draft.etag
    )
    assert response.status_code == 400
    assert ChangeRequest.objects.get(pk=draft.pk).status == "draft"


def test_applying_needs_if_match(world: World, as_: Any) -> None:
    approved = world.a.obj("change_approved")
    assert _post(as_("manager"), f"{LIST}{approved.uid}/apply/", {}).status_code == 428
