"""Input model of resource leveling: tasks, renewable resources, links, projects.

Times are integers in one unit chosen by the caller (PSPLIB periods, working hours or working
minutes of one calendar). Durations are fixed, so every link type is a minimum distance between
two starts (``s_j >= s_i + d``):

======  =====================================
FS      ``d = p_i + lag``
SS      ``d = lag``
FF      ``d = p_i - p_j + lag``
SF      ``d = lag - p_j``
======  =====================================

and every task starts at 0 or later, and at its ``release`` or later.

Examples
--------
>>> problem = LevelingProblem(
...     tasks=(Task("dig", 2, demands=(("crew", 1),)), Task("wire", 3, demands=(("crew", 1),))),
...     resources=(Resource("crew", 1),),
... )
>>> problem.task_index("wire")
1
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

import numpy as np

from pmo.engine.leveling.errors import InvalidProblemError

if TYPE_CHECKING:
    from pmo.engine.readers.psplib import PsplibInstance

__all__ = ["DEFAULT_PRIORITY", "LINK_TYPES", "LevelingProblem", "Link", "Project", "Resource", "Task"]

LinkKind = Literal["FS", "SS", "FF", "SF"]
LINK_TYPES: tuple[LinkKind, ...] = ("FS", "SS", "FF", "SF")
DEFAULT_PRIORITY = 500
#: MS Project's priority 1000 means "never level this task".
DO_NOT_LEVEL_PRIORITY = 1000


@dataclass(frozen=True)
class Resource:
    """A renewable resource (a person, a team, a machine) with a capacity per period.

    Parameters
    ----------
    name : str
        Unique name; tasks refer to it in their demands.
    capacity : int
        Units available per period from time 0.
    changes : tuple of (int, int)
        Steps of the capacity over time, ``(from_time, capacity)`` in increasing time order; the
        capacity holds from ``from_time`` until the next step (time off: a step down, then back up).
    """

    name: str
    capacity: int
    changes: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Task:
    """One task to schedule.

    Parameters
    ----------
    key : hashable
        Unique identifier (a task uid, a PSPLIB job number...).
    duration : int
        Periods; 0 for a milestone.
    demands : tuple of (str, int)
        ``(resource name, units per period)`` for every resource the task uses.
    release : int
        Start no earlier than this time (a release date or an SNET constraint).
    priority : int
        0-1000, higher is levelled first (MS Project); 1000 means do not level.
    project : str
        Name of the project the task belongs to (multi-project leveling with a shared pool).
    level : bool
        ``False`` for "do not level": the task is never delayed for a resource; it starts as soon
        as its links and release allow and still consumes its resources.
    """

    key: Hashable
    duration: int
    demands: tuple[tuple[str, int], ...] = ()
    release: int = 0
    priority: int = DEFAULT_PRIORITY
    project: str = ""
    level: bool = True


@dataclass(frozen=True)
class Link:
    """A precedence link ``pred -> succ`` of type FS, SS, FF or SF with a lag (may be negative)."""

    pred: Hashable
    succ: Hashable
    type: LinkKind = "FS"
    lag: int = 0


@dataclass(frozen=True)
class Project:
    """A project in a multi-project leveling run; higher ``priority`` (0-1000) is served first."""

    name: str
    priority: int = DEFAULT_PRIORITY


@dataclass(frozen=True)
class LevelingProblem:
    """Tasks, resources, links and projects to level together.

    Tasks whose ``project`` is not listed in ``projects`` belong to a project of that name with the
    default priority (500). Validation happens once, when the problem is compiled
    (:func:`pmo.engine.leveling.compile.compile_problem`, called by :func:`~pmo.engine.leveling.level`).
    """

    tasks: tuple[Task, ...]
    resources: tuple[Resource, ...] = ()
    links: tuple[Link, ...] = ()
    projects: tuple[Project, ...] = ()
    _index: dict[Hashable, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def task_index(self, key: Hashable) -> int:
        """Position of the task with this key in :attr:`tasks`.

        Raises
        ------
        InvalidProblemError
            When no task has this key.
        """
        if not self._index:
            self._index.update((t.key, i) for i, t in enumerate(self.tasks))
        try:
            return self._index[key]
        except KeyError:
            raise InvalidProblemError(f"unknown task {key!r}") from None

    @classmethod
    def from_psplib(cls, instance: PsplibInstance) -> LevelingProblem:
        """The problem of a PSPLIB instance; job ``j`` of the file has key ``j`` (1-based).

        The resources are named ``R1``, ``R2``... as in the file; every link is FS without lag.
        """
        names = [f"R{k + 1}" for k in range(len(instance.capacities))]
        for j, req in enumerate(instance.requests):
            if len(req) != len(names):
                raise InvalidProblemError(
                    f"job {j + 1} lists {len(req)} resource requests but the file has {len(names)} resources"
                )
        tasks = tuple(
            Task(
                j + 1,
                instance.durations[j],
                demands=tuple((names[k], q) for k, q in enumerate(instance.requests[j]) if q > 0),
            )
            for j in range(len(instance.durations))
        )
        links = tuple(Link(j + 1, s) for j, succ in enumerate(instance.successors) for s in succ)
        resources = tuple(Resource(names[k], c) for k, c in enumerate(instance.capacities))
        return cls(tasks=tasks, resources=resources, links=links)


def projects_of(problem: LevelingProblem) -> tuple[list[str], list[int]]:
    """Project names (declared first, then in order of appearance) and their priorities."""
    names: list[str] = []
    prio: list[int] = []
    seen: dict[str, int] = {}
    for p in problem.projects:
        if p.name in seen:
            raise InvalidProblemError(f"project {p.name!r} is declared twice")
        _check_priority(p.priority, f"project {p.name!r}")
        seen[p.name] = len(names)
        names.append(p.name)
        prio.append(p.priority)
    for t in problem.tasks:
        if t.project not in seen:
            seen[t.project] = len(names)
            names.append(t.project)
            prio.append(DEFAULT_PRIORITY)
    return names, prio


def _check_priority(value: object, what: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1000:
        raise InvalidProblemError(f"{what}: priority must be an integer 0-1000, got {value!r}")


def check_int(value: object, what: str, *, minimum: int | None = None) -> int:
    """``value`` as an int (numpy integers accepted, bools refused), or :class:`InvalidProblemError`
    naming ``what``."""
    if isinstance(value, np.integer):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidProblemError(f"{what} must be an integer, got {value!r}")
    if minimum is not None and value < minimum:
        raise InvalidProblemError(f"{what} must be {minimum} or more, got {value}")
    return value


def check_priority(value: object, what: str) -> None:
    """Raise :class:`InvalidProblemError` unless ``value`` is an int priority in 0..1000."""
    _check_priority(value, what)
