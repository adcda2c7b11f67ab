"""Monte Carlo schedule and cost risk analysis (pure, seeded).

Public API:

- :func:`simulate` runs a :class:`RiskModel` under :class:`Settings` with a seed;
- inputs: :class:`RiskModel`, :class:`RiskNetwork` (array form, or ``RiskNetwork.from_project``),
  :class:`Estimate`, :class:`Distribution`, :class:`RiskEvent`, :class:`ThreePoint`,
  :class:`ImpactUnit`, :class:`Correlation`, :class:`TaskCost`, :class:`Settings`;
- results: :class:`RiskResult`, :class:`Outcome`, :class:`Histogram`, :class:`TaskIndices`,
  :class:`TornadoBar`;
- analytic helpers for checking runs: :mod:`pmo.engine.risk.distributions`;
- errors: :class:`RiskError`, :class:`RiskInputError` (names the offending field).

See ``docs/engine/montecarlo.md``.
"""

from pmo.engine.risk.errors import RiskError, RiskInputError
from pmo.engine.risk.model import (
    LOGNORMAL_MAX_QUANTILE,
    Correlation,
    Distribution,
    Estimate,
    ImpactUnit,
    RiskEvent,
    RiskModel,
    RiskNetwork,
    Settings,
    TaskCost,
    ThreePoint,
)
from pmo.engine.risk.montecarlo import ENGINE_VERSION, has_accelerator, simulate
from pmo.engine.risk.results import Histogram, Outcome, RiskResult, TaskIndices, TornadoBar

__all__ = [
    "ENGINE_VERSION",
    "LOGNORMAL_MAX_QUANTILE",
    "Correlation",
    "Distribution",
    "Estimate",
    "Histogram",
    "ImpactUnit",
    "Outcome",
    "RiskError",
    "RiskEvent",
    "RiskInputError",
    "RiskModel",
    "RiskNetwork",
    "RiskResult",
    "Settings",
    "TaskCost",
    "TaskIndices",
    "ThreePoint",
    "TornadoBar",
    "has_accelerator",
    "simulate",
]
