"""Risk pages: the register of a project, program and portfolio (heat maps with links per cell,
htmx filters, burn-down), raising a risk (bad input names the field and writes nothing), editing
with a stale version, closing, response actions, the matrix page, and the node link."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pmo.risks.models import Risk
from pmo.risks.services import risk_update
from pmo.testing.fingerprint import assert_fingerprint_unchanged
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def form_data(**fields: Any) -> dict[str, Any]:
    return {
        "kind": "threat",
        "title": "Crane unavailable",
        "category": "resources",
        "probability": "4",
        "impact_time": "5",
        "impact_cost": "2",
        "impact_scope": "0",
        "impact_quality": "0",
        "time_unit": "days",
        "strategy": "mitigate",
    } | fields


def test_raise_a_risk_then_see_it_in_its_heat_map_cell(world: World) -> None:
    # given a contributor on project A, when they raise a risk of probability 4 and impact 5
    client = client_for(world, "contributor")
    project = world.a.project
    response = client.post(reverse("risks:project_risk_create", kwargs={"uid": project.uid}), form_data())
    risk = Risk.objects.get(title="Crane unavailable")
    assert response.status_code == 302 and response["Location"] == reverse(
        "risks:detail", kwargs={"uid": risk.uid}
    )
    assert risk.score == 20 and risk.scope == project.scope
    # then the register's inherent heat map links the cell (4, 5), and the cell lists the risk
    register = reverse("risks:project_register", kwargs={"uid": project.uid})
    page = client.get(register).content.decode()
    assert f"{register}?probability=4&amp;impact=5&amp;map=inherent" in page
    assert 'aria-label="1 risk at probability 4, impact 5, critical zone"' in page
    cell = client.get(register, {"probability": 4, "impact": 5, "map": "inherent"}).content.decode()
    assert "Crane unavailable" in cell and world.a.obj("risk").title not in cell
    assert 'id="burndown"' in page and "risk-burndown-data" in page


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"probability": "6"}, "probability"),
        ({"probability": "11"}, "probability"),
        ({"probability_percent": "120"}, "probability_percent"),
        ({"time_min": "5", "time_likely": "2", "time_max": "9"}, "time_min"),
        ({"cost_min": "1", "cost_likely": "20", "cost_max": "9"}, "cost_max"),
        ({"kind": "opportunity", "strategy": "avoid"}, "strategy"),
    ],
)
def test_bad_input_is_shown_at_its_field_and_nothing_is_stored(
    world: World, fingerprint: Any, fields: dict[str, Any], field: str
) -> None:
    client = client_for(world, "contributor")
    before = fingerprint()
    response = client.post(
        reverse("risks:project_risk_create", kwargs={"uid": world.a.project.uid}), form_data(**fields)
    )
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert_fingerprint_unchanged(before)


def test_program_and_portfolio_registers_roll_up_what_is_below(world: World) -> None:
    client = client_for(world, "viewer")
    program_page = client.get(reverse("risks:program_register", kwargs={"uid": world.a.program.uid}))
    text = program_page.content.decode()
    assert program_page.status_code == 200
    assert (
        world.a.obj("risk").title in text and world.a.obj("program_risk").title in text
    )  # its own and below
    project_page = client.get(reverse("risks:project_register", kwargs={"uid": world.a.project.uid}))
    assert world.a.obj("program_risk").title not in project_page.content.decode()  # not what is above
    portfolio = client.get(
        reverse("risks:portfolio_register", kwargs={"uid": world.a.portfolio.uid}),
        {"status": "open", "kind": ""},
    ).content.decode()
    assert world.a.obj("risk").title in portfolio and world.a.obj("program_risk").title in portfolio
    assert world.b.obj("risk").title not in portfolio
    node = client.get(reverse("programs:detail", kwargs={"uid": world.a.program.uid})).content.decode()
    assert reverse("risks:program_register", kwargs={"uid": world.a.program.uid}) in node


def test_htmx_filter_answers_the_list_only(world: World) -> None:
    client = client_for(world, "viewer")
    register = reverse("risks:portfolio_register", kwargs={"uid": world.a.portfolio.uid})
    response = client.get(register, {"kind": "opportunity"}, headers={"HX-Request": "true"})
    text = response.content.decode()
    assert response.status_code == 200 and text.lstrip().startswith('<div id="risk-results">')
    assert world.a.obj("program_risk").title in text and world.a.obj("risk").title not in text


def test_edit_with_a_stale_version_shows_who_changed_what(world: World) -> None:
    risk = world.a.obj("risk")
    risk_update(
        actor=world.users["manager"], risk=risk, data={"probability": 2}, expected_version=risk.version
    )
    client = client_for(world, "contributor")
    response = client.post(
        reverse("risks:edit", kwargs={"uid": risk.uid}),
        form_data(title="Renamed", version=str(risk.version)),
    )
    assert response.status_code == 409 and b"changed while you were editing" in response.content
    assert Risk.objects.get(pk=risk.pk).title == risk.title


def test_close_and_actions_from_the_risk_page(world: World) -> None:
    risk = world.a.obj("risk")
    client = client_for(world, "contributor")
    detail = reverse("risks:detail", kwargs={"uid": risk.uid})
    page = client.get(detail).content.decode()
    assert world.a.obj("risk_action").title in page and "Score history" in page
    added = client.post(
        reverse("risks:action_create", kwargs={"uid": risk.uid}),
        {"title": "Call vendor", "due_date": "2020-01-01", "status": "open"},
    )
    assert added.status_code == 302
    assert 'data-overdue="true"' in client.get(detail).content.decode()
    refused = client.post(
        reverse("risks:action_create", kwargs={"uid": risk.uid}), {"title": "", "status": "open"}
    )
    assert refused.status_code == 400 and refused.context["action_form"].errors.get("title")
    closed = client.post(
        reverse("risks:close", kwargs={"uid": risk.uid}),
        {"version": risk.version, "close_reason": "Second source found"},
    )
    assert closed.status_code == 302
    assert Risk.objects.get(pk=risk.pk).status == "closed"


def test_matrix_page_shows_the_inherited_matrix_and_only_managers_set_one(world: World) -> None:
    project = world.a.project
    url = reverse("risks:project_matrix", kwargs={"uid": project.uid})
    page = client_for(world, "viewer").get(url).content.decode()
    assert "inherited from" in page and world.a.program.name in page
    data = {"levels": "4", "medium_from": "3", "high_from": "6", "critical_from": "12"}
    assert client_for(world, "contributor").post(url, data).status_code == 403
    refused = client_for(world, "manager").post(url, data | {"critical_from": "6"})
    assert refused.status_code == 400 and refused.context["form"].errors.get("critical_from")
    saved = client_for(world, "manager").post(url, data)
    assert saved.status_code == 302


def test_another_portfolios_register_and_risks_do_not_exist(world: World) -> None:
    client = client_for(world, "manager")
    assert (
        client.get(reverse("risks:project_register", kwargs={"uid": world.b.project.uid})).status_code == 404
    )
    assert client.get(reverse("risks:detail", kwargs={"uid": world.b.obj("risk").uid})).status_code == 404


def test_reopen_and_delete_from_the_risk_page(world: World) -> None:
    risk = world.a.obj("risk")
    contributor, manager = client_for(world, "contributor"), client_for(world, "manager")
    contributor.post(
        reverse("risks:close", kwargs={"uid": risk.uid}), {"version": risk.version, "close_reason": "Done"}
    )
    closed = Risk.objects.get(pk=risk.pk)
    page = contributor.get(reverse("risks:detail", kwargs={"uid": risk.uid})).content.decode()
    assert "Reopen" in page and "Done" in page
    contributor.post(reverse("risks:reopen", kwargs={"uid": risk.uid}), {"version": closed.version})
    reopened = Risk.objects.get(pk=risk.pk)
    assert reopened.status == "open"
    assert (
        contributor.post(
            reverse("risks:delete", kwargs={"uid": risk.uid}), {"version": reopened.version}
        ).status_code
        == 403
    )
    gone = manager.post(reverse("risks:delete", kwargs={"uid": risk.uid}), {"version": reopened.version})
    assert gone.status_code == 302
    assert gone["Location"] == reverse("risks:project_register", kwargs={"uid": world.a.project.uid})
    assert not Risk.objects.filter(pk=risk.pk).exists()
