"""The plan document: what an imported file holds, in one neutral shape every reader and writer shares.

:class:`PlanDocument` wraps the engine network (:class:`pmo.engine.schedule.Project`: tasks, links,
lags, calendars, constraints, progress, baseline 0) and adds what files carry beyond scheduling:
notes, baselines 0-10, priorities, resources and assignments, and **extras**, the fields we do not
model, kept verbatim so that an export writes them back.

Extras are a mapping from a key to a tuple of strings. For MSPDI the key is the element name and
each string one serialised element (``"<Hyperlink>…</Hyperlink>"``, namespace-free); for P6 the key
is ``"TABLE.column"`` and the single string the column's value. A writer uses the keys of its own
format and ignores the others.

:func:`check_document` refuses what no reader should let through: duplicate uids, links or
assignments to unknown rows, parent cycles, dates outside Microsoft Project's range (1984-2149),
negative durations, too many tasks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import IntEnum, StrEnum
from typing import Any

from pmo.engine.schedule import Project
from pmo.interchange.errors import ImportRefusedError
from pmo.interchange.limits import DEFAULT_LIMITS, Limits

__all__ = [
    "EARLIEST",
    "LATEST",
    "Assignment",
    "BaselineValues",
    "Contour",
    "Extras",
    "PlanDocument",
    "Resource",
    "ResourceKind",
    "TaskDetails",
    "check_document",
]

Extras = Mapping[str, tuple[str, ...]]

# Microsoft Project accepts dates from 1 January 1984 to 31 December 2149.
EARLIEST = datetime(1984, 1, 1)
LATEST = datetime(2149, 12, 31, 23, 59)


class ResourceKind(StrEnum):
    """Microsoft Project's resource types (P6 labor and nonlabor map to work, material to material)."""

    WORK = "work"
    MATERIAL = "material"
    COST = "cost"


class Contour(IntEnum):
    """Work contours, numbered as MSPDI's ``WorkContour``."""

    FLAT = 0
    BACK_LOADED = 1
    FRONT_LOADED = 2
    DOUBLE_PEAK = 3
    EARLY_PEAK = 4
    LATE_PEAK = 5
    BELL = 6
    TURTLE = 7
    CONTOURED = 8


@dataclass(frozen=True)
class BaselineValues:
    """One task's values in one saved baseline (durations and work in working minutes)."""

    start: datetime | None = None
    finish: datetime | None = None
    duration: int | None = None
    work: int | None = None
    cost: Decimal | None = None


@dataclass(frozen=True)
class TaskDetails:
    """What a file holds about a task beyond the engine's :class:`~pmo.engine.schedule.Task`.

    Attributes
    ----------
    notes : str
        Plain-text notes.
    baselines : mapping of int to BaselineValues
        Saved baselines by number (0-10). Baseline 0 is also on the engine task.
    priority : int
        0-1000 (Microsoft Project's default 500; 1000 means "do not level").
    code : str
        The file's own identifier when it is not the uid (P6 activity ID such as ``A1010``).
    activity_type : str
        P6 activity type as read (``task``, ``milestone``, ``level_of_effort``, ``wbs_summary``…).
    fixed_cost : Decimal or None
        Fixed cost of the task.
    extra : Extras
        Fields we do not model, kept verbatim (see the module docstring).
    """

    notes: str = ""
    baselines: Mapping[int, BaselineValues] = field(default_factory=dict)
    priority: int = 500
    code: str = ""
    activity_type: str = ""
    fixed_cost: Decimal | None = None
    extra: Extras = field(default_factory=dict)


@dataclass(frozen=True)
class Resource:
    """A resource of the file's pool (rates per hour of work; ``max_units`` 1.0 = 100%)."""

    uid: int
    name: str
    kind: ResourceKind = ResourceKind.WORK
    code: str = ""
    initials: str = ""
    email: str = ""
    group: str = ""
    generic: bool = False
    max_units: float = 1.0
    standard_rate: Decimal | None = None
    overtime_rate: Decimal | None = None
    cost_per_use: Decimal | None = None
    material_label: str = ""
    calendar: str | None = None
    extra: Extras = field(default_factory=dict)


@dataclass(frozen=True)
class Assignment:
    """A resource assigned to a task (work in working minutes; ``units`` 1.0 = 100%)."""

    uid: int
    task: int
    resource: int
    units: float = 1.0
    work: int | None = None
    actual_work: int | None = None
    remaining_work: int | None = None
    contour: Contour = Contour.FLAT
    start: datetime | None = None
    finish: datetime | None = None
    cost: Decimal | None = None
    extra: Extras = field(default_factory=dict)


@dataclass(frozen=True)
class PlanDocument:
    """A whole plan as a file carries it.

    Attributes
    ----------
    project : Project
        The engine network (tasks in file order, links, calendars, settings).
    details : mapping of int to TaskDetails
        Per task uid; a task without an entry has default details.
    resources, assignments : tuples
        The resource pool and the assignments of the file.
    extra : Extras
        Project-level fields we do not model.
    format : str
        ``mspdi``, ``xer``, ``pmxml``, ``xlsx`` or ``csv``.
    stored : mapping of int to Any
        The file's own computed dates per task uid (MSPDI ``StoredFields``, P6 ``P6Stored``), for
        comparisons; never written back.
    warnings : tuple of str
        What the reader dropped or changed on purpose (shown in the import preview).
    """

    project: Project
    details: Mapping[int, TaskDetails] = field(default_factory=dict)
    resources: tuple[Resource, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    extra: Extras = field(default_factory=dict)
    format: str = ""
    stored: Mapping[int, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def detail(self, uid: int) -> TaskDetails:
        """The details of task ``uid`` (defaults when the file has none)."""
        return self.details.get(uid) or _NO_DETAILS


_NO_DETAILS = TaskDetails()


def _check_date(value: datetime | None, where: str, what: str) -> None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ImportRefusedError(
            f"{what} {value:%Y-%m-%d} is outside the supported range 1984-01-01 to 2149-12-31",
            where=where,
        )


def check_document(doc: PlanDocument, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a document no import should store, naming the first problem found.

    Raises
    ------
    ImportRefusedError
        More tasks than ``limits.max_tasks``; a duplicate task, resource or assignment uid; a
        parent, link or assignment that names an unknown row; a parent cycle; a negative duration;
        a date outside 1984-2149.
    """
    tasks = doc.project.tasks
    if len(tasks) > limits.max_tasks:
        raise ImportRefusedError(f"the file has {len(tasks):,} tasks; the limit is {limits.max_tasks:,}")
    seen: set[int] = set()
    for t in tasks:
        where = f"task UID {t.uid}"
        if t.uid in seen:
            raise ImportRefusedError("this task UID appears more than once", where=where)
        seen.add(t.uid)
        if t.duration < 0 or (t.remaining_duration is not None and t.remaining_duration < 0):
            raise ImportRefusedError("negative duration", where=where)
        for what in (
            "constraint_date",
            "deadline",
            "actual_start",
            "actual_finish",
            "baseline_start",
            "baseline_finish",
            "manual_start",
            "manual_finish",
        ):
            _check_date(getattr(t, what), where, what.replace("_", " "))
    for uid, details in doc.details.items():
        for number, values in details.baselines.items():
            if not 0 <= number <= 10:
                raise ImportRefusedError(f"baseline {number} does not exist (0-10)", where=f"task UID {uid}")
            _check_date(values.start, f"task UID {uid}", f"baseline {number} start")
            _check_date(values.finish, f"task UID {uid}", f"baseline {number} finish")
    for what in ("start", "finish", "status_date"):
        _check_date(getattr(doc.project, what), "project", what.replace("_", " "))
    parents = {t.uid: t.parent for t in tasks}
    for t in tasks:
        if t.parent is not None and t.parent not in seen:
            raise ImportRefusedError(f"parent task {t.parent} does not exist", where=f"task UID {t.uid}")
    _check_parent_cycles(parents)
    for link in doc.project.links:
        for end in (link.predecessor, link.successor):
            if end not in seen:
                raise ImportRefusedError(
                    f"link {link.predecessor} -> {link.successor} names task {end}, which does not exist"
                )
        if link.predecessor == link.successor:
            raise ImportRefusedError(f"task {link.predecessor} is linked to itself")
    _check_unique((r.uid for r in doc.resources), "resource")
    resources = {r.uid for r in doc.resources}
    _check_unique((a.uid for a in doc.assignments), "assignment")
    for a in doc.assignments:
        if a.task not in seen:
            raise ImportRefusedError(f"assignment {a.uid} names task {a.task}, which does not exist")
        if a.resource not in resources:
            raise ImportRefusedError(f"assignment {a.uid} names resource {a.resource}, which does not exist")


def _check_unique(uids: Any, what: str) -> None:
    seen: set[int] = set()
    for uid in uids:
        if uid in seen:
            raise ImportRefusedError(f"this {what} UID appears more than once", where=f"{what} UID {uid}")
        seen.add(uid)


def _check_parent_cycles(parents: Mapping[int, int | None]) -> None:
    done: set[int] = set()
    for start in parents:
        path: list[int] = []
        on_path: set[int] = set()
        node: int | None = start
        while node is not None and node not in done:
            if node in on_path:
                cycle = " -> ".join(str(n) for n in [*path[path.index(node) :], node])
                raise ImportRefusedError(f"the outline has a cycle: {cycle}")
            on_path.add(node)
            path.append(node)
            node = parents.get(node)
        done.update(path)
