"""Worked example D of DOMAIN.md through the app: a plan in the database, an estimate set through
the service, a seeded 10,000-iteration run stored with its results, read back in days."""

from __future__ import annotations

from typing import Any

import pytest

from pmo.interchange.text import parse_predecessors
from pmo.projects.services import task_create
from pmo.simulations.services import estimate_set, run_start
from pmo.simulations.tests.helpers import fake_register, finished
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def test_worked_example_d_through_the_app(world: World, monkeypatch: Any) -> None:
    # given a project with A (2 days, fixed) then B (3 days planned, triangular 2 / 3 / 6 days)
    fake_register(monkeypatch, [])
    project, admin = world.a.project_direct, world.users["pmo_admin"]
    day = project.minutes_per_day
    a = task_create(actor=admin, project=project, name="A", duration_minutes=2 * day).task
    b = task_create(
        actor=admin,
        project=project,
        name="B",
        duration_minutes=3 * day,
        predecessors=parse_predecessors(str(a.position)),
    ).task
    estimate_set(
        actor=admin,
        task=b,
        data={"minimum_minutes": 2 * day, "most_likely_minutes": 3 * day, "maximum_minutes": 6 * day},
    )
    # when a seeded run of 10,000 iterations executes
    run = finished(run_start(actor=admin, project=project, iterations=10_000, seed=20260101))
    results = run.results
    # then DOMAIN.md's figures come out within Monte Carlo error
    assert results["planned"]["minutes"] == 5 * day
    assert results["probability_planned"] == pytest.approx(0.25, abs=0.02)
    assert results["finish"]["mean"] / day == pytest.approx(5.6667, abs=0.03)
    p80 = next(row["minutes"] for row in results["percentiles"] if row["p"] == 80)
    assert p80 / day == pytest.approx(6.4508, abs=0.03)
    criticality = {t["name"]: t["criticality"] for t in results["tasks"]}
    assert criticality == {"A": 1.0, "B": 1.0}
