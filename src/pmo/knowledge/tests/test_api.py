"""``/api/v1/lessons/``: search, create, change and delete; 400 problem+json naming the field.
Every answer is validated against ``schema/openapi.yaml``."""

from __future__ import annotations

from typing import Any

import pytest

from pmo.knowledge.models import Lesson
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.openapi import SchemaCheckedClient, schema_client
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db
API = "/api/v1/lessons/"


@pytest.fixture
def as_(world: World) -> Any:
    def make(persona: str) -> SchemaCheckedClient:
        return schema_client(world, persona)

    return make


def fields(response: Any) -> set[str]:
    assert response["Content-Type"] == "application/problem+json", response.content
    return {error["field"] for error in response.json()["errors"]}


def test_create_search_update_and_delete(world: World, as_: Any) -> None:
    body = {
        "project": str(world.a.project.uid),
        "title": "Cutover rehearsal",
        "what_happened": "We rehearsed the cutover twice.",
        "kind": "went_well",
        "category": "technical",
        "tags": ["Cutover"],
    }
    created = as_("contributor").post(API, body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["tags"] == ["cutover"] and data["project_code"] == world.a.project.code
    assert data["created_by"] == "contributor"
    hits = as_("viewer").get(API, {"search": '"cutover twice"'}).json()["results"]
    assert [hit["uid"] for hit in hits] == [data["uid"]]
    url = f"{API}{data['uid']}/"
    changed = as_("contributor").patch(
        url, {"impact": "None"}, format="json", headers={"If-Match": created["ETag"]}
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    assert as_("contributor").delete(url, headers={"If-Match": changed["ETag"]}).status_code == 403
    assert as_("manager").delete(url, headers={"If-Match": changed["ETag"]}).status_code == 204
    assert not Lesson.objects.filter(uid=data["uid"]).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"tags": ["ok", "<x>"]}, "tags"),
        ({"tags": "not a list"}, "tags"),
        ({"category": "gossip"}, "category"),
        ({"what_happened": ""}, "what_happened"),
        ({"created_by": "manager"}, "created_by"),
        ({"project": "00000000-0000-0000-0000-000000000000"}, "project"),
    ],
)
def test_bad_input_is_a_problem_naming_the_field(
    world: World, as_: Any, change: dict[str, Any], field: str
) -> None:
    body = {"project": str(world.a.project.uid), "title": "T", "what_happened": "W"} | change
    before = db_fingerprint()
    refused = as_("contributor").post(API, body, format="json")
    assert refused.status_code == 400 and field in fields(refused)
    assert_fingerprint_unchanged(before)


def test_search_stays_in_scope_and_survives_odd_syntax(world: World, as_: Any) -> None:
    b_lesson = world.b.obj("lesson")
    for query in (b_lesson.title.split()[1], '"', "*", "OR -", "supplier"):
        results = as_("manager").get(API, {"search": query})
        assert results.status_code == 200
        assert str(b_lesson.uid) not in results.content.decode()
    own = as_("viewer").get(API, {"search": "supplier", "category": "procurement"}).json()["results"]
    assert [r["uid"] for r in own] == [str(world.a.obj("lesson").uid)]
    assert as_("viewer").get(f"{API}{b_lesson.uid}/").status_code == 404
