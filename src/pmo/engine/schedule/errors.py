"""Typed errors raised by the scheduling engine.

Every message names what the user must fix (the task, the link, the cycle).
"""

from __future__ import annotations

from collections.abc import Sequence


class ScheduleError(Exception):
    """Base class of every error raised by :mod:`pmo.engine.schedule`."""


class CycleError(ScheduleError):
    """The links form a cycle, so no schedule exists.

    Parameters
    ----------
    tasks : sequence of object
        The tasks on one cycle, in link order (identifiers or names).
    """

    def __init__(self, tasks: Sequence[object]) -> None:
        self.tasks: tuple[object, ...] = tuple(tasks)
        shown = " -> ".join(str(t) for t in self.tasks[:20])
        if len(self.tasks) > 20:
            shown += " -> ..."
        if self.tasks:
            shown += f" -> {self.tasks[0]}"
        super().__init__(f"the links form a cycle: {shown}")


class NetworkError(ScheduleError):
    """The network is invalid (unknown task in a link, bad array shapes, negative duration...)."""


class CalendarError(ScheduleError):
    """A calendar is invalid (no working time at all, overlapping working times...)."""


class HorizonError(CalendarError):
    """A date fell outside the horizon a calendar was compiled for (the scheduler widens and retries)."""
