"""Drafting a status report from plain values: the RAG of each dimension and the figures shown.

Pure (no Django, no database): :mod:`pmo.reporting.selectors` gathers the values of a project into
:class:`DraftInputs`; :func:`draft` applies the threshold rules (:mod:`pmo.reporting.thresholds`).
A dimension without data is *not assessed* (grey), never green by default.

>>> inputs = DraftInputs(period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 1, 7), spi=0.93,
...                      cpi=1.02, has_budget=True)
>>> result = draft(inputs)
>>> result.rag["schedule"].rag, result.rag["cost"].rag, result.rag["risk"].rag
('amber', 'green', 'grey')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pmo.reporting.thresholds import defaults

GREEN, AMBER, RED, GREY = "green", "amber", "red", "grey"
_RANK = {GREEN: 0, AMBER: 1, RED: 2}
#: Milestones listed as "next due".
NEXT_MILESTONES = 5


@dataclass(frozen=True)
class Milestone:
    """A milestone of the project: planned finish, baseline finish (if baselined), actual finish."""

    name: str
    finish: dt.date | None
    baseline_finish: dt.date | None = None
    actual_finish: dt.date | None = None

    @property
    def due(self) -> dt.date | None:
        """The date it was promised for: its baseline finish, else its planned finish."""
        return self.baseline_finish or self.finish

    @property
    def slip_days(self) -> int:
        """Days its (actual, else planned) finish lies after its baseline finish; 0 when on time."""
        if self.baseline_finish is None:
            return 0
        finish = self.actual_finish or self.finish
        return max(0, (finish - self.baseline_finish).days) if finish else 0


@dataclass(frozen=True)
class RiskSignal:
    """What a risk register says: its RAG and the top risks and issues (``{"title", "rating"}``)."""

    rag: str
    reason: str
    items: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True)
class DraftInputs:
    """Every value a draft is made from (``None``/empty: no data)."""

    period_start: dt.date
    period_end: dt.date
    thresholds: Mapping[str, Mapping[str, float]] = field(default_factory=defaults)
    spi: float | None = None
    cpi: float | None = None
    has_budget: bool = False
    earned_value: Mapping[str, Any] | None = None
    milestones: tuple[Milestone, ...] = ()
    task_count: int = 0
    tasks_added: int = 0
    tasks_removed: int = 0
    changes: tuple[Mapping[str, Any], ...] = ()
    deliverable_count: int = 0
    open_defects: Mapping[str, int] = field(default_factory=dict)
    overdue_deliverables: tuple[str, ...] = ()
    assignment_count: int = 0
    overallocated: tuple[str, ...] = ()
    risk: RiskSignal | None = None


@dataclass(frozen=True)
class Rating:
    """One dimension's RAG and the sentence that explains it."""

    rag: str
    reason: str


@dataclass(frozen=True)
class Draft:
    """The drafted RAG per dimension and the JSON-safe figures the report shows."""

    rag: dict[str, Rating]
    figures: dict[str, Any]


def worst(*ratings: Rating) -> Rating:
    """The worst of assessed ratings (grey ones ignored); grey when none is assessed.

    >>> worst(Rating("green", "a"), Rating("grey", "b"), Rating("amber", "c")).rag
    'amber'
    """
    assessed = [r for r in ratings if r.rag in _RANK]
    if not assessed:
        return Rating(GREY, ratings[0].reason if ratings else "No data.")
    top = max(_RANK[r.rag] for r in assessed)
    chosen = [r for r in assessed if _RANK[r.rag] == top]
    return Rating(chosen[0].rag, " ".join(r.reason for r in chosen))


def index_rating(value: float | None, amber: float, red: float, name: str) -> Rating:
    """An index (SPI, CPI): amber below ``amber``, red below ``red``; grey when undefined.

    >>> index_rating(0.95, 0.95, 0.9, "SPI").rag, index_rating(0.9, 0.95, 0.9, "SPI").rag
    ('green', 'amber')
    >>> index_rating(0.8999, 0.95, 0.9, "SPI").rag
    'red'
    """
    if value is None:
        return Rating(GREY, f"{name} is not defined yet.")
    if value < red:
        return Rating(RED, f"{name} {value:.2f} is below the red bound {red:g}.")
    if value < amber:
        return Rating(AMBER, f"{name} {value:.2f} is below the amber bound {amber:g}.")
    return Rating(GREEN, f"{name} {value:.2f} is at or above {amber:g}.")


def count_rating(value: int, amber: float, red: float, what: str) -> Rating:
    """A count: amber at ``amber`` or more, red at ``red`` or more.

    >>> [count_rating(n, 1, 3, "open high defects").rag for n in (0, 1, 2, 3)]
    ['green', 'amber', 'amber', 'red']
    """
    if value >= red:
        return Rating(RED, f"{value} {what} (red from {red:g}).")
    if value >= amber:
        return Rating(AMBER, f"{value} {what} (amber from {amber:g}).")
    return Rating(GREEN, f"{value} {what}.")


def _milestone_row(milestone: Milestone) -> dict[str, Any]:
    return {
        "name": milestone.name,
        "due": milestone.due.isoformat() if milestone.due else None,
        "finish": milestone.finish.isoformat() if milestone.finish else None,
        "actual_finish": milestone.actual_finish.isoformat() if milestone.actual_finish else None,
        "slip_days": milestone.slip_days,
    }


def milestone_lists(inputs: DraftInputs) -> dict[str, list[dict[str, Any]]]:
    """Milestones met in the period, missed (due in or before it, not finished by its end), next due."""
    start, end = inputs.period_start, inputs.period_end
    met = [m for m in inputs.milestones if m.actual_finish and start <= m.actual_finish <= end]
    missed = [
        m
        for m in inputs.milestones
        if m.due and m.due <= end and (m.actual_finish is None or m.actual_finish > end)
    ]
    upcoming = sorted(
        (m for m in inputs.milestones if m.actual_finish is None and m.finish and m.finish > end),
        key=lambda m: (m.finish or end, m.name),
    )[:NEXT_MILESTONES]
    return {
        "met": [_milestone_row(m) for m in met],
        "missed": [_milestone_row(m) for m in missed],
        "next": [_milestone_row(m) for m in upcoming],
    }


def _schedule(inputs: DraftInputs, rules: Mapping[str, float]) -> Rating:
    parts: list[Rating] = []
    if inputs.has_budget and inputs.spi is not None:
        parts.append(index_rating(inputs.spi, rules["spi_amber"], rules["spi_red"], "SPI"))
    baselined = [m for m in inputs.milestones if m.baseline_finish is not None]
    if baselined:
        slip = max(m.slip_days for m in baselined)
        parts.append(
            count_rating(
                slip, rules["slip_days_amber"], rules["slip_days_red"], "days of slip on the worst milestone"
            )
        )
    if not parts:
        return Rating(GREY, "No earned value and no baselined milestone to judge the schedule by.")
    return worst(*parts)


def _cost(inputs: DraftInputs, rules: Mapping[str, float]) -> Rating:
    if not inputs.has_budget or inputs.cpi is None:
        return Rating(GREY, "No planned cost or actual cost yet: CPI is not defined.")
    return index_rating(inputs.cpi, rules["cpi_amber"], rules["cpi_red"], "CPI")


def _scope(inputs: DraftInputs, rules: Mapping[str, float]) -> Rating:
    if inputs.task_count == 0:
        return Rating(GREY, "The project has no tasks yet.")
    changed = inputs.tasks_added + inputs.tasks_removed
    return count_rating(
        changed, rules["changes_amber"], rules["changes_red"], "tasks added or removed in the period"
    )


def _quality(inputs: DraftInputs, rules: Mapping[str, float]) -> Rating:
    high = int(inputs.open_defects.get("high", 0)) + int(inputs.open_defects.get("critical", 0))
    if inputs.deliverable_count == 0 and not any(inputs.open_defects.values()):
        return Rating(GREY, "The project has no deliverables yet.")
    return worst(
        count_rating(
            high,
            rules["open_high_defects_amber"],
            rules["open_high_defects_red"],
            "open high or critical defects",
        ),
        count_rating(
            len(inputs.overdue_deliverables),
            rules["overdue_deliverables_amber"],
            rules["overdue_deliverables_red"],
            "overdue deliverables",
        ),
    )


def _resources(inputs: DraftInputs, rules: Mapping[str, float]) -> Rating:
    if inputs.assignment_count == 0:
        return Rating(GREY, "No resources are assigned to the project.")
    return count_rating(
        len(inputs.overallocated),
        rules["overallocated_amber"],
        rules["overallocated_red"],
        "assignments above their resource's maximum units",
    )


def _risk(inputs: DraftInputs) -> Rating:
    if inputs.risk is None:
        return Rating(GREY, "No risks recorded for the project.")
    return Rating(inputs.risk.rag, inputs.risk.reason)


def draft(inputs: DraftInputs) -> Draft:
    """The RAG per dimension and the figures of a report drafted from ``inputs``."""
    rules = inputs.thresholds
    rag = {
        "schedule": _schedule(inputs, rules["schedule"]),
        "cost": _cost(inputs, rules["cost"]),
        "scope": _scope(inputs, rules["scope"]),
        "quality": _quality(inputs, rules["quality"]),
        "risk": _risk(inputs),
        "resources": _resources(inputs, rules["resources"]),
    }
    figures: dict[str, Any] = {
        "period": {"start": inputs.period_start.isoformat(), "end": inputs.period_end.isoformat()},
        "earned_value": dict(inputs.earned_value) if inputs.earned_value else None,
        "spi": inputs.spi,
        "cpi": inputs.cpi,
        "milestones": milestone_lists(inputs),
        "scope": {
            "task_count": inputs.task_count,
            "tasks_added": inputs.tasks_added,
            "tasks_removed": inputs.tasks_removed,
        },
        "changes": [dict(change) for change in inputs.changes],
        "quality": {
            "deliverables": inputs.deliverable_count,
            "open_defects": dict(inputs.open_defects),
            "overdue_deliverables": list(inputs.overdue_deliverables),
        },
        "resources": {"assignments": inputs.assignment_count, "overallocated": list(inputs.overallocated)},
        "risks": [dict(item) for item in inputs.risk.items] if inputs.risk else [],
        "rag_reasons": {name: rating.reason for name, rating in rag.items()},
    }
    return Draft(rag=rag, figures=figures)
