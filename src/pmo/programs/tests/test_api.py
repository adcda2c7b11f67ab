"""``/api/v1/programs/``: create in a visible portfolio, update, move with projects, delete."""

from __future__ import annotations

from typing import Any

import pytest

from pmo.programs.models import Program
from pmo.projects.models import Project
from pmo.testing.fingerprint import db_fingerprint
from pmo.testing.openapi import SchemaCheckedClient, refreshed, schema_client
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db

LIST = "/api/v1/programs/"


def detail(program: Program) -> str:
    return f"{LIST}{program.uid}/"


@pytest.fixture
def world(shared_world: World, db: None) -> World:
    """The shared world, re-read for this test."""
    return refreshed(shared_world)


@pytest.fixture
def as_(world: World) -> Any:
    def make(persona: str) -> SchemaCheckedClient:
        return schema_client(world, persona)

    return make


def fields_of(response: Any) -> set[str]:
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"] for error in response.json()["errors"]}


def test_list_filters_by_portfolio(world: World, as_: Any) -> None:
    rows = as_("pmo_admin").get(LIST, {"portfolio": str(world.b.portfolio.uid)}).json()["results"]
    assert [row["uid"] for row in rows] == [str(world.b.program.uid)]
    assert as_("outsider").get(LIST).json()["count"] == 1


def test_team_member_sees_the_program_through_the_team(world: World, as_: Any) -> None:
    # the viewer is in A's team, which holds a role on A's program (and directly viewer on A)
    assert as_("viewer").get(detail(world.a.program)).status_code == 200


def test_create_needs_portfolio_and_manager_role(world: World, as_: Any) -> None:
    body = {"code": "PRG-9", "name": "New program", "portfolio": str(world.a.portfolio.uid)}
    assert as_("viewer").post(LIST, body).status_code == 403
    created = as_("manager").post(LIST, body)
    assert created.status_code == 201
    assert created.json()["portfolio"] == str(world.a.portfolio.uid)
    missing = as_("manager").post(LIST, {"code": "PRG-8", "name": "x"})
    assert fields_of(missing) == {"portfolio"}
    wrong_kind = as_("manager").post(
        LIST, {"code": "PRG-7", "name": "x", "portfolio": str(world.a.program.uid)}
    )
    assert fields_of(wrong_kind) == {"portfolio"}


def test_update_rejects_portfolio_and_keeps_row(world: World, as_: Any) -> None:
    program = world.a.program
    before = db_fingerprint()
    response = as_("manager").patch(
        detail(program), {"portfolio": str(world.a.subportfolio.uid), "name": "x"}, HTTP_IF_MATCH=program.etag
    )
    assert response.status_code == 400
    assert fields_of(response) == {"portfolio"}
    assert db_fingerprint() == before


def test_move_program_takes_its_projects_along(world: World, as_: Any) -> None:
    program = world.a.program
    response = as_("manager").post(
        f"{detail(program)}move/", {"portfolio": str(world.a.subportfolio.uid)}, HTTP_IF_MATCH=program.etag
    )
    assert response.status_code == 200
    assert response.json()["portfolio"] == str(world.a.subportfolio.uid)
    assert Project.objects.get(pk=world.a.project.pk).portfolio == world.a.subportfolio


def test_delete_program_with_projects_is_refused(world: World, as_: Any) -> None:
    program = world.a.program
    response = as_("manager").delete(detail(program), HTTP_IF_MATCH=program.etag)
    assert response.status_code == 400
    assert Program.objects.filter(pk=program.pk).exists()
