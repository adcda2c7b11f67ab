"""Typed errors of :mod:`pmo.engine.leveling`; every message names the task, resource or link to fix.

They derive from :class:`~pmo.engine.schedule.errors.ScheduleError`, so a caller that already
catches scheduling errors catches these too. A cycle raises the scheduler's
:class:`~pmo.engine.schedule.errors.CycleError`.
"""

from __future__ import annotations

from pmo.engine.schedule.errors import ScheduleError


class LevelingError(ScheduleError):
    """Base class of the errors raised by the leveling engine."""


class InvalidProblemError(LevelingError):
    """The input is malformed: unknown task or resource, negative duration, bad priority..."""


class InfeasibleError(LevelingError):
    """No schedule exists: a task needs more of a resource than the resource ever has."""
