"""The Cost section: budget lines, BAC, the PV chart and planned cost by task, cost entries; forms
for managers (lines, approval) and contributors (entries); refusals shown at their field (400)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pmo.costs.choices import BudgetStatus
from pmo.costs.models import Budget, BudgetBaseline, BudgetLine, CostEntry
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def client_for(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def url(name: str, world: World) -> str:
    return reverse(f"costs:{name}", kwargs={"uid": world.a.project.uid})


ENTRY: dict[str, Any] = {
    "kind": "invoice",
    "date": "2026-01-21",
    "category": "material",
    "amount": "40.00",
    "currency": "EUR",
    "reference": "INV-77",
}


def test_viewer_sees_budget_plan_and_entries_without_forms(world: World) -> None:
    page = client_for(world, "viewer").get(url("cost", world)).content.decode()
    assert "500.00 EUR" in page  # the world's budget line is the BAC
    assert world.a.obj("budget_line").note in page
    assert world.a.obj("cost_entry").description in page
    assert "108.00" in page  # 120 USD at 0.9
    assert world.a.obj("task").name in page  # its fixed cost puts it among the top tasks
    assert 'id="pv-chart-data"' in page
    assert "Approve budget" not in page and "Record entry" not in page and "Add line" not in page


def test_pv_chart_data_ends_at_the_planned_total(world: World) -> None:
    page = client_for(world, "viewer").get(url("cost", world)).content.decode()
    start = page.index('<script id="pv-chart-data" type="application/json">') + len(
        '<script id="pv-chart-data" type="application/json">'
    )
    figure = json.loads(page[start : page.index("</script>", start)])
    cumulative = figure["data"][1]["y"]
    assert cumulative == sorted(cumulative) and cumulative[-1] > 0


def test_contributor_records_an_entry(world: World) -> None:
    client = client_for(world, "contributor")
    assert "Record entry" in client.get(url("cost", world)).content.decode()
    response = client.post(url("entry_create", world), ENTRY)
    assert response.status_code == 302
    assert CostEntry.objects.filter(project=world.a.project, reference="INV-77", currency="EUR").exists()


def test_an_unknown_currency_is_refused_at_its_field_and_nothing_changes(world: World) -> None:
    before = db_fingerprint()
    response = client_for(world, "contributor").post(
        url("entry_create", world), ENTRY | {"currency": "ABC", "exchange_rate": "1.5"}
    )
    assert response.status_code == 400
    assert "&#x27;ABC&#x27; is not a known ISO 4217 currency code" in response.content.decode()
    assert_fingerprint_unchanged(before)


def test_manager_adds_a_line_and_approves_the_budget(world: World) -> None:
    client = client_for(world, "manager")
    response = client.post(
        url("budget_line_create", world), {"category": "labour", "period": "2026-04-01", "amount": "1000"}
    )
    assert response.status_code == 302
    budget = Budget.objects.get(project=world.a.project)
    assert BudgetLine.objects.filter(budget=budget).count() == 2
    response = client.post(url("budget_approve", world), {"version": budget.version})
    assert response.status_code == 302
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.APPROVED
    assert BudgetBaseline.objects.get(budget=budget).total == 1500
    page = client.get(url("cost", world)).content.decode()
    assert "Reopen budget" in page and "Add line" not in page


def test_a_line_in_the_middle_of_a_month_is_refused_at_its_field(world: World) -> None:
    response = client_for(world, "manager").post(
        url("budget_line_create", world), {"category": "labour", "period": "2026-04-15", "amount": "1"}
    )
    assert response.status_code == 400
    assert "give its first day (2026-04-01)" in response.content.decode()


def test_a_stale_approval_is_409(world: World) -> None:
    budget = world.a.obj("budget")
    response = client_for(world, "manager").post(
        url("budget_approve", world), {"version": budget.version + 3}
    )
    assert response.status_code == 409
    assert Budget.objects.get(pk=budget.pk).status == BudgetStatus.DRAFT


def test_contributors_cannot_approve(world: World) -> None:
    budget = world.a.obj("budget")
    response = client_for(world, "contributor").post(
        url("budget_approve", world), {"version": budget.version}
    )
    assert response.status_code == 403
