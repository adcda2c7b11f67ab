"""The proposed changes of a change request: a list of operations stored as JSON.

:func:`clean_operations` checks the shape of each operation (no database) and returns it in a
canonical form; :func:`resolve` finds the rows the operations name in the project (tasks, links,
fixed costs, assignments) and refuses, by operation number, one that does not apply to the plan as
it is now. Every refusal is a :class:`~pmo.core.errors.DomainRuleError` on the field
``operations`` whose message starts with ``Operation <n>``.

Operations (tasks, fixed costs and assignments by public id; durations and lags in working minutes)::

    {"op": "set_duration", "task": uid, "duration_minutes": 2400}
    {"op": "add_task", "name": "Extra tests", "duration_minutes": 960,
     "predecessors": [uid, ...], "successors": [uid, ...]}          # finish-to-start links
    {"op": "remove_task", "task": uid}                              # with its subtasks
    {"op": "set_link", "predecessor": uid, "successor": uid, "type": "FS", "lag_minutes": 480}
    {"op": "remove_link", "predecessor": uid, "successor": uid}
    {"op": "add_fixed_cost", "task": uid, "name": "Licence", "amount": "1200.00"}
    {"op": "set_fixed_cost", "fixed_cost": uid, "amount": "900.00"}
    {"op": "set_assignment_work", "assignment": uid, "work_minutes": 4800}
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from pmo.changes.choices import OperationKind
from pmo.core.errors import DomainRuleError
from pmo.costs.models import FixedCost
from pmo.projects.models import Link, Project, Task
from pmo.resources.models import Assignment

#: At most this many operations in one request.
MAX_OPERATIONS = 100
#: The longest duration or lag an operation may give: 100 years of 8-hour days.
MAX_MINUTES = 100 * 260 * 480
MAX_AMOUNT = Decimal("99999999999999.99")
LINK_TYPES = ("FS", "SS", "FF", "SF")

_FIELDS: dict[str, tuple[str, ...]] = {
    OperationKind.SET_DURATION: ("task", "duration_minutes"),
    OperationKind.ADD_TASK: ("name", "duration_minutes", "predecessors", "successors"),
    OperationKind.REMOVE_TASK: ("task",),
    OperationKind.SET_LINK: ("predecessor", "successor", "type", "lag_minutes"),
    OperationKind.REMOVE_LINK: ("predecessor", "successor"),
    OperationKind.ADD_FIXED_COST: ("task", "name", "amount"),
    OperationKind.SET_FIXED_COST: ("fixed_cost", "amount"),
    OperationKind.SET_ASSIGNMENT_WORK: ("assignment", "work_minutes"),
}


def _refuse(index: int, message: str) -> DomainRuleError:
    return DomainRuleError(f"Operation {index}: {message}", field="operations")


def _uid(index: int, op: Mapping[str, Any], key: str) -> str:
    value = op.get(key)
    try:
        return str(uuid.UUID(str(value)))
    except (ValueError, TypeError, AttributeError):
        raise _refuse(index, f"{key} must be the public id of a {key.replace('_', ' ')}.") from None


def _minutes(index: int, op: Mapping[str, Any], key: str, *, negative: bool = False) -> int:
    value = op.get(key, 0 if key == "lag_minutes" else None)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _refuse(index, f"{key} must be a whole number of minutes.")
    try:
        minutes = int(str(value))
    except ValueError:
        raise _refuse(index, f"{key} must be a whole number of minutes.") from None
    if abs(minutes) > MAX_MINUTES or (minutes < 0 and not negative):
        raise _refuse(index, f"{key} must be between {-MAX_MINUTES if negative else 0} and {MAX_MINUTES}.")
    return minutes


def _amount(index: int, op: Mapping[str, Any]) -> str:
    try:
        amount = Decimal(str(op.get("amount"))).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise _refuse(index, "amount must be an amount of money.") from None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise _refuse(index, "amount must be between 0 and 99999999999999.99.")
    return str(amount)


def _name(index: int, op: Mapping[str, Any]) -> str:
    name = str(op.get("name") or "").strip()
    if not name or len(name) > 200:
        raise _refuse(index, "name must be 1 to 200 characters.")
    return name


def _clean_one(index: int, op: Any) -> dict[str, Any]:
    if not isinstance(op, Mapping):
        raise _refuse(index, "must be an object with an 'op'.")
    kind = op.get("op")
    if kind not in _FIELDS:
        raise _refuse(index, f"unknown op {kind!r}; use one of {', '.join(_FIELDS)}.")
    unknown = sorted(set(op) - {"op", *_FIELDS[kind]})
    if unknown:
        raise _refuse(index, f"unknown field {', '.join(unknown)} for {kind}.")
    out: dict[str, Any] = {"op": kind}
    for key in ("task", "predecessor", "successor", "fixed_cost", "assignment"):
        if key in _FIELDS[kind]:
            out[key] = _uid(index, op, key)
    if "duration_minutes" in _FIELDS[kind]:
        out["duration_minutes"] = _minutes(index, op, "duration_minutes")
    if "work_minutes" in _FIELDS[kind]:
        out["work_minutes"] = _minutes(index, op, "work_minutes")
    if "name" in _FIELDS[kind]:
        out["name"] = _name(index, op)
    if "amount" in _FIELDS[kind]:
        out["amount"] = _amount(index, op)
    if kind == OperationKind.ADD_TASK:
        for key in ("predecessors", "successors"):
            values = op.get(key) or []
            if not isinstance(values, list):
                raise _refuse(index, f"{key} must be a list of task ids.")
            out[key] = [_uid(index, {key: value}, key) for value in values]
    if kind == OperationKind.SET_LINK:
        link_type = str(op.get("type") or "FS").upper()
        if link_type not in LINK_TYPES:
            raise _refuse(index, f"type must be one of {', '.join(LINK_TYPES)}.")
        out["type"] = link_type
        out["lag_minutes"] = _minutes(index, op, "lag_minutes", negative=True)
        if out["predecessor"] == out["successor"]:
            raise _refuse(index, "a task cannot be its own predecessor.")
    return out


def clean_operations(raw: Any) -> list[dict[str, Any]]:
    """The operations in canonical form, or a refusal naming the first bad one (field ``operations``).

    >>> clean_operations([{"op": "set_duration", "task": "6f1c3d9e-0000-4000-8000-000000000001",
    ...                    "duration_minutes": "960"}])
    [{'op': 'set_duration', 'task': '6f1c3d9e-0000-4000-8000-000000000001', 'duration_minutes': 960}]
    """
    if not isinstance(raw, list):
        raise DomainRuleError("The operations must be a list.", field="operations")
    if len(raw) > MAX_OPERATIONS:
        raise DomainRuleError(f"At most {MAX_OPERATIONS} operations per change request.", field="operations")
    return [_clean_one(index, op) for index, op in enumerate(raw, start=1)]


@dataclass
class PlanRefs:
    """The rows the operations of a request name, as they are now."""

    tasks: dict[str, Task] = field(default_factory=dict)
    fixed_costs: dict[str, FixedCost] = field(default_factory=dict)
    assignments: dict[str, Assignment] = field(default_factory=dict)
    links: set[tuple[int, int]] = field(default_factory=set)

    def versions(self) -> dict[str, int]:
        """The version of every named row (kept with the assessment; applying compares them)."""
        out = {f"task:{uid}": task.version for uid, task in self.tasks.items()}
        out |= {f"fixed_cost:{uid}": cost.version for uid, cost in self.fixed_costs.items()}
        out |= {f"assignment:{uid}": a.version for uid, a in self.assignments.items()}
        return out

    def task_name(self, uid: str) -> str:
        """The name of a named task (for messages and the impact table)."""
        task = self.tasks.get(uid)
        return task.name if task is not None else uid


def _task_uids(op: Mapping[str, Any]) -> list[str]:
    uids = [op[key] for key in ("task", "predecessor", "successor") if key in op]
    return uids + list(op.get("predecessors", ())) + list(op.get("successors", ()))


def resolve(project: Project, operations: Sequence[Mapping[str, Any]]) -> PlanRefs:
    """Find what the (cleaned) operations name in ``project``; refuse one that no longer applies."""
    task_uids = {uid for op in operations for uid in _task_uids(op)}
    refs = PlanRefs()
    refs.tasks = {str(t.uid): t for t in Task.objects.filter(project=project, uid__in=task_uids)}
    cost_uids = [op["fixed_cost"] for op in operations if "fixed_cost" in op]
    refs.fixed_costs = {
        str(c.uid): c
        for c in FixedCost.objects.filter(project=project, uid__in=cost_uids).select_related("task")
    }
    assignment_uids = [op["assignment"] for op in operations if "assignment" in op]
    refs.assignments = {
        str(a.uid): a
        for a in Assignment.objects.filter(project=project, uid__in=assignment_uids).select_related(
            "task", "resource"
        )
    }
    ids = [task.pk for task in refs.tasks.values()]
    refs.links = set(
        Link.objects.filter(project=project, successor_id__in=ids).values_list(
            "predecessor_id", "successor_id"
        )
    )
    removed: set[str] = set()
    removed_wbs: list[str] = []
    for index, op in enumerate(operations, start=1):
        for uid in _task_uids(op):
            if uid not in refs.tasks:
                raise _refuse(index, f"task {uid} is not in project {project.code} (removed since?).")
            wbs = refs.tasks[uid].wbs
            if uid in removed or any(wbs.startswith(f"{gone}.") for gone in removed_wbs):
                raise _refuse(index, f"task {refs.task_name(uid)!r} is removed by an earlier operation.")
        kind = op["op"]
        if (
            kind in (OperationKind.SET_DURATION, OperationKind.ADD_FIXED_COST)
            and refs.tasks[op["task"]].is_summary
        ):
            raise _refuse(
                index, f"{refs.tasks[op['task']].name!r} is a summary task; use one of its subtasks."
            )
        if kind == OperationKind.REMOVE_TASK:
            removed.add(op["task"])
            removed_wbs.append(refs.tasks[op["task"]].wbs)
        if kind == OperationKind.REMOVE_LINK:
            pair = (refs.tasks[op["predecessor"]].pk, refs.tasks[op["successor"]].pk)
            if pair not in refs.links:
                raise _refuse(
                    index,
                    f"there is no link from {refs.task_name(op['predecessor'])!r} "
                    f"to {refs.task_name(op['successor'])!r}.",
                )
        if kind == OperationKind.SET_FIXED_COST and op["fixed_cost"] not in refs.fixed_costs:
            raise _refuse(index, f"fixed cost {op['fixed_cost']} is not in project {project.code}.")
        if kind == OperationKind.SET_ASSIGNMENT_WORK and op["assignment"] not in refs.assignments:
            raise _refuse(index, f"assignment {op['assignment']} is not in project {project.code}.")
    return refs


def describe(op: Mapping[str, Any], refs: PlanRefs | None = None, *, minutes_per_day: int = 480) -> str:
    """One operation in words (the request page and the impact), durations in days of ``minutes_per_day``."""

    def name(uid: str) -> str:
        return repr(refs.task_name(uid)) if refs is not None else uid

    kind = op.get("op")
    if kind == OperationKind.SET_DURATION:
        return f"Duration of {name(op['task'])} → {op['duration_minutes'] / minutes_per_day:g} d"
    if kind == OperationKind.ADD_TASK:
        return f"Add task {op['name']!r} ({op['duration_minutes'] / minutes_per_day:g} d)"
    if kind == OperationKind.REMOVE_TASK:
        return f"Remove task {name(op['task'])}"
    if kind == OperationKind.SET_LINK:
        lag = f"{op['lag_minutes'] / 480:+g} d" if op.get("lag_minutes") else ""
        return f"Link {name(op['predecessor'])} → {name(op['successor'])} {op['type']}{lag}"
    if kind == OperationKind.REMOVE_LINK:
        return f"Remove link {name(op['predecessor'])} → {name(op['successor'])}"
    if kind == OperationKind.ADD_FIXED_COST:
        return f"Fixed cost {op['name']!r} of {op['amount']} on {name(op['task'])}"
    if kind == OperationKind.SET_FIXED_COST:
        cost = refs.fixed_costs.get(op["fixed_cost"]) if refs is not None else None
        return f"Fixed cost {cost.name if cost else op['fixed_cost']!r} → {op['amount']}"
    if kind == OperationKind.SET_ASSIGNMENT_WORK:
        assignment = refs.assignments.get(op["assignment"]) if refs is not None else None
        return f"Work of {assignment or op['assignment']} → {op['work_minutes'] / 60:g} h"
    return str(kind)
