"""Writes of matrix settings: a manager of a node sets the matrix its subtree inherits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.models import Scope
from pmo.core.services import instance_create, instance_update
from pmo.risks.choices import DIMENSIONS
from pmo.risks.matrix import validate_matrix
from pmo.risks.models import Risk, RiskMatrix
from pmo.risks.selectors import effective_matrix
from pmo.risks.services.checks import refuse_unknown

MATRIX_FIELDS: tuple[str, ...] = ("levels", "medium_from", "high_from", "critical_from")


def _refuse_smaller(scope: Scope, levels: int) -> None:
    """A matrix may not shrink below a level an open risk under it already uses."""
    fields = (
        "probability",
        "residual_probability",
        "impact_time",
        "impact_cost",
        "impact_scope",
        "impact_quality",
        *(f"residual_{dimension}" for dimension in DIMENSIONS),
    )
    above = Q()
    for name in fields:
        above |= Q(**{f"{name}__gt": levels})
    clash = Risk.objects.filter(above, scope__path__startswith=scope.path, status="open").first()
    if clash is not None:
        raise DomainRuleError(
            f"The open risk {clash} uses a level above {levels}; lower its levels first.", field="levels"
        )


def matrix_set(
    *, actor: Any, scope: Scope, data: Mapping[str, Any], expected_version: int | None = None
) -> RiskMatrix:
    """Define or change the matrix of a node (manager); unspecified settings keep their values."""
    require_role(actor, scope, Role.MANAGER)
    refuse_unknown(data, MATRIX_FIELDS)
    current = RiskMatrix.objects.filter(scope=scope).first()
    base = current or effective_matrix(scope)
    values = {name: getattr(base, name) for name in MATRIX_FIELDS} | dict(data)
    clean = validate_matrix(values)
    _refuse_smaller(scope, clean["levels"])
    with transaction.atomic():
        if current is None:
            return instance_create(actor=actor, instance=RiskMatrix(scope=scope, **clean), scope=scope)
        updated, _ = instance_update(
            actor=actor, instance=current, data=clean, expected_version=expected_version, scope=scope
        )
    return updated
