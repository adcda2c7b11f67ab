"""``/api/v1/tasks/``: list by project, insert with predecessors, PATCH with the changed tasks,
refusals naming the row, If-Match, outline actions and delete. Every answer is schema-checked."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pmo.projects.models import Project, Task
from pmo.testing.fingerprint import db_fingerprint
from pmo.testing.openapi import SchemaCheckedClient, refreshed, schema_client
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db
LIST = "/api/v1/tasks/"


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    return refreshed(shared_world)


@pytest.fixture
def as_(world: World) -> Any:
    def make(persona: str) -> SchemaCheckedClient:
        return schema_client(world, persona)

    return make


@pytest.fixture
def project(world: World) -> Project:
    project = world.a.project_direct
    Project.objects.filter(pk=project.pk).update(start_date=dt.date(2026, 3, 2))
    return Project.objects.get(pk=project.pk)


def create(client: SchemaCheckedClient, project: Project, **body: Any) -> Any:
    response = client.post(LIST, {"project": str(project.uid), **body}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_insert_patch_and_list_carry_the_live_schedule(as_: Any, project: Project) -> None:
    client = as_("contributor")
    design = create(client, project, name="Design", duration="3d")
    build = create(client, project, name="Build", duration="5d", predecessors="1")
    assert build["predecessors"] == "1" and build["start"].startswith("2026-03-05")
    assert build["changed"] == [build["uid"]]
    # PATCH Design to 4d with its ETag: Build moves and is listed in changed
    response = client.patch(
        f"{LIST}{design['uid']}/", {"duration": "4d"}, format="json", headers={"If-Match": design["etag"]}
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body["changed"]) == {design["uid"], build["uid"]} and body["duration"] == "4d"
    listed = client.get(LIST, {"project": str(project.uid)}).json()["results"]
    assert [(t["position"], t["name"], t["predecessors"]) for t in listed] == [
        (1, "Design", ""),
        (2, "Build", "1"),
    ]
    assert listed[1]["start"].startswith("2026-03-06") and listed[1]["is_critical"]


def test_a_cycle_is_refused_naming_the_row_and_nothing_is_written(as_: Any, project: Project) -> None:
    client = as_("contributor")
    first = create(client, project, name="A")
    create(client, project, name="B", predecessors="1")
    before = db_fingerprint()
    response = client.patch(
        f"{LIST}{first['uid']}/", {"predecessors": "2"}, format="json", headers={"If-Match": first["etag"]}
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == "predecessors" and "Row 1" in error["message"] and "cycle" in error["message"]
    assert db_fingerprint() == before


def test_bad_predecessor_text_is_a_field_error(as_: Any, project: Project) -> None:
    response = as_("contributor").post(
        LIST, {"project": str(project.uid), "name": "X", "predecessors": "3XX"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "predecessors"


def test_writes_need_if_match_and_the_contributor_role(as_: Any, world: World, project: Project) -> None:
    task = create(as_("contributor"), project, name="A")
    url = f"{LIST}{task['uid']}/"
    assert as_("contributor").patch(url, {"name": "B"}, format="json").status_code == 428
    assert (
        as_("viewer").patch(url, {"name": "B"}, format="json", headers={"If-Match": task["etag"]}).status_code
        == 403
    )
    assert as_("outsider").get(url).status_code == 404
    unknown = as_("contributor").patch(url, {"wbs": "9"}, format="json", headers={"If-Match": task["etag"]})
    assert unknown.status_code == 400 and unknown.json()["errors"][0]["field"] == "wbs"


def test_indent_move_and_delete_answer_the_changed_tasks(as_: Any, project: Project) -> None:
    client = as_("contributor")
    a = create(client, project, name="A")
    b = create(client, project, name="B")
    c = create(client, project, name="C")
    indented = client.post(f"{LIST}{b['uid']}/indent/", {}, format="json", headers={"If-Match": b["etag"]})
    assert indented.status_code == 200 and indented.json()["outline_level"] == 2
    assert a["uid"] in indented.json()["changed"]  # A became a summary
    moved = client.post(
        f"{LIST}{c['uid']}/move/", {"before": a["uid"]}, format="json", headers={"If-Match": c["etag"]}
    )
    assert moved.status_code == 200 and moved.json()["position"] == 1
    fresh = client.get(f"{LIST}{a['uid']}/")
    deleted = client.delete(f"{LIST}{a['uid']}/", headers={"If-Match": fresh["ETag"]})
    # C is already first and keeps its dates: no other row changed
    assert deleted.status_code == 200 and deleted.json() == {"changed": []}
    assert list(Task.objects.filter(project=project).values_list("name", flat=True)) == ["C"]
