"""Drafting rules over plain values: thresholds → RAG (boundaries included), dimensions without data
are not assessed, milestones met, missed and next; threshold validation; reporting periods."""

from __future__ import annotations

import datetime as dt

import pytest

from pmo.core.errors import DomainRuleError
from pmo.reporting.drafting import DraftInputs, Milestone, RiskSignal, draft
from pmo.reporting.periods import is_period_end, last_due_period, period_containing
from pmo.reporting.signals import register_provider, risk_signal, unregister_provider
from pmo.reporting.thresholds import DEFAULT_THRESHOLDS, validate_thresholds

START, END = dt.date(2026, 3, 2), dt.date(2026, 3, 8)


def inputs(**values: object) -> DraftInputs:
    return DraftInputs(period_start=START, period_end=END, **values)  # type: ignore[arg-type]


def test_every_dimension_without_data_is_not_assessed_never_green() -> None:
    # given nothing at all, when drafted, then every dimension is grey with a reason
    result = draft(inputs())
    assert {name: rating.rag for name, rating in result.rag.items()} == {
        "schedule": "grey",
        "cost": "grey",
        "scope": "grey",
        "quality": "grey",
        "risk": "grey",
        "resources": "grey",
    }
    assert all(rating.reason for rating in result.rag.values())


@pytest.mark.parametrize(
    ("index", "expected"),
    [(1.2, "green"), (0.95, "green"), (0.9499, "amber"), (0.9, "amber"), (0.8999, "red"), (0.0, "red")],
)
def test_spi_and_cpi_thresholds_at_their_boundaries(index: float, expected: str) -> None:
    # given default rules (amber below 0.95, red below 0.9), when drafted, then the bounds hold exactly
    result = draft(inputs(spi=index, cpi=index, has_budget=True))
    assert result.rag["schedule"].rag == expected
    assert result.rag["cost"].rag == expected


def test_indices_without_a_budget_are_not_assessed() -> None:
    # given an SPI but no planned cost, then schedule and cost stay grey (no budget: no earned value)
    result = draft(inputs(spi=0.5, cpi=0.5, has_budget=False))
    assert result.rag["schedule"].rag == "grey"
    assert result.rag["cost"].rag == "grey"


def test_custom_thresholds_change_the_rag() -> None:
    rules = validate_thresholds({"cost": {"cpi_amber": 1.0, "cpi_red": 0.99}})
    assert draft(inputs(cpi=0.995, has_budget=True, thresholds=rules)).rag["cost"].rag == "amber"
    assert draft(inputs(cpi=0.98, has_budget=True, thresholds=rules)).rag["cost"].rag == "red"


@pytest.mark.parametrize(
    ("slip", "expected"), [(0, "green"), (4, "green"), (5, "amber"), (14, "amber"), (15, "red")]
)
def test_worst_milestone_slip_rates_the_schedule(slip: int, expected: str) -> None:
    # given a baselined milestone finishing ``slip`` days late (and no earned value), then its slip decides
    baseline = dt.date(2026, 4, 1)
    milestone = Milestone("Go-live", finish=baseline + dt.timedelta(days=slip), baseline_finish=baseline)
    assert draft(inputs(milestones=(milestone,))).rag["schedule"].rag == expected


def test_schedule_takes_the_worse_of_spi_and_slip() -> None:
    baseline = dt.date(2026, 4, 1)
    late = Milestone("Go-live", finish=baseline + dt.timedelta(days=20), baseline_finish=baseline)
    result = draft(inputs(spi=1.0, has_budget=True, milestones=(late,)))
    assert result.rag["schedule"].rag == "red"
    assert "slip" in result.rag["schedule"].reason


def test_milestones_met_missed_and_next() -> None:
    met = Milestone("Design signed", finish=dt.date(2026, 3, 4), actual_finish=dt.date(2026, 3, 4))
    missed = Milestone("Pilot", finish=dt.date(2026, 3, 20), baseline_finish=dt.date(2026, 3, 6))
    late_done = Milestone(
        "Kick-off",
        finish=dt.date(2026, 3, 9),
        baseline_finish=dt.date(2026, 3, 3),
        actual_finish=dt.date(2026, 3, 9),
    )
    upcoming = [Milestone(f"M{i}", finish=dt.date(2026, 4, i)) for i in range(1, 8)]
    figures = draft(inputs(milestones=(met, missed, late_done, *upcoming))).figures["milestones"]
    assert [m["name"] for m in figures["met"]] == ["Design signed"]
    assert [m["name"] for m in figures["missed"]] == ["Pilot", "Kick-off"]  # not finished by the period's end
    assert [m["name"] for m in figures["next"]] == ["Pilot", "M1", "M2", "M3", "M4"]
    assert figures["missed"][0]["slip_days"] == 14


@pytest.mark.parametrize(
    ("defects", "overdue", "expected"),
    [
        ({}, (), "green"),
        ({"medium": 4, "low": 9}, (), "green"),
        ({"high": 1}, (), "amber"),
        ({"high": 1, "critical": 2}, (), "red"),
        ({}, ("Manual",), "amber"),
        ({}, ("A", "B", "C"), "red"),
    ],
)
def test_quality_from_open_high_defects_and_overdue_deliverables(
    defects: dict[str, int], overdue: tuple[str, ...], expected: str
) -> None:
    result = draft(inputs(deliverable_count=3, open_defects=defects, overdue_deliverables=overdue))
    assert result.rag["quality"].rag == expected


def test_quality_without_deliverables_is_not_assessed() -> None:
    assert draft(inputs(deliverable_count=0)).rag["quality"].rag == "grey"


@pytest.mark.parametrize(
    ("added", "removed", "expected"), [(0, 0, "green"), (3, 1, "green"), (4, 1, "amber"), (15, 0, "red")]
)
def test_scope_from_tasks_added_and_removed(added: int, removed: int, expected: str) -> None:
    result = draft(inputs(task_count=40, tasks_added=added, tasks_removed=removed))
    assert result.rag["scope"].rag == expected


def test_resources_from_overallocated_assignments() -> None:
    assert draft(inputs(assignment_count=5)).rag["resources"].rag == "green"
    assert draft(inputs(assignment_count=5, overallocated=("Ann on Build",))).rag["resources"].rag == "amber"
    assert draft(inputs(assignment_count=0)).rag["resources"].rag == "grey"


def test_a_risk_provider_plugs_into_the_draft() -> None:
    # given a provider registered for risk, when the signal is read, then its RAG and items are used
    def provider(project: object, start: dt.date, end: dt.date) -> RiskSignal:
        return RiskSignal(rag="red", reason="Two high risks.", items=({"title": "Vendor", "rating": "high"},))

    assert risk_signal(None, START, END) is None
    register_provider("risk", provider)
    try:
        signal = risk_signal(None, START, END)
    finally:
        unregister_provider("risk", provider)
    result = draft(inputs(risk=signal))
    assert result.rag["risk"].rag == "red"
    assert result.figures["risks"] == [{"title": "Vendor", "rating": "high"}]


def test_thresholds_default_and_partial_rules() -> None:
    assert validate_thresholds({}) == DEFAULT_THRESHOLDS
    assert validate_thresholds({"schedule": {"slip_days_red": 30}})["schedule"]["slip_days_red"] == 30


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"costs": {}}, "thresholds.costs"),
        ({"cost": {"cpi_yellow": 0.9}}, "thresholds.cost.cpi_yellow"),
        ({"cost": {"cpi_amber": "high"}}, "thresholds.cost.cpi_amber"),
        ({"cost": {"cpi_amber": -1}}, "thresholds.cost.cpi_amber"),
        ({"cost": {"cpi_red": 0.99}}, "thresholds.cost.cpi_red"),  # red above amber
        ({"quality": {"open_high_defects_red": 0}}, "thresholds.quality.open_high_defects_red"),
        ({"scope": True}, "thresholds.scope"),
        ([1, 2], "thresholds"),
    ],
)
def test_bad_thresholds_are_refused_naming_the_rule(data: object, field: str) -> None:
    with pytest.raises(DomainRuleError) as refused:
        validate_thresholds(data)
    assert refused.value.field == field


def test_periods_of_each_cadence() -> None:
    anchor = dt.date(2024, 1, 5)  # a Friday
    assert period_containing(dt.date(2026, 3, 4), "weekly", anchor) == (
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 6),
    )
    assert period_containing(dt.date(2026, 3, 6), "weekly", anchor)[1] == dt.date(2026, 3, 6)
    start, end = period_containing(dt.date(2026, 3, 4), "fortnightly", anchor)
    assert (end - start).days == 13 and (end - anchor).days % 14 == 0 and start <= dt.date(2026, 3, 4) <= end
    assert period_containing(dt.date(2028, 2, 10), "monthly", anchor) == (
        dt.date(2028, 2, 1),
        dt.date(2028, 2, 29),
    )
    assert is_period_end(dt.date(2026, 3, 6), "weekly", anchor)
    assert not is_period_end(dt.date(2026, 3, 5), "weekly", anchor)


@pytest.mark.parametrize(
    ("today", "due_end"),
    [
        (dt.date(2026, 3, 9), dt.date(2026, 2, 27)),  # Friday 6 March + 3 grace days = 9 March: not yet due
        (dt.date(2026, 3, 10), dt.date(2026, 3, 6)),  # the day after: due (overdue if missing)
    ],
)
def test_last_due_period_counts_the_grace_days(today: dt.date, due_end: dt.date) -> None:
    assert last_due_period(today, "weekly", dt.date(2024, 1, 5), 3)[1] == due_end
