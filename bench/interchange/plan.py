"""A generated plan of any size as a :class:`~pmo.interchange.document.PlanDocument`, for the
import benchmark: the network of :mod:`bench.generate` (links of the four types with lags) under
one summary task per ten tasks, a project calendar with holidays, baseline 0 on every task, notes on
one task in ten, and 50 resources with one assignment per task.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from bench.generate import generate
from pmo.engine.schedule import Calendar, CalendarException, Lag, Link, LinkType, Project, Task
from pmo.interchange.document import Assignment, BaselineValues, PlanDocument, Resource, TaskDetails

GROUP = 10
LINK_TYPES = (LinkType.FS, LinkType.SS, LinkType.FF, LinkType.SF)
START = dt.datetime(2027, 1, 4, 8, 0)


def generated_plan(n_tasks: int, *, seed: int = 20260101, resources: int = 50) -> PlanDocument:
    """``n_tasks`` leaf tasks plus one summary per ten, as a plan document."""
    net = generate(n_tasks, seed=seed)
    holidays = tuple(
        CalendarException(dt.date(year, month, day), dt.date(year, month, day), name=name)
        for year in range(2027, 2031)
        for month, day, name in ((1, 1, "New Year"), (5, 1, "Labour Day"), (12, 25, "Christmas"))
    )
    calendars = {"1": Calendar(name="Standard", exceptions=holidays)}
    tasks: list[Task] = []
    details: dict[int, TaskDetails] = {}
    summary = 0
    for i in range(n_tasks):
        if i % GROUP == 0:
            summary = n_tasks + 1 + i // GROUP
            tasks.append(Task(uid=summary, name=f"Work package {i // GROUP + 1}", duration=0))
        uid = i + 1
        minutes = int(net.duration[i])
        tasks.append(Task(uid=uid, name=f"Task {uid}", duration=minutes, parent=summary))
        details[uid] = TaskDetails(
            notes=f"Generated task {uid}." if uid % 10 == 0 else "",
            baselines={0: BaselineValues(duration=minutes)},
        )
    links = tuple(
        Link(int(p) + 1, int(s) + 1, LINK_TYPES[int(t)], Lag(minutes=int(lag)))
        for p, s, t, lag in zip(net.pred, net.succ, net.link_type, net.lag, strict=True)
    )
    pool = tuple(
        Resource(uid=r + 1, name=f"Person {r + 1}", initials=f"P{r + 1}", standard_rate=Decimal("85.00"))
        for r in range(resources)
    )
    assignments = tuple(
        Assignment(uid=i + 1, task=i + 1, resource=(i % resources) + 1, units=1.0, work=int(net.duration[i]))
        for i in range(n_tasks)
    )
    project = Project(
        tasks=tuple(tasks),
        links=links,
        calendars=calendars,
        calendar="1",
        start=START,
        name=f"Generated {n_tasks}",
    )
    return PlanDocument(
        project=project, details=details, resources=pool, assignments=assignments, format="mspdi"
    )
