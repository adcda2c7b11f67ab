"""Our engine: ``pmo.engine.schedule.fast.ArrayNetwork``.

- cold: ``ArrayNetwork.build(...)`` then the first ``schedule()``;
- warm: ``schedule(duration=..., lag=...)`` on an already built model with new
  durations and lags (a different perturbation each run, see
  ``bench.generate.perturb``);
- fallback: the same with the compiled accelerator switched off.  The engine's
  switch ``PMO_ENGINE_ACCELERATOR=off`` is read once per process, so the
  benchmark, which runs both in one process, sets the module flag
  ``pmo.engine.schedule.fast._force_fallback`` around the calls (the numba
  kernels stay imported, they are just not called);
- task calendars: ``build(..., calendar_index=, calendars=, project_start=)``
  with three compiled calendars (standard 5x8, six-day 6x8, 24 hours).

The numba kernels are compiled (or loaded from numba's cache) once, before any
timing, by ``warm_up``; that one-off cost is reported separately.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from bench.generate import CALENDARS, MINUTES_PER_DAY, generate
from bench.peers.common import CpmResult, IntArray

if TYPE_CHECKING:
    from bench.generate import Network

PROJECT_START = dt.datetime(2026, 1, 5, 8, 0)  # a Monday


def engine() -> Any:
    """The engine module, or ``None`` when it is not there (yet)."""
    try:
        from pmo.engine.schedule import fast
    except ImportError:
        return None
    return fast


@contextlib.contextmanager
def accelerator(*, enabled: bool) -> Iterator[None]:
    """Switch the compiled kernels off (``enabled=False``) for the duration of the block."""
    fast = engine()
    if enabled or fast is None:
        yield
        return
    before = fast._force_fallback
    fast._force_fallback = True
    try:
        yield
    finally:
        fast._force_fallback = before


def to_result(res: Any) -> CpmResult:
    """An ``ArrayResult`` as a ``CpmResult``."""
    return CpmResult(
        int(res.project_finish),
        np.asarray(res.early_start),
        np.asarray(res.early_finish),
        np.asarray(res.late_start),
        np.asarray(res.late_finish),
        np.asarray(res.total_slack),
        np.asarray(res.free_slack),
    )


class OursPeer:
    """``ArrayNetwork`` cold (build + first schedule) and warm (schedule with new arrays)."""

    full = True
    slow = False

    def __init__(self, *, accelerated: bool = True) -> None:
        """``accelerated=False`` forces the numpy / Python fallback."""
        self.accelerated = accelerated
        self.name = "ours" if accelerated else "ours, no accelerator"

    def build(self, net: Network, duration: IntArray, lag: IntArray) -> object:
        """``ArrayNetwork.build``."""
        with accelerator(enabled=self.accelerated):
            return engine().ArrayNetwork.build(duration, net.pred, net.succ, net.link_type, lag)

    def schedule(self, model: object) -> object:
        """First ``schedule()`` on the built model."""
        with accelerator(enabled=self.accelerated):
            return cast("Any", model).schedule()

    def warm(self, model: object, duration: IntArray, lag: IntArray) -> object:
        """``schedule(duration=, lag=)`` on an already built model."""
        with accelerator(enabled=self.accelerated):
            return cast("Any", model).schedule(duration=duration, lag=lag)

    def result(self, model: object, raw: object) -> CpmResult:
        """``ArrayResult`` to ``CpmResult``."""
        return to_result(raw)

    def nbytes(self, model: object) -> int:
        """The model's own ``nbytes()``."""
        return int(cast("Any", model).nbytes())


def warm_up() -> float:
    """Compile (or load from cache) the kernels on a small network; seconds it took."""
    fast = engine()
    if fast is None:
        return 0.0
    net = generate(1000, seed=1)
    t0 = time.perf_counter()
    model = fast.ArrayNetwork.build(net.duration, net.pred, net.succ, net.link_type, net.lag)
    model.schedule()
    model.schedule(duration=net.duration, lag=net.lag)
    elapsed = time.perf_counter() - t0
    cal_net = generate(1000, seed=1, task_calendars=True)
    kwargs = calendar_kwargs(cal_net, horizon_days=3650)
    fast.ArrayNetwork.build(
        cal_net.duration, cal_net.pred, cal_net.succ, cal_net.link_type, cal_net.lag, **kwargs
    ).schedule()
    return elapsed


def compiled_calendars(horizon_days: int) -> list[Any]:
    """The three calendars of ``bench.generate.CALENDARS``, compiled over the horizon."""
    from pmo.engine.schedule.calendars import Calendar

    day = ((8 * 60, 12 * 60), (13 * 60, 17 * 60))
    weeks = {
        "standard 5x8": (day,) * 5 + ((), ()),
        "six-day 6x8": (day,) * 6 + ((),),
        "24 hours 7x24": (((0, 1440),),) * 7,
    }
    first = PROJECT_START.date()
    last = first + dt.timedelta(days=horizon_days)
    out = []
    for name, per_day, days in CALENDARS:
        week = weeks[name]
        assert sum(b - a for a, b in week[0]) == per_day
        assert sum(1 for w in week if w) == days
        out.append(Calendar(name=name, week=week).compile(first, last))
    return out


def calendar_kwargs(net: Network, horizon_days: int) -> dict[str, Any]:
    """Keyword arguments of ``ArrayNetwork.build`` for ``net``'s per-task calendars."""
    from pmo.engine.schedule.calendars import to_minutes

    assert net.calendar is not None
    return {
        "calendar_index": net.calendar.astype(np.int64),
        "calendars": compiled_calendars(horizon_days),
        "project_start": to_minutes(PROJECT_START),
    }


def horizon_for(project_finish_minutes: int) -> int:
    """Calendar days that cover a schedule of that many standard working minutes, with margin."""
    working_days = project_finish_minutes // MINUTES_PER_DAY + 1
    return int(working_days * 7 / 5 * 1.25) + 60
