"""Dated cost rates of a resource (its rate table): managers of the pool's portfolio add, change
and remove them. The resource's own rates stay the rates before its first dated row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_delete, instance_update
from pmo.quality.auditing import refuse_unknown
from pmo.resources.models import Resource, ResourceRate
from pmo.resources.services.common import RATE_STEP, decimal_value

#: What a pool manager edits on a dated rate (its resource never changes).
RATE_ROW_FIELDS = ("effective_from", "standard_rate", "overtime_rate", "cost_per_use")
#: Microsoft Project's date range, which pmo keeps everywhere.
EARLIEST = dt.date(1984, 1, 1)
LATEST = dt.date(2149, 12, 31)


def _values(data: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise the given fields of a dated rate."""
    values = dict(data)
    if "effective_from" in values:
        day = values["effective_from"]
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise DomainRuleError("Give the day the rates take effect as a date.", field="effective_from")
        if not EARLIEST <= day <= LATEST:
            raise DomainRuleError(
                f"{day.isoformat()} is outside the supported range 1984-01-01 to 2149-12-31.",
                field="effective_from",
            )
    for name in ("standard_rate", "overtime_rate", "cost_per_use"):
        if name in values:
            values[name] = decimal_value(values[name], field=name, step=RATE_STEP)
    return values


def _check_day_free(resource: Resource, day: dt.date, *, exclude: int | None = None) -> None:
    """One row per resource and day."""
    clash = ResourceRate.objects.filter(resource=resource, effective_from=day)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise DomainRuleError(
            f"{resource} already has rates from {day.isoformat()}; change that row instead.",
            field="effective_from",
        )


def resource_rate_create(
    *,
    actor: Any,
    resource: Resource,
    effective_from: dt.date,
    standard_rate: Any = None,
    overtime_rate: Any = None,
    cost_per_use: Any = None,
) -> ResourceRate:
    """Add rates that take effect on ``effective_from``; manager of the pool's portfolio."""
    require_role(actor, resource.scope, Role.MANAGER)
    values = _values(
        {
            "effective_from": effective_from,
            "standard_rate": standard_rate,
            "overtime_rate": overtime_rate,
            "cost_per_use": cost_per_use,
        }
    )
    with transaction.atomic():
        Resource.objects.select_for_update().filter(pk=resource.pk).first()  # one writer per table
        _check_day_free(resource, values["effective_from"])
        rate = ResourceRate(resource=resource, scope=resource.scope, **values)
        return instance_create(actor=actor, instance=rate, scope=resource.scope)


def resource_rate_update(
    *, actor: Any, rate: ResourceRate, data: dict[str, Any], expected_version: int | None
) -> ResourceRate:
    """Change a dated rate (see :data:`RATE_ROW_FIELDS`); manager of the pool's portfolio."""
    require_role(actor, rate.scope, Role.MANAGER)
    refuse_unknown(data, RATE_ROW_FIELDS)
    values = _values(data)
    with transaction.atomic():
        Resource.objects.select_for_update().filter(pk=rate.resource_id).first()
        if "effective_from" in values:
            _check_day_free(rate.resource, values["effective_from"], exclude=rate.pk)
        updated, _ = instance_update(
            actor=actor, instance=rate, data=values, expected_version=expected_version, scope=rate.scope
        )
    return updated


def resource_rate_delete(*, actor: Any, rate: ResourceRate, expected_version: int | None) -> None:
    """Remove a dated rate (the previous rates then hold on); manager of the pool's portfolio."""
    require_role(actor, rate.scope, Role.MANAGER)
    with transaction.atomic():
        instance_delete(actor=actor, instance=rate, expected_version=expected_version, scope=rate.scope)
