"""Where the pool meets the rest: the portfolio page links to it, and a project whose assignments
draw on its portfolio's pool cannot move to another portfolio without them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pmo.core.errors import DomainRuleError
from pmo.projects.models import Project
from pmo.projects.services import project_move
from pmo.testing.personas import World


def test_the_portfolio_page_links_to_its_pool(world: World, persona_client: Any) -> None:
    client = persona_client("manager")
    page = client.get(reverse("portfolios:detail", kwargs={"uid": world.a.portfolio.uid}))
    assert page.status_code == 200
    assert reverse("resources:pool", kwargs={"uid": world.a.portfolio.uid}) in page.content.decode()


def test_a_project_with_assignments_stays_in_its_portfolio(world: World, r: Any) -> None:
    project = r.assignment.project
    admin = world.users["pmo_admin"]
    with pytest.raises(DomainRuleError, match="resource assignment"):
        project_move(
            actor=admin,
            project=project,
            new_parent=world.a.subportfolio.scope,
            expected_version=project.version,
        )
    assert Project.objects.get(pk=project.pk).portfolio_id == world.a.portfolio.pk


def test_without_assignments_it_moves(world: World, r: Any) -> None:
    project = r.assignment.project
    project.assignments.all().delete()
    admin = world.users["pmo_admin"]
    moved = project_move(
        actor=admin, project=project, new_parent=world.a.subportfolio.scope, expected_version=project.version
    )
    assert moved.portfolio_id == world.a.subportfolio.pk
