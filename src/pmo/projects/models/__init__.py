"""Models of the projects app: the project, and its schedule (tasks, links, calendars, baselines,
progress, milestone feed). Charters live in ``pmo.charters``; deliverables and quality in
``pmo.quality`` (docs/adr/0008-workspace-apps.md)."""

from pmo.projects.models.baselines import Baseline, BaselineTask
from pmo.projects.models.calendars import CalendarException, WorkCalendar
from pmo.projects.models.feeds import CalendarFeed
from pmo.projects.models.progress import ProgressEntry
from pmo.projects.models.project import Project
from pmo.projects.models.tasks import Link, Task

__all__ = [
    "Baseline",
    "BaselineTask",
    "CalendarException",
    "CalendarFeed",
    "Link",
    "ProgressEntry",
    "Project",
    "Task",
    "WorkCalendar",
]
