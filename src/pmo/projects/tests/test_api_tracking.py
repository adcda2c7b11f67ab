"""The tracking API (baselines, progress, status date, update as scheduled, compared baseline,
Gantt rows, feeds); every answer is validated against ``schema/openapi.yaml``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from pmo.core.models import AuditRecord
from pmo.projects.models import Baseline, CalendarFeed, ProgressEntry, Project
from pmo.testing.fingerprint import db_fingerprint
from pmo.testing.openapi import refreshed, schema_client
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    """The shared two-portfolio world, re-read for this test (each test rolls back its writes)."""
    return refreshed(shared_world)


def test_baselines_save_over_retrieve_and_delete(world: World) -> None:
    project = world.a.project
    client = schema_client(world, "manager")
    listed = client.get("/api/v1/baselines/", {"project": str(project.uid)})
    assert listed.status_code == 200 and [b["number"] for b in listed.json()["results"]] == [0]
    created = client.post("/api/v1/baselines/", {"project": str(project.uid), "number": 2}, format="json")
    assert created.status_code == 201, created.json()
    # saving over without overwrite: 400 naming the number; with it: audited
    again = client.post("/api/v1/baselines/", {"project": str(project.uid), "number": 2}, format="json")
    assert again.status_code == 400 and "number" in again.content.decode()
    over = client.post(
        "/api/v1/baselines/", {"project": str(project.uid), "number": 2, "overwrite": True}, format="json"
    )
    assert over.status_code == 201 and over.json()["version"] == 2
    assert AuditRecord.objects.filter(note__startswith="Saved over baseline 2").exists()
    detail = client.get(f"/api/v1/baselines/{created.json()['uid']}/")
    assert {row["name"] for row in detail.json()["tasks"]} == set(
        project.tasks.values_list("name", flat=True)
    )
    deleted = client.delete(f"/api/v1/baselines/{created.json()['uid']}/", HTTP_IF_MATCH=over.json()["etag"])
    assert deleted.status_code == 204 and not Baseline.objects.filter(project=project, number=2).exists()


def test_contributors_record_progress_viewers_cannot(world: World) -> None:
    task = world.a.obj("task")
    body = {"task": str(task.uid), "percent_complete": 50, "actual_start": "2026-01-05T08:00:00"}
    denied = schema_client(world, "viewer").post("/api/v1/progress/", body, format="json")
    assert denied.status_code == 403
    answer = schema_client(world, "contributor").post("/api/v1/progress/", body, format="json")
    assert answer.status_code == 201, answer.json()
    assert (
        answer.json()["task"]["percent_complete"] == 50 and answer.json()["entry"]["percent_complete"] == 50
    )
    listed = schema_client(world, "viewer").get("/api/v1/progress/", {"task": str(task.uid)})
    assert [e["percent_complete"] for e in listed.json()["results"]] == [50]


def test_progress_refusals_name_the_row_and_write_nothing(world: World) -> None:
    task = world.a.obj("task")
    client = schema_client(world, "contributor")
    before = db_fingerprint()
    bad = client.post(
        "/api/v1/progress/",
        {
            "task": str(task.uid),
            "actual_start": "2026-01-06T08:00:00",
            "actual_finish": "2026-01-05T17:00:00",
        },
        format="json",
    )
    assert bad.status_code in (400, 422) and f"Row {task.position}" in bad.content.decode()
    too_much = client.post(
        "/api/v1/progress/", {"task": str(task.uid), "percent_complete": 120}, format="json"
    )
    assert too_much.status_code in (400, 422) and "between 0 and 100" in too_much.content.decode()
    assert db_fingerprint() == before
    assert not ProgressEntry.objects.exists()


def test_status_date_update_as_scheduled_compare_and_gantt(world: World) -> None:
    project = world.a.project
    client = schema_client(world, "manager")
    base = f"/api/v1/projects/{project.uid}/"
    no_etag = client.post(f"{base}status-date/", {"status_date": "2026-06-30"}, format="json")
    assert no_etag.status_code == 428
    answer = client.post(
        f"{base}status-date/", {"status_date": "2026-06-30"}, format="json", HTTP_IF_MATCH=project.etag
    )
    assert answer.status_code == 200 and answer.json()["status_date"] == "2026-06-30"
    updated = client.post(f"{base}update-as-scheduled/", {}, format="json")
    assert updated.status_code == 200
    compare = client.post(
        f"{base}compare-baseline/", {"number": 3}, format="json", HTTP_IF_MATCH=updated.json()["etag"]
    )
    assert compare.status_code == 200 and compare.json()["compare_baseline"] == 3
    assert Project.objects.get(pk=project.pk).compare_baseline == 3
    rows = schema_client(world, "viewer").get(f"{base}gantt/", {"baseline": 0}).json()
    assert [row["position"] for row in rows] == sorted(row["position"] for row in rows)
    assert any(row["predecessors"] for row in rows) and any(row["baseline_finish"] for row in rows)
    denied = schema_client(world, "contributor").post(f"{base}update-as-scheduled/", {}, format="json")
    assert denied.status_code == 403


def test_feeds_create_shows_the_url_once_and_revoke_kills_it(world: World) -> None:
    project = world.a.project
    client = schema_client(world, "manager")
    created = client.post("/api/v1/feeds/", {"project": str(project.uid), "name": "Phone"}, format="json")
    assert created.status_code == 201
    url = created.json()["url"]
    assert Client().get(url).status_code == 200
    detail = client.get(f"/api/v1/feeds/{created.json()['uid']}/").json()
    assert "url" not in detail
    revoked = client.post(f"/api/v1/feeds/{created.json()['uid']}/revoke/", {}, format="json")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert Client().get(url).status_code == 404
    # a viewer sees no feed at all
    assert schema_client(world, "viewer").get("/api/v1/feeds/").json()["results"] == []
    assert CalendarFeed.objects.filter(project=project).count() == 2


def test_another_portfolios_baseline_is_not_found(world: World) -> None:
    other = world.b.obj("baseline")
    assert schema_client(world, "manager").get(f"/api/v1/baselines/{other.uid}/").status_code == 404
    assert dt.date.today()  # the world is fixed; nothing depends on today here
