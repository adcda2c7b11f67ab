"""The "top risks" of a project for its status reports (a provider of :mod:`pmo.reporting.signals`).

Registered by :class:`pmo.risks.apps.RisksConfig` (reporting's registry is looked up by name: it
sits above this app in the layers). Red when an open risk is in the critical zone, amber when one
is high, green otherwise; not assessed (``None``) while the project has no risk at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models.functions import Coalesce

from pmo.risks.choices import RiskStatus, Zone
from pmo.risks.matrix import zone_of
from pmo.risks.models import Risk
from pmo.risks.selectors import effective_matrix

#: Risks listed in a report.
TOP = 5
_RAG = {Zone.CRITICAL: "red", Zone.HIGH: "amber"}


@dataclass(frozen=True)
class RiskSignal:
    """The answer a reporting provider gives (the shape of ``pmo.reporting.drafting.RiskSignal``,
    which this lower layer may not import): a RAG, its reason, and ``{"title", "rating"}`` items."""

    rag: str
    reason: str
    items: tuple[Mapping[str, Any], ...] = ()


def top_risks(project: Any, start: dt.date, end: dt.date) -> RiskSignal | None:
    """The open risks of ``project`` with the highest current scores, and the RAG they give."""
    if getattr(project, "scope_id", None) is None:
        return None
    risks = Risk.objects.filter(scope_id=project.scope_id)
    if not risks.exists():
        return None
    spec = effective_matrix(project.scope)
    open_risks = list(
        risks.filter(status=RiskStatus.OPEN)
        .annotate(current=Coalesce("residual_score", "score"))
        .order_by("-current", "title")[:TOP]
    )
    zones = [zone_of(risk.current_score, spec) for risk in open_risks]
    items = tuple(
        {"title": risk.title, "rating": f"{Zone(zone).label} ({risk.current_score})"}
        for risk, zone in zip(open_risks, zones, strict=True)
    )
    worst = next((z for z in (Zone.CRITICAL, Zone.HIGH) if z in zones), None)
    if worst is None:
        return RiskSignal(rag="green", reason="No open risk is high or critical.", items=items)
    count = zones.count(worst)
    return RiskSignal(
        rag=_RAG[worst],
        reason=f"{count} open risk{'s' if count != 1 else ''} in the {worst.label.lower()} zone.",
        items=items,
    )
