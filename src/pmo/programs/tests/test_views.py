"""Program pages: workspace with its projects and roll-up, create in a portfolio, move, delete."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from pmo.core.models import AuditRecord
from pmo.programs.models import Program

pytestmark = pytest.mark.django_db


def url(name: str, obj: Any) -> str:
    return reverse(f"programs:{name}", kwargs={"uid": obj.uid})


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("viewer", 200),
        ("contributor", 200),
        ("manager", 200),
        ("pmo_admin", 200),
        ("outsider", 404),
        ("no_role", 404),
    ],
)
def test_workspace_follows_scope(world, persona_client, persona, expected):
    assert persona_client(persona).get(url("detail", world.a.program)).status_code == expected


@pytest.mark.parametrize(("persona", "expected"), [("viewer", 403), ("contributor", 403), ("manager", 200)])
@pytest.mark.parametrize("page", ["edit", "move", "delete"])
def test_manager_pages(world, persona_client, persona, expected, page):
    assert persona_client(persona).get(url(page, world.a.program)).status_code == expected


def test_workspace_lists_projects_and_rolls_them_up(world, persona_client):
    response = persona_client("viewer").get(url("detail", world.a.program))
    body = response.content.decode()
    assert world.a.project.name in body
    rollup = response.context["rollup"]
    assert rollup.project_count == 1
    assert dict((state, count) for state, _, count in rollup.states)["active"] == 1
    assert rollup.start == world.a.project.start_date
    assert rollup.finish == world.a.project.finish_date
    # The chart's figure travels as JSON data (no inline script), drawn by pmo.js with Plotly.
    assert 'id="rollup-chart-data" type="application/json"' in body
    figure = json.loads(
        body.split('id="rollup-chart-data" type="application/json">')[1].split("</script>")[0]
    )
    assert figure["data"][0]["type"] == "bar"


def test_create_program_in_portfolio(world, persona_client):
    response = persona_client("manager").post(
        reverse("programs:create", kwargs={"uid": world.a.portfolio.uid}),
        {"code": "PRG-NEW", "name": "Growth", "state": "planning"},
    )
    assert response.status_code == 302
    assert Program.objects.get(code="PRG-NEW").portfolio == world.a.portfolio


def test_duplicate_code_names_the_field(world, persona_client, fingerprint):
    before = fingerprint()
    response = persona_client("manager").post(
        reverse("programs:create", kwargs={"uid": world.a.portfolio.uid}),
        {"code": world.a.program.code, "name": "Copy", "state": "planning"},
    )
    assert response.status_code == 400
    assert "code" in response.context["form"].errors
    assert fingerprint() == before


def test_move_program_to_a_sub_portfolio_is_audited(world, persona_client):
    program = world.a.program
    response = persona_client("manager").post(
        url("move", program),
        {"destination": str(world.a.subportfolio.uid), "note": "Reorganisation", "version": program.version},
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.portfolio == world.a.subportfolio
    world.a.project.refresh_from_db()
    assert world.a.project.portfolio == world.a.subportfolio
    assert AuditRecord.objects.filter(object_uid=program.uid, action="move", note="Reorganisation").exists()


def test_deleting_a_program_with_projects_is_refused_with_a_message(world, persona_client, fingerprint):
    program = world.a.program
    before = fingerprint()
    response = persona_client("manager").post(url("delete", program), {"version": program.version})
    assert response.status_code == 400
    assert "move or delete the program" in response.content.decode()
    assert fingerprint() == before


def test_members_fragment_for_htmx(world, persona_client):
    response = persona_client("manager").get(url("members", world.a.program), HTTP_HX_REQUEST="true")
    body = response.content.decode().strip()
    assert body.startswith('<div id="tabs">')
    assert "Give access" in body
    assert str(world.a.team) in body
