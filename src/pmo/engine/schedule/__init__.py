"""Critical-path scheduling that agrees with Microsoft Project, and is fast.

Public API:

- :func:`schedule` (Microsoft Project-compatible scheduler on a :class:`Project`);
- :class:`Project`, :class:`Task`, :class:`Link`, :class:`Lag`, :class:`LinkType`,
  :class:`ConstraintType`, :class:`DurationUnit` (input model);
- :class:`ScheduleResult`, :class:`TaskResult`, :class:`Variance` (results);
- :class:`Calendar`, :class:`CalendarException`, :class:`Recurrence` (working time);
- :class:`ArrayNetwork`, :func:`has_accelerator` (array core, :mod:`pmo.engine.schedule.fast`);
- errors: :class:`ScheduleError`, :class:`CycleError`, :class:`NetworkError`, :class:`CalendarError`.
"""

from pmo.engine.schedule.calendars import (
    Calendar,
    CalendarException,
    CompiledCalendar,
    Recurrence,
    RecurrenceType,
    from_minutes,
    to_minutes,
)
from pmo.engine.schedule.cpm import schedule
from pmo.engine.schedule.errors import CalendarError, CycleError, NetworkError, ScheduleError
from pmo.engine.schedule.fast import ArrayNetwork, ArrayResult, has_accelerator
from pmo.engine.schedule.network import ConstraintType, DurationUnit, Lag, Link, LinkType, Project, Task
from pmo.engine.schedule.results import ScheduleResult, TaskResult, Variance

__all__ = [
    "ArrayNetwork",
    "ArrayResult",
    "Calendar",
    "CalendarError",
    "CalendarException",
    "CompiledCalendar",
    "ConstraintType",
    "CycleError",
    "DurationUnit",
    "Lag",
    "Link",
    "LinkType",
    "NetworkError",
    "Project",
    "Recurrence",
    "RecurrenceType",
    "ScheduleError",
    "ScheduleResult",
    "Task",
    "TaskResult",
    "Variance",
    "from_minutes",
    "has_accelerator",
    "schedule",
    "to_minutes",
]
