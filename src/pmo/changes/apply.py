"""Applying an approved change request to the real plan, through the owning apps' services.

Called inside the transaction of :func:`pmo.changes.services.change_request_apply`: the first
refusal (a named row changed since the assessment, an engine refusal such as a cycle) rolls every
operation back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pmo.changes.choices import OperationKind
from pmo.changes.operations import PlanRefs
from pmo.core.errors import DomainRuleError
from pmo.costs.services import fixed_cost_create, fixed_cost_update
from pmo.interchange.text import ParsedPredecessor
from pmo.projects.models import Link, Project, Task
from pmo.projects.services import task_create, task_delete, task_update
from pmo.resources.services import assignment_update


def _check_unchanged(
    operations: Sequence[Mapping[str, Any]], refs: PlanRefs, assessed: Mapping[str, int]
) -> None:
    """Refuse, by operation, a row whose version moved since the assessment."""
    now = refs.versions()
    for index, op in enumerate(operations, start=1):
        keys = [f"task:{op[k]}" for k in ("task", "predecessor", "successor") if k in op]
        keys += [f"task:{uid}" for uid in [*op.get("predecessors", ()), *op.get("successors", ())]]
        keys += [f"{k}:{op[k]}" for k in ("fixed_cost", "assignment") if k in op]
        for key in keys:
            if key in assessed and now.get(key) != assessed[key]:
                kind, uid = key.split(":", 1)
                name = refs.task_name(uid) if kind == "task" else uid
                raise DomainRuleError(
                    f"Operation {index}: the {kind.replace('_', ' ')} {name!r} changed since the impact was "
                    "assessed; withdraw this request and raise a new one against the current plan.",
                    field="operations",
                )


def _entries(task: Task) -> dict[int, ParsedPredecessor]:
    """The task's predecessors as typed entries, by predecessor id."""
    out = {}
    for link in Link.objects.filter(successor=task).select_related("predecessor"):
        if link.lag_percent:
            entry = ParsedPredecessor(
                row=link.predecessor.position,
                type=link.type,
                lag_value=float(link.lag_percent),
                lag_percent=True,
            )
        else:
            entry = ParsedPredecessor(
                row=link.predecessor.position,
                type=link.type,
                lag_value=float(link.lag_minutes),
                lag_unit="m",
                lag_elapsed=link.lag_elapsed,
            )
        out[link.predecessor_id] = entry
    return out


def _relink(actor: Any, successor: Task, change: Mapping[int, ParsedPredecessor | None]) -> None:
    """Add, change (entry) or remove (``None``) predecessors of ``successor``, by predecessor id."""
    entries = _entries(successor)
    for pred_id, entry in change.items():
        if entry is None:
            entries.pop(pred_id, None)
        else:
            entries[pred_id] = entry
    task_update(
        actor=actor, task=successor, data={}, expected_version=None, predecessors=list(entries.values())
    )


def _task(uid: str) -> Task:
    task = Task.objects.filter(uid=uid).first()
    if task is None:
        raise DomainRuleError(f"Task {uid} is no longer in the plan.", field="operations")
    return task


def apply_operations(
    *,
    actor: Any,
    project: Project,
    operations: Sequence[Mapping[str, Any]],
    refs: PlanRefs,
    assessed: Mapping[str, int],
) -> None:
    """Apply every operation in order (each one a schedule or cost write of its own service)."""
    _check_unchanged(operations, refs, assessed)
    for op in operations:
        kind = op["op"]
        if kind == OperationKind.SET_DURATION:
            task_update(
                actor=actor,
                task=_task(op["task"]),
                data={"duration_minutes": op["duration_minutes"]},
                expected_version=None,
            )
        elif kind == OperationKind.ADD_TASK:
            preds = [ParsedPredecessor(row=_task(uid).position) for uid in op["predecessors"]]
            new = task_create(
                actor=actor,
                project=project,
                name=op["name"],
                level=1,
                duration_minutes=op["duration_minutes"],
                predecessors=preds,
            ).task
            for uid in op["successors"]:
                new.refresh_from_db()
                _relink(actor, _task(uid), {new.pk: ParsedPredecessor(row=new.position)})
        elif kind == OperationKind.REMOVE_TASK:
            task_delete(actor=actor, task=_task(op["task"]), expected_version=None)
        elif kind == OperationKind.SET_LINK:
            pred = _task(op["predecessor"])
            entry = ParsedPredecessor(
                row=pred.position, type=op["type"], lag_value=float(op["lag_minutes"]), lag_unit="m"
            )
            _relink(actor, _task(op["successor"]), {pred.pk: entry})
        elif kind == OperationKind.REMOVE_LINK:
            _relink(actor, _task(op["successor"]), {_task(op["predecessor"]).pk: None})
        elif kind == OperationKind.ADD_FIXED_COST:
            fixed_cost_create(actor=actor, task=_task(op["task"]), name=op["name"], amount=op["amount"])
        elif kind == OperationKind.SET_FIXED_COST:
            fixed_cost_update(
                actor=actor,
                cost=refs.fixed_costs[op["fixed_cost"]],
                data={"amount": op["amount"]},
                expected_version=None,
            )
        elif kind == OperationKind.SET_ASSIGNMENT_WORK:
            assignment_update(
                actor=actor,
                assignment=refs.assignments[op["assignment"]],
                data={"work_minutes": op["work_minutes"]},
                expected_version=None,
            )
