"""Milestones as iCalendar (the private feeds of the Milestones section and the .ics export)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone
from icalendar import Calendar as ICalendar
from icalendar import Event

from pmo.projects.models import Project, Task


def project_milestones(project: Project) -> list[dict[str, Any]]:
    """The milestones of ``project`` as :func:`feed_calendar` takes them, in row order."""
    return list(
        Task.objects.filter(project=project, is_milestone=True)
        .order_by("position")
        .values("uid", "name", "finish", "deadline")
    )


def feed_calendar(project: Project, milestones: Iterable[Mapping[str, Any]]) -> bytes:
    """The iCalendar document of ``project``'s milestones: one VEVENT each, with a stable UID."""
    cal = ICalendar()
    cal.add("prodid", "-//pmo//milestones//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{project.code} milestones")
    stamp = timezone.now().astimezone(dt.UTC)
    for row in milestones:
        if row["finish"] is None:
            continue
        event = Event()
        event.add("uid", f"{row['uid']}@pmo-milestone")
        event.add("dtstamp", stamp)
        event.add("dtstart", row["finish"].astimezone(dt.UTC))
        event.add("dtend", row["finish"].astimezone(dt.UTC))
        event.add("summary", row["name"])
        deadline = f"\nDeadline: {row['deadline']:%Y-%m-%d %H:%M}" if row["deadline"] else ""
        event.add("description", f"Milestone of project {project.code} {project.name}.{deadline}")
        cal.add_component(event)
    return cal.to_ical()  # type: ignore[no-any-return]
