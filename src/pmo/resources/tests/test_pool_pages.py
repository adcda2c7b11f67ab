"""The pool's setup page, a resource's page (skills, calendar, time off), the resource plan grid
of a project (htmx), and their API endpoints: refusals name the field and write nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pmo.resources.models import PoolHoliday, ResourceDemand, ResourceSkill, TimeOff
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.openapi import SCHEMA_PATH, SchemaCheckedClient, schema_client
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db
SCHEMA = SCHEMA_PATH.read_text(encoding="utf-8")


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def api_as(world: World, persona: str, path: str) -> SchemaCheckedClient:
    client = schema_client(world, persona)
    client.check_schema = path in SCHEMA  # the lead regenerates the schema
    return client


def pool_url(name: str, world: World, **extra: Any) -> str:
    return reverse(f"resources:{name}", kwargs={"uid": world.a.portfolio.uid, **extra})


def test_a_viewer_reads_the_setup_page_without_manager_actions(world: World) -> None:
    page = client_for(world, "viewer").get(pool_url("pool_setup", world)).content.decode()
    assert world.a.obj("skill").name in page
    assert world.a.obj("resource_team").name in page and world.a.obj("resource").name in page
    assert world.a.obj("pool_holiday").name in page and "2026-12-25" in page
    assert "New skill" not in page
    assert "New skill" in client_for(world, "manager").get(pool_url("pool_setup", world)).content.decode()


def test_the_resource_page_shows_skills_calendar_and_time_off(world: World, r: Any) -> None:
    page = client_for(world, "viewer").get(pool_url("resource_detail", world, resource_uid=r.spare.uid))
    text = page.content.decode()
    assert page.status_code == 200
    assert world.a.obj("skill").name in text and "2026-08-03" in text and "standard week" in text
    assert (
        pool_url("resource_detail", world, resource_uid=r.spare.uid)
        in client_for(world, "viewer").get(pool_url("pool", world)).content.decode()
    )


def test_a_manager_records_half_days_off_and_an_overlap_is_refused_at_the_field(world: World, r: Any) -> None:
    client = client_for(world, "manager")
    create = pool_url("time_off_create", world, resource_uid=r.spare.uid)
    added = client.post(create, {"start": "2026-09-14", "end": "2026-09-15", "hours_per_day": "4"})
    assert added.status_code == 302
    row = TimeOff.objects.get(resource=r.spare, start=dt.date(2026, 9, 14))
    assert row.minutes_per_day == 240
    before = db_fingerprint()
    refused = client.post(create, {"start": "2026-08-07", "end": "2026-08-10", "reason": "More"})
    assert refused.status_code == 400
    assert "overlaps" in refused.content.decode()
    assert_fingerprint_unchanged(before)


def test_a_manager_sets_a_calendar_and_a_skill_level(world: World, r: Any) -> None:
    client = client_for(world, "manager")
    calendar = world.a.obj("pool_calendar")
    done = client.post(
        pool_url("resource_calendar", world, resource_uid=r.spare.uid),
        {"version": r.spare.version, "calendar": calendar.pk},
    )
    assert done.status_code == 302
    r.spare.refresh_from_db()
    assert r.spare.calendar_id == calendar.pk
    row = world.a.obj("resource_skill")
    edit = pool_url("resource_skill_edit", world, resource_uid=r.spare.uid, row_uid=row.uid)
    assert client.post(edit, {"version": row.version, "level": "5"}).status_code == 302
    assert ResourceSkill.objects.get(pk=row.pk).level == 5
    before = db_fingerprint()
    assert client.post(edit, {"version": row.version + 1, "level": "6"}).status_code == 400
    assert_fingerprint_unchanged(before)


def test_a_holiday_ending_before_it_starts_is_refused_by_field(world: World) -> None:
    client = client_for(world, "manager")
    before = db_fingerprint()
    response = client.post(
        pool_url("holiday_create", world), {"name": "Bad", "start": "2026-05-02", "end": "2026-05-01"}
    )
    assert response.status_code == 400
    assert "before the start" in response.content.decode()
    assert_fingerprint_unchanged(before)
    assert not PoolHoliday.objects.filter(name="Bad").exists()


def test_the_plan_grid_shows_the_world_line_and_a_manager_sets_a_cell_with_htmx(world: World) -> None:
    project = world.a.project
    url = reverse("resources:plan", kwargs={"uid": project.uid})
    viewer = client_for(world, "viewer").get(url + "?period=week&from=2026-03-02").content.decode()
    assert world.a.obj("skill").name in viewer and "16" in viewer and "Set hours" not in viewer
    skill = world.a.obj("skill")
    response = client_for(world, "manager").post(
        url + "?period=week&from=2026-03-02",
        {"target": f"skill:{skill.pk}", "period": "week", "period_start": "2026-03-09", "hours": "12.5"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'id="plan-grid"' in response.content.decode() and "<html" not in response.content.decode()
    line = ResourceDemand.objects.get(project=project, skill=skill, period_start=dt.date(2026, 3, 9))
    assert line.hours == Decimal("12.50")


def test_a_plan_cell_on_a_tuesday_is_refused_at_the_field(world: World) -> None:
    url = reverse("resources:plan", kwargs={"uid": world.a.project.uid})
    skill = world.a.obj("skill")
    before = db_fingerprint()
    response = client_for(world, "manager").post(
        url, {"target": f"skill:{skill.pk}", "period": "week", "period_start": "2026-03-10", "hours": "8"}
    )
    assert response.status_code == 400
    assert "not one" in response.content.decode()
    assert_fingerprint_unchanged(before)
    assert client_for(world, "viewer").post(url, {"hours": "1"}).status_code == 403


def test_api_time_off_overlap_is_a_400_naming_the_field(world: World, r: Any) -> None:
    client = api_as(world, "manager", "/api/v1/time-off/")
    before = db_fingerprint()
    response = client.post(
        "/api/v1/time-off/",
        {"resource": str(r.spare.uid), "start": "2026-08-05", "end": "2026-08-05"},
        format="json",
    )
    assert response.status_code == 400
    assert "start" in response.content.decode() and "overlaps" in response.content.decode()
    assert_fingerprint_unchanged(before)


def test_api_lists_skills_and_sets_a_resource_calendar_with_if_match(world: World, r: Any) -> None:
    viewer = api_as(world, "viewer", "/api/v1/skills/")
    names = {row["name"] for row in viewer.get("/api/v1/skills/").json()["results"]}
    assert world.a.obj("skill").name in names and world.b.obj("skill").name not in names
    manager = api_as(world, "manager", "/api/v1/resources/{uid}/calendar/")
    calendar = world.a.obj("pool_calendar")
    url = f"/api/v1/resources/{r.spare.uid}/calendar/"
    missing = manager.post(url, {"calendar": str(calendar.uid)}, format="json")
    assert missing.status_code == 428
    done = manager.post(
        url, {"calendar": str(calendar.uid)}, format="json", headers={"If-Match": r.spare.etag}
    )
    assert done.status_code == 200, done.content
    r.spare.refresh_from_db()
    assert r.spare.calendar_id == calendar.pk


def test_api_plan_lines_are_scoped_and_bad_hours_name_the_field(world: World) -> None:
    viewer = api_as(world, "viewer", "/api/v1/resource-demand/")
    rows = viewer.get("/api/v1/resource-demand/").json()["results"]
    assert [row["uid"] for row in rows] == [str(world.a.obj("resource_demand").uid)]
    manager = api_as(world, "manager", "/api/v1/resource-demand/")
    before = db_fingerprint()
    bad = manager.post(
        "/api/v1/resource-demand/",
        {"project": str(world.a.project.uid), "period": "week", "period_start": "2026-03-16", "hours": "-1"},
        format="json",
    )
    assert bad.status_code == 400 and "hours" in bad.content.decode()
    assert_fingerprint_unchanged(before)


def test_api_filters_by_pool_resource_and_project(world: World, r: Any) -> None:
    admin = api_as(world, "pmo_admin", "/api/v1/time-off/")
    a_pool = admin.get(f"/api/v1/skills/?portfolio={world.a.portfolio.uid}").json()["results"]
    assert {row["portfolio"] for row in a_pool} == {str(world.a.portfolio.uid)} and len(a_pool) == 2
    time_off = admin.get(f"/api/v1/time-off/?resource={r.spare.uid}").json()["results"]
    assert [row["uid"] for row in time_off] == [str(world.a.obj("time_off").uid)]
    assert admin.get(f"/api/v1/time-off/?resource={r.resource.uid}").json()["results"] == []
    plan = admin.get(f"/api/v1/resource-demand/?project={world.b.project.uid}").json()["results"]
    assert [row["uid"] for row in plan] == [str(world.b.obj("resource_demand").uid)]
