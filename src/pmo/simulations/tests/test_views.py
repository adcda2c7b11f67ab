"""The Risk analysis section and a run's page: the grid with htmx inline edit, the filler, groups,
starting a run (refusals name the field, nothing stored), the results with their charts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pmo.simulations.models import SimulationRun, TaskEstimate
from pmo.testing.fingerprint import assert_fingerprint_unchanged
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def url(name: str, world: World, **kwargs: Any) -> str:
    return reverse(f"simulations:{name}", kwargs={"uid": world.a.project.uid, **kwargs})


def test_viewers_see_the_grid_and_runs_without_forms(world: World) -> None:
    page = client_for(world, "viewer").get(url("analysis", world)).content.decode()
    assert 'id="estimate-grid"' in page and world.a.obj("task2").name in page
    assert "Run 1" in page  # the world's run
    assert 'id="run-form"' not in page and 'id="fill-form"' not in page
    assert "Risk analysis" in page  # the workspace navigation names the section


def test_a_contributor_edits_a_row_in_place(world: World) -> None:
    client = client_for(world, "contributor")
    task = world.a.obj("task2")
    # when the row's edit form is fetched with htmx
    form = client.get(url("estimate", world, task_uid=task.uid), **HTMX)
    assert (
        form.status_code == 200 and "<form" in form.content.decode() and "<html" not in form.content.decode()
    )
    # and posted with days
    saved = client.post(
        url("estimate", world, task_uid=task.uid),
        {"minimum": "1", "most_likely": "2", "maximum": "4.5", "distribution": "pert"},
        **HTMX,
    )
    # then the answer is the row alone, in days, and the estimate is stored in minutes
    body = saved.content.decode()
    assert saved.status_code == 200 and f'id="estimate-{task.uid}"' in body and "4.5" in body
    estimate = TaskEstimate.objects.get(task=task)
    per_day = world.a.project.minutes_per_day
    assert (estimate.minimum_minutes, estimate.maximum_minutes) == (per_day, int(4.5 * per_day))


def test_a_bad_row_is_refused_at_its_field_and_nothing_is_stored(world: World, fingerprint: Any) -> None:
    before = fingerprint()
    answer = client_for(world, "contributor").post(
        url("estimate", world, task_uid=world.a.obj("task2").uid),
        {"minimum": "5", "most_likely": "2", "maximum": "6", "distribution": "triangular"},
        **HTMX,
    )
    assert answer.status_code == 400
    assert "The minimum (" in answer.content.decode()
    assert_fingerprint_unchanged(before)


def test_the_filler_and_groups(world: World) -> None:
    client = client_for(world, "contributor")
    answer = client.post(
        url("fill", world), {"minus_percent": "10", "plus_percent": "25", "distribution": "pert"}
    )
    assert answer.status_code == 302
    assert TaskEstimate.objects.filter(task=world.a.obj("task2")).exists()
    refused = client.post(url("group_create", world), {"name": "Civil", "coefficient": "0.99"})
    assert refused.status_code == 400 and "between 0 and 0.95" in refused.content.decode()
    assert client.post(url("group_create", world), {"name": "Civil", "coefficient": "0.4"}).status_code == 302


@pytest.mark.parametrize(
    ("iterations", "message"), [("0", "at least 1"), ("999999999", "over the configured cap")]
)
def test_starting_a_run_with_bad_iterations_is_refused(
    world: World, fingerprint: Any, iterations: str, message: str
) -> None:
    before = fingerprint()
    answer = client_for(world, "contributor").post(url("run_start", world), {"iterations": iterations})
    assert answer.status_code == 400 and message in answer.content.decode()
    assert_fingerprint_unchanged(before)


def test_starting_a_run_runs_it_and_shows_its_results(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world, "contributor")
    # when a run is started (the immediate task backend runs it when the request commits)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            url("run_start", world), {"iterations": "400", "seed": "99", "deadline": "2026-12-31"}
        )
    run = SimulationRun.objects.filter(project=world.a.project).order_by("-number").first()
    assert run is not None and answer.status_code == 302 and str(run.uid) in answer["Location"]
    run.refresh_from_db()
    assert (run.status, run.seed, run.iterations) == ("succeeded", 99, 400)
    # then its page shows the probabilities, the P-values and the charts
    page = client.get(answer["Location"]).content.decode()
    assert 'data-figure="p-planned"' in page and 'data-figure="p-deadline"' in page
    assert 'data-chart="finish-chart-data"' in page and 'data-chart="cost-chart-data"' in page
    assert "P80" in page and world.a.obj("task").name in page
    figure = json.loads(
        page.split('id="finish-chart-data" type="application/json">', 1)[1].split("</script>", 1)[0]
    )
    assert [note["text"] for note in figure["layout"]["annotations"]] == ["Planned", "Deadline", "P80"]


def test_the_run_page_polls_while_the_run_waits(world: World) -> None:
    run = world.a.obj("simulation_run")
    SimulationRun.objects.filter(pk=run.pk).update(status="running", results={})
    page = client_for(world, "viewer").get(url("run", world, run_uid=run.uid), **HTMX).content.decode()
    assert 'hx-trigger="every 2s"' in page and "<html" not in page
    # and once it is done, the poll asks for a reload (to draw the charts)
    SimulationRun.objects.filter(pk=run.pk).update(status="succeeded", results=run.results)
    done = client_for(world, "viewer").get(url("run", world, run_uid=run.uid), **HTMX)
    assert done["HX-Refresh"] == "true"


def test_rerun_and_delete(world: World, django_capture_on_commit_callbacks: Any) -> None:
    run = world.a.obj("simulation_run")
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for(world, "contributor").post(url("run_rerun", world, run_uid=run.uid))
    again = SimulationRun.objects.get(rerun_of=run)
    assert answer.status_code == 302 and again.results == run.results
    assert (
        client_for(world, "contributor")
        .post(url("run_delete", world, run_uid=run.uid), {"version": run.version})
        .status_code
        == 403
    )
    assert (
        client_for(world, "manager")
        .post(url("run_delete", world, run_uid=run.uid), {"version": run.version})
        .status_code
        == 302
    )
    assert not SimulationRun.objects.filter(pk=run.pk).exists()


def test_without_javascript_the_row_form_is_on_the_page(world: World, fingerprint: Any) -> None:
    client = client_for(world, "contributor")
    task = world.a.obj("task2")
    page = client.get(url("estimate", world, task_uid=task.uid)).content.decode()
    assert "<html" in page and f'action="{url("estimate", world, task_uid=task.uid)}"' in page
    before = fingerprint()
    refused = client.post(
        url("estimate", world, task_uid=task.uid), {"minimum": "1", "most_likely": "", "maximum": "2"}
    )
    assert refused.status_code == 400 and "<html" in refused.content.decode()
    assert "This field is required" in refused.content.decode()
    assert_fingerprint_unchanged(before)
