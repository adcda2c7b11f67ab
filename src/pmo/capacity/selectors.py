"""Permission-scoped reads of the capacity heat map: capacity and demand per row and bucket.

Rows are the work resources the user may see (the pool of one portfolio, or every pool), grouped by
``resource``, ``group`` (:attr:`Resource.group`), ``team`` or ``skill``. Demand counts the
assignments on projects the user may see, spread over their span (the assignment's start and finish,
else its task's scheduled ones) by their contour (:mod:`pmo.capacity.heatmap`), plus the resource
plans (by role or skill) of projects that have no assignment in the period. Projects in state
"proposed", "planning" or "cancelled" count only when a what-if scenario adds them.

The number of queries does not depend on the number of projects: one for resources, one for
assignments, three for capacity (:func:`pmo.resources.selectors.resource_capacity_minutes`), one for
resource plans, one for team or skill membership.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate

from pmo.capacity.heatmap import bucket_edges, demand_matrix, shares
from pmo.capacity.models import Scenario
from pmo.core.choices import LifecycleState
from pmo.core.models import Scope
from pmo.core.selectors import get_visible
from pmo.projects.selectors import projects_visible
from pmo.resources.capacity import BUCKETS, bucket_starts
from pmo.resources.models import Assignment, Resource, ResourceSkill, ResourceTeam
from pmo.resources.selectors import (
    resource_capacity_minutes,
    resource_plan_demand,
    resources_visible,
)

DIMENSIONS = ("resource", "group", "team", "skill")
#: States whose projects the real heat map leaves out (a scenario may add them).
UNCOMMITTED = (LifecycleState.PROPOSED, LifecycleState.PLANNING, LifecycleState.CANCELLED)
ADDABLE = (LifecycleState.PROPOSED, LifecycleState.PLANNING)
NONE_LABEL = {"group": "(no group)", "team": "(no team)", "skill": "(no skill)"}


@dataclass(frozen=True)
class Window:
    """The period shown: ``start``..``end`` (both included) in ``bucket`` (week, month, quarter)."""

    start: dt.date
    end: dt.date
    bucket: str = "week"

    @property
    def starts(self) -> list[dt.date]:
        """The first day of each bucket."""
        return bucket_starts(self.start, self.end, self.bucket)


@dataclass
class Grid:
    """The heat map: ``labels[i]`` × ``starts[j]``; ``capacity``/``demand`` in minutes."""

    dimension: str
    starts: list[dt.date]
    keys: list[str]
    labels: list[str]
    capacity: npt.NDArray[np.float64]
    demand: npt.NDArray[np.float64]
    scenario: Scenario | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def over(self) -> npt.NDArray[np.bool_]:
        """Cells where demand exceeds capacity (by more than half a minute)."""
        return self.demand > self.capacity + 0.5

    def hours(self, matrix: npt.NDArray[np.float64]) -> list[list[float]]:
        """``matrix`` in hours, one decimal."""
        hours: list[list[float]] = np.round(matrix / 60.0, 1).tolist()
        return hours


def scenario_get(user: Any, uid: Any) -> Scenario:
    """One of the user's own scenarios, or 404."""
    return get_visible(Scenario.objects.filter(owner_id=getattr(user, "pk", None)), uid=uid)


def scenarios_of(user: Any) -> QuerySet[Scenario]:
    """The user's scenarios, by name."""
    return Scenario.objects.filter(owner_id=getattr(user, "pk", None)).order_by("name", "id")


def addable_projects(user: Any, pool: Scope | None = None) -> QuerySet[Any]:
    """Visible projects a scenario may add (proposed or planning)."""
    return _projects(user, pool).filter(state__in=ADDABLE).order_by("code")


def _projects(user: Any, pool: Scope | None) -> QuerySet[Any]:
    projects = projects_visible(user)
    return projects if pool is None else projects.filter(scope__path__startswith=pool.path)


def _resources(user: Any, pool: Scope | None) -> QuerySet[Resource]:
    if pool is None:
        return resources_visible(user).filter(kind="work")
    # The caller fetched the pool through pool_get (visibility checked); no assignment counts here.
    return Resource.objects.filter(scope=pool, kind="work")


def _scenario_parts(scenario: Scenario | None) -> tuple[set[str], dict[str, int]]:
    if scenario is None:
        return set(), {}
    return {str(uid) for uid in scenario.added}, {str(k): int(v) for k, v in scenario.moves.items()}


def assignment_rows(
    user: Any, pool: Scope | None, window: Window, scenario: Scenario | None, resource_ids: QuerySet[Any]
) -> list[tuple[Any, ...]]:
    """``(resource_id, project_id, project_uid, state, first day, last day, minutes, contour, pk)``
    of the assignments behind the heat map (one query)."""
    _, moves = _scenario_parts(scenario)
    slack = max([abs(days) for days in moves.values()] or [0])
    low = window.start - dt.timedelta(days=slack)
    high = window.end + dt.timedelta(days=slack)
    projects = _projects(user, pool).values("pk")
    return list(
        Assignment.objects.filter(project__in=projects, resource__in=resource_ids, work_minutes__gt=0)
        .annotate(
            first=TruncDate(Coalesce("start", "task__start")),
            last=TruncDate(Coalesce("finish", "task__finish")),
        )
        .filter(first__isnull=False, last__isnull=False, first__lte=high, last__gte=low)
        .order_by()  # no sort, no join for the default ordering
        .values_list(
            "resource_id",
            "project_id",
            "project__uid",
            "project__state",
            "first",
            "last",
            "work_minutes",
            "contour",
            "pk",
        )
    )


#: ``date.toordinal()`` of 1970-01-01: day numbers of numpy's ``datetime64[D]`` start there.
EPOCH = dt.date(1970, 1, 1).toordinal()


@dataclass
class Counted:
    """The assignment rows that count, as arrays (days as day numbers since 1970-01-01)."""

    resource_id: npt.NDArray[np.int64]
    project_id: npt.NDArray[np.int64]
    first: npt.NDArray[np.int64]
    last: npt.NDArray[np.int64]
    minutes: npt.NDArray[np.float64]
    contour: npt.NDArray[np.int64]
    pk: npt.NDArray[np.int64]
    state: list[str]


def _counted(rows: list[tuple[Any, ...]], scenario: Scenario | None) -> Counted:
    """The rows that count (committed projects and the scenario's added ones), with the scenario's
    moves applied to their days."""
    added, moves = _scenario_parts(scenario)
    rule: dict[int, tuple[bool, int]] = {}
    for _, project_id, uid, state, *_rest in rows:
        if project_id not in rule:
            key = str(uid)
            rule[project_id] = (state not in UNCOMMITTED or key in added, moves.get(key, 0))
    kept = [row for row in rows if rule[row[1]][0]]
    count = len(kept)
    shift = np.fromiter((rule[row[1]][1] for row in kept), dtype=np.int64, count=count)

    def column(index: int, dtype: Any) -> Any:
        return np.fromiter((row[index] for row in kept), dtype=dtype, count=count)

    def day(index: int) -> npt.NDArray[np.int64]:
        ordinals = np.fromiter((row[index].toordinal() for row in kept), dtype=np.int64, count=count)
        return ordinals - EPOCH + shift

    return Counted(
        resource_id=column(0, np.int64),
        project_id=column(1, np.int64),
        first=day(4),
        last=day(5),
        minutes=column(6, float),
        contour=column(7, np.int64),
        pk=column(8, np.int64),
        state=[row[3] for row in kept],
    )


def _membership(
    dimension: str, ids: list[int], names: dict[int, tuple[str, str]], members: QuerySet[Any]
) -> tuple[list[str], list[str], npt.NDArray[np.float64]]:
    """Row keys, labels and the rows × resources 0/1 matrix of a grouping (``members``: the
    resources' primary keys as a subquery, cheaper than a list of a thousand ids)."""
    position = {pk: i for i, pk in enumerate(ids)}
    pairs: list[tuple[str, str, int]] = []
    if dimension == "group":
        pairs = [(group or "", group or NONE_LABEL["group"], pk) for pk, (_, group) in names.items()]
    elif dimension == "team":
        through = ResourceTeam.members.through.objects.filter(resource__in=members)
        pairs = [
            (str(uid), name, pk)
            for uid, name, pk in through.values_list("resourceteam__uid", "resourceteam__name", "resource_id")
        ]
    elif dimension == "skill":
        held = ResourceSkill.objects.filter(resource__in=members)
        pairs = [
            (str(uid), name, pk)
            for uid, name, pk in held.values_list("skill__uid", "skill__name", "resource_id")
        ]
    covered = {pk for _, _, pk in pairs}
    if dimension in ("team", "skill"):
        pairs += [("", NONE_LABEL[dimension], pk) for pk in ids if pk not in covered]
    labels = dict(
        sorted({(key, label) for key, label, _ in pairs}, key=lambda item: (item[0] == "", item[1].lower()))
    )
    keys = list(labels)
    row_of = {key: i for i, key in enumerate(keys)}
    matrix = np.zeros((len(keys), len(ids)))
    for key, _, pk in pairs:
        matrix[row_of[key], position[pk]] = 1.0
    return keys, [labels[key] for key in keys], matrix


def capacity_grid(
    user: Any,
    window: Window,
    *,
    pool: Scope | None = None,
    dimension: str = "resource",
    scenario: Scenario | None = None,
) -> Grid:
    """Capacity and demand per row and bucket over the projects and pools the user may see."""
    if window.bucket not in BUCKETS:
        raise ValueError(f"bucket must be one of {', '.join(BUCKETS)}")
    if dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {', '.join(DIMENSIONS)}")
    starts = window.starts
    edges = bucket_edges(starts, window.bucket)
    resources = _resources(user, pool)
    people = list(resources.values_list("pk", "uid", "name", "group"))
    ids = [row[0] for row in people]
    position = {pk: i for i, pk in enumerate(ids)}
    capacity_by_id = resource_capacity_minutes(ids, window.start, window.end, window.bucket)
    capacity = np.array([capacity_by_id.get(pk, [0] * len(starts)) for pk in ids], dtype=float).reshape(
        len(ids), len(starts)
    )
    rows = _counted(assignment_rows(user, pool, window, scenario, resources.values("pk")), scenario)
    demand = _demand(rows, position, edges, window)
    with_assignments = set(np.unique(rows.project_id).tolist())
    added, _ = _scenario_parts(scenario)
    uncommitted = Q(state__in=UNCOMMITTED) & ~Q(uid__in=list(added))
    plan_projects = _projects(user, pool).exclude(uncommitted).values_list("pk", flat=True)
    plans = resource_plan_demand(plan_projects, window.start, window.end, window.bucket) if ids else {}
    skill_plan: dict[int, npt.NDArray[np.float64]] = {}
    for (project_id, role_id, skill_id), minutes in plans.items():
        if project_id in with_assignments:
            continue
        if role_id in position:
            demand[position[role_id]] += np.asarray(minutes, dtype=float)
        elif skill_id is not None:
            skill_plan[skill_id] = skill_plan.get(skill_id, 0) + np.asarray(minutes, dtype=float)
    if dimension == "resource":
        keys = [str(row[1]) for row in people]
        labels = [row[2] for row in people]
        return Grid(dimension, starts, keys, labels, capacity, demand, scenario)
    names = {row[0]: (row[2], row[3]) for row in people}
    keys, labels, member = _membership(dimension, ids, names, resources.values("pk"))
    grid = Grid(dimension, starts, keys, labels, member @ capacity, member @ demand, scenario)
    if dimension == "skill" and skill_plan:
        _add_skill_plan(grid, skill_plan)
    return grid


def _add_skill_plan(grid: Grid, skill_plan: dict[int, Any]) -> None:
    """Resource plan lines by skill go to the skill's row (when one of the rows is that skill)."""
    from pmo.resources.models import Skill

    uids = dict(Skill.objects.filter(pk__in=skill_plan).values_list("pk", "uid"))
    for skill_id, minutes in skill_plan.items():
        key = str(uids.get(skill_id))
        if key in grid.keys:
            grid.demand[grid.keys.index(key)] += minutes


def _demand(
    rows: Counted, position: dict[int, int], edges: npt.NDArray[np.datetime64], window: Window
) -> npt.NDArray[np.float64]:
    """Minutes per resource and bucket of the counted assignments (days outside the window drop)."""
    count = len(rows.pk)
    resource_index = np.fromiter(
        (position[pk] for pk in rows.resource_id.tolist()), dtype=np.int64, count=count
    )
    return demand_matrix(
        resource_index=resource_index,
        first=rows.first,
        last=rows.last,
        minutes=rows.minutes,
        contour=rows.contour,
        edges=_clip_edges(edges, window),
        rows=len(position),
    )


def _clip_edges(edges: npt.NDArray[np.datetime64], window: Window) -> npt.NDArray[np.datetime64]:
    """Bucket edges cut to the window, so a partial first or last bucket counts only its days."""
    if len(edges) == 0:
        return edges
    low = np.datetime64(window.start, "D")
    high = np.datetime64(window.end + dt.timedelta(days=1), "D")
    clipped: npt.NDArray[np.datetime64] = np.clip(edges, low, high)
    return clipped


@dataclass(frozen=True)
class CellLine:
    """One assignment behind a cell: its hours in the bucket."""

    project: Any
    task: Any
    resource: Resource
    hours: float
    state: str


def cell_lines(
    user: Any,
    window: Window,
    *,
    key: str,
    index: int,
    pool: Scope | None = None,
    dimension: str = "resource",
    scenario: Scenario | None = None,
) -> list[CellLine]:
    """The assignments behind the cell of row ``key`` and bucket ``index`` (hours in that bucket).

    With ``dimension="resource"`` a resource the user may not see is 404 (:class:`Http404`).
    """
    starts = window.starts
    if not 0 <= index < len(starts):
        return []
    resources = _resources(user, pool)
    if dimension == "resource":
        members = resources.filter(pk=get_visible(resources, uid=key).pk)  # 404 outside the scope
    elif dimension == "group":
        members = resources.filter(group=key)
    elif dimension == "team":
        members = resources.filter(resource_teams__uid=key) if key else resources.filter(resource_teams=None)
    else:
        members = resources.filter(skills__skill__uid=key) if key else resources.filter(skills=None)
    rows = _counted(assignment_rows(user, pool, window, scenario, members.values("pk")), scenario)
    if not len(rows.pk):
        return []
    edges = _clip_edges(bucket_edges(starts, window.bucket), window)[index : index + 2]
    part = shares(rows.first, rows.last, rows.contour, edges)[:, 0] * rows.minutes
    wanted = {
        pk: (minutes / 60.0, state)
        for pk, minutes, state in zip(rows.pk.tolist(), part.tolist(), rows.state, strict=True)
        if minutes > 0.5
    }
    found = Assignment.objects.filter(pk__in=wanted).select_related("project", "task", "resource")
    lines = [
        CellLine(a.project, a.task, a.resource, round(wanted[a.pk][0], 1), wanted[a.pk][1]) for a in found
    ]
    return sorted(lines, key=lambda line: (-line.hours, line.project.code, line.task.position))


def window_from(data: Any, today: dt.date) -> Window:
    """The window of a request's query (``start``, ``weeks`` or ``end``, ``bucket``); a
    :class:`ValueError` names the bad field."""
    bucket = data.get("bucket") or "week"
    if bucket not in BUCKETS:
        raise ValueError(f"bucket: choose one of {', '.join(BUCKETS)}.")
    try:
        start = (
            dt.date.fromisoformat(data["start"])
            if data.get("start")
            else today - dt.timedelta(days=today.weekday())
        )
    except ValueError:
        raise ValueError("start: give a date as YYYY-MM-DD.") from None
    if data.get("end"):
        try:
            end = dt.date.fromisoformat(data["end"])
        except ValueError:
            raise ValueError("end: give a date as YYYY-MM-DD.") from None
    else:
        default = {"week": 12, "month": 26, "quarter": 52}[bucket]
        try:
            weeks = int(data.get("weeks") or default)
        except ValueError:
            raise ValueError("weeks: give a whole number of weeks.") from None
        if not 1 <= weeks <= 260:
            raise ValueError("weeks: between 1 and 260.")
        end = start + dt.timedelta(days=7 * weeks - 1)
    if end < start:
        raise ValueError("end: must be on or after the start.")
    if (end - start).days > 366 * 5:
        raise ValueError("end: show at most five years.")
    return Window(start, end, bucket)
