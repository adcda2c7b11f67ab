"""Dated cost rates: the pure rate table, the one-query selector, and the services (manager only,
one row per day, refusals name the field and write nothing, audited)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.selectors import history_of
from pmo.resources.models import ResourceRate
from pmo.resources.rates import NO_RATES, Rates, RateTable
from pmo.resources.selectors import rate_tables, rates_of
from pmo.resources.services import (
    resource_create,
    resource_rate_create,
    resource_rate_delete,
    resource_rate_update,
)
from pmo.testing.doctests import run_examples
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.testing.personas import World
from pmo.testing.queries import assert_max_queries

JULY = dt.date(2026, 7, 1)


# -- the pure table ---------------------------------------------------------------------------------


def test_the_base_rates_hold_before_the_first_dated_row_and_each_row_until_the_next() -> None:
    # given base 50/h, then 60 from July, then 70 from October (rows given out of order)
    base = Rates(Decimal("50"), None, None)
    table = RateTable.build(
        base,
        [
            (dt.date(2026, 10, 1), Rates(Decimal("70"), None, None)),
            (JULY, Rates(Decimal("60"), None, Decimal("5"))),
        ],
    )
    # then each day gets the rates of the last row starting on or before it
    assert table.on(dt.date(2026, 6, 30)) == base
    assert table.on(JULY) == Rates(Decimal("60"), None, Decimal("5"))
    assert table.on(dt.date(2026, 9, 30)).standard == Decimal("60")
    assert table.on(dt.date(2026, 10, 1)).standard == Decimal("70")
    assert table.on(dt.date(2149, 12, 31)).standard == Decimal("70")


def test_an_empty_table_has_no_rates() -> None:
    assert RateTable().on(JULY) == NO_RATES


def test_the_module_examples_hold() -> None:
    result = run_examples("pmo.resources.rates")
    assert result.attempted > 0
    assert result.failed == 0


# -- selector ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_rate_tables_reads_any_number_of_resources_in_one_query(world: World, r: Any) -> None:
    # given the assigned resource (80/h) with two dated rows, the spare one with the world's row
    # from July, and ten more resources with none
    manager = world.users["manager"]
    resource_rate_create(actor=manager, resource=r.resource, effective_from=JULY, standard_rate="90")
    resource_rate_create(
        actor=manager, resource=r.resource, effective_from=dt.date(2027, 1, 1), standard_rate="100"
    )
    others = [
        resource_create(actor=manager, pool=r.pool, name=f"Extra {n}", standard_rate=n) for n in range(10)
    ]
    ids = [r.resource.pk, r.spare.pk, *(other.pk for other in others)]
    # when the tables are read
    with assert_max_queries(1):
        tables = rate_tables(ids)
    # then every resource has its table
    assert set(tables) == set(ids)
    assert tables[r.resource.pk].on(dt.date(2026, 6, 1)).standard == Decimal("80")
    assert tables[r.resource.pk].on(JULY).standard == Decimal("90")
    assert tables[r.resource.pk].on(dt.date(2027, 5, 1)).standard == Decimal("100")
    assert tables[r.spare.pk].on(dt.date(2026, 6, 30)) == NO_RATES  # the world's spare: none before July
    assert tables[r.spare.pk].on(JULY) == Rates(Decimal("95.0000"), None, Decimal("10.0000"))
    assert tables[others[3].pk].on(JULY).standard == Decimal("3")


@pytest.mark.django_db
def test_rate_tables_of_no_resources_runs_no_query() -> None:
    with assert_max_queries(0):
        assert rate_tables([]) == {}


# -- services ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_manager_adds_changes_and_removes_a_dated_rate_with_audit(world: World, r: Any) -> None:
    manager = world.users["manager"]
    # when a manager adds rates from July
    rate = resource_rate_create(
        actor=manager, resource=r.resource, effective_from=JULY, standard_rate="95.5", cost_per_use="12"
    )
    # then it is stored, rounded to the rate step, and audited
    assert list(rates_of(r.resource)) == [rate]
    assert rate.standard_rate == Decimal("95.5000")
    assert rate.overtime_rate is None
    assert history_of(rate).first().changes["standard_rate"][1] == "95.5000"
    # when it is moved to August with a new overtime rate
    updated = resource_rate_update(
        actor=manager,
        rate=rate,
        data={"effective_from": dt.date(2026, 8, 1), "overtime_rate": "140"},
        expected_version=rate.version,
    )
    assert (updated.effective_from, updated.overtime_rate) == (dt.date(2026, 8, 1), Decimal("140.0000"))
    assert updated.version == rate.version + 1
    # when it is removed
    resource_rate_delete(actor=manager, rate=updated, expected_version=updated.version)
    assert not ResourceRate.objects.filter(resource=r.resource).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["viewer", "contributor", "outsider"])
def test_only_managers_of_the_pool_change_rates(world: World, r: Any, persona: str) -> None:
    before = db_fingerprint()
    with pytest.raises(PermissionDenied):
        resource_rate_create(
            actor=world.users[persona], resource=r.resource, effective_from=JULY, standard_rate="1"
        )
    assert_fingerprint_unchanged(before)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"effective_from": dt.date(1983, 12, 31)}, "effective_from"),
        ({"effective_from": "2026-07-01"}, "effective_from"),
        ({"effective_from": JULY, "standard_rate": "-1"}, "standard_rate"),
        ({"effective_from": JULY, "overtime_rate": "lots"}, "overtime_rate"),
        ({"effective_from": JULY, "cost_per_use": "NaN"}, "cost_per_use"),
    ],
)
def test_bad_rates_are_refused_by_field_and_nothing_changes(
    world: World, r: Any, fields: dict[str, Any], field: str
) -> None:
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as refused:
        resource_rate_create(actor=world.users["manager"], resource=r.resource, **fields)
    assert refused.value.field == field
    assert_fingerprint_unchanged(before)


@pytest.mark.django_db
def test_one_row_per_day_and_unknown_fields_are_refused(world: World, r: Any) -> None:
    manager = world.users["manager"]
    first = resource_rate_create(actor=manager, resource=r.resource, effective_from=JULY, standard_rate="1")
    second = resource_rate_create(
        actor=manager, resource=r.resource, effective_from=dt.date(2026, 8, 1), standard_rate="2"
    )
    before = db_fingerprint()
    with pytest.raises(DomainRuleError) as clash:
        resource_rate_create(actor=manager, resource=r.resource, effective_from=JULY, standard_rate="3")
    assert clash.value.field == "effective_from"
    with pytest.raises(DomainRuleError) as moved:
        resource_rate_update(
            actor=manager, rate=second, data={"effective_from": JULY}, expected_version=second.version
        )
    assert moved.value.field == "effective_from"
    with pytest.raises(DomainRuleError) as unknown:
        resource_rate_update(actor=manager, rate=first, data={"resource": r.spare}, expected_version=1)
    assert unknown.value.field == "resource"
    with pytest.raises(StaleVersionError):
        resource_rate_update(
            actor=manager, rate=first, data={"standard_rate": "4"}, expected_version=first.version + 5
        )
    assert_fingerprint_unchanged(before)
