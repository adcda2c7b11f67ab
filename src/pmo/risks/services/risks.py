"""Writes of risks: raise, change, close, reopen, delete. Each adds a score row when scores move.

Roles (``docs/authz/risks.yaml``): contributors raise, change, close and reopen risks; managers
delete them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.models import Scope
from pmo.core.services import instance_create, instance_delete, instance_update
from pmo.risks.choices import DIMENSIONS, ImpactUnit, RiskCategory, RiskKind, RiskStatus
from pmo.risks.matrix import MatrixSpec, score, zone_of
from pmo.risks.models import Risk, RiskScore
from pmo.risks.selectors import effective_matrix
from pmo.risks.services.checks import check_values, refuse_unknown

#: What a contributor may set on a risk (the allow-list of forms and the API).
RISK_FIELDS: tuple[str, ...] = (
    "kind",
    "title",
    "cause",
    "event",
    "effect",
    "category",
    "owner",
    "strategy",
    "triggers",
    "proximity",
    "probability",
    *(f"impact_{d}" for d in DIMENSIONS),
    "residual_probability",
    *(f"residual_{d}" for d in DIMENSIONS),
    "probability_percent",
    "time_unit",
    "time_min",
    "time_likely",
    "time_max",
    "cost_min",
    "cost_likely",
    "cost_max",
    "task_ids",
)

DEFAULTS: dict[str, Any] = {
    "kind": RiskKind.THREAT,
    "category": RiskCategory.OTHER,
    "time_unit": ImpactUnit.DAYS,
    "probability": 1,
    "task_ids": [],
}


def _scores(values: Mapping[str, Any]) -> tuple[int, int | None]:
    """The inherent and residual scores (a residual impact left blank keeps the inherent one)."""
    inherent = score(values["probability"], {d: values[f"impact_{d}"] for d in DIMENSIONS}) or 0
    if values.get("residual_probability") is None:
        return inherent, None
    residual_impacts = {
        d: values[f"residual_{d}"] if values.get(f"residual_{d}") is not None else values[f"impact_{d}"]
        for d in DIMENSIONS
    }
    return inherent, score(values["residual_probability"], residual_impacts)


def _record_score(risk: Risk, spec: MatrixSpec) -> None:
    """Add a score row when the scores, exposure or status differ from the last one."""
    last = RiskScore.objects.filter(risk=risk).order_by("-at", "-id").first()
    row = RiskScore(
        risk=risk,
        scope=risk.scope,
        score=risk.score,
        residual_score=risk.residual_score,
        current_score=risk.current_score,
        zone=zone_of(risk.current_score, spec),
        exposure=risk.exposure,
        status=risk.status,
    )
    keys = ("score", "residual_score", "exposure", "status")
    if last is None or any(getattr(last, k) != getattr(row, k) for k in keys):
        row.save()


def _check(scope: Scope, values: dict[str, Any]) -> tuple[dict[str, Any], MatrixSpec]:
    spec = effective_matrix(scope)
    clean = check_values(values, scope, spec)
    clean["score"], clean["residual_score"] = _scores(clean)
    return clean, spec


def risk_create(*, actor: Any, scope: Scope, **data: Any) -> Risk:
    """Raise a risk on a portfolio, program or project (contributor); see :data:`RISK_FIELDS`."""
    require_role(actor, scope, Role.CONTRIBUTOR)
    refuse_unknown(data, RISK_FIELDS)
    values = {name: None for name in RISK_FIELDS} | DEFAULTS | data
    clean, spec = _check(scope, values)
    for name in ("cause", "event", "effect", "triggers"):
        clean[name] = str(clean.get(name) or "").strip()
    with transaction.atomic():
        risk = instance_create(actor=actor, instance=Risk(scope=scope, **clean), scope=scope)
        _record_score(risk, spec)
    return risk


def risk_update(*, actor: Any, risk: Risk, data: Mapping[str, Any], expected_version: int | None) -> Risk:
    """Change a risk's fields (contributor); scores are recomputed and recorded when they move."""
    require_role(actor, risk.scope, Role.CONTRIBUTOR)
    refuse_unknown(data, RISK_FIELDS)
    values = {name: getattr(risk, name) for name in RISK_FIELDS} | dict(data)
    clean, spec = _check(risk.scope, values)
    for name in ("cause", "event", "effect", "triggers"):
        if name in data:
            clean[name] = str(clean.get(name) or "").strip()
    changed = {name: clean[name] for name in (*data, "score", "residual_score")}
    with transaction.atomic():
        updated, _ = instance_update(
            actor=actor, instance=risk, data=changed, expected_version=expected_version, scope=risk.scope
        )
        _record_score(updated, spec)
    return updated


def risk_close(*, actor: Any, risk: Risk, reason: str, expected_version: int | None) -> Risk:
    """Close an open risk with its reason (contributor)."""
    require_role(actor, risk.scope, Role.CONTRIBUTOR)
    if not risk.is_open:
        raise DomainRuleError(f"{risk} is already closed.", field="status")
    if not str(reason or "").strip():
        raise DomainRuleError("Say why the risk is closed.", field="close_reason")
    data = {"status": RiskStatus.CLOSED, "close_reason": str(reason).strip(), "closed_at": timezone.now()}
    return _set_status(actor, risk, data, expected_version)


def risk_reopen(*, actor: Any, risk: Risk, expected_version: int | None) -> Risk:
    """Open a closed risk again (contributor); its close reason is kept in the history."""
    require_role(actor, risk.scope, Role.CONTRIBUTOR)
    if risk.is_open:
        raise DomainRuleError(f"{risk} is already open.", field="status")
    return _set_status(actor, risk, {"status": RiskStatus.OPEN, "closed_at": None}, expected_version)


def _set_status(actor: Any, risk: Risk, data: dict[str, Any], expected_version: int | None) -> Risk:
    with transaction.atomic():
        updated, _ = instance_update(
            actor=actor, instance=risk, data=data, expected_version=expected_version, scope=risk.scope
        )
        _record_score(updated, effective_matrix(risk.scope))
    return updated


def risk_delete(*, actor: Any, risk: Risk, expected_version: int | None) -> None:
    """Delete a risk raised by mistake, with its actions and score rows (manager)."""
    require_role(actor, risk.scope, Role.MANAGER)
    with transaction.atomic():
        instance_delete(actor=actor, instance=risk, expected_version=expected_version, scope=risk.scope)
