"""``/api/v1/resources/`` and ``/api/v1/assignments/``. Every answer is validated against
``schema/openapi.yaml``; bad input is a 400 problem naming the field, and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from pmo.resources.models import Assignment, Resource
from pmo.resources.services import assignment_create, resource_create
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


# --- resources ------------------------------------------------------------------------------------


def test_resources_list_by_pool_and_kind(world: World, as_: Any, r: Any) -> None:
    resource_create(
        actor=world.users["manager"], pool=world.a.subportfolio.scope, name="Gravel", kind="material"
    )
    viewer = as_("viewer")
    everything = {row["name"] for row in viewer.get(f"{API}resources/").json()["results"]}
    assert everything == {r.resource.name, r.spare.name, "Gravel"}
    pool = viewer.get(f"{API}resources/", {"portfolio": str(world.a.portfolio.uid)}).json()["results"]
    assert {row["name"] for row in pool} == {r.resource.name, r.spare.name}
    assert pool[0]["portfolio"] == str(world.a.portfolio.uid)
    materials = viewer.get(f"{API}resources/", {"kind": "material"}).json()["results"]
    assert [row["name"] for row in materials] == ["Gravel"]
    assert as_("no_role").get(f"{API}resources/").json()["count"] == 0


def test_manager_creates_changes_and_deletes_a_resource(world: World, as_: Any, r: Any) -> None:
    manager = as_("manager")
    body = {
        "portfolio": str(world.a.portfolio.uid),
        "name": "Surveyor",
        "max_units": "0.50",
        "standard_rate": "60",
    }
    created = manager.post(f"{API}resources/", body, format="json")
    assert created.status_code == 201
    assert created.json()["max_units"] == "0.50" and created["Location"].endswith(f"{created.json()['uid']}/")
    url = f"{API}resources/{created.json()['uid']}/"
    patched = manager.patch(url, {"group": "Field"}, format="json", headers={"If-Match": created["ETag"]})
    assert patched.status_code == 200 and patched.json()["group"] == "Field"
    assert patched.json()["standard_rate"] == "60.0000"  # not given, kept
    assert manager.delete(url, headers={"If-Match": patched["ETag"]}).status_code == 204
    assert not Resource.objects.filter(name="Surveyor").exists()


def test_bad_resource_input_names_the_field(world: World, as_: Any, r: Any) -> None:
    manager = as_("manager")
    base = {"portfolio": str(world.a.portfolio.uid), "name": "Surveyor"}
    before = db_fingerprint()
    cases = [
        ({**base, "name": r.spare.name.lower()}, {"name"}),
        ({**base, "max_units": "-1"}, {"max_units"}),
        ({**base, "kind": "robot"}, {"kind"}),
        ({**base, "email": "not an address"}, {"email"}),
        ({**base, "portfolio": str(world.b.portfolio.uid)}, {"portfolio"}),
        ({**base, "scope": 3}, {"scope"}),
    ]
    for body, expected in cases:
        response = manager.post(f"{API}resources/", body, format="json")
        assert response.status_code == 400 and fields(response) == expected, body
    assert as_("viewer").post(f"{API}resources/", base, format="json").status_code == 403
    in_use = manager.delete(f"{API}resources/{r.resource.uid}/", headers={"If-Match": r.resource.etag})
    assert in_use.status_code == 400 and fields(in_use) == {"assignments"}
    moved = manager.patch(
        f"{API}resources/{r.spare.uid}/",
        {"portfolio": str(world.a.subportfolio.uid)},
        format="json",
        headers={"If-Match": r.spare.etag},
    )
    assert moved.status_code == 400 and fields(moved) == {"portfolio"}
    assert_fingerprint_unchanged(before)


def test_resources_out_of_scope_are_not_found(world: World, as_: Any) -> None:
    foreign = world.b.obj("resource")
    assert as_("manager").get(f"{API}resources/{foreign.uid}/").status_code == 404
    assert (
        as_("viewer")
        .patch(f"{API}resources/{world.a.obj('spare_resource').uid}/", {"name": "x"}, format="json")
        .status_code
        == 403
    )


# --- assignments ----------------------------------------------------------------------------------


def test_manager_assigns_changes_and_removes(world: World, as_: Any, r: Any) -> None:
    manager = as_("manager")
    task2 = world.a.obj("task2")
    body = {
        "task": str(task2.uid),
        "resource": str(r.spare.uid),
        "units": "0.75",
        "work_minutes": 600,
        "contour": 2,
    }
    created = manager.post(f"{API}assignments/", body, format="json")
    assert created.status_code == 201
    data = created.json()
    assert (data["project"], data["units"], data["contour"]) == (str(world.a.project.uid), "0.75", 2)
    url = f"{API}assignments/{data['uid']}/"
    patched = manager.patch(url, {"work_minutes": 720}, format="json", headers={"If-Match": created["ETag"]})
    assert patched.status_code == 200 and patched.json()["work_minutes"] == 720
    stale = manager.patch(url, {"work_minutes": 1}, format="json", headers={"If-Match": created["ETag"]})
    assert stale.status_code == 412
    assert manager.delete(url, headers={"If-Match": patched["ETag"]}).status_code == 204
    assert not Assignment.objects.filter(uid=data["uid"]).exists()


def test_bad_assignment_input_names_the_field(world: World, as_: Any, r: Any) -> None:
    manager = as_("manager")
    sub_resource = resource_create(actor=world.users["manager"], pool=world.a.subportfolio.scope, name="Sub")
    base = {"task": str(world.a.obj("task2").uid), "resource": str(r.spare.uid)}
    before = db_fingerprint()
    cases = [
        ({**base, "units": "101"}, {"units"}),
        ({**base, "work_minutes": -5}, {"work_minutes"}),
        ({**base, "contour": 42}, {"contour"}),
        ({**base, "resource": str(sub_resource.uid)}, {"resource"}),  # not the project's pool
        ({**base, "resource": str(world.b.obj("resource").uid)}, {"resource"}),  # not visible
        ({**base, "task": str(world.a.obj("task").uid), "resource": str(r.resource.uid)}, {"resource"}),
        ({**base, "start": "2026-03-02T08:00:00Z", "finish": "2026-03-01T08:00:00Z"}, {"finish"}),
        ({**base, "project": str(world.a.project.uid)}, {"project"}),
    ]
    for body, expected in cases:
        response = manager.post(f"{API}assignments/", body, format="json")
        assert response.status_code == 400 and fields(response) == expected, body
    assert as_("contributor").post(f"{API}assignments/", base, format="json").status_code == 403
    assert_fingerprint_unchanged(before)


def test_assignments_list_by_project_without_growing_queries(world: World, as_: Any, r: Any) -> None:
    for n in range(10):
        extra = resource_create(actor=world.users["manager"], pool=r.pool, name=f"Crew {n}")
        assignment_create(
            actor=world.users["manager"], project=world.a.project, task=world.a.obj("task2"), resource=extra
        )
    viewer = as_("viewer")
    with assert_max_queries(8):
        listed = viewer.get(f"{API}assignments/", {"project": str(world.a.project.uid)})
    assert listed.json()["count"] == 11
    assert (
        as_("outsider").get(f"{API}assignments/", {"project": str(world.a.project.uid)}).json()["count"] == 0
    )
    assert as_("outsider").get(f"{API}assignments/{r.assignment.uid}/").status_code == 404
