"""``/api/v1/timesheets/``: set a week (400 problem+json naming the day, nothing saved), submit,
approve or return (403 for a non-manager), progress update. Answers are validated against
``schema/openapi.yaml`` once the lead has regenerated it with these endpoints."""

from __future__ import annotations

from typing import Any

import pytest

from pmo.projects.models import Task
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.openapi import SCHEMA_PATH, SchemaCheckedClient, schema_client
from pmo.testing.personas import World
from pmo.timesheets.services import project_timesheet_settings_set

pytestmark = pytest.mark.django_db
API = "/api/v1/timesheets/"
#: The schema check applies once the committed schema documents these endpoints.
DOCUMENTED = "/api/v1/timesheets/" in SCHEMA_PATH.read_text(encoding="utf-8")


@pytest.fixture
def as_(world: World) -> Any:
    def make(persona: str) -> SchemaCheckedClient:
        client = schema_client(world, persona)
        client.check_schema = DOCUMENTED
        return client

    return make


def problem(response: Any) -> dict[str, Any]:
    assert response["Content-Type"] == "application/problem+json", response.content
    return dict(response.json())


def week(world: World, *cells: tuple[str, int]) -> dict[str, Any]:
    task = str(world.a.obj("task").uid)
    return {
        "week_start": "2026-01-19",
        "entries": [{"task": task, "date": day, "minutes": minutes} for day, minutes in cells],
    }


def test_set_week_then_read_it(world: World, as_: Any) -> None:
    saved = as_("contributor").post(f"{API}set-week/", week(world, ("2026-01-19", 90)), format="json")
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert (body["status"], body["total_minutes"], body["user"]) == ("draft", 90, "contributor")
    assert body["entries"][0]["task"] == str(world.a.obj("task").uid)
    listed = as_("contributor").get(API).json()
    assert [row["uid"] for row in listed["results"]] == [body["uid"]]
    assert as_("contributor").get(f"{API}{body['uid']}/").status_code == 200


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ((("2026-01-19", 60), ("2026-01-20", -30)), "Tuesday 2026-01-20: time cannot be negative"),
        ((("2026-01-21", 25 * 60),), "Wednesday 2026-01-21: 25 h 00 min logged in total"),
    ],
)
def test_a_bad_day_is_refused_naming_the_day_and_nothing_changes(
    world: World, as_: Any, cells: Any, message: str
) -> None:
    before = db_fingerprint()
    refused = as_("contributor").post(f"{API}set-week/", week(world, *cells), format="json")
    assert refused.status_code == 400
    body = problem(refused)
    assert message in body["detail"]
    assert body["errors"][0]["field"] == cells[-1][0]
    assert_fingerprint_unchanged(before)


def test_submit_twice_approve_by_non_manager_and_return(world: World, as_: Any) -> None:
    sheet = as_("contributor").post(f"{API}set-week/", week(world, ("2026-01-19", 240)), format="json")
    uid, etag = sheet.json()["uid"], sheet["ETag"]
    submitted = as_("contributor").post(f"{API}{uid}/submit/", {}, format="json", HTTP_IF_MATCH=etag)
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    again = as_("contributor").post(f"{API}{uid}/submit/", {}, format="json", HTTP_IF_MATCH=submitted["ETag"])
    assert again.status_code == 400 and "already submitted" in problem(again)["detail"]
    etag = submitted["ETag"]
    forbidden = as_("viewer").post(f"{API}{uid}/approve/", {}, format="json", HTTP_IF_MATCH=etag)
    assert forbidden.status_code == 403
    assert (
        as_("outsider").post(f"{API}{uid}/approve/", {}, format="json", HTTP_IF_MATCH=etag).status_code == 404
    )
    returned = as_("manager").post(
        f"{API}{uid}/return/", {"comment": "Wrong task"}, format="json", HTTP_IF_MATCH=etag
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    edited = as_("contributor").post(f"{API}set-week/", week(world, ("2026-01-20", 60)), format="json")
    assert edited.json()["status"] == "draft"


def test_approval_updates_progress_when_the_project_asks(world: World, as_: Any) -> None:
    task = world.a.obj("task")
    project_timesheet_settings_set(actor=world.users["manager"], project=task.project, update_progress=True)
    sheet = as_("contributor").post(f"{API}set-week/", week(world, ("2026-01-19", 480)), format="json")
    uid = sheet.json()["uid"]
    submitted = as_("contributor").post(f"{API}{uid}/submit/", {}, format="json", HTTP_IF_MATCH=sheet["ETag"])
    approved = as_("manager").post(f"{API}{uid}/approve/", {}, format="json", HTTP_IF_MATCH=submitted["ETag"])
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert Task.objects.get(pk=task.pk).percent_complete == 50  # 8 h of the task's 16 h
