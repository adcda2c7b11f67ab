"""Signal providers: how a register of a lower layer (the risk register) plugs into reports.

A provider is a function ``provider(project, period_start, period_end) -> RiskSignal | None``
registered under a dimension (today only ``risk``). With no provider, or when every provider
answers ``None``, the dimension is *not assessed* and the report's "top risks and issues" list is
empty. Reporting is the higher layer, so it registers the providers of the registers below it in
its own ``AppConfig.ready()``::

    register_provider("risk", top_risks)          # pmo.risks.signals
    register_provider("risk", open_issues_signal)  # pmo.raid.signals
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pmo.reporting.drafting import Rating, RiskSignal, worst

Provider = Callable[[Any, dt.date, dt.date], RiskSignal | None]

_PROVIDERS: dict[str, list[Provider]] = {}


def register_provider(dimension: str, provider: Provider) -> None:
    """Add a provider of ``dimension`` (once; registering it again does nothing)."""
    providers = _PROVIDERS.setdefault(dimension, [])
    if provider not in providers:
        providers.append(provider)


def unregister_provider(dimension: str, provider: Provider) -> None:
    """Remove a provider (tests use it to clean up)."""
    if provider in _PROVIDERS.get(dimension, []):
        _PROVIDERS[dimension].remove(provider)


def risk_signal(project: Any, start: dt.date, end: dt.date) -> RiskSignal | None:
    """The combined answer of the risk providers: the worst RAG and every item; ``None`` without any."""
    answers = [a for a in (p(project, start, end) for p in _PROVIDERS.get("risk", [])) if a is not None]
    if not answers:
        return None
    combined = worst(*(Rating(a.rag, a.reason) for a in answers))
    items = tuple(item for answer in answers for item in answer.items)
    return RiskSignal(rag=combined.rag, reason=combined.reason, items=items)
