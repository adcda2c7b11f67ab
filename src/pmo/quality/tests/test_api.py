"""``/api/v1/`` deliverables, quality reviews, defects, checklist templates and the quality summary.
Every answer is validated against ``schema/openapi.yaml``."""

from __future__ import annotations

from typing import Any

import pytest

from pmo.projects.models import Task
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.openapi import SchemaCheckedClient, schema_client
from pmo.testing.personas import World
from pmo.testing.queries import assert_max_queries

pytestmark = pytest.mark.django_db
API = "/api/v1/"


@pytest.fixture
def as_(world: World) -> Any:
    def make(persona: str) -> SchemaCheckedClient:
        return schema_client(world, persona)

    return make


def fields(response: Any) -> set[str]:
    assert response["Content-Type"] == "application/problem+json", response.content
    return {error["field"] for error in response.json()["errors"]}


def test_deliverable_create_with_tasks_of_its_project_only(world: World, as_: Any) -> None:
    tasks = list(Task.objects.filter(project=world.a.project).order_by("position")[:2])
    body = {
        "project": str(world.a.project.uid),
        "name": "Test plan",
        "acceptance_criteria": ["Signed"],
        "tasks": [str(t.uid) for t in tasks],
        "acceptor": "manager",
        "due_date": "2026-04-30",
    }
    created = as_("manager").post(f"{API}deliverables/", body, format="json")
    assert created.status_code == 201
    assert created.json()["tasks"] == [str(t.uid) for t in tasks]
    assert created.json()["status"] == "planned"
    foreign = Task.objects.filter(project=world.b.project).first()
    assert foreign is not None
    before = db_fingerprint()
    refused = as_("manager").post(f"{API}deliverables/", {**body, "tasks": [str(foreign.uid)]}, format="json")
    assert refused.status_code == 400 and fields(refused) == {"tasks"}
    assert as_("contributor").post(f"{API}deliverables/", body, format="json").status_code == 403
    assert_fingerprint_unchanged(before)


def test_acceptance_sign_off_is_the_acceptors(world: World, as_: Any, q: Any) -> None:
    url = f"{API}deliverables/{q.deliverable.uid}/decide/"
    headers = {"If-Match": q.deliverable.etag}
    assert (
        as_("pmo_admin").post(url, {"decision": "accept"}, format="json", headers=headers).status_code == 403
    )
    no_comment = as_("manager").post(url, {"decision": "reject"}, format="json", headers=headers)
    assert no_comment.status_code == 400 and fields(no_comment) == {"comment"}
    accepted = as_("manager").post(
        url, {"decision": "accept", "comment": "ok"}, format="json", headers=headers
    )
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["decided_by"] == "manager"


def test_review_with_checklist_and_results(world: World, as_: Any, q: Any) -> None:
    body = {
        "deliverable": str(q.deliverable.uid),
        "reviewer": "contributor",
        "review_date": "2026-01-22",
        "result": "fail",
        "defects_found": 2,
        "checklist_template": str(q.template.uid),
    }
    created = as_("contributor").post(f"{API}quality-reviews/", body, format="json")
    assert created.status_code == 201
    review = created.json()
    assert [i["text"] for i in review["checklist"]] == q.template.items
    assert review["checklist_template"] == str(q.template.uid)
    url = f"{API}quality-reviews/{review['uid']}/"
    wrong = as_("contributor").patch(
        url, {"checklist": [{"result": "pass"}]}, format="json", headers={"If-Match": created["ETag"]}
    )
    assert wrong.status_code == 400 and fields(wrong) == {"checklist"}
    results = [{"result": "pass"}, {"result": "not_applicable", "note": "n/a here"}]
    ok = as_("contributor").patch(
        url, {"checklist": results}, format="json", headers={"If-Match": created["ETag"]}
    )
    assert ok.status_code == 200
    assert [i["result"] for i in ok.json()["checklist"]] == ["pass", "not_applicable"]
    assert as_("contributor").delete(url, headers={"If-Match": ok["ETag"]}).status_code == 403
    assert as_("manager").delete(url, headers={"If-Match": ok["ETag"]}).status_code == 204


def test_defect_close_and_reopen(world: World, as_: Any, q: Any) -> None:
    url = f"{API}defects/{q.defect.uid}/"
    closed = as_("contributor").post(f"{url}close/", {}, format="json", headers={"If-Match": q.defect.etag})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert closed.json()["closed_date"] is not None
    again = as_("contributor").post(f"{url}close/", {}, format="json", headers={"If-Match": closed["ETag"]})
    assert again.status_code == 400 and fields(again) == {"status"}
    reopened = as_("contributor").post(
        f"{url}reopen/", {}, format="json", headers={"If-Match": closed["ETag"]}
    )
    assert reopened.status_code == 200 and reopened.json()["closed_date"] is None
    status = as_("contributor").patch(
        url, {"status": "closed"}, format="json", headers={"If-Match": reopened["ETag"]}
    )
    assert status.status_code == 400 and fields(status) == {"status"}


def test_summary_of_a_visible_project(world: World, as_: Any) -> None:
    body = as_("viewer").get(f"{API}deliverables/summary/", {"project": str(world.a.project.uid)}).json()
    assert body == {
        "project": str(world.a.project.uid),
        "deliverables": 1,
        "accepted": 0,
        "defects_open": 1,
        "defects_closed": 0,
        "reviewed": 1,
        "first_pass": 0,
        "first_pass_rate": 0.0,
    }
    assert (
        as_("viewer").get(f"{API}deliverables/summary/", {"project": str(world.b.project.uid)}).status_code
        == 404
    )


def test_checklist_templates_apply_below_their_place(world: World, as_: Any, q: Any) -> None:
    created = as_("manager").post(
        f"{API}checklist-templates/",
        {"scope": str(world.a.portfolio.uid), "name": "Portfolio checklist", "items": ["Signed", "Filed"]},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["scope_kind"] == "portfolio"
    empty = as_("manager").post(
        f"{API}checklist-templates/",
        {"scope": str(world.a.portfolio.uid), "name": "Empty", "items": []},
        format="json",
    )
    assert empty.status_code == 400 and fields(empty) == {"items"}
    names = {t["name"] for t in as_("viewer").get(f"{API}checklist-templates/").json()["results"]}
    assert names == {"Portfolio checklist", q.template.name}


def test_deliverable_list_queries_do_not_grow(world: World, as_: Any) -> None:
    client = as_("manager")
    for n in range(5):
        client.post(
            f"{API}deliverables/", {"project": str(world.a.project.uid), "name": f"D{n}"}, format="json"
        )
    with assert_max_queries(8):
        response = client.get(f"{API}deliverables/")
    assert response.json()["count"] == 6
