"""Monte Carlo schedule and cost risk: :func:`simulate`.

A run validates the model once, draws every task's durations for all iterations (tasks x
iterations, int32 working minutes), reorders correlated tasks' draws (Iman-Conover), draws the
risk events, then for each iteration applies the risk impacts, runs the forward and backward
passes (criticality), adds up the cost, and recomputes the finish with each occurring risk left
out (the tornado). Rank statistics (Spearman sensitivity) and moments come from the stored
durations at the end. See ``docs/engine/montecarlo.md``.

Examples
--------
Worked example D of DOMAIN.md, in days of 480 working minutes: A fixed 2 days, then B triangular
(2, 3, 6) days.

>>> from pmo.engine.risk import Estimate, RiskModel, RiskNetwork, Settings
>>> net = RiskNetwork.from_arrays(duration=[960, 1440], pred=[0], succ=[1], uids=[1, 2])
>>> model = RiskModel(net, estimates=(Estimate(2, 960, 1440, 2880),))
>>> res = simulate(model, Settings(iterations=10_000), rng=7)
>>> res.deterministic_finish / 480
5.0
>>> round(res.probability_deterministic, 2), round(res.finish.mean / 480, 2)
(0.25, 5.67)
>>> res.tasks.criticality.tolist()
[1.0, 1.0]
>>> simulate(model, Settings(iterations=10_000), rng=7).finish.mean == res.finish.mean
True
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from types import ModuleType

import numpy as np
import numpy.typing as npt

from pmo.engine.risk import _fallback
from pmo.engine.risk.compile import Compiled, check_settings, compile_model
from pmo.engine.risk.model import RiskModel, Settings
from pmo.engine.risk.results import Outcome, RiskResult, TaskIndices, TornadoBar, percentile_index
from pmo.engine.risk.sampling import iman_conover, sample_durations, sample_three_point
from pmo.engine.schedule.fast import ArrayNetwork

_kernels: ModuleType | None
try:  # numba is optional (extra "fast"); the numpy fallback gives the same results.
    from pmo.engine.risk import _kernels
except ImportError:  # pragma: no cover - exercised when numba is absent
    _kernels = None

__all__ = ["ENGINE_VERSION", "has_accelerator", "simulate"]

ENGINE_VERSION = f"pmo.engine.risk 1 (numpy {np.__version__})"
"""Stored with every run: the algorithm revision and the numpy whose generators drew the numbers."""

BLOCK = 512
"""Iterations per kernel call (between progress reports); does not change any result."""

# Same switch as the scheduling engine: PMO_ENGINE_ACCELERATOR=off runs the numpy fallback.
_force_fallback = os.environ.get("PMO_ENGINE_ACCELERATOR", "on").strip().lower() in {
    "off",
    "0",
    "false",
    "no",
}

Progress = Callable[[float], None]


def has_accelerator() -> bool:
    """Whether :func:`simulate` runs the compiled (numba) kernels."""
    return _kernels is not None and not _force_fallback


def kernels_in_use() -> ModuleType:
    """The kernel module :func:`simulate` runs (compiled, or the numpy fallback)."""
    return _kernels if has_accelerator() and _kernels is not None else _fallback


def simulate(
    model: RiskModel,
    settings: Settings | None = None,
    *,
    rng: int | np.random.Generator | None = None,
    progress: Progress | None = None,
) -> RiskResult:
    """Run a Monte Carlo schedule and cost risk analysis.

    Parameters
    ----------
    model : RiskModel
        Network, estimates, risk events, correlations and costs.
    settings : Settings, optional
        Iterations (default 10,000, capped by ``max_iterations``), deadline, reported percentiles.
    rng : int or numpy.random.Generator or None
        A seed (stored in the result: the same seed gives identical results), a generator (used
        as is; the result then has no seed), or ``None`` for a fresh seed that is stored.
    progress : callable, optional
        Called with the share done (0 to 1) between blocks of iterations; it may raise to cancel.

    Returns
    -------
    RiskResult

    Raises
    ------
    RiskInputError
        On any invalid input, naming the field; nothing is simulated.
    """
    settings = settings or Settings()
    check_settings(settings)
    compiled = compile_model(model)
    seed: int | None
    if isinstance(rng, np.random.Generator):
        gen, seed = rng, None
    else:
        seed = int(np.random.SeedSequence().entropy) if rng is None else int(rng)  # type: ignore[arg-type]
        gen = np.random.default_rng(seed)
    kern = kernels_in_use()
    n_iter = settings.iterations
    report = progress or (lambda _share: None)

    durations = sample_durations(compiled, n_iter, gen, kern)
    iman_conover(durations, compiled.groups, gen)
    occurs, severity, cost_severity = _draw_risks(compiled, n_iter, gen)
    report(0.3)

    finish = np.empty(n_iter, dtype=np.int64)
    cost = np.empty(n_iter, dtype=np.float64)
    critical = np.zeros(compiled.n, dtype=np.int64)
    finish_without = np.empty((compiled.n_risks, n_iter), dtype=np.int64)
    cost_without = np.empty((compiled.n_risks, n_iter), dtype=np.float64)
    net = compiled.net
    pos = np.empty(compiled.n, dtype=np.int64)
    pos[net.order] = np.arange(compiled.n, dtype=np.int64)
    risk_pos = pos[compiled.risk_task]
    rate_pos = compiled.rate[net.order]
    rated = np.flatnonzero(rate_pos != 0).astype(np.int64)
    shared = (
        occurs,
        severity,
        compiled.percent,
        compiled.risk_ptr,
        risk_pos,
        cost_severity,
        rated,
        rate_pos,
        compiled.fixed_cost,
        net.critical_slack,
        finish,
        cost,
        critical,
        finish_without,
        cost_without,
    )
    links = _link_arrays(net)
    for k0 in range(0, n_iter, BLOCK):
        k1 = min(k0 + BLOCK, n_iter)
        if kern is _fallback:
            _fallback.simulate(net, durations, k0, k1, *shared)
        else:
            kern.simulate(
                net.order,
                net.in_ptr,
                *links,
                durations,
                k0,
                k1,
                *shared,
            )
        report(0.3 + 0.6 * k1 / n_iter)

    if kern is not _fallback:  # the compiled kernel counts by topological position
        critical = critical[pos]
    occurrences = occurs.sum(axis=1)
    result = _summarise(
        compiled, settings, kern, durations, finish, cost, critical, finish_without, cost_without, occurrences
    )
    report(1.0)
    return replace(result, seed=seed, accelerated=kern is not _fallback)


def _link_arrays(net: ArrayNetwork) -> tuple[npt.NDArray[np.integer], ...]:
    """Branch-free link arrays of the compiled kernel (see ``_kernels.simulate``)."""
    in_type = net.in_type.astype(np.int64)
    out_type = net.out_type.astype(np.int64)
    in_ref = 2 * net.in_src.astype(np.int64) + ((in_type == 0) | (in_type == 2))
    out_ref = 2 * net.out_dst.astype(np.int64) + (out_type >= 2)
    return (
        in_ref,
        (in_type >= 2).astype(np.int64),
        net.in_lag,
        net.out_ptr,
        net.out_dst,
        out_ref,
        ((out_type == 1) | (out_type == 3)).astype(np.int64),
        net.out_lag,
    )


def _draw_risks(
    compiled: Compiled, n_iter: int, gen: np.random.Generator
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Occurrence, time severity and cost severity of every risk in every iteration."""
    r = compiled.n_risks
    occurs = np.zeros((r, n_iter), dtype=np.bool_)
    severity = np.zeros((r, n_iter))
    cost_severity = np.zeros((r, n_iter))
    for i in range(r):
        occurs[i] = gen.random(n_iter) < compiled.probability[i]
        time, money = compiled.time_impact[i], compiled.cost_impact[i]
        if time is not None:
            severity[i] = sample_three_point(time, n_iter, gen)
        if money is not None:
            cost_severity[i] = sample_three_point(money, n_iter, gen)
    return occurs, severity, cost_severity


def _summarise(
    compiled: Compiled,
    settings: Settings,
    kern: ModuleType,
    durations: npt.NDArray[np.int32],
    finish: npt.NDArray[np.int64],
    cost: npt.NDArray[np.float64],
    critical: npt.NDArray[np.int64],
    finish_without: npt.NDArray[np.int64],
    cost_without: npt.NDArray[np.float64],
    occurrences: npt.NDArray[np.int64],
) -> RiskResult:
    n_iter = finish.shape[0]
    finish_out = Outcome.of(finish, settings.bins)
    cost_out = Outcome.of(cost, settings.bins) if compiled.has_costs else None
    planned = compiled.net.schedule(duration=compiled.planned).project_finish
    planned_cost = compiled.fixed_cost + float(compiled.rate @ compiled.planned.astype(np.float64))

    # Per task: moments and Spearman sums from exact integer arithmetic (both code paths agree).
    n = compiled.n
    s1 = np.zeros(n, dtype=np.int64)
    s2 = np.zeros(n, dtype=np.int64)
    cross = np.zeros(n, dtype=np.int64)
    square = np.zeros(n, dtype=np.int64)
    finish_scores = kern.rank_scores(finish, np.empty(max(16 * n_iter, 1 << 16), np.int64))
    if n:
        kern.task_statistics(durations, finish_scores, s1, s2, cross, square)
    d0 = durations[:, 0].astype(np.float64) if n_iter else np.zeros(n)
    mean = d0 + s1 / n_iter
    var = (s2 - s1.astype(np.float64) * s1 / n_iter) / max(n_iter - 1, 1)
    for t in np.flatnonzero(s2 < 0).tolist():  # too far apart for exact integer sums
        var[t] = float(np.var(durations[t].astype(np.float64), ddof=1)) if n_iter > 1 else 0.0
    std = np.sqrt(np.maximum(var, 0.0))
    f_square = float(finish_scores @ finish_scores)
    with np.errstate(invalid="ignore", divide="ignore"):
        sensitivity = np.where(square > 0, cross / np.sqrt(square.astype(np.float64) * f_square), 0.0)
    sensitivity = np.where(np.isfinite(sensitivity), sensitivity, 0.0)
    criticality = critical / n_iter
    ssi = criticality * std / finish_out.std if finish_out.std > 0 else np.zeros(n)
    tasks = TaskIndices(
        uids=compiled.uids,
        criticality=criticality,
        sensitivity=sensitivity,
        cruciality=criticality * sensitivity,
        ssi=ssi,
        mean=mean,
        std=std,
    )
    for arr in (criticality, sensitivity, tasks.cruciality, ssi, mean, std):
        arr.setflags(write=False)

    bars = []
    k50, k80 = percentile_index(50, n_iter), percentile_index(80, n_iter)
    for r, rid in enumerate(compiled.risk_ids):
        without = np.partition(finish_without[r], (k50, k80))
        cost_bar = (0.0, 0.0)
        if cost_out is not None:
            c_without = np.partition(cost_without[r], k80)
            cost_bar = (
                cost_out.mean - float(cost_without[r].mean()),
                cost_out.percentile(80) - float(c_without[k80]),
            )
        bars.append(
            TornadoBar(
                risk=rid,
                occurrences=int(occurrences[r]),
                finish_mean=finish_out.mean - float(finish_without[r].mean()),
                finish_p50=finish_out.percentile(50) - float(without[k50]),
                finish_p80=finish_out.percentile(80) - float(without[k80]),
                cost_mean=cost_bar[0],
                cost_p80=cost_bar[1],
            )
        )
    bars.sort(key=lambda b: (-abs(b.finish_mean), -abs(b.cost_mean), b.risk))

    percentiles = tuple(
        (float(p), finish_out.percentile(p), cost_out.percentile(p) if cost_out else float("nan"))
        for p in settings.percentiles
    )
    joint: tuple[tuple[float, float], ...] = ()
    if cost_out is not None:
        joint = tuple(
            (float(p), float(np.count_nonzero((finish <= f) & (cost <= c))) / n_iter)
            for p, f, c in percentiles
        )
    return RiskResult(
        finish=finish_out,
        cost=cost_out,
        percentiles=percentiles,
        deterministic_finish=int(planned),
        deterministic_cost=planned_cost,
        probability_deterministic=finish_out.probability_at_most(planned),
        probability_deadline=None
        if settings.deadline is None
        else finish_out.probability_at_most(settings.deadline),
        joint_confidence=joint,
        tasks=tasks,
        tornado=tuple(bars),
        seed=None,
        iterations=n_iter,
        settings=settings,
        engine_version=ENGINE_VERSION,
        accelerated=False,
        durations=durations if settings.keep_durations else None,
    )
