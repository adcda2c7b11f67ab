"""Resources of a pool: created, changed and deleted by the managers of the pool's portfolio."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models.functions import Lower

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role, users_visible
from pmo.core.errors import DomainRuleError
from pmo.core.models import Scope
from pmo.core.services import instance_create, instance_delete, instance_update
from pmo.quality.auditing import refuse_unknown
from pmo.resources.choices import ResourceKind
from pmo.resources.models import Resource
from pmo.resources.services.common import CENT, RATE_STEP, decimal_value, name_value, require_pool

#: What a pool manager edits on a resource (its pool never changes).
RESOURCE_FIELDS = (
    "name",
    "kind",
    "code",
    "initials",
    "email",
    "group",
    "user",
    "is_generic",
    "max_units",
    "standard_rate",
    "overtime_rate",
    "cost_per_use",
    "material_label",
    "extra",
)
RATE_FIELDS = ("standard_rate", "overtime_rate", "cost_per_use")


def _check_name_free(pool: Scope, name: str, *, exclude: int | None = None) -> None:
    """Names are unique in a pool, ignoring case (the import matches resources by name)."""
    clash = Resource.objects.filter(scope=pool).annotate(lower=Lower("name")).filter(lower=name.lower())
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    existing = clash.values_list("name", flat=True).first()
    if existing is not None:
        raise DomainRuleError(
            f"The pool already has a resource called {existing!r}; names must differ (ignoring case).",
            field="name",
        )


def _check_user(actor: Any, user: Any) -> None:
    """A linked user must be active and someone the actor can see."""
    if user is None:
        return
    if not getattr(user, "is_active", False) or not users_visible(actor).filter(pk=user.pk).exists():
        raise DomainRuleError(f"{user} is not an active person you can see; link someone else.", field="user")


def resource_values(data: dict[str, Any]) -> dict[str, Any]:
    """Normalise the numbers and the name of a resource's fields (only those given)."""
    values = dict(data)
    if "name" in values:
        values["name"] = name_value(values["name"])
    if "kind" in values and values["kind"] not in ResourceKind.values:
        choices = ", ".join(ResourceKind.values)
        raise DomainRuleError(f"kind must be one of {choices}, not {values['kind']!r}.", field="kind")
    if "max_units" in values:
        max_units = decimal_value(values["max_units"], field="max_units", step=CENT)
        values["max_units"] = Decimal("1.00") if max_units is None else max_units
    for name in RATE_FIELDS:
        if name in values:
            values[name] = decimal_value(values[name], field=name, step=RATE_STEP)
    if "extra" in values and values["extra"] is None:
        values["extra"] = {}
    return values


def resource_create(*, actor: Any, pool: Scope, name: str, **fields: Any) -> Resource:
    """Add a resource to ``pool`` (a portfolio's scope); needs the manager role on the portfolio.

    ``fields`` are any of :data:`RESOURCE_FIELDS` besides the name (``kind``, ``max_units``,
    rates per hour...). A name already in the pool (ignoring case) is refused.
    """
    require_pool(pool)
    require_role(actor, pool, Role.MANAGER)
    refuse_unknown(fields, RESOURCE_FIELDS)
    values = resource_values({"name": name, **fields})
    _check_user(actor, values.get("user"))
    with transaction.atomic():
        _check_name_free(pool, values["name"])
        return instance_create(actor=actor, instance=Resource(scope=pool, **values), scope=pool)


def resource_update(
    *, actor: Any, resource: Resource, data: dict[str, Any], expected_version: int | None
) -> Resource:
    """Change a resource's fields (see :data:`RESOURCE_FIELDS`); manager of the pool's portfolio."""
    require_role(actor, resource.scope, Role.MANAGER)
    refuse_unknown(data, RESOURCE_FIELDS)
    values = resource_values(data)
    if "user" in values and values["user"] != resource.user:
        _check_user(actor, values["user"])
    with transaction.atomic():
        if "name" in values:
            _check_name_free(resource.scope, values["name"], exclude=resource.pk)
        updated, _ = instance_update(
            actor=actor,
            instance=resource,
            data=values,
            expected_version=expected_version,
            scope=resource.scope,
        )
    return updated


def resource_delete(*, actor: Any, resource: Resource, expected_version: int | None) -> None:
    """Delete a resource that no task uses any more; manager of the pool's portfolio."""
    require_role(actor, resource.scope, Role.MANAGER)
    with transaction.atomic():
        used = list(
            resource.assignments.order_by("project__code").values_list("project__code", flat=True).distinct()
        )
        if used:
            count = resource.assignments.count()
            raise DomainRuleError(
                f"{resource} is assigned to {count} task{'s' if count != 1 else ''} "
                f"(in {', '.join(used)}); remove those assignments before deleting the resource.",
                field="assignments",
            )
        planned = list(
            resource.demand.order_by("project__code").values_list("project__code", flat=True).distinct()
        )
        if planned:
            raise DomainRuleError(
                f"The resource plans of {', '.join(planned)} ask for {resource}; remove those lines first.",
                field="demand",
            )
        instance_delete(
            actor=actor, instance=resource, expected_version=expected_version, scope=resource.scope
        )
