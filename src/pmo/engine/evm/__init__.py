"""Earned value management: PV, EV, AC, indices, forecasts, earned schedule and roll-ups (pure, float64).

Public API:

- inputs (:mod:`~pmo.engine.evm.model`): :class:`EVProject`, :class:`EVTask`, :class:`EVMethod`,
  :class:`Profile`, :class:`ProgressPoint`, :class:`WeightedMilestone`, :class:`CostEntry`,
  :func:`tasks_from_schedule`;
- at a status date: :func:`evaluate` → :class:`EVResult` (per-task :class:`TaskValues`, totals as
  :class:`Indices`, :class:`EarnedSchedule`);
- time-phased: :func:`time_phased` → :class:`TimePhased`, period ends from :func:`periods`;
- from four numbers: :func:`indices` (CV, SV, CPI, SPI, the four EACs of :class:`EACMethod`, ETC,
  VAC, TCPI), :func:`earned_schedule` (ES from a PV curve), :func:`schedule_figures`;
- roll-ups: :func:`roll_up`, :func:`roll_up_series` (sum first, then ratios);
- errors: :class:`EVMError`, :class:`EVMInputError`.

Undefined results (a division by zero) are ``None`` in scalars and ``nan`` in arrays, never an
exception. See docs/engine/earned-value.md.
"""

from pmo.engine.evm.earned_schedule import EarnedSchedule, earned_schedule, schedule_figures
from pmo.engine.evm.errors import EVMError, EVMInputError
from pmo.engine.evm.evaluate import EVResult, TaskValues, evaluate
from pmo.engine.evm.indices import EACMethod, Forecast, Indices, indices
from pmo.engine.evm.model import (
    CostEntry,
    EVMethod,
    EVProject,
    EVTask,
    Profile,
    ProgressPoint,
    WeightedMilestone,
    tasks_from_schedule,
)
from pmo.engine.evm.rollup import roll_up, roll_up_series
from pmo.engine.evm.timephased import TimePhased, periods, time_phased

__all__ = [
    "CostEntry",
    "EACMethod",
    "EVMError",
    "EVMInputError",
    "EVMethod",
    "EVProject",
    "EVResult",
    "EVTask",
    "EarnedSchedule",
    "Forecast",
    "Indices",
    "Profile",
    "ProgressPoint",
    "TaskValues",
    "TimePhased",
    "WeightedMilestone",
    "earned_schedule",
    "evaluate",
    "indices",
    "periods",
    "roll_up",
    "roll_up_series",
    "schedule_figures",
    "tasks_from_schedule",
    "time_phased",
]
