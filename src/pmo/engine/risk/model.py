"""Inputs of a Monte Carlo risk run: network, three-point estimates, risk events, correlations, costs.

Every input is a frozen dataclass. Times are **working minutes** on the project calendar (results
are working-time offsets from the project start that the caller maps to dates with that calendar);
money is a plain float in whatever currency the caller uses; probabilities are **percent** (0-100).

Examples
--------
>>> net = RiskNetwork.from_arrays(duration=[960, 1440], pred=[0], succ=[1], uids=[1, 2])
>>> model = RiskModel(net, estimates=(Estimate(2, 960, 1440, 2880),))
>>> model.network.n_tasks, model.estimates[0].distribution
(2, <Distribution.TRIANGULAR: 'triangular'>)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from pmo.engine.risk.errors import RiskInputError
from pmo.engine.schedule.network import ConstraintType, Project

__all__ = [
    "LOGNORMAL_MAX_QUANTILE",
    "Correlation",
    "Distribution",
    "Estimate",
    "ImpactUnit",
    "RiskEvent",
    "RiskModel",
    "RiskNetwork",
    "Settings",
    "TaskCost",
    "ThreePoint",
]

I64 = npt.NDArray[np.int64]

LOGNORMAL_MAX_QUANTILE = 0.95
"""The share of a lognormal estimate's outcomes at or below its ``maximum`` (see :class:`Distribution`)."""


class Distribution(StrEnum):
    """Shape of a three-point estimate ``(minimum, most_likely, maximum)``.

    - ``fixed``: always ``most_likely``;
    - ``triangular``: the triangle over ``[minimum, maximum]`` peaking at ``most_likely``;
    - ``pert``: BetaPERT, ``minimum + (maximum - minimum) * Beta(1 + 4 r, 1 + 4 (1 - r))`` with
      ``r = (most_likely - minimum) / (maximum - minimum)``; mean ``(min + 4 ml + max) / 6``;
    - ``uniform``: uniform over ``[minimum, maximum]`` (``most_likely`` is only the plan);
    - ``lognormal``: shifted lognormal ``minimum + exp(mu + sigma Z)`` with its mode at
      ``most_likely`` and ``maximum`` as its 95th percentile (:data:`LOGNORMAL_MAX_QUANTILE`); the
      right tail is unbounded, which is the reason to choose it.
    """

    FIXED = "fixed"
    TRIANGULAR = "triangular"
    PERT = "pert"
    UNIFORM = "uniform"
    LOGNORMAL = "lognormal"


class ImpactUnit(StrEnum):
    """Unit of a risk event's time impact on each of its tasks."""

    PERCENT = "%"
    """Percent of the task's sampled duration in that iteration."""
    MINUTES = "m"
    """Working minutes added to the task's duration."""


@dataclass(frozen=True)
class ThreePoint:
    """A three-point quantity (a risk's time or cost impact). ``minimum == maximum`` means fixed."""

    minimum: float
    most_likely: float
    maximum: float
    distribution: Distribution = Distribution.TRIANGULAR

    @classmethod
    def fixed(cls, value: float) -> ThreePoint:
        """A quantity that is always ``value``."""
        return cls(value, value, value, Distribution.FIXED)


@dataclass(frozen=True)
class Estimate:
    """Three-point duration of one task, in working minutes.

    Parameters
    ----------
    task : int
        The task's uid (its index when the network has no uids).
    minimum, most_likely, maximum : float
        ``0 <= minimum <= most_likely <= maximum``; sampled values are rounded to whole minutes.
    distribution : Distribution
        Shape between the three points (tasks without an estimate keep their planned duration).
    """

    task: int
    minimum: float
    most_likely: float
    maximum: float
    distribution: Distribution = Distribution.TRIANGULAR


@dataclass(frozen=True)
class RiskEvent:
    """A discrete risk event: it occurs in an iteration with ``probability`` percent.

    When it occurs, every task in ``tasks`` gets the time impact (one draw of ``time`` per
    occurrence, applied to each task: percent of that task's sampled duration or working minutes
    by ``time_unit``), and the project gets one draw of ``cost``. Negative impacts are
    opportunities; a task's duration never goes below zero. Impacts of several events on one task add up.

    Parameters
    ----------
    id : str
        Unique name of the event in the model (shown in the tornado).
    probability : float
        Percent, 0 to 100.
    tasks : tuple of int
        Uids of the impacted tasks.
    time : ThreePoint or None
        Time impact per task.
    time_unit : ImpactUnit
        Percent of the duration, or working minutes.
    cost : ThreePoint or None
        Cost impact per occurrence (money).
    """

    id: str
    probability: float
    tasks: tuple[int, ...] = ()
    time: ThreePoint | None = None
    time_unit: ImpactUnit = ImpactUnit.PERCENT
    cost: ThreePoint | None = None


@dataclass(frozen=True)
class Correlation:
    """Target rank (Spearman) correlation between the durations of two uncertain tasks (-1 to 1)."""

    task_a: int
    task_b: int
    coefficient: float


@dataclass(frozen=True)
class TaskCost:
    """Cost of one task: ``fixed + rate * duration`` (``rate`` per working minute)."""

    task: int
    fixed: float = 0.0
    rate: float = 0.0


@dataclass(frozen=True, eq=False)
class RiskNetwork:
    """The task network in array form (the contract of :class:`~pmo.engine.schedule.ArrayNetwork`).

    Attributes
    ----------
    duration : ndarray of int64
        Planned working minutes per task: the deterministic schedule, and the duration of tasks
        without an :class:`Estimate`.
    pred, succ : ndarray of int64
        Task indices of each link.
    link_type : ndarray of int8
        0 = FS, 1 = SS, 2 = FF, 3 = SF.
    lag : ndarray of int64
        Working minutes (negative for a lead).
    uids : ndarray of int64
        Identifier of each task (estimates, risks and costs refer to tasks by uid).
    names : tuple of str
        Display names (may be empty).
    critical_slack : int
        A task is critical in an iteration when its total slack is at or below this (minutes).
    """

    duration: I64
    pred: I64
    succ: I64
    link_type: npt.NDArray[np.int8]
    lag: I64
    uids: I64
    names: tuple[str, ...] = field(default=())
    critical_slack: int = 0

    @property
    def n_tasks(self) -> int:
        """Number of tasks."""
        return int(self.duration.shape[0])

    @classmethod
    def from_arrays(
        cls,
        duration: npt.ArrayLike,
        pred: npt.ArrayLike = (),
        succ: npt.ArrayLike = (),
        link_type: npt.ArrayLike | None = None,
        lag: npt.ArrayLike | None = None,
        *,
        uids: npt.ArrayLike | None = None,
        names: Sequence[str] = (),
        critical_slack: int = 0,
    ) -> RiskNetwork:
        """Build from plain arrays (links default to FS without lag; uids to ``0..n-1``).

        Raises
        ------
        RiskInputError
            On shapes that do not match or non-integer values (the field is named).
        """
        dur = _ints("network.duration", duration)
        n = dur.shape[0]
        p = _ints("network.pred", pred)
        s = _ints("network.succ", succ, p.shape[0])
        m = p.shape[0]
        typ = np.zeros(m, dtype=np.int8) if link_type is None else np.asarray(link_type, dtype=np.int8)
        if typ.shape != (m,):
            raise RiskInputError("network.link_type", f"must have one entry per link ({m})")
        g = np.zeros(m, dtype=np.int64) if lag is None else _ints("network.lag", lag, m)
        ids = np.arange(n, dtype=np.int64) if uids is None else _ints("network.uids", uids, n)
        if np.unique(ids).shape[0] != n:
            raise RiskInputError("network.uids", "task uids must be unique")
        if names and len(names) != n:
            raise RiskInputError("network.names", f"must have one name per task ({n})")
        for arr in (dur, p, s, g, ids):
            arr.setflags(write=False)
        typ.setflags(write=False)
        return cls(dur, p, s, typ, g, ids, tuple(names), int(critical_slack))

    @classmethod
    def from_project(cls, project: Project) -> RiskNetwork:
        """Take the leaf tasks and their links from an engine :class:`~pmo.engine.schedule.Project`.

        The risk engine works on one working-minute time line (the project calendar), so it
        accepts what maps onto it exactly: active leaf tasks on the project calendar with working
        durations, ASAP or ALAP, not started; links between leaf tasks with working-minute lags.
        Anything else is refused with the task or link named (give in-progress tasks their
        remaining durations and estimates instead).

        Raises
        ------
        RiskInputError
            For a feature the time line cannot represent.
        """
        parents = {t.parent for t in project.tasks if t.parent is not None}
        leaves = [t for t in project.tasks if t.active and t.uid not in parents]
        index = {t.uid: i for i, t in enumerate(leaves)}
        summaries = {t.uid for t in project.tasks if t.uid in parents}
        for i, t in enumerate(leaves):
            where = f"project.tasks[{i}] (task {t.uid})"
            if t.elapsed:
                raise RiskInputError(where, "elapsed durations are not supported; use working minutes")
            if t.constraint not in (ConstraintType.ASAP, ConstraintType.ALAP):
                raise RiskInputError(
                    where, f"constraint {t.constraint.value} is not supported (ASAP/ALAP only)"
                )
            if t.calendar is not None and t.calendar != project.calendar:
                raise RiskInputError(
                    where, "task calendars are not supported: the run uses the project calendar"
                )
            if t.manual or t.actual_start is not None or t.percent_complete > 0:
                raise RiskInputError(
                    where, "manual or started tasks are not supported: pass the remaining duration instead"
                )
        pred: list[int] = []
        succ: list[int] = []
        types: list[int] = []
        lags: list[int] = []
        for j, link in enumerate(project.links):
            where = f"project.links[{j}] ({link.predecessor} -> {link.successor})"
            if link.predecessor in summaries or link.successor in summaries:
                raise RiskInputError(where, "links to summary tasks are not supported")
            if link.predecessor not in index or link.successor not in index:
                continue  # a link to an inactive task does not constrain anything
            if link.lag.elapsed or link.lag.percent is not None:
                raise RiskInputError(where, "only working-minute lags are supported")
            pred.append(index[link.predecessor])
            succ.append(index[link.successor])
            types.append(int(link.type))
            lags.append(link.lag.minutes)
        return cls.from_arrays(
            [t.duration for t in leaves],
            np.array(pred, dtype=np.int64),
            np.array(succ, dtype=np.int64),
            np.array(types, dtype=np.int8),
            np.array(lags, dtype=np.int64),
            uids=[t.uid for t in leaves],
            names=[t.name for t in leaves],
            critical_slack=project.critical_slack,
        )


def _ints(name: str, values: npt.ArrayLike, size: int | None = None) -> I64:
    arr = np.asarray(values)
    if arr.size == 0:
        arr = arr.astype(np.int64)
    if arr.ndim != 1 or (size is not None and arr.shape[0] != size):
        shape = f" of length {size}" if size is not None else ""
        raise RiskInputError(name, f"must be a 1-D array{shape}")
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise RiskInputError(name, f"must hold integers (working minutes or task indices), got {arr.dtype}")
    return np.array(arr, dtype=np.int64)


@dataclass(frozen=True)
class Settings:
    """How to run and summarise a simulation.

    Parameters
    ----------
    iterations : int
        Number of iterations (default 10,000), at least 1 and at most ``max_iterations``.
    max_iterations : int
        The cap the caller configures (default 100,000): more iterations are refused.
    deadline : int or None
        Working minutes after the project start; the result gives the probability of meeting it.
    percentiles : tuple of float
        P-values reported in the summary (any other is available from the result).
    bins : int
        Histogram bins of the finish and cost distributions.
    keep_durations : bool
        Keep every iteration's task durations in the result (``n x iterations`` int32; off by default).
    """

    iterations: int = 10_000
    max_iterations: int = 100_000
    deadline: int | None = None
    percentiles: tuple[float, ...] = (10, 20, 30, 40, 50, 60, 70, 80, 90)
    bins: int = 50
    keep_durations: bool = False


@dataclass(frozen=True, eq=False)
class RiskModel:
    """Everything a simulation needs besides its settings and seed."""

    network: RiskNetwork
    estimates: tuple[Estimate, ...] = ()
    risks: tuple[RiskEvent, ...] = ()
    correlations: tuple[Correlation, ...] = ()
    costs: tuple[TaskCost, ...] = ()
