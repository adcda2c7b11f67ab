"""Program and portfolio status pages: each child project's latest submitted RAG and date, overdue
reports, scoping, and a query count that does not grow with the number of projects."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pmo.projects.models import Project
from pmo.projects.services import project_create
from pmo.reporting.models import StatusReport
from pmo.reporting.selectors import status_rows
from pmo.reporting.services import report_draft, report_submit, report_update, settings_update
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db
FRIDAY = dt.date(2026, 3, 6)


def new_project(world: World, code: str, *, parent: Any = None) -> Project:
    return project_create(
        actor=world.users["manager"],
        parent=parent or world.a.program.scope,
        code=code,
        name=f"Project {code}",
        state="active",
        start_date=dt.date(2026, 1, 5),
    )


def submitted(world: World, project: Project, period_end: dt.date, **overrides: str) -> StatusReport:
    manager = world.users["manager"]
    report = report_draft(actor=manager, project=project, period_end=period_end)
    if overrides:
        report = report_update(actor=manager, report=report, data=overrides, expected_version=report.version)
    return report_submit(actor=manager, report=report, expected_version=report.version)


def page_queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_portfolio_status_page_query_count_does_not_grow_with_projects(world: World) -> None:
    # given a portfolio page with two reporting projects (one in the program, one directly)
    client = Client()
    client.force_login(world.users["manager"])
    url = reverse("reporting:portfolio_status", kwargs={"uid": world.a.portfolio.uid})
    for index, parent in enumerate((world.a.program.scope, world.a.portfolio.scope)):
        submitted(world, new_project(world, f"QC-{index}", parent=parent), FRIDAY)
    program_url = reverse("reporting:program_status", kwargs={"uid": world.a.program.uid})
    few, _ = page_queries(client, url)
    few_program, _ = page_queries(client, program_url)
    # when four more projects report, then the page runs the same number of queries
    for index in range(2, 6):
        submitted(
            world, new_project(world, f"QC-{index}"), FRIDAY, cost_override="red", cost_comment="Overrun"
        )
    many, page = page_queries(client, url)
    assert many == few
    assert all(f"QC-{index}" in page for index in range(6))
    assert page_queries(client, program_url)[0] == few_program
    assert few <= 10


def test_latest_submitted_report_gives_the_rag_and_drafts_are_ignored(world: World) -> None:
    project = new_project(world, "RAG-1")
    submitted(world, project, FRIDAY - dt.timedelta(days=7), scope_override="red", scope_comment="Old")
    submitted(world, project, FRIDAY, scope_override="amber", scope_comment="Better")
    report_draft(actor=world.users["manager"], project=project, period_end=FRIDAY + dt.timedelta(days=7))
    row = status_rows(Project.objects.filter(pk=project.pk), today=FRIDAY + dt.timedelta(days=1))[0]
    assert row.latest is not None and row.latest.period_end == FRIDAY
    assert {r["key"]: r["rag"] for r in row.rags()}["scope"] == "amber"


def test_overdue_when_the_due_period_has_no_submitted_report(world: World) -> None:
    # given an active weekly project (3 grace days) that reported for the week ending 27 February
    project = new_project(world, "DUE-1")
    settings_update(
        actor=world.users["manager"], project=project, data={"grace_days": 3}, expected_version=None
    )
    submitted(world, project, FRIDAY - dt.timedelta(days=7))
    projects = Project.objects.filter(pk=project.pk)
    # when the week ending 6 March is within its grace days, then it is not overdue
    assert not status_rows(projects, today=dt.date(2026, 3, 9))[0].overdue
    # when the grace days have passed, then it is overdue for that week
    row = status_rows(projects, today=dt.date(2026, 3, 10))[0]
    assert row.overdue and row.due_end == FRIDAY
    # when its report is submitted, then it is not overdue any more
    submitted(world, project, FRIDAY)
    assert not status_rows(projects, today=dt.date(2026, 3, 10))[0].overdue


def test_projects_without_settings_or_not_active_are_never_overdue(world: World) -> None:
    quiet = new_project(world, "NOSET-1")
    on_hold = new_project(world, "HOLD-1")
    settings_update(actor=world.users["manager"], project=on_hold, data={}, expected_version=None)
    Project.objects.filter(pk=on_hold.pk).update(state="on_hold")
    rows = status_rows(Project.objects.filter(pk__in=[quiet.pk, on_hold.pk]), today=dt.date(2026, 6, 1))
    assert [row.overdue for row in rows] == [False, False]


def test_status_page_shows_only_visible_projects_and_no_foreign_data(world: World) -> None:
    # given B's side with a submitted report, when A's manager opens A's portfolio status page
    outsider = world.users["outsider"]
    report = report_draft(actor=outsider, project=world.b.project, period_end=FRIDAY)
    report_submit(actor=outsider, report=report, expected_version=report.version)
    client = Client()
    client.force_login(world.users["viewer"])
    page = client.get(
        reverse("reporting:portfolio_status", kwargs={"uid": world.a.portfolio.uid})
    ).content.decode()
    assert world.a.project.code in page
    assert not any(canary in page for canary in world.canaries_b)
    # and the world's project, which has settings and no submitted report, is listed as overdue
    assert 'data-overdue="true"' in page
