"""Permission-scoped reads of projects."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import QuerySet

from pmo.accounts.selectors import scoped
from pmo.core.selectors import get_visible
from pmo.projects.models import Link, Project, Task


def projects_visible(user: Any) -> QuerySet[Project]:
    """Projects the user may see."""
    return scoped(Project.objects.select_related("scope", "owner", "portfolio", "program"), user)


def project_get(user: Any, uid: Any) -> Project:
    """One visible project by public id, or 404."""
    return get_visible(projects_visible(user), uid=uid)


def project_tasks(project: Project) -> QuerySet[Task]:
    """The tasks of a project the caller already holds (read through :func:`project_get`), in
    outline order."""
    return Task.objects.filter(project=project).order_by("position")


def task_get(user: Any, project: Project, uid: Any) -> Task:
    """One task of a visible project by public id, or 404 (the project must come from
    :func:`project_get`, which already checked the user's scope)."""
    return get_visible(Task.objects.filter(project=project).select_related("project__scope"), uid=uid)


def tasks_visible(user: Any) -> QuerySet[Task]:
    """Tasks of every project the user may see."""
    return scoped(Task.objects.select_related("project__scope"), user, path_lookup="project__scope__path")


def predecessor_texts(project: Project, successors: Collection[int] | None = None) -> dict[int, str]:
    """Every task's predecessors as typed (``3FS+2d, 5SS-1d``), by task id (one query); only of the
    tasks ``successors`` when given (a few redrawn rows need not read every link of the project)."""
    from pmo.interchange.text import format_lag

    texts: dict[int, list[str]] = {}
    selected = Link.objects.filter(project=project)
    if successors is not None:
        selected = selected.filter(successor_id__in=list(successors))
    links = selected.order_by("successor_id", "predecessor__position").values_list(
        "successor_id", "predecessor__position", "type", "lag_minutes", "lag_elapsed", "lag_percent"
    )
    for succ, position, kind, lag, elapsed, percent in links:
        lag_text = format_lag(lag, elapsed=elapsed, percent=percent, minutes_per_day=project.minutes_per_day)
        texts.setdefault(succ, []).append(
            f"{position}{'' if kind == 'FS' and not lag_text else kind}{lag_text}"
        )
    return {succ: ", ".join(parts) for succ, parts in texts.items()}
