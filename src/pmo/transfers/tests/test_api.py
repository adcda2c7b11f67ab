"""``/api/v1/`` imports and exports. Every answer is validated against ``schema/openapi.yaml``."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from pmo.projects.models import Project, Task
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.openapi import SchemaCheckedClient, refreshed, schema_client
from pmo.testing.personas import World
from pmo.transfers.models import ImportRun
from pmo.transfers.tests.samples import XXE, tiny_mspdi

pytestmark = pytest.mark.django_db
API = "/api/v1/"


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    """The module's shared world, re-read (each test rolls its writes back)."""
    return refreshed(shared_world)


@pytest.fixture
def manager(world: World) -> SchemaCheckedClient:
    """A's manager with an API token."""
    return schema_client(world, "manager")


def upload(data: bytes, name: str = "plan.xml") -> SimpleUploadedFile:
    """A multipart file part."""
    return SimpleUploadedFile(name, data, content_type="application/xml")


def problem_fields(response: Any) -> set[str]:
    """The fields a problem+json answer names."""
    assert response["Content-Type"] == "application/problem+json", response.content
    return {error["field"] for error in response.json()["errors"]}


def test_import_over_a_project_then_apply(world: World, manager: SchemaCheckedClient) -> None:
    """Given A's project, when the manager posts a plan, then 201 gives the import with its preview;
    GET reads it back; apply with If-Match writes the tasks."""
    project = world.a.project
    response = manager.post(
        f"{API}projects/{project.uid}/imports/",
        {"file": upload(tiny_mspdi(tasks=("Alpha", "Beta", "Gamma")))},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "previewed" and body["format"] == "mspdi"
    assert body["project"] == str(project.uid) and body["parent"] is None
    assert body["preview"]["tasks"] == 3 and body["preview"]["changes"]["added"] == 3
    assert response["Location"] == f"{API}imports/{body['uid']}/"

    read = manager.get(response["Location"])
    assert read.status_code == 200 and read["ETag"] == response["ETag"]

    applied = manager.post(f"{API}imports/{body['uid']}/apply/", HTTP_IF_MATCH=read["ETag"])
    assert applied.status_code == 200, applied.content
    assert applied.json()["status"] == "applied"
    assert applied.json()["result"]["tasks_created"] == 3
    names = set(Task.objects.filter(project=project).values_list("name", flat=True))
    assert {"Alpha", "Beta", "Gamma"} <= names


def test_apply_needs_if_match(world: World, manager: SchemaCheckedClient) -> None:
    """Given the world's import, when applied without If-Match, then 428; with a stale one, 412."""
    run = ImportRun.objects.get(pk=world.a.obj("import").pk)
    url = f"{API}imports/{run.uid}/apply/"
    assert manager.post(url).status_code == 428
    stale = f'"{run.uid}-{run.version + 3}"'
    assert manager.post(url, HTTP_IF_MATCH=stale).status_code == 412
    run.refresh_from_db()
    assert run.status == "previewed"


def test_new_project_import_then_discard(world: World, manager: SchemaCheckedClient) -> None:
    """Given A's program, when the manager posts a file with parent and code, then 201 describes a
    new-project import; discarding it creates no project."""
    response = manager.post(
        f"{API}imports/",
        {"file": upload(tiny_mspdi()), "parent": str(world.a.program.uid), "code": "API-NEW"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["mode"] == "new" and body["parent"] == str(world.a.program.uid) and body["project"] is None
    discarded = manager.post(f"{API}imports/{body['uid']}/discard/", HTTP_IF_MATCH=response["ETag"])
    assert discarded.status_code == 200
    assert discarded.json()["status"] == "discarded"
    assert not Project.objects.filter(code="API-NEW").exists()


def test_new_project_import_applies_into_the_program(world: World, manager: SchemaCheckedClient) -> None:
    """Given a new-project import, when applied, then the project exists with the file's tasks."""
    created = manager.post(
        f"{API}imports/",
        {
            "file": upload(tiny_mspdi()),
            "parent": str(world.a.program.uid),
            "code": "API-2",
            "name": "Via API",
        },
        format="multipart",
    )
    applied = manager.post(f"{API}imports/{created.json()['uid']}/apply/", HTTP_IF_MATCH=created["ETag"])
    assert applied.status_code == 200, applied.content
    project = Project.objects.get(code="API-2")
    assert applied.json()["project"] == str(project.uid)
    assert project.name == "Via API"
    assert Task.objects.filter(project=project).count() == 3


def test_a_refused_file_is_400_naming_the_file_and_stores_nothing(
    world: World, manager: SchemaCheckedClient
) -> None:
    """Given a file with an external entity, when posted, then 400 problem+json names ``file`` and
    the database is unchanged."""
    baseline = db_fingerprint()
    response = manager.post(
        f"{API}projects/{world.a.project.uid}/imports/", {"file": upload(XXE)}, format="multipart"
    )
    assert response.status_code == 400
    assert problem_fields(response) == {"file"}
    assert "root:" not in response.content.decode()
    assert_fingerprint_unchanged(baseline, "refused API upload")


def test_remap_of_a_plan_file_is_refused_by_the_serializer(
    world: World, manager: SchemaCheckedClient
) -> None:
    """Given the world's import, when remap names neither mapping nor project, then 400."""
    run = ImportRun.objects.get(pk=world.a.obj("import").pk)
    response = manager.post(f"{API}imports/{run.uid}/remap/", {}, format="json", HTTP_IF_MATCH=run.etag)
    assert response.status_code == 400


@override_settings(PMO_IMPORT_MAX_BYTES=2000)
def test_an_upload_past_the_cap_is_413(world: World, manager: SchemaCheckedClient) -> None:
    """Given a 2,000-byte cap, when a bigger file is posted, then 413 names the limit."""
    big = tiny_mspdi(tasks=tuple(f"Task {n}" for n in range(60)))
    count = ImportRun.objects.count()
    response = manager.post(
        f"{API}projects/{world.a.project.uid}/imports/", {"file": upload(big)}, format="multipart"
    )
    assert response.status_code == 413
    assert "2,000 bytes" in response.json()["detail"]
    assert ImportRun.objects.count() == count


@pytest.mark.parametrize("fmt", ["mspdi", "xlsx", "csv", "ics"])
def test_export_each_format(world: World, fmt: str) -> None:
    """Given a viewer's token, when a format is requested, then the file comes as an attachment."""
    client = schema_client(world, "viewer")
    with client.unchecked():  # a file, not JSON (the schema checker would parse the XML)
        response = client.get(f"{API}projects/{world.a.project.uid}/export/?format={fmt}")
    assert response.status_code == 200, response.content
    assert response["Content-Disposition"].startswith("attachment; ")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_export_of_an_unknown_format_is_400_naming_it(world: World) -> None:
    """Given a format we do not write, then 400 problem+json names ``format``."""
    response = schema_client(world, "viewer").get(f"{API}projects/{world.a.project.uid}/export/?format=mpp")
    assert response.status_code == 400
    assert problem_fields(response) == {"format"}
