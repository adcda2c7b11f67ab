"""Resource leveling: resource-constrained scheduling of one project or many sharing a pool.

Public API:

- :func:`level` (heuristic or CP-SAT improving mode) returning a :class:`LevelingResult`
  (starts, finishes, makespan, bounds, proven optimality, and per task its delay with the
  resource conflict or the predecessor that caused it: :class:`TaskSchedule`, :class:`Conflict`);
- input model: :class:`LevelingProblem`, :class:`Task`, :class:`Resource`, :class:`Link`,
  :class:`Project` (``LevelingProblem.from_psplib`` for PSPLIB instances);
- :func:`validate` / :func:`validate_starts` (:mod:`pmo.engine.leveling.validate`): an independent
  check of any schedule (links, releases, capacity in every period);
- errors: :class:`LevelingError`, :class:`InvalidProblemError`, :class:`InfeasibleError` (and the
  scheduler's :class:`~pmo.engine.schedule.errors.CycleError`).

See ``docs/engine/leveling.md`` for the algorithms and the benchmark figures.
"""

from pmo.engine.leveling.api import level
from pmo.engine.leveling.errors import InfeasibleError, InvalidProblemError, LevelingError
from pmo.engine.leveling.model import LevelingProblem, Link, Project, Resource, Task
from pmo.engine.leveling.results import Conflict, LevelingResult, Overallocation, TaskSchedule
from pmo.engine.leveling.validate import Violation, validate, validate_starts

__all__ = [
    "Conflict",
    "InfeasibleError",
    "InvalidProblemError",
    "LevelingError",
    "LevelingProblem",
    "LevelingResult",
    "Link",
    "Overallocation",
    "Project",
    "Resource",
    "Task",
    "TaskSchedule",
    "Violation",
    "level",
    "validate",
    "validate_starts",
]
