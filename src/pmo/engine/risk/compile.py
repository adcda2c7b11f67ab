"""Validate a :class:`~pmo.engine.risk.model.RiskModel` once and turn it into arrays for the kernels.

Every check raises :class:`~pmo.engine.risk.errors.RiskInputError` naming the field, and the task
or risk, to fix. Nothing downstream validates again.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from pmo.engine.risk.distributions import lognormal_parameters
from pmo.engine.risk.errors import RiskInputError
from pmo.engine.risk.model import (
    Distribution,
    ImpactUnit,
    RiskModel,
    Settings,
    ThreePoint,
)
from pmo.engine.schedule.errors import CycleError, ScheduleError
from pmo.engine.schedule.fast import ArrayNetwork

__all__ = ["DURATION_LIMIT", "KIND", "Compiled", "check_settings", "compile_model"]

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]

DURATION_LIMIT = 2**31 - 1
"""Largest duration in working minutes (durations are held as int32); samples are clipped to it."""

KIND = {
    Distribution.FIXED: 0,
    Distribution.TRIANGULAR: 1,
    Distribution.PERT: 2,
    Distribution.UNIFORM: 3,
    Distribution.LOGNORMAL: 4,
}
TaskIndex = Callable[[str, object], int]


@dataclass
class Compiled:
    """A validated model as arrays; tasks are indexed like the network (``0..n-1``)."""

    n: int
    net: ArrayNetwork
    uids: I64
    planned: I64
    kind: npt.NDArray[np.int8]
    lo: F64
    mode: F64
    hi: F64
    shape1: F64  # PERT alpha / lognormal mu
    shape2: F64  # PERT beta / lognormal sigma
    probability: F64  # per risk, 0..1
    risk_ptr: I64  # CSR over risks: risk r hits tasks risk_task[risk_ptr[r]:risk_ptr[r+1]]
    risk_task: I64
    percent: npt.NDArray[np.bool_]  # per risk: time impact in percent of the duration
    risk_ids: tuple[str, ...]
    time_impact: tuple[ThreePoint | None, ...]
    cost_impact: tuple[ThreePoint | None, ...]
    groups: list[tuple[I64, F64]] = field(default_factory=list)  # correlated tasks and target matrix
    fixed_cost: float = 0.0
    rate: F64 = field(default_factory=lambda: np.zeros(0))
    has_costs: bool = False

    @property
    def n_risks(self) -> int:
        """Number of risk events."""
        return len(self.risk_ids)


def check_settings(settings: Settings) -> None:
    """Refuse settings outside their ranges (iterations 0 or over the cap, percentiles, bins)."""
    if not isinstance(settings.max_iterations, int) or settings.max_iterations < 1:
        raise RiskInputError(
            "settings.max_iterations", f"must be a positive integer, got {settings.max_iterations}"
        )
    it = settings.iterations
    if not isinstance(it, int) or it < 1:
        raise RiskInputError("settings.iterations", f"must be at least 1, got {it}")
    if it > settings.max_iterations:
        raise RiskInputError(
            "settings.iterations", f"{it} is over the configured cap of {settings.max_iterations}"
        )
    for i, p in enumerate(settings.percentiles):
        if not (isinstance(p, (int, float)) and math.isfinite(p) and 0 <= p <= 100):
            raise RiskInputError(f"settings.percentiles[{i}]", f"must be within 0-100, got {p}")
    if not isinstance(settings.bins, int) or settings.bins < 1:
        raise RiskInputError("settings.bins", f"must be a positive integer, got {settings.bins}")
    if settings.deadline is not None and not isinstance(settings.deadline, int):
        raise RiskInputError("settings.deadline", "must be whole working minutes after the project start")


def _number(where: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise RiskInputError(where, f"must be a finite number, got {value!r}")
    return float(value)


def _three_point(
    where: str, lo: object, ml: object, hi: object, dist: str, *, minimum: float | None
) -> tuple[float, float, float, Distribution]:
    a = _number(f"{where}.minimum", lo)
    m = _number(f"{where}.most_likely", ml)
    b = _number(f"{where}.maximum", hi)
    try:
        kind = Distribution(dist)
    except ValueError:
        raise RiskInputError(f"{where}.distribution", f"unknown distribution {dist!r}") from None
    if minimum is not None and a < minimum:
        raise RiskInputError(f"{where}.minimum", f"must be at least {minimum:g}, got {a:g}")
    if a > m:
        raise RiskInputError(f"{where}.minimum", f"minimum {a:g} > most likely {m:g}")
    if m > b:
        raise RiskInputError(f"{where}.maximum", f"most likely {m:g} > maximum {b:g}")
    if kind is Distribution.LOGNORMAL and a < b and not a < m < b:
        raise RiskInputError(
            f"{where}.most_likely", "a lognormal needs minimum < most likely < maximum (its mode and P95)"
        )
    if a == b and kind is not Distribution.FIXED:
        kind = Distribution.FIXED  # no spread: nothing to sample
    return a, m, b, kind


def compile_model(model: RiskModel) -> Compiled:
    """Validate ``model`` and return its arrays (see :class:`Compiled`)."""
    net = model.network
    n = net.n_tasks
    try:
        array_net = ArrayNetwork.build(
            net.duration, net.pred, net.succ, net.link_type, net.lag, critical_slack=net.critical_slack
        )
    except CycleError as err:
        shown = " -> ".join(str(int(net.uids[int(t)])) for t in err.tasks[:20])  # type: ignore[call-overload]
        raise RiskInputError("network.links", f"the links form a cycle through tasks {shown}") from err
    except ScheduleError as err:
        raise RiskInputError("network", str(err)) from err
    if n and int(net.duration.max()) > DURATION_LIMIT:
        raise RiskInputError("network.duration", f"durations must not exceed {DURATION_LIMIT} minutes")
    index = {int(u): i for i, u in enumerate(net.uids.tolist())}

    def task_index(where: str, uid: object) -> int:
        if isinstance(uid, bool) or not isinstance(uid, (int, np.integer)) or int(uid) not in index:
            raise RiskInputError(where, f"unknown task {uid!r}")
        return index[int(uid)]

    kind = np.zeros(n, dtype=np.int8)
    planned = net.duration.astype(np.float64)
    lo, mode, hi = planned.copy(), planned.copy(), planned.copy()
    s1 = np.zeros(n)
    s2 = np.zeros(n)
    seen: set[int] = set()
    for i, est in enumerate(model.estimates):
        where = f"estimates[{i}] (task {est.task})"
        t = task_index(f"estimates[{i}].task", est.task)
        if t in seen:
            raise RiskInputError(f"estimates[{i}].task", f"task {est.task} has more than one estimate")
        seen.add(t)
        a, m, b, dist = _three_point(
            where, est.minimum, est.most_likely, est.maximum, est.distribution, minimum=0
        )
        if b > DURATION_LIMIT:
            raise RiskInputError(f"{where}.maximum", f"must not exceed {DURATION_LIMIT} minutes")
        kind[t] = KIND[dist]
        lo[t], mode[t], hi[t] = (m, m, m) if dist is Distribution.FIXED else (a, m, b)
        if dist is Distribution.PERT:
            r = (m - a) / (b - a)
            s1[t], s2[t] = 1 + 4 * r, 1 + 4 * (1 - r)
        elif dist is Distribution.LOGNORMAL:
            s1[t], s2[t] = lognormal_parameters(a, m, b)

    ptr = [0]
    hits: list[int] = []
    percent: list[bool] = []
    ids: list[str] = []
    probs: list[float] = []
    times: list[ThreePoint | None] = []
    costs_imp: list[ThreePoint | None] = []
    for r, risk in enumerate(model.risks):
        where = f"risks[{r}]"
        if not isinstance(risk.id, str) or not risk.id.strip():
            raise RiskInputError(f"{where}.id", "every risk needs a non-empty id")
        if risk.id in ids:
            raise RiskInputError(f"{where}.id", f"duplicate risk id {risk.id!r}")
        where = f"risks[{r}] ({risk.id})"
        p = _number(f"{where}.probability", risk.probability)
        if not 0 <= p <= 100:
            raise RiskInputError(f"{where}.probability", f"must be within 0-100 %, got {p:g}")
        try:
            unit = ImpactUnit(risk.time_unit)
        except ValueError:
            raise RiskInputError(f"{where}.time_unit", f"unknown unit {risk.time_unit!r}") from None
        if risk.time is not None:
            floor = -100.0 if unit is ImpactUnit.PERCENT else None
            _three_point(
                f"{where}.time",
                risk.time.minimum,
                risk.time.most_likely,
                risk.time.maximum,
                risk.time.distribution,
                minimum=floor,
            )
            if not risk.tasks:
                raise RiskInputError(f"{where}.tasks", "a time impact needs at least one task")
        if risk.cost is not None:
            c = risk.cost
            _three_point(f"{where}.cost", c.minimum, c.most_likely, c.maximum, c.distribution, minimum=None)
        mine: list[int] = []
        for j, uid in enumerate(risk.tasks):
            t = task_index(f"{where}.tasks[{j}]", uid)
            if t in mine:
                raise RiskInputError(f"{where}.tasks[{j}]", f"task {uid} is listed twice")
            mine.append(t)
        if risk.time is not None:
            hits.extend(mine)
        ptr.append(len(hits))
        percent.append(unit is ImpactUnit.PERCENT)
        ids.append(risk.id)
        probs.append(p / 100)
        times.append(risk.time)
        costs_imp.append(risk.cost)

    compiled = Compiled(
        n=n,
        net=array_net,
        uids=net.uids,
        planned=net.duration,
        kind=kind,
        lo=lo,
        mode=mode,
        hi=hi,
        shape1=s1,
        shape2=s2,
        probability=np.array(probs, dtype=np.float64),
        risk_ptr=np.array(ptr, dtype=np.int64),
        risk_task=np.array(hits, dtype=np.int64),
        percent=np.array(percent, dtype=np.bool_),
        risk_ids=tuple(ids),
        time_impact=tuple(times),
        cost_impact=tuple(costs_imp),
        rate=np.zeros(n),
    )
    _compile_costs(model, compiled, task_index)
    compiled.groups = _correlation_groups(model, compiled, task_index)
    return compiled


def _compile_costs(model: RiskModel, compiled: Compiled, task_index: TaskIndex) -> None:
    seen: set[int] = set()
    fixed = 0.0
    for i, cost in enumerate(model.costs):
        t = task_index(f"costs[{i}].task", cost.task)
        if t in seen:
            raise RiskInputError(f"costs[{i}].task", f"task {cost.task} has more than one cost")
        seen.add(t)
        fixed += _number(f"costs[{i}] (task {cost.task}).fixed", cost.fixed)
        compiled.rate[t] = _number(f"costs[{i}] (task {cost.task}).rate", cost.rate)
    compiled.fixed_cost = fixed
    compiled.has_costs = bool(model.costs) or any(c is not None for c in compiled.cost_impact)


def _correlation_groups(model: RiskModel, compiled: Compiled, task_index: TaskIndex) -> list[tuple[I64, F64]]:
    """Connected groups of correlated tasks, each with its target rank-correlation matrix."""
    pairs: dict[tuple[int, int], float] = {}
    for i, corr in enumerate(model.correlations):
        where = f"correlations[{i}]"
        a = task_index(f"{where}.task_a", corr.task_a)
        b = task_index(f"{where}.task_b", corr.task_b)
        rho = _number(f"{where}.coefficient", corr.coefficient)
        if not -1 <= rho <= 1:
            raise RiskInputError(f"{where}.coefficient", f"must be within -1 to 1, got {rho:g}")
        if a == b:
            raise RiskInputError(f"{where}.task_b", f"task {corr.task_b} cannot be correlated with itself")
        for uid, t in ((corr.task_a, a), (corr.task_b, b)):
            if compiled.kind[t] == 0:
                raise RiskInputError(where, f"task {uid} has no uncertain estimate to correlate")
        key = (min(a, b), max(a, b))
        if key in pairs:
            raise RiskInputError(where, f"tasks {corr.task_a} and {corr.task_b} are correlated twice")
        pairs[key] = rho
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b in pairs:
        parent[root(a)] = root(b)
    members: dict[int, list[int]] = {}
    for t in sorted(parent):
        members.setdefault(root(t), []).append(t)
    groups: list[tuple[I64, F64]] = []
    for tasks in sorted(members.values()):
        pos = {t: k for k, t in enumerate(tasks)}
        mat = np.eye(len(tasks))
        for (a, b), rho in pairs.items():
            if a in pos:
                mat[pos[a], pos[b]] = mat[pos[b], pos[a]] = rho
        if float(np.linalg.eigvalsh(mat).min()) < -1e-9:
            shown = ", ".join(str(int(compiled.uids[t])) for t in tasks[:10])
            raise RiskInputError(
                "correlations",
                f"the correlations among tasks {shown} are inconsistent"
                " (the matrix is not positive semi-definite)",
            )
        groups.append((np.array(tasks, dtype=np.int64), mat))
    return groups
