"""Risks, change control and escalation in a real browser (issue 7 acceptance).

On the demo organisation, Marcus (manager of the Customer Experience Platform program):
raises a risk on the portal project and finds it in its cell of the heat map; raises a change
request that lengthens "System integration test" by three days, sees its impact (the finish moves
by three working days), approves it with "save the baseline over", applies it and finds the task
and baseline 0 changed. Then, with a 20 % cost tolerance set by Priya (the portfolio manager), an
invoice of 20,000 pushes the project's EAC past it; the periodic tolerance check raises an exception,
and it arrives on Marcus's dashboard as the manager of the program above the project.
"""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from pmo.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _section(page: Any, name: str, base: str = "", project: Any = None) -> None:
    if project is not None:  # from a page outside the workspace (e.g. a risk's own page)
        page.goto(f"{base}/projects/{project.uid}/")
    page.get_by_role("navigation", name="Project sections").get_by_role("link", name=name, exact=True).click()


def test_a_risk_reaches_the_heat_map_and_a_change_reaches_the_plan(live_server: Any, page: Any) -> None:
    """Given the demo, when Marcus raises a risk and pushes a change through, then the heat map
    shows the risk and the plan and baseline carry the change."""
    from playwright.sync_api import expect

    from pmo.projects.models import BaselineTask, Project, Task

    call_command("demo", stdout=StringIO())
    base = live_server.url
    project = Project.objects.get(code="CX-PORTAL")
    sign_in(page, base, "marcus")

    # A risk with probability 4 and cost impact 5 lands in that cell of the inherent heat map.
    page.goto(f"{base}/projects/{project.uid}/")
    _section(page, "Risks")
    page.get_by_role("link", name="Raise a risk").click()
    page.locator("#id_title").fill("Payment provider changes its API before launch")
    page.locator("#id_probability").fill("4")
    page.locator("#id_impact_time").fill("2")
    page.locator("#id_impact_cost").fill("5")
    page.locator("#id_impact_scope").fill("1")
    page.locator("#id_impact_quality").fill("1")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Payment provider")
    _section(page, "Risks", base, project)
    cell = page.locator("#heatmaps table").first.get_by_role(
        "link", name="1 risk at probability 4, impact 5", exact=False
    )
    cell.click()
    expect(page.locator("main")).to_contain_text("Payment provider changes its API before launch")

    # A change request: System integration test from 10 to 13 days.
    task = Task.objects.get(project=project, name="System integration test")
    finish_before = Project.objects.get(pk=project.pk).scheduled_finish
    _section(page, "Changes")
    page.get_by_label("Title").fill("Longer integration test")
    page.get_by_label("Reason").fill("The payment provider needs a second test cycle.")
    page.get_by_role("button", name="Draft the request").click()
    block = page.locator("#op-set_duration")
    block.locator("summary").click()
    block.get_by_label("Task").select_option(str(task.uid))
    block.get_by_label("Duration (days)").fill("13")
    block.get_by_role("button", name="Add: change a task's duration").click()
    page.get_by_role("button", name="Assess impact").click()
    expect(page.locator("[data-impact=delay]")).to_contain_text("3 working days")
    page.get_by_role("button", name="Submit for decision").click()
    page.locator("#decide").get_by_label("Approve").check()
    page.locator("#decide").get_by_label("Save the baseline over when the change is applied").check()
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_role("button", name="Apply to the plan").click()
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "applied")

    task.refresh_from_db()
    project.refresh_from_db()
    assert task.duration_minutes == 13 * project.minutes_per_day
    assert project.scheduled_finish > finish_before
    baseline = BaselineTask.objects.get(baseline__project=project, baseline__number=0, task=task)
    assert baseline.finish == task.finish


def test_a_cost_overrun_raises_an_exception_on_the_program_dashboard(live_server: Any, page: Any) -> None:
    """Given a 20 % cost tolerance, when an invoice pushes EAC past it, then the exception arrives on
    the program manager's dashboard and can be acknowledged."""
    from playwright.sync_api import expect

    from pmo.accounts.models import User
    from pmo.governance.models import ToleranceException
    from pmo.governance.services import tolerance_set
    from pmo.projects.models import Project

    call_command("demo", stdout=StringIO())
    base = live_server.url
    project = Project.objects.get(code="CX-PORTAL")
    tolerance_set(
        actor=User.objects.get(username="priya"),
        scope=project.scope,
        dimension="cost",
        data={"measure": "eac_bac", "percent": "20"},
    )
    call_command("governance-check", stdout=StringIO())
    assert not ToleranceException.objects.filter(scope=project.scope).exists()  # 12.8 % over: within

    sign_in(page, base, "marcus")
    page.goto(f"{base}/projects/{project.uid}/")
    _section(page, "Cost")
    form = page.locator("form", has=page.get_by_role("button", name="Record entry"))
    form.locator("[name=kind]").select_option("invoice")
    form.locator("[name=date]").fill(f"{project.status_date:%Y-%m-%d}")
    form.locator("[name=category]").select_option("subcontract")
    form.locator("[name=amount]").fill("20000")
    form.locator("[name=currency]").fill("EUR")
    form.locator("[name=reference]").fill("AG-2300")
    form.get_by_role("button", name="Record entry").click()
    expect(page.locator("main")).to_contain_text("AG-2300")

    call_command("governance-check", stdout=StringIO())  # the periodic check (cron or the worker)
    page.goto(f"{base}/")
    panel = page.locator("#exceptions-panel")
    expect(panel).to_contain_text("CX-PORTAL")
    panel.get_by_role("link", name="CX-PORTAL", exact=False).first.click()
    page.get_by_role("button", name="Acknowledge").click()
    exception = ToleranceException.objects.get(scope=project.scope, dimension="cost")
    assert exception.status == "acknowledged"
