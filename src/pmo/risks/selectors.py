"""Permission-scoped reads of risks, response actions and matrices; the contracts other apps use.

``quantified_risks`` (Monte Carlo) and ``risk_scores`` (escalation, roll-ups) read without a user:
their callers have already fetched the project or scopes through their own scoped selectors.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404

from pmo.accounts.models import User
from pmo.accounts.selectors import scoped, visible_scopes
from pmo.core.models import Scope
from pmo.core.selectors import get_visible
from pmo.projects.models import Task
from pmo.risks.choices import ImpactUnit, RiskKind, RiskStatus
from pmo.risks.matrix import DEFAULT_MATRIX, MatrixSpec, trend_of
from pmo.risks.models import Risk, RiskAction, RiskMatrix, RiskScore

NODE_KINDS: tuple[str, ...] = ("portfolio", "program", "project")


def node_scope(user: Any, kind: str, uid: Any) -> Scope:
    """The scope of the portfolio, program or project ``uid`` (of ``kind``; any kind when ""), or 404."""
    kinds = (kind,) if kind else NODE_KINDS
    if not _is_uuid(uid):
        raise Http404("no portfolio, program or project matches the given id")
    match = Q()
    for one in kinds:
        match |= Q(kind=one, **{f"{one}__uid": uid})
    return get_visible(visible_scopes(user).filter(match).select_related(*kinds))


def _is_uuid(value: Any) -> bool:
    try:
        UUID(str(value))
    except ValueError:
        return False
    return True


def owner_choices(scope: Scope) -> QuerySet[User]:
    """Active people who may own a risk of ``scope``: members (directly or by team) of it or an
    ancestor, and PMO administrators."""
    ids = scope.ancestor_ids()
    return (
        User.objects.filter(
            Q(memberships__scope_id__in=ids) | Q(teams__memberships__scope_id__in=ids) | Q(is_pmo_admin=True),
            is_active=True,
        )
        .distinct()
        .order_by("username")
    )


def project_task_choices(scope: Scope) -> list[tuple[int, str]] | None:
    """``(id, "WBS name")`` of the tasks of a project's scope; ``None`` for a program or portfolio."""
    if scope.kind != "project":
        return None
    tasks = Task.objects.filter(project__scope=scope).order_by("position").values_list("pk", "wbs", "name")
    return [(pk, f"{wbs} {name}".strip()) for pk, wbs, name in tasks]


def risks_visible(user: Any) -> QuerySet[Risk]:
    """Risks of the nodes the user may see."""
    return scoped(Risk.objects.select_related("scope", "owner"), user)


def risk_get(user: Any, uid: Any) -> Risk:
    """One visible risk, or 404."""
    return get_visible(risks_visible(user), uid=uid)


def risks_under(user: Any, scope: Scope) -> QuerySet[Risk]:
    """Visible risks of ``scope`` and every node below it, highest current score first."""
    queryset = risks_visible(user).filter(scope__path__startswith=scope.path)
    return queryset.annotate(current=Coalesce("residual_score", "score")).order_by("-current", "title", "id")


def actions_visible(user: Any) -> QuerySet[RiskAction]:
    """Response actions of the risks the user may see."""
    return scoped(RiskAction.objects.select_related("risk", "scope", "owner"), user)


def action_get(user: Any, uid: Any, *, risk: Risk | None = None) -> RiskAction:
    """One visible response action (of ``risk`` when given), or 404."""
    queryset = actions_visible(user)
    if risk is not None:
        queryset = queryset.filter(risk=risk)
    return get_visible(queryset, uid=uid)


def matrices_visible(user: Any) -> QuerySet[RiskMatrix]:
    """Matrix settings of the nodes the user may see."""
    return scoped(RiskMatrix.objects.select_related("scope"), user)


def matrix_get(user: Any, uid: Any) -> RiskMatrix:
    """One visible matrix settings row, or 404."""
    return get_visible(matrices_visible(user), uid=uid)


def effective_matrix(scope: Scope) -> MatrixSpec:
    """The matrix of the nearest node (``scope`` or an ancestor) that defines one, else the default."""
    ids = scope.ancestor_ids() or [scope.pk]
    rows = {m.scope_id: m for m in RiskMatrix.objects.filter(scope_id__in=ids).select_related("scope")}
    for scope_id in reversed(ids):
        row = rows.get(scope_id)
        if row is not None:
            owner = row.scope.owner
            return MatrixSpec(
                levels=row.levels,
                medium_from=row.medium_from,
                high_from=row.high_from,
                critical_from=row.critical_from,
                defined_at=str(getattr(owner, "name", owner)),
            )
    return DEFAULT_MATRIX


def trends(risk_ids: Collection[int]) -> dict[int, str]:
    """Rising, steady or falling per risk, from its last two score rows (one query)."""
    history: dict[int, list[int]] = {}
    rows = RiskScore.objects.filter(risk_id__in=list(risk_ids)).order_by("risk_id", "at", "id")
    for risk_id, current in rows.values_list("risk_id", "current_score"):
        history.setdefault(risk_id, []).append(current)
    return {risk_id: trend_of(history.get(risk_id, [])) for risk_id in risk_ids}


def score_history(risk: Risk) -> QuerySet[RiskScore]:
    """The score rows of a risk the caller fetched through :func:`risk_get`, oldest first."""
    return RiskScore.objects.filter(risk=risk).order_by("at", "id")


def risk_scores(scope_ids: Collection[int]) -> dict[int, int]:
    """The highest current (residual if set, else inherent) score of open risks per scope id.

    One query; scopes without an open risk are absent.
    """
    rows = (
        Risk.objects.filter(scope_id__in=list(scope_ids), status=RiskStatus.OPEN)
        .values("scope_id")
        .annotate(top=Max(Coalesce("residual_score", "score")))
        .values_list("scope_id", "top")
    )
    return {scope_id: int(top) for scope_id, top in rows}


@dataclass(frozen=True)
class QuantifiedRisk:
    """An open threat of a project as the Monte Carlo simulation reads it.

    ``time_impact`` is (min, most likely, max) in working minutes, or in % of the linked tasks'
    duration when ``time_impact_percent``; ``probability`` is 0-1.
    """

    uid: UUID
    title: str
    probability: float
    time_impact: tuple[float, float, float] | None
    time_impact_percent: bool
    cost_impact: tuple[Decimal, Decimal, Decimal] | None
    task_ids: tuple[int, ...]


def quantified_risks(project: Any) -> list[QuantifiedRisk]:
    """Open threats of ``project`` with a probability % and at least one linked task (of the project).

    Days are converted to working minutes with the project's ``minutes_per_day``.
    """
    risks = list(
        Risk.objects.filter(
            scope_id=project.scope_id,
            kind=RiskKind.THREAT,
            status=RiskStatus.OPEN,
            probability_percent__isnull=False,
        ).order_by("-score", "id")
    )
    linked = {pk for risk in risks for pk in risk.task_ids}
    existing = set(Task.objects.filter(project=project, pk__in=linked).values_list("pk", flat=True))
    per_day = float(project.minutes_per_day or 480)
    answer: list[QuantifiedRisk] = []
    for risk in risks:
        task_ids = tuple(pk for pk in risk.task_ids if pk in existing)
        if not task_ids:
            continue
        percent = risk.time_unit == ImpactUnit.PERCENT
        time: tuple[float, float, float] | None = None
        if risk.time_min is not None and risk.time_likely is not None and risk.time_max is not None:
            factor = 1.0 if percent else per_day
            time = (risk.time_min * factor, risk.time_likely * factor, risk.time_max * factor)
        cost = None
        if risk.cost_min is not None and risk.cost_likely is not None and risk.cost_max is not None:
            cost = (risk.cost_min, risk.cost_likely, risk.cost_max)
        answer.append(
            QuantifiedRisk(
                uid=risk.uid,
                title=risk.title,
                probability=float(risk.probability_percent or 0) / 100.0,
                time_impact=time,
                time_impact_percent=percent,
                cost_impact=cost,
                task_ids=task_ids,
            )
        )
    return answer
