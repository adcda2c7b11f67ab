"""Leveling pages: level from the project section, see the delay explained, apply, undo; refusals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pmo.core.models import BackgroundJob
from pmo.leveling.choices import RunStatus
from pmo.leveling.models import LevelingRun
from pmo.leveling.tests.conftest import Plan
from pmo.projects.models import Task

pytestmark = pytest.mark.django_db


def test_level_apply_and_undo_from_the_pages(plan: Plan, persona_client: Callable[[str], Client]) -> None:
    client = persona_client("manager")
    section = reverse("leveling:project", kwargs={"uid": plan.project.uid})

    # Given the section shows the obvious button
    page = client.get(section)
    assert page.status_code == 200
    assert b'id="level-button"' in page.content

    # When the manager levels, then the preview explains the delay and offers Apply and Discard
    response = client.post(section, {"mode": "heuristic", "time_limit": ""})
    assert response.status_code == 302
    run = LevelingRun.objects.get(scope=plan.project.scope)
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ada LVL-1 was over-allocated" in text and 'id="apply-button"' in text
    assert 'data-chart="leveling-chart-data"' in text
    assert Task.objects.get(pk=plan.test.pk).constraint_type == "ASAP"

    # When applied, then the task is constrained and the page offers Undo
    response = client.post(reverse("leveling:apply", kwargs={"uid": run.uid}), {"version": run.version})
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.APPLIED
    assert Task.objects.get(pk=plan.test.pk).constraint_type == "SNET"
    assert 'id="undo-button"' in client.get(response["Location"]).content.decode()

    # When undone, then the constraint is gone again
    response = client.post(reverse("leveling:undo", kwargs={"uid": run.uid}), {"version": run.version})
    assert response.status_code == 302
    assert Task.objects.get(pk=plan.test.pk).constraint_type == "ASAP"


def test_a_stale_button_is_refused_and_changes_nothing(
    plan: Plan, persona_client: Callable[[str], Client], fingerprint: Callable[[], object]
) -> None:
    client = persona_client("manager")
    client.post(reverse("leveling:project", kwargs={"uid": plan.project.uid}), {"mode": "heuristic"})
    run = LevelingRun.objects.get(scope=plan.project.scope)
    before = fingerprint()

    response = client.post(reverse("leveling:apply", kwargs={"uid": run.uid}), {"version": run.version + 1})

    assert response.status_code == 409
    assert fingerprint() == before


def test_bad_time_limit_names_the_field(
    plan: Plan, persona_client: Callable[[str], Client], fingerprint: Callable[[], object]
) -> None:
    before = fingerprint()

    response = persona_client("manager").post(
        reverse("leveling:project", kwargs={"uid": plan.project.uid}), {"mode": "optimize", "time_limit": "0"}
    )

    assert response.status_code == 400
    assert "time_limit" in response.context["form"].errors
    assert fingerprint() == before


def test_portfolio_page_levels_every_project(plan: Plan, persona_client: Callable[[str], Client]) -> None:
    portfolio = plan.world.a.portfolio
    client = persona_client("manager")
    url = reverse("leveling:node", kwargs={"uid": portfolio.uid})
    detail = client.get(reverse("portfolios:detail", kwargs={"uid": portfolio.uid}))
    assert url in detail.content.decode()

    response = client.post(url, {"mode": "heuristic"})

    assert response.status_code == 302
    run = LevelingRun.objects.get(scope=portfolio.scope, status=RunStatus.PREVIEWED)
    assert "Test" in [c["name"] for c in run.changes]


def test_a_long_improving_run_goes_to_the_background(
    plan: Plan, persona_client: Callable[[str], Client], django_capture_on_commit_callbacks: Any
) -> None:
    # When the manager asks to improve for 3 seconds
    with django_capture_on_commit_callbacks(execute=True):
        response = persona_client("manager").post(
            reverse("leveling:project", kwargs={"uid": plan.project.uid}),
            {"mode": "optimize", "time_limit": "3"},
        )

    # Then the page goes to the job, which kept the preview and names it
    assert response.status_code == 302
    job = BackgroundJob.objects.get(scope=plan.project.scope)
    assert response["Location"] == reverse("jobs:detail", kwargs={"uid": job.uid})
    job.refresh_from_db()
    run = LevelingRun.objects.get(scope=plan.project.scope)
    assert job.status == "succeeded", job.message
    assert str(run.uid) in job.message and [c["name"] for c in run.changes] == ["Test"]
