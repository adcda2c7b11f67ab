"""The Changes section: the list in the workspace, a new request, operations added with the form
of their kind, the impact table, the decision by the required authority, applying; refusals keep
the page and change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pmo.changes.models import ChangeRequest
from pmo.changes.tests.conftest import DAY, Network
from pmo.projects.models import Task
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def url(name: str, project: Any, change: Any = None) -> str:
    kwargs = {"uid": project.uid} | ({"request_uid": change.uid} if change is not None else {})
    return reverse(f"changes:{name}", kwargs=kwargs)


def test_the_section_lists_requests_and_viewers_get_no_form(world: World) -> None:
    page = client_for(world, "viewer").get(url("list", world.a.project)).content.decode()
    assert world.a.obj("change_request").title in page
    assert "Raise a change request" not in page
    assert (
        "Raise a change request"
        in client_for(world, "contributor").get(url("list", world.a.project)).content.decode()
    )


def test_raise_add_operations_assess_decide_and_apply_through_the_pages(
    world: World, network: Network
) -> None:
    contributor, manager = client_for(world, "contributor"), client_for(world, "manager")
    project = network.project
    # Given a new request drafted through the form
    response = contributor.post(url("create", project), {"title": "Longer B", "category": "schedule"})
    assert response.status_code == 302
    change = ChangeRequest.objects.get(project=project)
    # When an operation is added with the "change a task's duration" form and the impact assessed
    response = contributor.post(
        url("operation_add", project, change),
        {
            "kind": "set_duration",
            "set_duration-op": "set_duration",
            "set_duration-version": change.version,
            "set_duration-task": str(network.b.uid),
            "set_duration-duration_days": "7",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    change.refresh_from_db()
    assert change.operations == [
        {"op": "set_duration", "task": str(network.b.uid), "duration_minutes": 7 * DAY}
    ]
    assert contributor.post(url("assess", project, change), {"version": change.version}).status_code == 302
    page = contributor.get(url("detail", project, change)).content.decode()
    # Then the impact table shows the delay and the critical path change
    assert 'data-impact="delay">3 working days' in page
    assert "joins: B" in page and "leaves: C" in page
    change.refresh_from_db()
    assert contributor.post(url("submit", project, change), {"version": change.version}).status_code == 302
    change.refresh_from_db()
    # and only the project manager decides
    decision = {"version": change.version, "decision": "approve", "baseline_number": 0, "rebaseline": "on"}
    assert contributor.post(url("decide", project, change), decision).status_code == 403
    assert manager.post(url("decide", project, change), decision).status_code == 302
    change.refresh_from_db()
    assert manager.post(url("apply", project, change), {"version": change.version}).status_code == 302
    change.refresh_from_db()
    assert change.status == "applied"
    assert Task.objects.get(pk=network.b.pk).duration_minutes == 7 * DAY


def test_a_refused_operation_keeps_the_page_and_changes_nothing(
    world: World, network: Network, fingerprint: Any
) -> None:
    contributor = client_for(world, "contributor")
    draft = world.a.obj("change_request")
    before = fingerprint()
    response = contributor.post(
        url("operation_add", world.a.project, draft),
        {
            "kind": "set_duration",
            "set_duration-op": "set_duration",
            "set_duration-version": draft.version,
            "set_duration-task": "not-a-task",
            "set_duration-duration_days": "-1",
        },
    )
    assert response.status_code == 400
    assert "Not added" in response.content.decode()
    assert fingerprint() == before


def test_rejecting_without_a_comment_shows_the_field(world: World, fingerprint: Any) -> None:
    submitted = world.a.obj("change_submitted")
    before = fingerprint()
    response = client_for(world, "manager").post(
        url("decide", world.a.project, submitted),
        {"version": submitted.version, "decision": "reject", "comment": "", "baseline_number": 0},
    )
    assert response.status_code == 400
    assert "needs a comment" in response.content.decode()
    assert fingerprint() == before


def test_thresholds_page_is_for_the_level_above(world: World) -> None:
    assert client_for(world, "contributor").get(url("authority", world.a.project)).status_code == 403
    response = client_for(world, "manager").post(
        url("authority", world.a.project),
        {"manager_max_days": 1, "manager_max_cost": "10", "board_max_days": 2, "board_max_cost": "20"},
    )
    assert response.status_code == 302
    assert world.a.project.change_authority.board_max_days == 2


def test_the_list_runs_a_fixed_number_of_queries(world: World, network: Network, max_queries: Any) -> None:
    # Given ten requests on the project
    from pmo.changes.services import change_request_create

    for number in range(10):
        change_request_create(actor=world.users["contributor"], project=network.project, title=f"CR {number}")
    client = client_for(world, "viewer")
    # When the list is shown, Then the query count does not grow with the requests
    with max_queries(25):
        response = client.get(url("list", network.project))
    assert response.content.decode().count("CR-") >= 10
