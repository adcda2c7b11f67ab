"""Background tasks of the core app (Django's tasks framework, tracked as background jobs).

Each task is a ``@task`` over a :func:`pmo.core.jobs.tracked` body and is started through a
``*_start`` service that checks the actor's rights and calls :func:`pmo.core.jobs.job_start`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.tasks import task

from pmo.core.jobs import JobFailedError, job_progress, job_start, tracked
from pmo.core.models import BackgroundJob, Scope

PROGRESS_STEPS = 20
SHOWN_PROBLEMS = 5


@task
@tracked
def scope_tree_verify(*, job_uid: str) -> str:
    """Check the integrity of the portfolio → program → project tree.

    Every scope's materialised ``path`` must equal its parent's path plus its own id, the tree
    must have no cycles, and every scope must still belong to a portfolio, program or project.
    Fails the job with the first few problems named; succeeds with a count otherwise.
    """
    rows = list(Scope.objects.order_by("id").values_list("id", "parent_id", "path", "kind"))
    parent_of = {scope_id: parent_id for scope_id, parent_id, _, _ in rows}
    expected: dict[int, str] = {}
    problems: list[str] = []
    step = max(1, len(rows) // PROGRESS_STEPS)

    for index, (scope_id, _, path, kind) in enumerate(rows, start=1):
        want = _expected_path(scope_id, parent_of, expected)
        if want is None:
            problems.append(f"{kind} scope {scope_id} is part of a cycle in the tree")
        elif path != want:
            problems.append(f"{kind} scope {scope_id} has path {path!r}, expected {want!r}")
        if index % step == 0:
            job_progress(
                job_uid=job_uid,
                percent=90 * index / len(rows),
                message=f"Checked {index} of {len(rows)} scopes",
            )

    orphans = Scope.objects.filter(
        portfolio__isnull=True, program__isnull=True, project__isnull=True
    ).values_list("id", "kind")
    problems.extend(
        f"{kind} scope {scope_id} has no portfolio, program or project" for scope_id, kind in orphans
    )
    job_progress(job_uid=job_uid, percent=100, message="Checked ownership of every scope")

    if problems:
        shown = "; ".join(problems[:SHOWN_PROBLEMS])
        more = f" (and {len(problems) - SHOWN_PROBLEMS} more)" if len(problems) > SHOWN_PROBLEMS else ""
        raise JobFailedError(f"{len(problems)} problem(s) in the scope tree: {shown}{more}")
    return f"Checked {len(rows)} scopes: every path and owner is consistent."


def _expected_path(scope_id: int, parent_of: Mapping[int, int | None], memo: dict[int, str]) -> str | None:
    """The path ``scope_id`` should have, from its parent chain; ``None`` on a cycle."""
    chain: list[int] = []
    current: int | None = scope_id
    while current is not None and current not in memo:
        if current in chain:
            return None
        chain.append(current)
        current = parent_of.get(current)
    prefix = memo[current] if current is not None else "/"
    for node in reversed(chain):
        prefix = f"{prefix}{node}/"
        memo[node] = prefix
    return memo[scope_id]


def scope_tree_verify_start(*, actor: Any) -> BackgroundJob:
    """Start :func:`scope_tree_verify` as a background job; PMO administrators only."""
    if not (getattr(actor, "is_authenticated", False) and getattr(actor, "is_pmo_admin", False)):
        raise PermissionDenied("only a PMO administrator can check the scope tree")
    return job_start(actor=actor, task=scope_tree_verify, name="Check the scope tree")
