"""The Calendars section: creating calendars, exceptions that move tasks, the project calendar,
refused deletes, and the manager-only writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from pmo.core.models import AuditRecord
from pmo.projects.forms.calendars import format_periods, parse_periods
from pmo.projects.models import CalendarException, Project, Task, WorkCalendar
from pmo.projects.services import task_create, task_update
from pmo.projects.services.calendars import calendar_create, exception_create
from pmo.testing.fingerprint import db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def week_form(name: str, **days: str) -> dict[str, str]:
    body = {"name": name, "base": ""}
    for day in range(7):
        hours = days.get(f"day{day}", "08:00-12:00, 13:00-17:00" if day < 5 else "")
        body[f"day{day}_mode"] = "working" if hours else "off"
        body[f"day{day}_hours"] = hours
    return body


@pytest.fixture
def project(world: World, march_project: Project) -> Project:
    project = march_project
    return project


@pytest.fixture
def task(world: World, project: Project) -> Task:
    """A 3-day task from Mon 2 to Wed 4 March 2026 on the project calendar."""
    return task_create(
        actor=world.users["manager"], project=project, name="Survey", duration_minutes=3 * 480
    ).task


def url(name: str, project: Project, **kwargs: Any) -> str:
    return reverse(f"projects:{name}", kwargs={"uid": project.uid, **kwargs})


def test_periods_are_read_and_written_as_people_type_them() -> None:
    assert parse_periods("8-12, 13:00-17:30") == [[480, 720], [780, 1050]]
    assert format_periods([[480, 720], [780, 1050]]) == "08:00-12:00, 13:00-17:30"
    assert parse_periods("") == []


def test_a_holiday_on_the_project_calendar_moves_the_task(
    world: World, persona_client: Any, project: Project, task: Task
) -> None:
    # given a calendar made the project calendar through the pages
    client = persona_client("manager")
    assert client.post(url("calendar_create", project), week_form("Site")).status_code == 303
    site = WorkCalendar.objects.get(project=project, name="Site")
    response = client.post(url("calendar_choose", project), {"calendar": str(site.uid)})
    assert response.status_code == 303
    project.refresh_from_db()
    assert project.calendar_id == site.pk
    assert Task.objects.get(pk=task.pk).finish.date() == dt.date(2026, 3, 4)  # type: ignore[union-attr]
    # when the manager adds a holiday on Tuesday 3 March
    body = {"name": "Strike", "start": "2026-03-03", "finish": "2026-03-03", "recurrence": ""}
    response = client.post(
        url("calendar_exception_create", project, calendar_uid=site.uid), body, follow=True
    )
    # then the task finishes a day later, and the message says a task moved
    assert "1 task rescheduled" in response.content.decode()
    assert Task.objects.get(pk=task.pk).finish.date() == dt.date(2026, 3, 5)  # type: ignore[union-attr]
    assert AuditRecord.objects.filter(object_repr__startswith="Strike").exists()


def test_a_recurring_weekly_exception_makes_mondays_non_working(
    world: World, persona_client: Any, project: Project, task: Task
) -> None:
    site, _ = calendar_create(actor=world.users["manager"], project=project, name="Site")
    task_update(actor=world.users["manager"], task=task, data={"calendar": site}, expected_version=None)
    body = {
        "name": "No Mondays",
        "start": "2026-03-01",
        "finish": "2026-12-31",
        "recurrence": "weekly",
        "period": "1",
        "weekdays": ["0"],
    }
    client = persona_client("manager")
    assert (
        client.post(url("calendar_exception_create", project, calendar_uid=site.uid), body).status_code == 303
    )
    moved = Task.objects.get(pk=task.pk)
    assert moved.start.date() == dt.date(2026, 3, 3)  # type: ignore[union-attr]
    assert moved.finish.date() == dt.date(2026, 3, 5)  # type: ignore[union-attr]
    assert CalendarException.objects.get(name="No Mondays").recurrence == {
        "type": "weekly",
        "period": 1,
        "weekdays": [0],
    }


def test_bad_input_names_the_field_and_writes_nothing(persona_client: Any, project: Project) -> None:
    client = persona_client("manager")
    before = db_fingerprint()
    response = client.post(url("calendar_create", project), week_form("Bad", day0="8-12, 11-17"))
    assert response.status_code == 422
    assert "overlaps" in response.content.decode()
    response = client.post(url("calendar_create", project), week_form("Bad", day1="25:00-26:00"))
    assert response.status_code == 422
    assert db_fingerprint() == before


def test_a_calendar_in_use_cannot_be_deleted(
    world: World, persona_client: Any, project: Project, task: Task
) -> None:
    site, _ = calendar_create(actor=world.users["manager"], project=project, name="Site")
    task_update(actor=world.users["manager"], task=task, data={"calendar": site}, expected_version=None)
    client = persona_client("manager")
    before = db_fingerprint()
    response = client.post(url("calendar_delete", project, calendar_uid=site.uid), {"version": site.version})
    assert response.status_code == 422
    assert "used by task row 1" in response.content.decode()
    assert db_fingerprint() == before
    task_update(actor=world.users["manager"], task=task, data={"calendar": None}, expected_version=None)
    response = client.post(url("calendar_delete", project, calendar_uid=site.uid), {"version": site.version})
    assert response.status_code == 303 and not WorkCalendar.objects.filter(pk=site.pk).exists()


def test_editing_the_week_reschedules(
    world: World, persona_client: Any, project: Project, task: Task
) -> None:
    site, _ = calendar_create(actor=world.users["manager"], project=project, name="Site")
    task_update(actor=world.users["manager"], task=task, data={"calendar": site}, expected_version=None)
    client = persona_client("manager")
    page = client.get(url("calendar_edit", project, calendar_uid=site.uid)).content.decode()
    assert 'value="08:00-12:00, 13:00-17:00"' in page
    # Tuesdays off: the 3-day task now ends Thursday
    body = week_form("Site", day1="") | {"version": site.version}
    assert client.post(url("calendar_edit", project, calendar_uid=site.uid), body).status_code == 303
    assert Task.objects.get(pk=task.pk).finish.date() == dt.date(2026, 3, 5)  # type: ignore[union-attr]


def test_contributors_see_calendars_but_cannot_change_them(
    world: World, persona_client: Any, project: Project
) -> None:
    site, _ = calendar_create(actor=world.users["manager"], project=project, name="Site")
    exception_create(
        actor=world.users["manager"],
        calendar=site,
        name="Holiday",
        start=dt.date(2026, 4, 3),
        finish=dt.date(2026, 4, 3),
    )
    client = persona_client("contributor")
    page = client.get(url("calendars", project)).content.decode()
    assert "Site" in page and "Holiday" in page and "New calendar" not in page
    assert client.post(url("calendar_create", project), week_form("Mine")).status_code == 403
    assert client.get(url("calendar_edit", project, calendar_uid=site.uid)).status_code == 403
