"""Capacity and leveling in a real browser (issue 8 acceptance).

On the demo organisation: one person (Ada) is assigned full time to two parallel five-day tasks of
a new project. Priya (portfolio manager) sees Ada over-allocated on the portfolio's capacity heat
map; Marcus (program manager) levels the project, sees the delayed task and why, applies; the heat
map no longer shows Ada over-allocated; undo puts the task back.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from pmo.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _plan(monday: dt.date) -> tuple[Any, Any, Any]:
    """The project, Ada, and her two tasks (through the services)."""
    from pmo.accounts.models import User
    from pmo.portfolios.models import Portfolio
    from pmo.programs.models import Program
    from pmo.projects.models import Task
    from pmo.projects.services import project_create, task_create
    from pmo.resources.services import assignment_create, resource_create

    marcus, priya = User.objects.get(username="marcus"), User.objects.get(username="priya")
    program = Program.objects.get(code="CXP")
    project = project_create(
        actor=marcus,
        parent=program.scope,
        code="CX-LEVEL",
        name="Chatbot pilot",
        state="active",
        start_date=monday,
    )
    for name in ("Train the bot", "Write the answers"):
        task_create(actor=marcus, project=project, name=name, duration_minutes=5 * 480)
    ada = resource_create(
        actor=priya,
        pool=Portfolio.objects.get(pk=program.portfolio_id).scope,
        name="Ada Lovelace",
        standard_rate=Decimal(90),
    )
    tasks = list(Task.objects.filter(project=project).order_by("position"))
    for task in tasks:
        assignment_create(actor=marcus, project=project, task=task, resource=ada, work_minutes=5 * 480)
    return project, ada, tasks


def _ada_row(page: Any, base: str, portfolio_uid: Any, monday: dt.date) -> str:
    page.goto(f"{base}/portfolios/{portfolio_uid}/capacity/?start={monday:%Y-%m-%d}&weeks=4&bucket=week")
    return page.locator("#capacity-grid tr", has_text="Ada Lovelace").first.inner_text()


def test_an_over_allocation_is_levelled_explained_and_undone(live_server: Any, page: Any) -> None:
    """Given Ada on two parallel tasks, when the project is levelled, then the heat map clears and
    the delay is explained; undo restores the plan."""
    from playwright.sync_api import expect

    from pmo.programs.models import Program
    from pmo.projects.models import Task

    call_command("demo", stdout=StringIO())
    today = timezone.localdate()
    monday = today + dt.timedelta(days=7 - today.weekday())
    project, _, tasks = _plan(monday)
    portfolio_uid = Program.objects.get(code="CXP").portfolio.uid
    base = live_server.url

    sign_in(page, base, "priya")
    assert "!" in _ada_row(page, base, portfolio_uid, monday)  # 80 h of work in a 40 h week

    sign_in(page, base, "marcus")
    page.goto(f"{base}/projects/{project.uid}/")
    page.get_by_role("navigation", name="Project sections").get_by_role(
        "link", name="Leveling", exact=True
    ).click()
    page.locator("#level-button").click()
    moved = page.locator("#moved-tasks")
    expect(moved).to_contain_text("Write the answers")
    expect(moved).to_contain_text("Ada Lovelace")
    page.locator("#apply-button").click()
    expect(page.locator("#undo-button")).to_be_visible()
    run_url = page.url

    second = Task.objects.get(pk=tasks[1].pk)
    first = Task.objects.get(pk=tasks[0].pk)
    assert second.start >= first.finish  # one after the other now

    sign_in(page, base, "priya")
    assert "!" not in _ada_row(page, base, portfolio_uid, monday)

    sign_in(page, base, "marcus")
    page.goto(run_url)
    page.locator("#undo-button").click()
    expect(page.locator("#undo-button")).to_have_count(0)
    assert Task.objects.get(pk=tasks[1].pk).start == tasks[1].start
    sign_in(page, base, "priya")
    assert "!" in _ada_row(page, base, portfolio_uid, monday)
