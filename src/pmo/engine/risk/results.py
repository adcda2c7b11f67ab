"""Results of a Monte Carlo run: distributions, per-task indices, the risk tornado, provenance.

Percentiles use the **inverted empirical CDF** (numpy's ``method="inverted_cdf"``): P80 is the
smallest simulated value that at least 80% of the iterations do not exceed, so every P-value is
an outcome that actually occurred.

Examples
--------
>>> out = Outcome.of(np.array([3, 1, 2, 4]), bins=2)
>>> out.percentile(50), out.percentile(80), out.probability_at_most(2)
(2.0, 4.0, 0.5)
>>> out.histogram.counts, out.s_curve[-1]
((2, 2), (4.0, 1.0))
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pmo.engine.risk.model import Settings

__all__ = ["Histogram", "Outcome", "RiskResult", "TaskIndices", "TornadoBar", "percentile_index"]

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


def _frozen(arr: npt.NDArray[np.generic]) -> npt.NDArray[np.generic]:
    arr.setflags(write=False)
    return arr


def percentile_index(p: float, n: int) -> int:
    """Index of P-value ``p`` (0-100) in ``n`` sorted outcomes (the inverted empirical CDF)."""
    if not 0 <= p <= 100:
        raise ValueError(f"percentile must be within 0-100, got {p}")
    return min(max(math.ceil(p / 100 * n) - 1, 0), n - 1)


@dataclass(frozen=True)
class Histogram:
    """``counts[i]`` iterations fell in ``[edges[i], edges[i+1])`` (the last bin includes its right edge)."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class Outcome:
    """The simulated distribution of one quantity (project finish or project cost).

    Attributes
    ----------
    values : ndarray
        One value per iteration, in iteration order (read-only).
    mean, std, minimum, maximum : float
    histogram : Histogram
    s_curve : tuple of (value, probability)
        The cumulative probability of not exceeding each histogram edge (the chart's S-curve).
    """

    values: npt.NDArray[np.generic]
    sorted_values: npt.NDArray[np.generic]
    mean: float
    std: float
    minimum: float
    maximum: float
    histogram: Histogram
    s_curve: tuple[tuple[float, float], ...]

    @classmethod
    def of(cls, values: npt.NDArray[np.generic], bins: int) -> Outcome:
        """Summarise ``values`` (one per iteration)."""
        ordered = np.sort(values, kind="stable")
        x = values.astype(np.float64)
        lo, hi = float(ordered[0]), float(ordered[-1])
        counts, edges = np.histogram(x, bins=bins, range=(lo, hi) if hi > lo else (lo - 0.5, hi + 0.5))
        below = np.searchsorted(ordered, edges, side="right") / ordered.shape[0]
        return cls(
            values=_frozen(values),
            sorted_values=_frozen(ordered),
            mean=float(x.mean()),
            std=float(x.std(ddof=1)) if x.shape[0] > 1 else 0.0,
            minimum=lo,
            maximum=hi,
            histogram=Histogram(tuple(float(e) for e in edges), tuple(int(c) for c in counts)),
            s_curve=tuple((float(e), float(p)) for e, p in zip(edges, below, strict=True)),
        )

    def percentile(self, p: float) -> float:
        """P-value ``p`` (0-100): the smallest outcome that at least ``p`` % of iterations do not exceed."""
        return float(self.sorted_values[percentile_index(p, self.sorted_values.shape[0])])

    def probability_at_most(self, value: float) -> float:
        """Share of iterations whose outcome is at most ``value``."""
        count = int(np.searchsorted(self.sorted_values, value, side="right"))
        return count / int(self.sorted_values.shape[0])


@dataclass(frozen=True, eq=False)
class TaskIndices:
    """Per-task indices, in the network's task order (read-only arrays).

    Attributes
    ----------
    uids : ndarray of int64
    criticality : ndarray of float
        Share of iterations in which the task was critical (criticality index, CI).
    sensitivity : ndarray of float
        Spearman rank correlation of the task's duration with the project finish (0 for a task
        whose duration never varies).
    cruciality : ndarray of float
        ``criticality * sensitivity`` (the convention of DOMAIN.md; some tools call the plain
        Pearson correlation "cruciality").
    ssi : ndarray of float
        Schedule sensitivity index ``CI * std(task duration) / std(project finish)`` (0 when the
        finish never varies).
    mean, std : ndarray of float
        Of the task's simulated duration, risk impacts included (working minutes).
    """

    uids: I64
    criticality: F64
    sensitivity: F64
    cruciality: F64
    ssi: F64
    mean: F64
    std: F64


@dataclass(frozen=True)
class TornadoBar:
    """What one risk event adds: the full run minus the run without it (same draws otherwise).

    Positive values mean the risk makes the finish later or the cost higher.
    """

    risk: str
    occurrences: int
    finish_mean: float
    finish_p50: float
    finish_p80: float
    cost_mean: float
    cost_p80: float


@dataclass(frozen=True, eq=False)
class RiskResult:
    """Everything a run produced, and what it takes to reproduce it.

    Attributes
    ----------
    finish : Outcome
        Project finish, working minutes after the project start.
    cost : Outcome or None
        Project cost (``None`` when the model has no costs or cost impacts).
    percentiles : tuple of (p, finish, cost)
        The P-values of ``settings.percentiles`` (cost ``nan`` without costs).
    deterministic_finish, deterministic_cost :
        The plan: the network's own durations and no risk event.
    probability_deterministic : float
        P(finish <= deterministic finish).
    probability_deadline : float or None
        P(finish <= ``settings.deadline``).
    joint_confidence : tuple of (p, probability)
        P(finish <= finish Pp and cost <= cost Pp) for each reported p (empty without costs).
    tasks : TaskIndices
    tornado : tuple of TornadoBar
        One bar per risk event, largest effect on the mean finish first.
    seed : int or None
        The seed that reproduces the run (``None`` when the caller passed a ``Generator``).
    iterations : int
    settings : Settings
    engine_version : str
        Version of the engine and of numpy's generators: the same seed, iterations, settings and
        version give identical results.
    accelerated : bool
        Whether the compiled kernels ran (the results are the same either way).
    durations : ndarray of int32 or None
        Tasks x iterations, when ``settings.keep_durations``.
    """

    finish: Outcome
    cost: Outcome | None
    percentiles: tuple[tuple[float, float, float], ...]
    deterministic_finish: int
    deterministic_cost: float
    probability_deterministic: float
    probability_deadline: float | None
    joint_confidence: tuple[tuple[float, float], ...]
    tasks: TaskIndices
    tornado: tuple[TornadoBar, ...]
    seed: int | None
    iterations: int
    settings: Settings
    engine_version: str
    accelerated: bool
    durations: npt.NDArray[np.int32] | None = None

    def joint_probability(self, finish: float, cost: float) -> float:
        """P(project finish <= ``finish`` and project cost <= ``cost``).

        Raises
        ------
        ValueError
            When the run had no costs.
        """
        if self.cost is None:
            raise ValueError("the run had no costs")
        both = (np.asarray(self.finish.values, dtype=np.float64) <= finish) & (
            np.asarray(self.cost.values, dtype=np.float64) <= cost
        )
        return float(np.count_nonzero(both)) / self.iterations
