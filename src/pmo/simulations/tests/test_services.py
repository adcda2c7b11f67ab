"""Estimates, correlation groups and runs through the services: rules named by field, roles,
audit records, reproducible runs, risk events from the register, costs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from pmo.core.errors import DomainRuleError
from pmo.core.jobs import JobFailedError
from pmo.core.selectors import history_of
from pmo.projects.models import Task
from pmo.simulations.models import CorrelationGroup, SimulationRun, TaskEstimate
from pmo.simulations.services import (
    estimate_delete,
    estimate_set,
    estimates_fill,
    group_create,
    run_rerun,
    run_start,
)
from pmo.simulations.tests.helpers import FakeRisk, fake_register, finished
from pmo.testing.fingerprint import assert_fingerprint_unchanged
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db

GOOD = {"minimum_minutes": 480, "most_likely_minutes": 960, "maximum_minutes": 1920, "distribution": "pert"}


def test_a_contributor_sets_an_estimate_and_it_is_audited(world: World) -> None:
    # given a leaf task without an estimate
    task = world.a.obj("task2")
    # when a contributor sets one
    estimate = estimate_set(actor=world.users["contributor"], task=task, data=GOOD)
    # then it is stored with its values and an audit record
    assert (estimate.minimum_minutes, estimate.maximum_minutes, estimate.distribution) == (480, 1920, "pert")
    record = history_of(estimate).get()
    assert record.changes["maximum_minutes"] == [None, 1920]
    # and setting it again changes the same row, bumping its version
    again = estimate_set(
        actor=world.users["contributor"], task=task, data=GOOD | {"maximum_minutes": 2400}, expected_version=1
    )
    assert (again.pk, again.version, again.maximum_minutes) == (estimate.pk, 2, 2400)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"minimum_minutes": 1000}, "minimum_minutes"),
        ({"maximum_minutes": 900}, "maximum_minutes"),
        ({"minimum_minutes": -5}, "minimum_minutes"),
        ({"distribution": "normal"}, "distribution"),
        ({"distribution": "lognormal", "minimum_minutes": 960}, "maximum_minutes"),
        ({"cost_minimum_percent": 90}, "cost_minimum_percent"),
        (
            {"cost_minimum_percent": 120, "cost_most_likely_percent": 100, "cost_maximum_percent": 150},
            "cost_minimum_percent",
        ),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_estimate_is_refused_naming_the_field(
    world: World, fingerprint: Any, change: dict[str, Any], field: str
) -> None:
    # given the database as it is
    before = fingerprint()
    # when an estimate breaks a rule
    with pytest.raises(DomainRuleError) as caught:
        estimate_set(actor=world.users["contributor"], task=world.a.obj("task2"), data=GOOD | change)
    # then the message names the field and nothing was written
    assert caught.value.field == field
    assert_fingerprint_unchanged(before)


def test_viewers_and_summaries_are_refused(world: World) -> None:
    with pytest.raises(PermissionDenied):
        estimate_set(actor=world.users["viewer"], task=world.a.obj("task2"), data=GOOD)
    with pytest.raises(DomainRuleError) as caught:
        estimate_set(actor=world.users["contributor"], task=world.a.obj("summary_task"), data=GOOD)
    assert caught.value.field == "task"


def test_fill_gives_every_leaf_task_an_estimate_and_keeps_existing_ones(world: World) -> None:
    # given the world's estimate on the first task (720 / 960 / 1920)
    project = world.a.project
    leaves = Task.objects.filter(project=project, is_summary=False, duration_minutes__gt=0)
    # when the filler runs with -10 % / +50 %
    written = estimates_fill(
        actor=world.users["contributor"],
        project=project,
        minus_percent=10,
        plus_percent=50,
        distribution="uniform",
    )
    # then every other leaf task with a duration has duration x 0.9 / 1 / 1.5
    assert written == leaves.count() - 1
    second = TaskEstimate.objects.get(task=world.a.obj("task2"))
    d = world.a.obj("task2").duration_minutes
    assert (second.minimum_minutes, second.most_likely_minutes, second.maximum_minutes) == (
        round(d * 0.9),
        d,
        round(d * 1.5),
    )
    assert TaskEstimate.objects.get(task=world.a.obj("task")).maximum_minutes == 1920
    # and with overwrite the first one is replaced too
    estimates_fill(
        actor=world.users["contributor"], project=project, minus_percent=0, plus_percent=0, overwrite=True
    )
    assert (
        TaskEstimate.objects.get(task=world.a.obj("task")).maximum_minutes
        == world.a.obj("task").duration_minutes
    )


def test_groups_are_named_once_and_bounded(world: World) -> None:
    project = world.a.project
    group = group_create(actor=world.users["contributor"], project=project, name="Civil", coefficient="0.4")
    assert group.coefficient == Decimal("0.40")
    with pytest.raises(DomainRuleError) as caught:
        group_create(actor=world.users["contributor"], project=project, name="Civil", coefficient="0.4")
    assert caught.value.field == "name"
    with pytest.raises(DomainRuleError) as caught:
        group_create(actor=world.users["contributor"], project=project, name="Other", coefficient="1.2")
    assert caught.value.field == "coefficient"
    assert CorrelationGroup.objects.filter(project=project).count() == 2  # the world's and Civil


def test_a_run_stores_seed_settings_engine_version_and_results(world: World) -> None:
    # given the world's project (an estimate on its first task, a fixed cost)
    # when a run of 500 iterations is started and executed
    run = run_start(actor=world.users["contributor"], project=world.a.project, iterations=500, seed=11)
    assert run.status == "queued" and run.job is not None
    run = finished(run)
    # then it stored what reproduces it, and its results
    assert (run.status, run.seed, run.iterations) == ("succeeded", 11, 500)
    assert run.engine_version.startswith("pmo.engine.risk")
    assert run.run_settings["engine"]["iterations"] == 500
    results = run.results
    assert sum(results["finish"]["histogram"]["counts"]) == 500
    assert [row["p"] for row in results["percentiles"]] == [10, 20, 30, 40, 50, 60, 70, 80, 90]
    p10, p90 = results["percentiles"][0]["date"], results["percentiles"][-1]["date"]
    assert p10 <= p90
    assert 0 <= results["probability_planned"] <= 1
    first = next(t for t in results["tasks"] if t["id"] == world.a.obj("task").pk)
    assert first["criticality"] == 1.0 and first["sensitivity"] > 0.9  # the only uncertain task on the path
    assert results["cost"] is not None and results["planned"]["cost"] > 0  # the world's fixed cost


def test_the_same_seed_gives_identical_results_and_another_seed_does_not(world: World) -> None:
    actor = world.users["contributor"]
    first = finished(run_start(actor=actor, project=world.a.project, iterations=300, seed=42))
    again = finished(run_rerun(actor=actor, run=first))
    fresh = finished(run_start(actor=actor, project=world.a.project, iterations=300, seed=43))
    assert (again.seed, again.rerun_of_id) == (42, first.pk)
    assert again.results == first.results
    assert fresh.results["finish"] != first.results["finish"]


@pytest.mark.parametrize(
    ("iterations", "field"), [(0, "iterations"), (10**9, "iterations"), ("many", "iterations")]
)
def test_bad_iterations_are_refused_and_nothing_is_stored(
    world: World, fingerprint: Any, iterations: Any, field: str
) -> None:
    before = fingerprint()
    with pytest.raises(DomainRuleError) as caught:
        run_start(actor=world.users["contributor"], project=world.a.project, iterations=iterations)
    assert caught.value.field == field
    assert_fingerprint_unchanged(before)


def test_the_iteration_cap_is_a_setting(world: World, settings: Any) -> None:
    settings.PMO_SIMULATION_MAX_ITERATIONS = 100
    with pytest.raises(DomainRuleError, match="cap of 100"):
        run_start(actor=world.users["contributor"], project=world.a.project, iterations=101)
    assert (
        run_start(actor=world.users["contributor"], project=world.a.project, iterations=100).iterations == 100
    )


def test_viewers_cannot_start_runs(world: World) -> None:
    with pytest.raises(PermissionDenied):
        run_start(actor=world.users["viewer"], project=world.a.project, iterations=10)


def test_register_risks_become_events_with_a_tornado_bar(world: World, monkeypatch: Any) -> None:
    # given a register threat at 50 % adding 4 to 8 hours to the second task, and 1,000 to the cost
    task2 = world.a.obj("task2")
    fake_register(
        monkeypatch,
        [FakeRisk("Supplier late", 0.5, (task2.pk,), (240, 360, 480), False, (Decimal(1000),) * 3)],
    )
    # when a run executes
    run = finished(
        run_start(actor=world.users["contributor"], project=world.a.project, iterations=2000, seed=5)
    )
    # then the event is in the inputs (probability in percent) and in the tornado
    event = run.inputs["risks"][0]
    assert (event["id"], event["probability"], event["tasks"]) == ("Supplier late", 50.0, [task2.pk])
    bar = run.results["tornado"][0]
    assert bar["risk"] == "Supplier late"
    assert 900 < bar["occurrences"] < 1100
    assert 120 < bar["finish_mean"] < 240  # half the time, 6 hours on the path
    assert bar["cost_mean"] == pytest.approx(500, rel=0.1)


def test_a_risk_probability_outside_0_to_100_percent_is_refused(
    world: World, monkeypatch: Any, fingerprint: Any
) -> None:
    fake_register(monkeypatch, [FakeRisk("Broken", 1.2, (world.a.obj("task2").pk,), (60, 60, 60))])
    before = fingerprint()
    with pytest.raises(DomainRuleError) as caught:
        run_start(actor=world.users["contributor"], project=world.a.project, iterations=10)
    assert caught.value.field == "risks" and "probability" in caught.value.message
    assert_fingerprint_unchanged(before)


def test_a_cost_range_widens_the_cost_but_not_the_tornado(world: World) -> None:
    # given the first task (with a fixed cost) costing 50 % to 200 % of its plan
    estimate = TaskEstimate.objects.get(task=world.a.obj("task"))
    data = {name: getattr(estimate, name) for name in GOOD} | {"group": estimate.group}
    data |= {"cost_minimum_percent": 50, "cost_most_likely_percent": 100, "cost_maximum_percent": 200}
    estimate_set(
        actor=world.users["contributor"], task=estimate.task, data=data, expected_version=estimate.version
    )
    plain = finished(
        run_start(actor=world.users["contributor"], project=world.a.project, iterations=500, seed=3)
    )
    # then the cost spread is wider than from the duration alone, and no tornado bar is a cost range
    assert plain.inputs["cost_ranges"]
    assert plain.results["cost"]["std"] > 0
    assert all(not bar["risk"].startswith("cost-range:") for bar in plain.results["tornado"])


def test_deleting_an_estimate_needs_its_version(world: World) -> None:
    estimate = world.a.obj("risk_estimate")
    estimate_delete(actor=world.users["contributor"], estimate=estimate, expected_version=estimate.version)
    assert not TaskEstimate.objects.filter(pk=estimate.pk).exists()
    assert SimulationRun.objects.filter(project=world.a.project).exists()  # runs keep their inputs


def test_the_latest_task_deadline_is_the_default_deadline(world: World) -> None:
    moment = timezone.make_aware(dt.datetime(2026, 9, 30, 17, 0))
    Task.objects.filter(pk=world.a.obj("task2").pk).update(deadline=moment)
    run = run_start(actor=world.users["contributor"], project=world.a.project, iterations=10)
    assert run.deadline == dt.date(2026, 9, 30)
    explicit = run_start(
        actor=world.users["contributor"],
        project=world.a.project,
        iterations=10,
        deadline=dt.date(2026, 12, 1),
    )
    assert explicit.deadline == dt.date(2026, 12, 1)


def test_a_run_the_engine_refuses_fails_with_the_message(world: World) -> None:
    # given a started run whose stored inputs the engine cannot use (changed behind its back)
    run = run_start(actor=world.users["contributor"], project=world.a.project, iterations=10)
    inputs = run.inputs | {"estimates": [[world.a.obj("task").pk, 900, 100, 50, "triangular"]]}
    SimulationRun.objects.filter(pk=run.pk).update(inputs=inputs)
    # when it executes, then it fails with the engine's message naming the input
    with pytest.raises(JobFailedError, match="minimum"):
        finished(run)
    run.refresh_from_db()
    assert run.status == "failed" and "estimates[0]" in run.error
