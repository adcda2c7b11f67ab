"""Measuring a tolerance: the forecast of one dimension of a project or program against its limit.

"Fetch, then calculate": :func:`gather` loads what the tolerances of some scopes need (projects,
earned value, approved budgets, risk scores) in a fixed number of queries, and :func:`read` turns
one tolerance and that data into a :class:`Reading` (``None``: not assessed, nothing to compare).

- **Cost**: the EAC (earned value; a project without cost data counts at its BAC) against the
  base (the BAC, or the latest approved budget total) plus the tolerance; a breach is EAC > limit.
- **Time**: days between the target finish (``finish_date``) and the scheduled finish (the live
  schedule; ``forecast_finish`` uses earned schedule's forecast instead); a breach is more days
  late than the tolerance allows. A program counts its latest project.
- **Risk**: the highest current score of open risks in the scope and below; a breach is a score at
  or above the threshold. Scope, quality and benefits have no measure yet ("not assessed").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.db.models import Max, Q
from django.utils import timezone

from pmo.costs.models import BudgetBaseline
from pmo.governance.choices import Measure
from pmo.governance.models import Tolerance
from pmo.performance.earned_value import EarnedValueFigures, earned_values
from pmo.projects.models import Project

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Reading:
    """One measurement: the value, its limit and unit, whether it breaches, and a sentence why."""

    measured: Decimal
    limit: Decimal
    unit: str
    breached: bool
    detail: str


@dataclass
class Data:
    """What the readings need, loaded once for a batch of scopes."""

    projects_by_scope: dict[int, list[Project]] = field(default_factory=dict)
    finish_by_scope: dict[int, dt.date | None] = field(default_factory=dict)
    figures: dict[int, EarnedValueFigures] = field(default_factory=dict)
    budgets: dict[int, Decimal] = field(default_factory=dict)
    risk: dict[int, int] | None = None
    subtree: dict[int, list[int]] = field(default_factory=dict)


def risk_scores(scope_ids: Collection[int]) -> dict[int, int] | None:
    """The risks app's highest open score per scope id; ``None`` while that app is not installed."""
    if not apps.is_installed("pmo.risks"):
        return None
    try:
        from pmo.risks.selectors import risk_scores as scores  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return None
    result: dict[int, int] = scores(scope_ids)
    return result


def gather(tolerances: Iterable[Tolerance]) -> Data:
    """Load the projects under every tolerance's scope and what its measure needs."""
    rows = list(tolerances)
    data = Data()
    if not rows:
        return data
    scopes = {t.scope_id: t.scope for t in rows}
    measures = {t.measure for t in rows}
    for scope_id, scope in scopes.items():
        owner = scope.owner
        data.finish_by_scope[scope_id] = owner.finish_date
    project_scopes = [sid for sid, scope in scopes.items() if scope.kind == "project"]
    program_scopes = [sid for sid, scope in scopes.items() if scope.kind == "program"]
    projects = list(
        Project.objects.filter(Q(scope_id__in=project_scopes) | Q(program__scope_id__in=program_scopes))
        .select_related("scope", "program")
        .order_by("pk")
    )
    program_scope = {p.pk: p.program.scope_id for p in projects if p.program is not None}
    for project in projects:
        data.projects_by_scope.setdefault(project.scope_id, []).append(project)
        if project.pk in program_scope:
            data.projects_by_scope.setdefault(program_scope[project.pk], []).append(project)
    if measures & {Measure.EAC_OVER_BAC, Measure.EAC_OVER_BUDGET, Measure.FORECAST_FINISH}:
        data.figures = earned_values(projects)
    if Measure.EAC_OVER_BUDGET in measures:
        latest = (
            BudgetBaseline.objects.filter(budget__project__in=[p.pk for p in projects])
            .values("budget__project_id")
            .annotate(number=Max("number"))
        )
        wanted = {(row["budget__project_id"], row["number"]) for row in latest}
        for baseline in BudgetBaseline.objects.filter(budget__project__in=[p.pk for p in projects]).values(
            "budget__project_id", "number", "total"
        ):
            if (baseline["budget__project_id"], baseline["number"]) in wanted:
                data.budgets[baseline["budget__project_id"]] = baseline["total"]
    if Measure.RISK_SCORE in measures:
        for scope_id, members in data.projects_by_scope.items():
            data.subtree[scope_id] = sorted({scope_id, *(p.scope_id for p in members)})
        ids = {sid for ids in data.subtree.values() for sid in ids}
        data.risk = risk_scores(ids)
    return data


def _money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _cost(tolerance: Tolerance, projects: list[Project], data: Data) -> Reading | None:
    eac = Decimal(0)
    base = Decimal(0)
    for project in projects:
        figures = data.figures.get(project.pk)
        if figures is None or not figures.has_budget:
            continue
        project_eac = figures.eac if figures.eac is not None else figures.bac
        if tolerance.measure == Measure.EAC_OVER_BUDGET:
            if project.pk not in data.budgets:
                continue
            base += data.budgets[project.pk]
        else:
            base += figures.bac
        eac += project_eac
    if base <= 0:
        return None
    if tolerance.percent is not None:
        limit = base * (1 + Decimal(tolerance.percent) / 100)
        allowance = f"{tolerance.percent}%"
    else:
        limit = base + Decimal(tolerance.amount or 0)
        allowance = f"{tolerance.amount}"
    basis = "approved budget" if tolerance.measure == Measure.EAC_OVER_BUDGET else "BAC"
    detail = f"EAC {_money(eac)} against a {basis} of {_money(base)} plus {allowance} = {_money(limit)}."
    return Reading(_money(eac), _money(limit), "money", eac > limit, detail)


def _finish(tolerance: Tolerance, projects: list[Project], data: Data) -> Reading | None:
    target = data.finish_by_scope.get(tolerance.scope_id)
    if target is None or tolerance.days is None:
        return None
    finishes: list[dt.datetime] = []
    for project in projects:
        if tolerance.measure == Measure.FORECAST_FINISH:
            figures = data.figures.get(project.pk)
            value = figures.forecast_finish if figures is not None else None
        else:
            value = project.scheduled_finish
        if value is not None:
            finishes.append(value)
    if not finishes:
        return None
    latest = max(finishes)
    finish_day = timezone.localtime(latest).date() if timezone.is_aware(latest) else latest.date()
    late = (finish_day - target).days
    what = "forecast finish" if tolerance.measure == Measure.FORECAST_FINISH else "scheduled finish"
    detail = (
        f"The {what} {finish_day.isoformat()} is {late} day(s) after the target finish "
        f"{target.isoformat()}; the tolerance allows {tolerance.days}."
    )
    return Reading(Decimal(late), Decimal(tolerance.days), "days", late > tolerance.days, detail)


def _risk(tolerance: Tolerance, data: Data) -> Reading | None:
    if data.risk is None or tolerance.score is None:
        return None
    scores = [
        data.risk[sid]
        for sid in data.subtree.get(tolerance.scope_id, [tolerance.scope_id])
        if sid in data.risk
    ]
    if not scores:
        return None
    top = max(scores)
    detail = f"The highest open risk scores {top}; the threshold is {tolerance.score}."
    return Reading(Decimal(top), Decimal(tolerance.score), "score", top >= tolerance.score, detail)


def read(tolerance: Tolerance, data: Data) -> Reading | None:
    """Measure one tolerance with the gathered data (``None``: not assessed)."""
    projects = data.projects_by_scope.get(tolerance.scope_id, [])
    if tolerance.measure in (Measure.EAC_OVER_BAC, Measure.EAC_OVER_BUDGET):
        return _cost(tolerance, projects, data)
    if tolerance.measure in (Measure.SCHEDULED_FINISH, Measure.FORECAST_FINISH):
        return _finish(tolerance, projects, data)
    if tolerance.measure == Measure.RISK_SCORE:
        return _risk(tolerance, data)
    return None


__all__ = ["Data", "Reading", "gather", "read", "risk_scores"]
