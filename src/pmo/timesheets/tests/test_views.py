"""Timesheet pages: the weekly grid with totals, htmx cell saving (refusals answer 400 with the
message and save nothing), week navigation, submit, and the approvals page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse

from pmo.testing.personas import World
from pmo.timesheets.choices import SheetStatus
from pmo.timesheets.grid import parse_time
from pmo.timesheets.models import TimeEntry, Timesheet
from pmo.timesheets.selectors import updates_progress

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 3, 2)
HX = {"HX-Request": "true"}


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def mine(world: World) -> QuerySet[TimeEntry]:
    return TimeEntry.objects.filter(timesheet__user=world.users["contributor"])


def save_cell(client: Client, world: World, day: dt.date, time: str, *, htmx: bool = True) -> object:
    data = {
        "week": MONDAY.isoformat(),
        "task": str(world.a.obj("task").uid),
        "date": day.isoformat(),
        "time": time,
    }
    return client.post(reverse("timesheets:cell"), data, headers=HX if htmx else {})


def test_cells_save_with_htmx_and_totals_add_up(world: World) -> None:
    client = client_for(world, "contributor")
    first = save_cell(client, world, MONDAY, "1:30")
    assert first.status_code == 200
    second = save_cell(client, world, MONDAY + dt.timedelta(days=1), "2.5")
    body = second.content.decode()
    assert 'id="sheet-grid"' in body and "<html" not in body  # the fragment only
    assert "4:00" in body  # week total
    assert sorted(mine(world).values_list("minutes", flat=True)) == [90, 150]
    page = client.get(reverse("timesheets:mine"), {"week": "2026-03-04"}).content.decode()
    assert "week of Mon 2026-03-02" in page
    assert "?week=2026-02-23" in page and "?week=2026-03-09" in page  # navigation
    assert world.a.obj("task").name in page and "Submit for approval" in page


def test_a_negative_or_25_hour_cell_is_refused_and_saves_nothing(world: World) -> None:
    client = client_for(world, "contributor")
    save_cell(client, world, MONDAY, "8")
    negative = save_cell(client, world, MONDAY, "-1")
    assert negative.status_code == 422  # htmx: the page's script swaps the message in
    assert "Monday 2026-03-02: time cannot be negative" in negative.content.decode()
    too_long = save_cell(client, world, MONDAY, "25", htmx=False)
    assert too_long.status_code == 400
    assert "a day has at most 24 hours" in too_long.content.decode()
    garbage = save_cell(client, world, MONDAY, "lots")
    assert garbage.status_code == 422 and "is not a time" in garbage.content.decode()
    assert list(mine(world).values_list("minutes", flat=True)) == [480]


def test_submit_then_the_grid_is_read_only_and_submit_twice_says_so(world: World) -> None:
    client = client_for(world, "contributor")
    save_cell(client, world, MONDAY, "4", htmx=False)
    done = client.post(reverse("timesheets:submit"), {"week": MONDAY.isoformat()}, follow=True)
    assert "is submitted for approval" in done.content.decode()
    assert Timesheet.objects.get(user=world.users["contributor"]).status == SheetStatus.SUBMITTED
    again = client.post(reverse("timesheets:submit"), {"week": MONDAY.isoformat()}, follow=True)
    assert "already submitted" in again.content.decode()
    page = client.get(reverse("timesheets:mine"), {"week": MONDAY.isoformat()}).content.decode()
    assert 'name="time"' not in page and "Submit for approval" not in page


def test_manager_approves_and_returns_from_the_approvals_page(world: World) -> None:
    contributor = client_for(world, "contributor")
    save_cell(contributor, world, MONDAY, "4")
    contributor.post(reverse("timesheets:submit"), {"week": MONDAY.isoformat()})
    sheet = Timesheet.objects.get(user=world.users["contributor"])
    manager = client_for(world, "manager")
    listing = manager.get(reverse("timesheets:approvals")).content.decode()
    assert f'data-sheet="{sheet.uid}"' in listing and "4:00" in listing
    decide = reverse("timesheets:decide", kwargs={"uid": sheet.uid})
    viewer = client_for(world, "viewer")
    assert viewer.post(decide, {"decision": "approve"}).status_code == 403
    assert client_for(world, "no_role").post(decide, {"decision": "approve"}).status_code == 404
    returned = manager.post(
        decide, {"decision": "return", "comment": "Split by task", "version": sheet.version}
    )
    assert returned.status_code == 303
    sheet.refresh_from_db()
    assert (sheet.status, sheet.comment) == (SheetStatus.RETURNED, "Split by task")
    page = contributor.get(reverse("timesheets:mine"), {"week": MONDAY.isoformat()}).content.decode()
    assert "Returned: Split by task" in page and 'name="time"' in page


def test_parse_time_accepts_hours_and_hours_minutes() -> None:
    day = MONDAY
    assert [parse_time(text, day=day) for text in ("", "1", "1,5", "0:45", "-2")] == [0, 60, 90, 45, -120]


def test_managers_switch_the_progress_setting_others_only_read_it(world: World) -> None:
    project = world.a.obj("task").project
    url = reverse("timesheets:project_settings", kwargs={"uid": project.uid})
    manager = client_for(world, "manager")
    assert url in manager.get(reverse("timesheets:approvals")).content.decode()
    assert manager.post(url, {"update_progress": "on"}).status_code == 303
    assert updates_progress(project.pk)
    contributor = client_for(world, "contributor")
    assert "<strong>on</strong>" in contributor.get(url).content.decode()
    assert contributor.post(url, {}).status_code == 403
    assert client_for(world, "outsider").get(url).status_code == 404
    manager.post(url, {})
    assert not updates_progress(project.pk)
