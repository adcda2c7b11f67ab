"""The snapshot a run stores and the dates it maps to: the deterministic plan lands on the project's
scheduled finish, correlation groups become pairs, approximations are listed."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from pmo.projects.models import Task
from pmo.simulations.adapters import model_inputs
from pmo.simulations.models import TaskEstimate
from pmo.simulations.services import estimate_delete, estimate_set, run_start
from pmo.simulations.tests.helpers import fake_register, finished
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def test_without_uncertainty_every_p_value_is_the_scheduled_finish(world: World, monkeypatch: Any) -> None:
    # given the project with no estimate and no risk
    fake_register(monkeypatch, [])
    estimate = world.a.obj("risk_estimate")
    estimate_delete(actor=world.users["contributor"], estimate=estimate, expected_version=estimate.version)
    project = world.a.project
    project.refresh_from_db()
    # when a run executes
    run = finished(run_start(actor=world.users["contributor"], project=project, iterations=50, seed=1))
    # then the plan and every P-value is the finish the scheduling engine computed, on the calendar
    expected = timezone.localtime(project.scheduled_finish).strftime("%Y-%m-%dT%H:%M")
    assert run.results["planned"]["date"] == expected
    assert {row["date"] for row in run.results["percentiles"]} == {expected}
    assert run.results["probability_planned"] == 1.0


def test_the_register_s_quantified_threats_are_read(world: World) -> None:
    # given the world's threat on the first task (40 %, 1 to 8 days)
    risk = world.a.obj("risk")
    # when the inputs are read
    event = next(e for e in model_inputs(world.a.project)["risks"] if e["uid"] == str(risk.uid))
    # then it is an event on that task, in percent and working minutes
    per_day = world.a.project.minutes_per_day
    assert (event["probability"], event["tasks"]) == (40.0, [world.a.obj("task").pk])
    assert event["time"] == [1.0 * per_day, 3.0 * per_day, 8.0 * per_day] and event["time_unit"] == "m"


def test_a_correlation_group_becomes_pairs_of_its_tasks(world: World) -> None:
    # given the world's group holding the first task, and the second task joining it
    group = world.a.obj("correlation_group")
    data = {"minimum_minutes": 400, "most_likely_minutes": 480, "maximum_minutes": 900, "group": group}
    estimate_set(actor=world.users["contributor"], task=world.a.obj("task2"), data=data)
    # when the inputs are read
    inputs = model_inputs(world.a.project)
    # then the two tasks are correlated by the group's coefficient
    assert inputs["correlations"] == [[world.a.obj("task").pk, world.a.obj("task2").pk, 0.5]]
    assert len(inputs["estimates"]) == 2


def test_leaf_tasks_only_and_progress_taken_into_account(world: World) -> None:
    inputs = model_inputs(world.a.project)
    ids = [t["id"] for t in inputs["tasks"]]
    assert world.a.obj("summary_task").pk not in ids
    assert ids == list(
        Task.objects.filter(project=world.a.project, is_summary=False, is_active=True)
        .order_by("position")
        .values_list("id", flat=True)
    )
    # a finished task takes no time and its estimate is not used
    Task.objects.filter(pk=world.a.obj("task").pk).update(percent_complete=100, actual_finish=timezone.now())
    inputs = model_inputs(world.a.project)
    first = next(t for t in inputs["tasks"] if t["id"] == world.a.obj("task").pk)
    assert first["duration"] == 0 and inputs["estimates"] == []


def test_lists_and_pages_use_a_bounded_number_of_queries(
    world: World, api_client: Any, max_queries: Any
) -> None:
    for _ in range(3):
        run_start(actor=world.users["contributor"], project=world.a.project, iterations=10)
    client = api_client("contributor")
    with max_queries(12):
        assert client.get("/api/v1/simulations/").status_code == 200
    with max_queries(12):
        assert client.get("/api/v1/simulation-estimates/").status_code == 200
    assert TaskEstimate.objects.count() >= 2  # both sides'
