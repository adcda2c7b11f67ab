"""The heat map pages, the drill-down, the export (formula neutralisation) and the API: the same
figures as the selectors; bad parameters answer 400 naming them."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from pmo.capacity.tests.conftest import Plan, assign, make_task
from pmo.resources.services import resource_create
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db

Q = "start=2026-03-02&weeks=3"


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def portfolio_url(world: World, name: str = "portfolio_page") -> str:
    return reverse(f"capacity:{name}", kwargs={"uid": world.a.portfolio.uid})


def test_portfolio_page_highlights_the_over_allocated_week(plan: Plan) -> None:
    # Given the hand-worked plan, when A's viewer opens the pool's capacity page
    page = client_for(plan.world, "viewer").get(f"{portfolio_url(plan.world)}?{Q}").content.decode()
    # Then Ada's first week is marked over-allocated (64 of 40 h), the second is full but not over
    assert 'class="load-over"' in page and "! 64/40" in page
    assert 'class="load-3"' in page and ">40/40<" in page


def test_portfolio_page_is_linked_from_the_portfolio(world: World) -> None:
    page = client_for(world, "viewer").get(
        reverse("portfolios:detail", kwargs={"uid": world.a.portfolio.uid})
    )
    assert portfolio_url(world) in page.content.decode()


def test_site_page_shows_only_what_the_user_may_see(plan: Plan) -> None:
    outsider = client_for(plan.world, "outsider").get(f"{reverse('capacity:page')}?{Q}").content.decode()
    assert "Ada" not in outsider
    admin = client_for(plan.world, "pmo_admin").get(f"{reverse('capacity:page')}?{Q}").content.decode()
    assert "! 64/40" in admin


@pytest.mark.parametrize(
    "bad", ["bucket=day", "start=2026-13-01", "weeks=0", "dimension=colour", "scenario=nope"]
)
def test_bad_parameters_answer_400_naming_them(plan: Plan, bad: str) -> None:
    response = client_for(plan.world, "viewer").get(f"{portfolio_url(plan.world)}?{bad}")
    assert response.status_code == 400
    assert bad.split("=")[0] in response.content.decode()


def test_drill_down_lists_the_assignments_and_their_hours_in_the_period(plan: Plan) -> None:
    # When A's viewer opens Ada's first week (htmx)
    response = client_for(plan.world, "viewer").get(
        f"{portfolio_url(plan.world, 'portfolio_cell')}?{Q}&row={plan.ada.uid}&index=0",
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    # Then both tasks appear with their hours in that week: 40 h of Build, 3 × 8 = 24 h of Test
    assert response.status_code == 200 and "<html" not in page
    assert "64.0 h" in page
    assert page.index("Build") < page.index("Test")  # most hours first
    assert ">40.0<" in page and ">24.0<" in page


def test_drill_down_of_another_sides_portfolio_is_404(plan: Plan) -> None:
    response = client_for(plan.world, "outsider").get(
        f"{portfolio_url(plan.world, 'portfolio_cell')}?{Q}&row={plan.ada.uid}&index=0"
    )
    assert response.status_code == 404


def test_csv_export_has_the_figures_and_neutralises_formulas(plan: Plan) -> None:
    # Given a resource whose name a spreadsheet would run as a formula
    evil = resource_create(
        actor=plan.admin, pool=plan.world.a.portfolio.scope, name="=HYPERLINK(1)", max_units=Decimal("1")
    )
    assign(
        plan.admin,
        plan.world.a.project,
        make_task(plan.admin, plan.world.a.project, "X"),
        evil,
        8,
        "2026-03-16",
        "2026-03-16",
    )
    # When the CSV export is downloaded
    response = client_for(plan.world, "viewer").get(
        f"{portfolio_url(plan.world, 'portfolio_export')}?{Q}&format=csv"
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    # Then Ada's lines carry the hand-worked figures and the formula is text
    assert lines[0] == ["Row", "Period start", "Capacity hours", "Demand hours", "Over-allocated"]
    assert ["Ada", "2026-03-02", "40.0", "64.0", "yes"] in lines
    assert ["Ada", "2026-03-09", "40.0", "40.0", "no"] in lines
    assert ["'=HYPERLINK(1)", "2026-03-16", "40.0", "8.0", "no"] in lines


def test_xlsx_export_writes_text_cells(plan: Plan) -> None:
    from openpyxl import load_workbook

    resource_create(actor=plan.admin, pool=plan.world.a.portfolio.scope, name="+cmd")
    response = client_for(plan.world, "viewer").get(
        f"{portfolio_url(plan.world, 'portfolio_export')}?{Q}&format=xlsx"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in r] for r in sheet.iter_rows()]
    assert ["Ada", "2026-03-02", 40, 64, "yes"] in values
    assert "'+cmd" in [v[0] for v in values]


def test_api_gives_the_same_figures(plan: Plan, api_client) -> None:  # type: ignore[no-untyped-def]
    client = api_client("viewer")
    body = client.get(f"/api/v1/capacity/?{Q}&portfolio={plan.world.a.portfolio.uid}").json()
    ada = next(r for r in body["rows"] if r["label"] == "Ada")
    assert body["buckets"] == ["2026-03-02", "2026-03-09", "2026-03-16"]
    assert ada["demand_hours"] == [64.0, 40.0, 0.0] and ada["over"] == [True, False, False]
    cell = client.get(f"/api/v1/capacity/cell/?{Q}&row={ada['key']}&index=0").json()
    assert sorted(a["hours"] for a in cell["assignments"]) == [24.0, 40.0]


def test_api_refuses_a_bad_bucket_naming_it(plan: Plan, api_client) -> None:  # type: ignore[no-untyped-def]
    response = api_client("viewer").get("/api/v1/capacity/?bucket=day")
    assert response.status_code == 400 and "bucket" in response.content.decode()
