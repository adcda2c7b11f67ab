"""``/api/v1/simulations/`` and ``/api/v1/simulation-estimates/``: start a run and read its results,
set estimates; bad input is a 400 naming the field and stores nothing."""

from __future__ import annotations

from typing import Any

import pytest

from pmo.simulations.models import SimulationRun, TaskEstimate
from pmo.testing.fingerprint import assert_fingerprint_unchanged
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db
RUNS = "/api/v1/simulations/"
ESTIMATES = "/api/v1/simulation-estimates/"


def test_starting_a_run_and_reading_its_results(
    world: World, api_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = api_client("contributor")
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            RUNS, {"project": str(world.a.project.uid), "iterations": 300, "seed": 5}, format="json"
        )
    assert created.status_code == 201, created.content
    uid = created.json()["uid"]
    detail = client.get(f"{RUNS}{uid}/").json()
    assert (detail["status"], detail["seed"], detail["iterations"]) == ("succeeded", 5, 300)
    assert detail["results"]["percentiles"][7]["p"] == 80
    assert detail["settings"]["iterations"] == 300
    listed = client.get(RUNS, {"project": str(world.a.project.uid), "status": "succeeded"}).json()
    assert uid in [row["uid"] for row in listed["results"]] and "results" not in listed["results"][0]
    assert client.get(RUNS, {"status": "failed"}).json()["results"] == []


@pytest.mark.parametrize(
    ("body", "field"), [({"iterations": 0}, "iterations"), ({"iterations": 10**9}, "iterations")]
)
def test_bad_runs_are_refused_naming_the_field(
    world: World, api_client: Any, fingerprint: Any, body: dict[str, Any], field: str
) -> None:
    before = fingerprint()
    answer = api_client("contributor").post(
        RUNS, {"project": str(world.a.project.uid), **body}, format="json"
    )
    assert answer.status_code == 400 and field in answer.content.decode()
    assert_fingerprint_unchanged(before)


def test_viewers_cannot_start_runs_and_outsiders_cannot_see_them(world: World, api_client: Any) -> None:
    assert (
        api_client("viewer").post(RUNS, {"project": str(world.a.project.uid)}, format="json").status_code
        == 403
    )
    run = world.a.obj("simulation_run")
    assert api_client("outsider").get(f"{RUNS}{run.uid}/").status_code == 404


def test_estimates_are_set_and_patched(world: World, api_client: Any) -> None:
    client = api_client("contributor")
    task = world.a.obj("task2")
    body = {"task": str(task.uid), "minimum_minutes": 400, "most_likely_minutes": 480, "maximum_minutes": 900}
    created = client.post(ESTIMATES, body, format="json")
    assert created.status_code == 201, created.content
    uid = created.json()["uid"]
    patched = client.patch(
        f"{ESTIMATES}{uid}/", {"maximum_minutes": 1200}, format="json", HTTP_IF_MATCH=created["ETag"]
    )
    assert patched.status_code == 200 and patched.json()["maximum_minutes"] == 1200
    assert TaskEstimate.objects.get(task=task).minimum_minutes == 400


def test_a_bad_estimate_names_its_field(world: World, api_client: Any, fingerprint: Any) -> None:
    before = fingerprint()
    body = {
        "task": str(world.a.obj("task2").uid),
        "minimum_minutes": 900,
        "most_likely_minutes": 480,
        "maximum_minutes": 1000,
    }
    answer = api_client("contributor").post(ESTIMATES, body, format="json")
    assert answer.status_code == 400 and "minimum_minutes" in answer.content.decode()
    assert_fingerprint_unchanged(before)
    assert SimulationRun.objects.filter(project=world.a.project).count() == 1


def test_lists_hold_only_the_caller_s_projects(world: World, api_client: Any) -> None:
    ours, theirs = world.a.obj("simulation_run"), world.b.obj("simulation_run")
    runs = [row["uid"] for row in api_client("contributor").get(RUNS).json()["results"]]
    assert str(ours.uid) in runs and str(theirs.uid) not in runs
    estimates = [row["uid"] for row in api_client("contributor").get(ESTIMATES).json()["results"]]
    assert str(world.a.obj("risk_estimate").uid) in estimates
    assert str(world.b.obj("risk_estimate").uid) not in estimates
