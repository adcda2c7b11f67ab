"""Roll-ups to programs and portfolios: sums first, then ratios; a query count that does not grow."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from pmo.performance.figures import Series
from pmo.performance.rollup import roll_up_projects, sum_series
from pmo.performance.selectors import projects_under
from pmo.performance.tests.conftest import build_fence
from pmo.testing.personas import World

pytestmark = pytest.mark.django_db


def test_two_fences_roll_up_to_the_sums_and_their_ratios(world: World) -> None:
    projects = [build_fence(world, code) for code in ("F1", "F2")]
    rollup = roll_up_projects(projects)

    assert rollup.figures is not None
    assert (rollup.figures.bac, rollup.figures.pv, rollup.figures.ev, rollup.figures.ac) == (
        Decimal("8000.00"),
        Decimal("6000.00"),
        Decimal("5000.00"),
        Decimal("5600.00"),
    )
    assert (rollup.figures.cpi, rollup.figures.spi, rollup.figures.eac) == (
        0.8929,
        0.8333,
        Decimal("8960.00"),
    )
    assert [row.project.code for row in rollup.rows] == ["F1", "F2"]
    assert rollup.series.pv == (8000.0,)  # both curves end on 1 February


def _page_queries(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return len(queries)


def test_the_portfolio_page_and_api_do_not_query_per_project(
    world: World, persona_client, api_client
) -> None:
    build_fence(world, "Q1")
    page = reverse("performance:portfolio", kwargs={"uid": world.a.portfolio.uid})
    api = reverse("api:portfolio-ev-earned-value", kwargs={"uid": world.a.portfolio.uid})
    web, rest = persona_client("manager"), api_client("manager")
    _page_queries(web, page)  # computes the snapshots
    _page_queries(rest, api)  # and records the token's first use
    before = (_page_queries(web, page), _page_queries(rest, api))
    for code in ("Q2", "Q3", "Q4", "Q5"):
        build_fence(world, code)
    _page_queries(web, page)
    after = (_page_queries(web, page), _page_queries(rest, api))

    assert after == before
    assert len(projects_under(world.users["manager"], world.a.portfolio.scope)) >= 5


def _curve(start: int, values: list[int], known: int) -> Series:
    ends = tuple(dt.datetime(2026, 1 + start + i, 1) for i in range(len(values)))
    cumulative = [float(sum(values[: i + 1])) for i in range(len(values))]
    known_values = tuple(v if i < known else None for i, v in enumerate(cumulative))
    return Series(ends, tuple(cumulative), known_values, known_values)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 3), st.lists(st.integers(0, 1000), min_size=1, max_size=5), st.integers(0, 5)
        ),
        min_size=1,
        max_size=4,
    )
)
def test_summed_curves_add_up_at_every_month_end(curves: list[tuple[int, list[int], int]]) -> None:
    series = [_curve(start, values, known) for start, values, known in curves]
    total = sum_series(series)

    assert total.ends == tuple(sorted({e for s in series for e in s.ends}))
    for i, end in enumerate(total.ends):
        expected_pv = sum(
            s.pv[s.ends.index(end)] if end in s.ends else (s.pv[-1] if end > s.ends[-1] else 0.0)
            for s in series
        )
        assert math.isclose(total.pv[i], expected_pv)
        parts = [
            s.ev[s.ends.index(end)] if end in s.ends else (None if end > s.ends[-1] else 0.0) for s in series
        ]
        assert total.ev[i] == (None if any(p is None for p in parts) else pytest.approx(sum(parts)))
    assert total.pv[-1] == pytest.approx(sum(s.pv[-1] for s in series))
