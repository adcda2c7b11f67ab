"""Charter pages: reading, the first edit, editing with objectives, the stale-edit notice, and the
approval flow from the page (with htmx fragments)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pmo.charters.choices import CharterStatus
from pmo.charters.models import Charter
from pmo.charters.services import charter_decide
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def url(world: World, name: str = "charter", project: Any = None) -> str:
    return reverse(f"charters:{name}", kwargs={"uid": (project or world.a.project).uid})


def edit_form(version: int | None, **extra: Any) -> dict[str, Any]:
    data = {
        "purpose": "Replace the order system",
        "scope_in": "Orders\nInvoices",
        "scope_out": "Payroll",
        "success_criteria": "",
        "assumptions": "",
        "constraints": "",
        "sponsor": "",
        "project_manager": "",
        "objectives-TOTAL_FORMS": "2",
        "objectives-INITIAL_FORMS": "0",
        "objectives-0-description": "Faster orders",
        "objectives-0-measure": "minutes per order",
        "objectives-0-target_value": "12.5",
        "objectives-0-unit": "min",
        "objectives-0-due_date": "2026-09-30",
        "objectives-0-ORDER": "2",
        "objectives-1-description": "Fewer errors",
        "objectives-1-measure": "errors per 1000 orders",
        "objectives-1-target_value": "3",
        "objectives-1-unit": "",
        "objectives-1-due_date": "2026-12-31",
        "objectives-1-ORDER": "1",
    }
    if version is not None:
        data["version"] = str(version)
    return data | extra


def test_viewer_reads_the_charter_with_decisions_and_deliverables(world: World, charter: Charter) -> None:
    response = client_for(world, "viewer").get(url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert charter.purpose in page
    assert world.a.obj("deliverable").name in page
    assert "Submitted" in page
    assert 'action="' + url(world, "decide") not in page  # only the sponsor gets the decision form
    assert url(world, "edit") not in page


def test_sponsor_sees_the_decision_form_and_admin_does_not(world: World, charter: Charter) -> None:
    assert url(world, "decide") in client_for(world, "manager").get(url(world)).content.decode()
    assert url(world, "decide") not in client_for(world, "pmo_admin").get(url(world)).content.decode()


def test_first_edit_creates_the_charter_with_ordered_objectives(world: World) -> None:
    client = client_for(world, "manager")
    project = world.a.project_direct
    page = client.get(url(world, project=project)).content.decode()
    assert "no charter yet" in page and "Write the charter" in page
    response = client.post(url(world, "edit", project), edit_form(None))
    assert response.status_code == 302
    charter = Charter.objects.get(project=project)
    assert charter.scope_in == ["Orders", "Invoices"]
    assert [o.description for o in charter.objectives.all()] == ["Fewer errors", "Faster orders"]


def test_bad_objective_is_shown_at_its_row_and_nothing_is_written(world: World) -> None:
    client = client_for(world, "manager")
    project = world.a.project_direct
    response = client.post(
        url(world, "edit", project), edit_form(None, **{"objectives-1-target_value": "lots"})
    )
    assert response.status_code == 400
    assert "Enter a number." in response.content.decode()
    assert not Charter.objects.filter(project=project).exists()


def test_stale_edit_keeps_the_input_and_says_who_changed_what(world: World, charter: Charter) -> None:
    # given a returned charter the manager opened at its current version
    returned = charter_decide(
        actor=world.users["manager"],
        charter=charter,
        decision="return",
        comment="redo",
        expected_version=charter.version,
    )
    client = client_for(world, "manager")
    old_version = returned.version
    assert client.post(url(world, "edit"), edit_form(old_version, purpose="First save")).status_code == 302
    # when a second save is made from the old version
    response = client.post(url(world, "edit"), edit_form(old_version, purpose="Second save"))
    # then it is refused with who changed what, and the input is kept
    assert response.status_code == 409
    page = response.content.decode()
    assert "changed while you were editing" in page
    assert "Second save" in page
    assert Charter.objects.get(pk=charter.pk).purpose == "First save"


def test_submitted_charter_edit_is_refused_with_a_message(world: World, charter: Charter) -> None:
    response = client_for(world, "manager").post(url(world, "edit"), edit_form(charter.version))
    assert response.status_code == 400
    assert "submitted for approval" in response.content.decode()


def test_sponsor_approves_from_the_page_with_htmx(world: World, charter: Charter) -> None:
    client = client_for(world, "manager")
    response = client.post(
        url(world, "decide"),
        {"version": charter.version, "decision": "approve", "comment": "Good"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="charter-body">')
    assert "Approved" in page and "“Good”" in page
    assert Charter.objects.get(pk=charter.pk).status == CharterStatus.APPROVED


def test_return_without_comment_is_refused_on_the_page(world: World, charter: Charter) -> None:
    response = client_for(world, "manager").post(
        url(world, "decide"), {"version": charter.version, "decision": "return"}
    )
    assert response.status_code == 400
    assert "needs a comment" in response.content.decode()
    assert Charter.objects.get(pk=charter.pk).status == CharterStatus.SUBMITTED


def test_pmo_admin_cannot_decide_from_the_page(world: World, charter: Charter) -> None:
    response = client_for(world, "pmo_admin").post(
        url(world, "decide"), {"version": charter.version, "decision": "approve"}
    )
    assert response.status_code == 403


def test_history_shows_the_decision_comment(world: World, charter: Charter) -> None:
    charter_decide(
        actor=world.users["manager"],
        charter=charter,
        decision="return",
        comment="Needs costs",
        expected_version=charter.version,
    )
    page = client_for(world, "viewer").get(url(world, "history")).content.decode()
    assert "Returned: Needs costs" in page


def test_section_is_in_the_workspace_navigation(world: World) -> None:
    page = client_for(world, "viewer").get(url(world, "charter")).content.decode()
    assert 'data-section="charter"' in page and 'data-section="deliverables"' in page
