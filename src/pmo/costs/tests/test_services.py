"""Costs services: the budget (lines, approval into numbered baselines, reopening), fixed costs and
cost entries; roles, audit records, and bad input refused by field with nothing written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.selectors import history_of
from pmo.costs.choices import Accrual, BudgetStatus, CostCategory
from pmo.costs.models import BudgetBaseline, CostEntry
from pmo.costs.selectors import budget_total, cost_entries_visible, planned_cost_by_task
from pmo.costs.services import (
    budget_approve,
    budget_for,
    budget_line_create,
    budget_line_delete,
    budget_line_update,
    budget_reopen,
    cost_entry_create,
    cost_entry_delete,
    cost_entry_update,
    fixed_cost_create,
    fixed_cost_update,
)
from pmo.projects.models import Task
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db
JAN = dt.date(2026, 1, 1)
FEB = dt.date(2026, 2, 1)


def manager(world: World) -> Any:
    return world.users["manager"]


def draft_budget(world: World) -> Any:
    budget = budget_for(actor=manager(world), project=world.a.project)
    budget_line_create(
        actor=manager(world), budget=budget, category=CostCategory.LABOUR, period=JAN, amount="1000"
    )
    budget_line_create(
        actor=manager(world), budget=budget, category=CostCategory.TRAVEL, period=FEB, amount="250.5"
    )
    return budget


def task_of(world: World) -> Task:
    return Task.objects.filter(project=world.a.project, is_summary=False).order_by("position").first()  # type: ignore[return-value]


# --- budget -----------------------------------------------------------------------------------------


def test_budget_lines_sum_to_the_bac_and_approval_freezes_a_numbered_baseline(world: World) -> None:
    budget = draft_budget(world)
    assert budget_total(budget) == Decimal("1750.50")  # with the world's 500.00 line
    baseline = budget_approve(actor=manager(world), budget=budget, expected_version=budget.version)
    assert (baseline.number, baseline.total) == (1, Decimal("1750.50"))
    assert baseline.lines == [
        {"category": "labour", "period": "2026-01-01", "amount": "1000.00", "note": ""},
        {"category": "travel", "period": "2026-02-01", "amount": "250.50", "note": ""},
        {
            "category": "other",
            "period": "2026-03-01",
            "amount": "500.00",
            "note": world.a.obj("budget_line").note,
        },
    ]
    budget.refresh_from_db()
    assert budget.status == BudgetStatus.APPROVED
    assert budget.approved_by == manager(world)
    assert history_of(budget).first().note == "Budget approved"  # type: ignore[union-attr]


def test_an_approved_budget_is_frozen_until_reopened_and_reapproval_numbers_on(world: World) -> None:
    budget = draft_budget(world)
    budget_approve(actor=manager(world), budget=budget, expected_version=budget.version)
    budget.refresh_from_db()
    line = budget.lines.get(category=CostCategory.LABOUR)
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as error:
        budget_line_update(
            actor=manager(world), line=line, data={"amount": "5"}, expected_version=line.version
        )
    assert error.value.field == "status"
    assert_fingerprint_unchanged(before)
    budget = budget_reopen(actor=manager(world), budget=budget, expected_version=budget.version)
    budget_line_update(
        actor=manager(world), line=line, data={"amount": "1500"}, expected_version=line.version
    )
    second = budget_approve(actor=manager(world), budget=budget, expected_version=budget.version)
    assert (second.number, second.total) == (2, Decimal("2250.50"))
    first = BudgetBaseline.objects.get(budget=budget, number=1)
    assert first.total == Decimal("1750.50")  # the first baseline is untouched


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", "NaN"),
        ("amount", "Infinity"),
        ("amount", "-1"),
        ("amount", "ten"),
        ("period", dt.date(2026, 1, 15)),
        ("period", dt.date(1983, 12, 1)),
        ("period", dt.date(2150, 1, 1)),
        ("category", "bribes"),
    ],
)
def test_bad_budget_lines_are_refused_by_field(world: World, field: str, value: Any) -> None:
    budget = budget_for(actor=manager(world), project=world.a.project)
    values: dict[str, Any] = {"category": CostCategory.LABOUR, "period": JAN, "amount": "10"} | {field: value}
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as error:
        budget_line_create(actor=manager(world), budget=budget, **values)
    assert error.value.field == field
    assert_fingerprint_unchanged(before)


def test_a_second_line_for_the_same_category_and_month_is_refused(world: World) -> None:
    budget = draft_budget(world)
    with pytest.raises(DomainRuleError, match="already has a labour line for 2026-01"):
        budget_line_create(
            actor=manager(world), budget=budget, category=CostCategory.LABOUR, period=JAN, amount=1
        )


def test_an_empty_budget_cannot_be_approved(world: World) -> None:
    budget = budget_for(actor=manager(world), project=world.a.project)
    line = budget.lines.get()
    budget_line_delete(actor=manager(world), line=line, expected_version=line.version)
    with pytest.raises(DomainRuleError) as error:
        budget_approve(actor=manager(world), budget=budget, expected_version=budget.version)
    assert error.value.field == "lines"
    assert not BudgetBaseline.objects.filter(budget=budget).exists()


@pytest.mark.parametrize("persona", ["contributor", "viewer", "outsider"])
def test_only_managers_edit_and_approve_budgets(world: World, persona: str) -> None:
    budget = draft_budget(world)
    user = world.users[persona]
    with pytest.raises(PermissionDenied):
        budget_line_create(actor=user, budget=budget, category=CostCategory.OTHER, period=JAN, amount=1)
    with pytest.raises(PermissionDenied):
        budget_approve(actor=user, budget=budget, expected_version=budget.version)


def test_a_stale_approval_is_refused(world: World) -> None:
    budget = draft_budget(world)
    with pytest.raises(StaleVersionError):
        budget_approve(actor=manager(world), budget=budget, expected_version=budget.version + 5)
    assert not BudgetBaseline.objects.filter(budget=budget).exists()


# --- cost entries -----------------------------------------------------------------------------------


def test_contributor_records_an_entry_in_the_project_currency(world: World) -> None:
    entry = cost_entry_create(
        actor=world.users["contributor"],
        project=world.a.project,
        date=dt.date(2026, 1, 14),
        category=CostCategory.MATERIAL,
        amount="99.95",
        reference="INV-1",
    )
    assert (entry.currency, entry.exchange_rate, entry.project_amount) == (
        "EUR",
        Decimal(1),
        Decimal("99.95"),
    )
    assert history_of(entry).first().changes["amount"] == [None, "99.95"]  # type: ignore[union-attr]


def test_a_foreign_entry_needs_its_rate_and_converts(world: World) -> None:
    with pytest.raises(DomainRuleError) as error:
        cost_entry_create(
            actor=world.users["contributor"],
            project=world.a.project,
            date=JAN,
            category=CostCategory.TRAVEL,
            amount="100",
            currency="usd",
        )
    assert error.value.field == "exchange_rate"
    entry = cost_entry_create(
        actor=world.users["contributor"],
        project=world.a.project,
        date=JAN,
        category=CostCategory.TRAVEL,
        amount="100",
        currency="usd",
        exchange_rate="0.9215",
    )
    assert (entry.currency, entry.project_amount) == ("USD", Decimal("92.15"))


def test_an_unknown_currency_is_refused_by_name_and_nothing_changes(world: World) -> None:
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as error:
        cost_entry_create(
            actor=world.users["contributor"],
            project=world.a.project,
            date=JAN,
            category=CostCategory.TRAVEL,
            amount="100",
            currency="XYZ",
            exchange_rate="1.1",
        )
    assert error.value.field == "currency"
    assert "'XYZ' is not a known ISO 4217 currency code" in error.value.message
    assert_fingerprint_unchanged(before)


@override_settings(PMO_CURRENCY="GBP")
def test_the_project_currency_follows_the_setting(world: World) -> None:
    entry = cost_entry_create(
        actor=world.users["contributor"], project=world.a.project, date=JAN, category="other", amount=5
    )
    assert entry.currency == "GBP"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", "NaN"),
        ("amount", "-Infinity"),
        ("exchange_rate", "0"),
        ("exchange_rate", "-2"),
        ("exchange_rate", "NaN"),
        ("date", dt.date(1983, 12, 31)),
        ("date", dt.date(2150, 1, 1)),
        ("category", "misc"),
    ],
)
def test_bad_entries_are_refused_by_field_and_write_nothing(world: World, field: str, value: Any) -> None:
    values: dict[str, Any] = {
        "date": JAN,
        "category": CostCategory.OTHER,
        "amount": "10",
        "currency": "USD",
        "exchange_rate": "0.9",
    } | {field: value}
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as error:
        cost_entry_create(actor=world.users["contributor"], project=world.a.project, **values)
    assert error.value.field == field
    assert_fingerprint_unchanged(before)


def test_the_project_currency_has_rate_one(world: World) -> None:
    with pytest.raises(DomainRuleError) as error:
        cost_entry_create(
            actor=world.users["contributor"],
            project=world.a.project,
            date=JAN,
            category="other",
            amount=5,
            currency="EUR",
            exchange_rate="1.2",
        )
    assert error.value.field == "exchange_rate"


def test_a_credit_note_is_negative(world: World) -> None:
    entry = cost_entry_create(
        actor=world.users["contributor"], project=world.a.project, date=JAN, category="other", amount="-20"
    )
    assert entry.project_amount == Decimal("-20.00")


def test_entry_update_checks_currency_and_refuses_unknown_fields(world: World) -> None:
    entry = cost_entry_create(
        actor=world.users["contributor"], project=world.a.project, date=JAN, category="other", amount=5
    )
    with pytest.raises(DomainRuleError) as error:
        cost_entry_update(
            actor=world.users["contributor"],
            entry=entry,
            data={"currency": "CHF"},
            expected_version=entry.version,
        )
    assert error.value.field == "exchange_rate"
    with pytest.raises(DomainRuleError) as error:
        cost_entry_update(
            actor=world.users["contributor"],
            entry=entry,
            data={"project": None},
            expected_version=entry.version,
        )
    assert error.value.field == "project"
    moved = cost_entry_update(
        actor=world.users["contributor"],
        entry=entry,
        data={"currency": "CHF", "exchange_rate": "1.05"},
        expected_version=entry.version,
    )
    assert (moved.currency, moved.project_amount, moved.version) == ("CHF", Decimal("5.25"), 2)


def test_entries_of_another_project_task_are_refused(world: World) -> None:
    other = Task.objects.filter(project=world.b.project).first()
    assert other is not None
    with pytest.raises(DomainRuleError) as error:
        cost_entry_create(
            actor=manager(world), project=world.a.project, date=JAN, category="other", amount=5, task=other
        )
    assert error.value.field == "task"


def test_viewers_cannot_record_and_contributors_cannot_delete(world: World) -> None:
    with pytest.raises(PermissionDenied):
        cost_entry_create(
            actor=world.users["viewer"], project=world.a.project, date=JAN, category="other", amount=1
        )
    entry = cost_entry_create(
        actor=world.users["contributor"], project=world.a.project, date=JAN, category="other", amount=1
    )
    with pytest.raises(PermissionDenied):
        cost_entry_delete(actor=world.users["contributor"], entry=entry, expected_version=entry.version)
    cost_entry_delete(actor=manager(world), entry=entry, expected_version=entry.version)
    assert not CostEntry.objects.filter(pk=entry.pk).exists()


def test_entries_are_scoped_to_their_project(world: World) -> None:
    entry = cost_entry_create(
        actor=manager(world), project=world.a.project, date=JAN, category="other", amount=1
    )
    assert entry in cost_entries_visible(world.users["viewer"])
    assert entry not in cost_entries_visible(world.users["outsider"])


# --- fixed costs and planned cost ------------------------------------------------------------------


def test_fixed_costs_add_to_the_planned_cost_of_their_task(world: World) -> None:
    task = task_of(world)
    before = planned_cost_by_task(world.a.project).get(task.pk, Decimal("0.00"))
    cost = fixed_cost_create(
        actor=manager(world), task=task, name="Licence", amount="300", accrual=Accrual.START
    )
    assert planned_cost_by_task(world.a.project)[task.pk] == before + Decimal("300.00")
    fixed_cost_update(
        actor=manager(world), cost=cost, data={"amount": "120.10"}, expected_version=cost.version
    )
    assert planned_cost_by_task(world.a.project)[task.pk] == before + Decimal("120.10")


@pytest.mark.parametrize(
    ("field", "value"), [("amount", "NaN"), ("amount", "-5"), ("accrual", "weekly"), ("name", " ")]
)
def test_bad_fixed_costs_are_refused_by_field(world: World, field: str, value: Any) -> None:
    values: dict[str, Any] = {"name": "Fee", "amount": "10", "accrual": Accrual.END} | {field: value}
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as error:
        fixed_cost_create(actor=manager(world), task=task_of(world), **values)
    assert error.value.field == field
    assert_fingerprint_unchanged(before)


def test_contributors_do_not_plan_fixed_costs(world: World) -> None:
    with pytest.raises(PermissionDenied):
        fixed_cost_create(actor=world.users["contributor"], task=task_of(world), name="Fee", amount=1)
