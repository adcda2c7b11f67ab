"""``/api/v1/calendars/`` and ``/api/v1/calendar-exceptions/``: managers write, everyone on the
project reads, every change reschedules. Every answer is schema-checked."""

from __future__ import annotations

import datetime as dt

import pytest

from pmo.projects.models import Project, Task
from pmo.projects.services import task_create
from pmo.testing.openapi import SchemaCheckedClient, refreshed, schema_client
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    return refreshed(shared_world)


def client_for(world: World, persona: str) -> SchemaCheckedClient:
    return schema_client(world, persona)


def test_a_project_calendar_with_a_holiday_moves_the_task(world: World) -> None:
    project: Project = world.a.project_direct
    Project.objects.filter(pk=project.pk).update(start_date=dt.date(2026, 3, 2))
    task = task_create(
        actor=world.users["manager"], project=project, name="Survey", duration_minutes=960
    ).task
    manager = client_for(world, "manager")
    created = manager.post(
        "/api/v1/calendars/",
        {"project": str(project.uid), "name": "Site", "is_project_calendar": True},
        format="json",
    )
    assert created.status_code == 201 and created.json()["is_project_calendar"]
    assert created.json()["week"][0] == [[480, 720], [780, 1020]]
    holiday = manager.post(
        "/api/v1/calendar-exceptions/",
        {"calendar": created.json()["uid"], "name": "Strike", "start": "2026-03-02", "finish": "2026-03-02"},
        format="json",
    )
    assert holiday.status_code == 201
    assert Task.objects.get(pk=task.pk).start.date() == dt.date(2026, 3, 3)  # type: ignore[union-attr]
    listed = client_for(world, "viewer").get(
        "/api/v1/calendar-exceptions/", {"calendar": created.json()["uid"]}
    )
    assert [e["name"] for e in listed.json()["results"]] == ["Strike"]
    # the project calendar cannot be deleted while it is one
    refused = manager.delete(
        f"/api/v1/calendars/{created.json()['uid']}/", headers={"If-Match": created.json()["etag"]}
    )
    assert refused.status_code == 400 and "project calendar" in refused.json()["detail"]


def test_contributors_cannot_write_calendars(world: World) -> None:
    calendar = world.a.extras["calendar"]
    contributor = client_for(world, "contributor")
    assert contributor.get(f"/api/v1/calendars/{calendar.uid}/").status_code == 200
    response = contributor.patch(
        f"/api/v1/calendars/{calendar.uid}/",
        {"name": "Mine"},
        format="json",
        headers={"If-Match": calendar.etag},
    )
    assert response.status_code == 403


def test_a_bad_week_names_the_field(world: World) -> None:
    calendar = world.a.extras["calendar"]
    response = client_for(world, "manager").patch(
        f"/api/v1/calendars/{calendar.uid}/",
        {"week": [[[600, 500]], [], [], [], [], [], []]},
        format="json",
        headers={"If-Match": calendar.etag},
    )
    assert response.status_code == 400 and response.json()["errors"][0]["field"] == "week"
