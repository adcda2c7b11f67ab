"""Timesheet services: bulk entry with its refusals (nothing saved), submit, approve or return by
the managers of every project touched, and the optional progress update."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from pmo.core.errors import DomainRuleError
from pmo.core.selectors import history_of
from pmo.projects.models import Task
from pmo.resources.models import Assignment
from pmo.resources.services import assignment_create, resource_create
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World
from pmo.timesheets.choices import SheetStatus
from pmo.timesheets.models import TimeEntry, Timesheet
from pmo.timesheets.selectors import approved_minutes, loggable_tasks, sheets_to_approve
from pmo.timesheets.services import (
    entries_set,
    project_timesheet_settings_set,
    timesheet_approve,
    timesheet_return,
    timesheet_submit,
)

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2026, 1, 19)
TUESDAY = MONDAY + dt.timedelta(days=1)


def log(world: World, cells: list[tuple[Any, dt.date, int]], persona: str = "contributor") -> Timesheet:
    return entries_set(
        actor=world.users[persona],
        week_start=MONDAY,
        cells=[{"task": task, "date": date, "minutes": minutes} for task, date, minutes in cells],
    )


def submitted(world: World, minutes: int = 240) -> Timesheet:
    sheet = log(world, [(world.a.obj("task"), MONDAY, minutes)])
    return timesheet_submit(actor=world.users["contributor"], timesheet=sheet, expected_version=sheet.version)


def test_entries_are_saved_and_audited(world: World) -> None:
    task = world.a.obj("task")
    sheet = log(world, [(task, MONDAY, 90), (task, TUESDAY, 60)])
    assert sheet.status == SheetStatus.DRAFT
    assert sorted(TimeEntry.objects.filter(timesheet=sheet).values_list("date", "minutes")) == [
        (MONDAY, 90),
        (TUESDAY, 60),
    ]
    again = log(world, [(task, MONDAY, 0)])
    assert list(TimeEntry.objects.filter(timesheet=again).values_list("minutes", flat=True)) == [60]
    assert again.version > sheet.version
    assert history_of(again).first().changes == {f"{task.pk}@{MONDAY.isoformat()}": [90, 0]}


def test_negative_day_is_refused_naming_the_day_and_nothing_changes(world: World) -> None:
    task = world.a.obj("task")
    log(world, [(task, MONDAY, 60)])
    before = db_fingerprint()
    with pytest.raises(DomainRuleError, match=r"Tuesday 2026-01-20: time cannot be negative") as error:
        log(world, [(task, MONDAY, 120), (task, TUESDAY, -30)])
    assert error.value.field == "2026-01-20"
    assert_fingerprint_unchanged(before)


def test_a_25_hour_day_is_refused_and_nothing_changes(world: World) -> None:
    task, task2 = world.a.obj("task"), world.a.obj("task2")
    log(world, [(task, MONDAY, 600)])
    before = db_fingerprint()
    with pytest.raises(DomainRuleError, match=r"Monday 2026-01-19: 25 h 00 min .* at most 24 hours"):
        log(world, [(task2, MONDAY, 900), (task2, TUESDAY, 60)])
    assert_fingerprint_unchanged(before)
    log(world, [(task2, MONDAY, 840)])  # exactly 24 h is allowed


def test_tasks_of_other_portfolios_and_summaries_cannot_be_logged(world: World) -> None:
    allowed = set(loggable_tasks(world.users["contributor"]))
    assert world.a.obj("task") in allowed
    assert world.a.obj("summary_task") not in allowed
    assert world.b.obj("task") not in allowed
    assert not loggable_tasks(world.users["viewer"]).exists()
    with pytest.raises(DomainRuleError, match="not a contributor"):
        log(world, [(world.b.obj("task"), MONDAY, 60)])
    with pytest.raises(DomainRuleError, match="not a day of the week"):
        log(world, [(world.a.obj("task"), MONDAY - dt.timedelta(days=1), 60)])


def test_an_assignment_lets_a_viewer_log_on_the_task(world: World) -> None:
    viewer, task = world.users["viewer"], world.a.obj("task")
    resource = resource_create(
        actor=world.users["manager"], pool=world.a.portfolio.scope, name="Vera", user=viewer
    )
    assignment_create(actor=world.users["manager"], project=task.project, task=task, resource=resource)
    assert list(loggable_tasks(viewer)) == [task]


def test_submit_twice_is_refused(world: World) -> None:
    sheet = submitted(world)
    assert sheet.status == SheetStatus.SUBMITTED
    with pytest.raises(DomainRuleError, match="already submitted"):
        timesheet_submit(actor=world.users["contributor"], timesheet=sheet)
    with pytest.raises(DomainRuleError, match="can no longer be changed"):
        log(world, [(world.a.obj("task"), TUESDAY, 30)])


def test_empty_sheet_and_someone_elses_sheet_cannot_be_submitted(world: World) -> None:
    sheet = log(world, [(world.a.obj("task"), MONDAY, 30)])
    with pytest.raises(PermissionDenied, match="only the owner"):
        timesheet_submit(actor=world.users["manager"], timesheet=sheet)
    empty = log(world, [(world.a.obj("task"), MONDAY, 0)])
    with pytest.raises(DomainRuleError, match="Log some time"):
        timesheet_submit(actor=world.users["contributor"], timesheet=empty)


@pytest.mark.parametrize("persona", ["viewer", "outsider", "no_role"])
def test_approve_by_a_non_manager_is_forbidden_and_changes_nothing(world: World, persona: str) -> None:
    sheet = submitted(world)
    before = db_fingerprint()
    with pytest.raises(PermissionDenied, match="manager role on every project"):
        timesheet_approve(actor=world.users[persona], timesheet=sheet)
    with pytest.raises(PermissionDenied):
        timesheet_return(actor=world.users[persona], timesheet=sheet, comment="No")
    assert_fingerprint_unchanged(before)


def test_a_sheet_touching_a_project_the_manager_does_not_manage_cannot_be_approved(world: World) -> None:
    pmo_admin = world.users["pmo_admin"]
    sheet = entries_set(
        actor=pmo_admin,
        week_start=MONDAY,
        cells=[
            {"task": world.a.obj("task"), "date": MONDAY, "minutes": 60},
            {"task": world.b.obj("task"), "date": MONDAY, "minutes": 60},
        ],
    )
    sheet = timesheet_submit(actor=pmo_admin, timesheet=sheet)
    assert sheet in sheets_to_approve(world.users["manager"])
    with pytest.raises(PermissionDenied, match=world.b.project.code):
        timesheet_approve(actor=world.users["manager"], timesheet=sheet)


def test_returned_sheet_is_editable_and_back_to_draft(world: World) -> None:
    sheet = submitted(world)
    with pytest.raises(DomainRuleError, match="Say why"):
        timesheet_return(actor=world.users["manager"], timesheet=sheet, comment="  ")
    returned = timesheet_return(actor=world.users["manager"], timesheet=sheet, comment="Monday was a holiday")
    assert (returned.status, returned.comment) == (SheetStatus.RETURNED, "Monday was a holiday")
    with pytest.raises(DomainRuleError, match="Only a submitted sheet"):
        timesheet_approve(actor=world.users["manager"], timesheet=returned)
    edited = log(world, [(world.a.obj("task"), MONDAY, 0), (world.a.obj("task"), TUESDAY, 240)])
    assert edited.status == SheetStatus.DRAFT
    assert (
        timesheet_submit(actor=world.users["contributor"], timesheet=edited).status == SheetStatus.SUBMITTED
    )


def test_approval_with_progress_off_feeds_actual_work_only(world: World) -> None:
    task = world.a.obj("task")
    resource = resource_create(
        actor=world.users["manager"],
        pool=world.a.portfolio.scope,
        name="Cody",
        user=world.users["contributor"],
    )
    assignment = assignment_create(
        actor=world.users["manager"], project=task.project, task=task, resource=resource, work_minutes=960
    )
    sheet = submitted(world, minutes=240)
    approved = timesheet_approve(
        actor=world.users["manager"], timesheet=sheet, expected_version=sheet.version
    )
    assert (approved.status, approved.decided_by) == (SheetStatus.APPROVED, world.users["manager"])
    assert approved_minutes(task) == 240
    assert Assignment.objects.get(pk=assignment.pk).actual_work_minutes == 240
    unchanged = Task.objects.get(pk=task.pk)
    assert (unchanged.percent_complete, unchanged.actual_start) == (task.percent_complete, task.actual_start)


def test_approval_with_progress_on_sets_actual_start_and_percent(world: World) -> None:
    task = world.a.obj("task")  # 960 minutes, no assignment: planned work = its duration
    project_timesheet_settings_set(actor=world.users["manager"], project=task.project, update_progress=True)
    sheet = submitted(world, minutes=240)
    timesheet_approve(actor=world.users["manager"], timesheet=sheet)
    updated = Task.objects.get(pk=task.pk)
    assert updated.percent_complete == 25
    assert updated.actual_start is not None
    assert updated.actual_start.date() == MONDAY


def test_settings_need_a_manager(world: World) -> None:
    with pytest.raises(PermissionDenied):
        project_timesheet_settings_set(
            actor=world.users["contributor"], project=world.a.project, update_progress=True
        )


def test_nobody_decides_their_own_sheet(world: World) -> None:
    sheet = entries_set(
        actor=world.users["manager"],
        week_start=MONDAY,
        cells=[{"task": world.a.obj("task"), "date": MONDAY, "minutes": 60}],
    )
    sheet = timesheet_submit(actor=world.users["manager"], timesheet=sheet)
    with pytest.raises(DomainRuleError, match="your own timesheet"):
        timesheet_approve(actor=world.users["manager"], timesheet=sheet)
