"""Portfolio pages, the overview (home), the navigation tree and search."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from pmo.core.models import AuditRecord
from pmo.portfolios.models import Portfolio
from pmo.projects.services import project_create
from pmo.testing.queries import count_queries

pytestmark = pytest.mark.django_db


def url(name: str, obj: Any) -> str:
    return reverse(f"portfolios:{name}", kwargs={"uid": obj.uid})


def test_home_redirects_to_the_overview(world, persona_client):
    response = persona_client("viewer").get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portfolios:overview")


def test_overview_shows_the_tree_with_roll_ups(world, persona_client):
    response = persona_client("viewer").get(reverse("portfolios:overview"))
    body = response.content.decode()
    assert response.status_code == 200
    for obj in (
        world.a.portfolio,
        world.a.subportfolio,
        world.a.program,
        world.a.project,
        world.a.project_sub,
    ):
        assert obj.name in body
    assert not any(canary in body for canary in world.canaries_b)
    (root,) = response.context["roots"]
    assert root.obj == world.a.portfolio
    assert root.rollup.project_count == 3
    assert root.rollup.program_count == 1


def test_overview_empty_state_for_someone_without_a_role(world, persona_client):
    body = persona_client("no_role").get(reverse("portfolios:overview")).content.decode()
    assert "Ask a PMO administrator for access" in body


def test_nav_tree_runs_a_fixed_number_of_queries(world, persona_client):
    client = persona_client("pmo_admin")
    client.get(reverse("portfolios:nav"))  # warm the session
    with count_queries() as small:
        client.get(reverse("portfolios:nav"))
    for number in range(5):
        project_create(
            actor=world.users["pmo_admin"],
            parent=world.a.program.scope,
            code=f"EXTRA-{number}",
            name=f"Extra {number}",
        )
    with count_queries() as large:
        response = client.get(reverse("portfolios:nav"))
    assert len(large) == len(small), large.report()
    assert "Extra 4" in response.content.decode()


def test_search_finds_visible_nodes_by_description_only(world, persona_client):
    word = world.a.project.description.split()[-1]
    response = persona_client("viewer").get(reverse("portfolios:search"), {"q": word})
    body = response.content.decode()
    assert world.a.project.name in body
    outsider = persona_client("outsider").get(reverse("portfolios:search"), {"q": word}).content.decode()
    assert world.a.project.name not in outsider
    assert "Nothing you can see matches" in outsider


def test_search_htmx_returns_the_results_fragment(world, persona_client):
    response = persona_client("viewer").get(reverse("portfolios:search"), {"q": "A"}, HTTP_HX_REQUEST="true")
    assert response.content.decode().strip().startswith('<div id="results"')


@pytest.mark.parametrize(("persona", "expected"), [("pmo_admin", 200), ("manager", 403), ("viewer", 403)])
def test_only_pmo_admins_create_top_level_portfolios(world, persona_client, persona, expected):
    assert persona_client(persona).get(reverse("portfolios:create")).status_code == expected


def test_manager_creates_a_sub_portfolio(world, persona_client):
    response = persona_client("manager").post(
        url("create_child", world.a.portfolio), {"code": "SUB-2", "name": "Second sub", "state": "proposed"}
    )
    assert response.status_code == 302
    assert Portfolio.objects.get(code="SUB-2").parent == world.a.portfolio


def test_workspace_rolls_up_everything_below(world, persona_client):
    response = persona_client("viewer").get(url("detail", world.a.portfolio))
    rollup = response.context["rollup"]
    assert rollup.project_count == 3
    titles = [section.title for section in response.context["sections"]]
    assert titles == ["Sub-portfolios", "Programs", "Projects directly in this portfolio"]


@pytest.mark.parametrize(
    ("persona", "expected"), [("viewer", 200), ("manager", 200), ("outsider", 404), ("no_role", 404)]
)
def test_workspace_follows_scope(world, persona_client, persona, expected):
    assert persona_client(persona).get(url("detail", world.a.portfolio)).status_code == expected


def test_admin_moves_a_sub_portfolio_and_the_move_is_audited(world, persona_client):
    sub = world.a.subportfolio
    client = persona_client("pmo_admin")
    offered = dict(client.get(url("move", sub)).context["form"].fields["destination"].choices)
    assert str(sub.uid) not in offered  # never under itself
    assert str(world.b.portfolio.uid) in offered
    response = client.post(
        url("move", sub), {"destination": str(world.b.portfolio.uid), "version": sub.version}
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.parent == world.b.portfolio
    assert AuditRecord.objects.filter(object_uid=sub.uid, action="move").exists()


def test_manager_of_a_sub_portfolio_parent_cannot_delete_the_top_level(world, persona_client):
    assert persona_client("manager").get(url("delete", world.a.portfolio)).status_code == 403
    assert persona_client("manager").get(url("delete", world.a.subportfolio)).status_code == 200


def test_list_new_button_only_for_admins(world, persona_client):
    assert persona_client("manager").get(reverse("portfolios:list")).context["create_url"] is None
    assert persona_client("pmo_admin").get(reverse("portfolios:list")).context["create_url"]
