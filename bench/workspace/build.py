"""Build a large project straight into the database, for the workspace benchmark.

The WBS is the generated network of :mod:`bench.generate` (links of the four types with lags), its
tasks in topological-layer order, grouped ten by ten under summary tasks (level 1 summaries, level 2
tasks), so the grid and the Gantt show a realistic outline. Rows are written with ``bulk_create``
(the services would take minutes for 5,000 rows one by one) and the schedule is computed once with
:func:`pmo.projects.adapters.recalculate`, exactly as a service does after a change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from bench.generate import LINK_TYPE_NAMES, generate

GROUP = 10


def build_project(*, admin: Any, n_tasks: int, code: str, seed: int = 20260101) -> Any:
    """A project with ``n_tasks`` leaf tasks (plus one summary per ten) and the generated links."""
    from pmo.core.services import scope_create  # noqa: F401  (Django must be set up by the caller)
    from pmo.portfolios.services import portfolio_create
    from pmo.projects.adapters import recalculate
    from pmo.projects.models import Link, Task
    from pmo.projects.outline import apply_outline
    from pmo.projects.services import project_create

    portfolio = portfolio_create(actor=admin, parent=None, code=f"{code}-PF", name=f"Bench portfolio {code}")
    project = project_create(
        actor=admin,
        parent=portfolio.scope,
        code=code,
        name=f"Bench project of {n_tasks} tasks",
        start_date=dt.date(2026, 1, 5),
    )
    net = generate(n_tasks, seed=seed)
    order = np.lexsort((np.arange(net.n_tasks), net.layer))  # layer by layer
    rows: list[Task] = []
    leaf_of_index: dict[int, Task] = {}
    position = 0
    for group_start in range(0, net.n_tasks, GROUP):
        position += 1
        rows.append(
            Task(
                project=project,
                name=f"Work package {group_start // GROUP + 1}",
                position=position,
                outline_level=1,
            )
        )
        for index in order[group_start : group_start + GROUP]:
            position += 1
            task = Task(
                project=project,
                name=f"Task {int(index) + 1}",
                position=position,
                outline_level=2,
                duration_minutes=int(net.duration[index]),
            )
            rows.append(task)
            leaf_of_index[int(index)] = task
    Task.objects.bulk_create(rows, batch_size=1000)
    if not rows[0].pk:  # backends that do not return ids from bulk_create
        ids = dict(Task.objects.filter(project=project).values_list("position", "id"))
        for task in rows:
            task.pk = task.id = ids[task.position]
    apply_outline(project.pk, [(task.pk, task.outline_level) for task in rows])
    Link.objects.bulk_create(
        (
            Link(
                project=project,
                predecessor_id=leaf_of_index[int(p)].pk,
                successor_id=leaf_of_index[int(s)].pk,
                type=LINK_TYPE_NAMES[int(t)],
                lag_minutes=int(lag),
            )
            for p, s, t, lag in zip(net.pred, net.succ, net.link_type, net.lag, strict=True)
        ),
        batch_size=1000,
    )
    recalculate(project)
    project.refresh_from_db()
    return project
