"""Heat maps, burn-down and the matrix checks (pure, no database), and the register's query count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from pmo.core.errors import DomainRuleError
from pmo.risks.heatmap import burn_down, heat_map, week_end
from pmo.risks.matrix import MatrixSpec, validate_matrix, zone_of
from pmo.risks.services import risk_create
from pmo.testing.personas import World

UTC = dt.UTC


def risk(p: int, score: int, rp: int | None = None, rs: int | None = None) -> Any:
    return SimpleNamespace(probability=p, score=score, residual_probability=rp, residual_score=rs)


def test_heat_map_places_risks_by_probability_and_highest_impact() -> None:
    spec = MatrixSpec()
    grid = heat_map([risk(3, 12), risk(3, 12, 1, 4), risk(5, 25, 2, 6)], spec)
    counts = {(c.probability, c.impact): c.count for row in grid for c in row if c.count}
    assert counts == {(3, 4): 2, (5, 5): 1}
    assert [row[0].probability for row in grid] == [5, 4, 3, 2, 1]  # highest probability first
    assert grid[0][4].zone == "critical" and grid[4][0].zone == "low"
    residual = heat_map([risk(3, 12), risk(3, 12, 1, 4), risk(5, 25, 2, 6)], spec, residual=True)
    assert {(c.probability, c.impact): c.count for row in residual for c in row if c.count} == {
        (1, 4): 1,
        (2, 3): 1,
    }


def test_zones_follow_the_thresholds_of_the_matrix() -> None:
    spec = MatrixSpec(levels=4, medium_from=3, high_from=6, critical_from=12)
    assert [zone_of(s, spec) for s in (2, 3, 5, 6, 11, 12, 16)] == [
        "low",
        "medium",
        "medium",
        "high",
        "high",
        "critical",
        "critical",
    ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"levels": 2, "medium_from": 2, "high_from": 3, "critical_from": 4}, "levels"),
        ({"levels": 11, "medium_from": 2, "high_from": 3, "critical_from": 4}, "levels"),
        ({"levels": 5, "medium_from": 1, "high_from": 3, "critical_from": 4}, "medium_from"),
        ({"levels": 5, "medium_from": 5, "high_from": 5, "critical_from": 9}, "high_from"),
        ({"levels": 5, "medium_from": 5, "high_from": 9, "critical_from": 26}, "critical_from"),
        ({"levels": "x", "medium_from": 5, "high_from": 9, "critical_from": 20}, "levels"),
    ],
)
def test_bad_matrices_name_the_field(data: dict[str, Any], field: str) -> None:
    with pytest.raises(DomainRuleError) as refused:
        validate_matrix(data)
    assert refused.value.field == field


def test_burn_down_counts_each_week_by_the_last_row_before_its_end() -> None:
    # given a risk raised high on Monday 2 March, lowered on 11 March, and one closed on 18 March
    monday = dt.datetime(2026, 3, 2, 9, tzinfo=UTC)
    rows = [
        (1, monday, 12, Decimal("100.00"), "open"),
        (2, monday, 20, Decimal("50.00"), "open"),
        (1, monday + dt.timedelta(days=9), 4, Decimal("40.00"), "open"),
        (2, monday + dt.timedelta(days=16), 20, Decimal("50.00"), "closed"),
    ]
    burn = burn_down(rows, MatrixSpec(), dt.date(2026, 3, 25))
    assert burn.weeks == [
        dt.date(2026, 3, 8),
        dt.date(2026, 3, 15),
        dt.date(2026, 3, 22),
        dt.date(2026, 3, 29),
    ]
    assert burn.exposure == [Decimal("150.00"), Decimal("90.00"), Decimal("40.00"), Decimal("40.00")]
    assert burn.by_zone["high"] == [1, 0, 0, 0] and burn.by_zone["critical"] == [1, 1, 0, 0]
    assert burn.by_zone["low"] == [0, 1, 1, 1]
    assert burn.rows()[0] == (dt.date(2026, 3, 8), 0, 0, 1, 1, Decimal("150.00"))
    assert week_end(dt.date(2026, 3, 8)) == dt.date(2026, 3, 8)
    assert burn_down([], MatrixSpec(), dt.date(2026, 3, 25)).weeks == []


@pytest.mark.django_db
def test_register_page_reads_a_constant_number_of_queries(world: World, max_queries: Any) -> None:
    client = Client()
    client.force_login(world.users["viewer"])
    url = reverse("risks:portfolio_register", kwargs={"uid": world.a.portfolio.uid})
    client.get(url)  # warm the per-process caches
    with max_queries(12):
        first = client.get(url)
    for n in range(15):
        risk_create(
            actor=world.users["manager"],
            scope=world.a.project.scope,
            title=f"R{n}",
            probability=2,
            impact_time=2,
        )
    with max_queries(12):
        many = client.get(url)
    assert first.status_code == many.status_code == 200
    assert many.content.decode().count('href="/risks/') >= 16
