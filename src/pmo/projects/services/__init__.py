"""Writes of the projects app, one module per area. The project's own services and the WBS
services are re-exported here."""

from pmo.projects.services.nodes import project_create, project_delete, project_move, project_update
from pmo.projects.services.schedule import ScheduleChange
from pmo.projects.services.tasks import (
    PastedRow,
    project_recalculate,
    task_create,
    task_delete,
    task_indent,
    task_move,
    task_outdent,
    task_update,
    tasks_paste,
)

__all__ = [
    "PastedRow",
    "ScheduleChange",
    "project_create",
    "project_delete",
    "project_move",
    "project_recalculate",
    "project_update",
    "task_create",
    "task_delete",
    "task_indent",
    "task_move",
    "task_outdent",
    "task_update",
    "tasks_paste",
]
