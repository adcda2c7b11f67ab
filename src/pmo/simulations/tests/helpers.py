"""Test helpers: a fake risk register (until ``pmo.risks`` provides quantified risks) and a runner
that executes a started run in the test's transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pmo.simulations import adapters
from pmo.simulations.models import SimulationRun
from pmo.simulations.tasks import execute


@dataclass(frozen=True)
class FakeRisk:
    """The shape of ``pmo.risks.selectors.QuantifiedRisk`` (issue 7 contract)."""

    title: str
    probability: float
    task_ids: tuple[int, ...]
    time_impact: tuple[float, float, float] | None = None
    time_impact_percent: bool = False
    cost_impact: tuple[Decimal, Decimal, Decimal] | None = None
    uid: uuid.UUID = field(default_factory=uuid.uuid4)


def fake_register(monkeypatch: Any, risks: list[FakeRisk]) -> None:
    """Make the adapters read ``risks`` as the project's quantified threats."""
    monkeypatch.setattr(adapters, "risk_source", lambda project: list(risks))


def finished(run: SimulationRun) -> SimulationRun:
    """``run`` executed now (the job's body, without the queue)."""
    return execute(SimulationRun.objects.select_related("project").get(pk=run.pk))
