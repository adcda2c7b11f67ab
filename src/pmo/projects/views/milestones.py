"""The Milestones section: the list (date, baseline date, variance, deadline, met/missed/due), a
timeline chart, the project's private iCalendar feeds, and the public feed itself."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_safe

from pmo.accounts.choices import Role
from pmo.core.errors import DomainRuleError
from pmo.projects import charts
from pmo.projects.adapters import status_instant, to_wall
from pmo.projects.forms.tracking import FeedForm
from pmo.projects.ical import feed_calendar
from pmo.projects.models import BaselineTask, CalendarFeed, Project, Task
from pmo.projects.services.feeds import feed_create, feed_revoke, feed_use
from pmo.projects.views.baselines import project_calendar
from pmo.projects.views.gantt import wall_now
from pmo.projects.workspace import ProjectSectionView

MILESTONE_FIELDS: tuple[str, ...] = ("id", "uid", "position", "name", "finish", "deadline")
MILESTONE_FIELDS += ("percent_complete", "actual_finish", "is_critical", "total_slack")


def milestone_status(
    finish: dt.datetime | None, deadline: dt.datetime | None, done: bool, reference: dt.datetime
) -> str:
    """``met`` (done, on or before its deadline), ``missed`` (done late, or the deadline passed
    undone) or ``due`` (still ahead).

    Examples
    --------
    >>> at = dt.datetime(2026, 5, 1, 17)
    >>> milestone_status(at, at, True, at), milestone_status(at, at - dt.timedelta(days=1), True, at)
    ('met', 'missed')
    >>> milestone_status(at, at, False, at + dt.timedelta(days=2))
    'missed'
    """
    if done:
        return "met" if deadline is None or finish is None or finish <= deadline else "missed"
    if deadline is not None and deadline < reference:
        return "missed"
    return "due"


def milestone_rows(project: Project, number: int) -> list[dict[str, Any]]:
    """The milestones of ``project`` with baseline ``number`` dates, variances and status (3-4 queries)."""
    rows = list(
        Task.objects.filter(project=project, is_milestone=True).order_by("position").values(*MILESTONE_FIELDS)
    )
    planned = dict(
        BaselineTask.objects.filter(
            baseline__project=project, baseline__number=number, task__is_milestone=True
        ).values_list("task_id", "finish")
    )
    instants = [v for row in rows for v in (row["finish"], planned.get(row["id"])) if v is not None]
    walls = [w for w in map(to_wall, instants) if w is not None]
    calendar = project_calendar(project, min(walls), max(walls)) if walls else None
    reference = status_instant(project) or wall_now()
    per_day = project.minutes_per_day or 480
    for row in rows:
        finish, base = to_wall(row["finish"]), to_wall(planned.get(row["id"]))
        row["baseline_finish"] = planned.get(row["id"])
        row["variance"] = (
            round(calendar.work_between(_m(base), _m(finish)) / per_day, 2)
            if calendar is not None and finish is not None and base is not None
            else None
        )
        done = row["actual_finish"] is not None or row["percent_complete"] >= 100
        row["status"] = milestone_status(finish, to_wall(row["deadline"]), done, reference)
        row["late_forecast"] = bool(
            row["deadline"] and finish and row["status"] == "due" and row["finish"] > row["deadline"]
        )
    return rows


def _m(value: dt.datetime | None) -> int:
    from pmo.engine.schedule.calendars import to_minutes

    return to_minutes(value) if value is not None else 0


class MilestonesView(ProjectSectionView):
    """``GET``: the milestone list and timeline (compared with ``?baseline=N`` or the default)."""

    section = "milestones"
    template_name = "projects/milestones/milestones.html"

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The page (or its list partial for htmx)."""
        from pmo.projects.views.gantt import chosen_baseline

        project = self.get_project()
        number = chosen_baseline(request, project)
        rows = milestone_rows(project, number)
        figure = charts.milestone_figure(
            [
                {
                    "name": f"{row['position']}. {row['name']}",
                    "finish": to_wall(row["finish"]),
                    "baseline_finish": to_wall(row["baseline_finish"]),
                    "deadline": to_wall(row["deadline"]),
                    "status": row["status"],
                }
                for row in rows
            ]
        )
        context = {"section_label": "Milestones", "rows": rows, "number": number, "figure": figure}
        return self.render_section(project, context, fragment="list")


class FeedsView(ProjectSectionView):
    """``GET``: the project's calendar feeds; ``POST``: create one (its URL is shown once). Manager."""

    section = "milestones"
    template_name = "projects/milestones/feeds.html"
    read_role = Role.MANAGER

    def _render(self, project: Project, form: FeedForm, status: int = 200, **extra: Any) -> HttpResponse:
        feeds = CalendarFeed.objects.filter(project=project).select_related("created_by")
        context = {"section_label": "Calendar feeds", "feeds": feeds, "form": form, **extra}
        return self.render_section(project, context, fragment="feeds", status=status)

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The list and the create form."""
        return self._render(self.get_project(), FeedForm())

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Create a feed and show its secret URL (this once)."""
        project = self.get_project()
        form = FeedForm(request.POST)
        if not form.is_valid():
            return self._render(project, form, status=400)
        try:
            new = feed_create(actor=request.user, project=project, name=form.cleaned_data["name"])
        except DomainRuleError as error:
            form.add_error("name", error.message)
            return self._render(project, form, status=400)
        url = request.build_absolute_uri(reverse("projects:feed_ics", kwargs={"token": new.token}))
        return self._render(project, FeedForm(), status=201, secret_url=url, new_feed=new.feed)


class FeedRevokeView(ProjectSectionView):
    """``POST``: revoke a feed (manager); its URL answers 404 from then on."""

    section = "milestones"
    template_name = "projects/milestones/feeds.html"
    read_role = Role.MANAGER

    def post(self, request: HttpRequest, uid: Any, feed_uid: Any) -> HttpResponse:
        """Revoke, then back to the list."""
        project = self.get_project()
        feed = get_object_or_404(
            CalendarFeed.objects.select_related("project"), project=project, uid=feed_uid
        )
        feed_revoke(actor=request.user, feed=feed)
        messages.success(request, f"Revoked {feed}.")
        return redirect("projects:feeds", uid=project.uid)


@require_safe
def feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    """The public feed: the token in the URL is the credential; unknown or revoked answers 404."""
    feed = feed_use(token)
    if feed is None:
        raise Http404("No such feed.")
    project = feed.project
    milestones = [
        dict(row)
        for row in Task.objects.filter(project=project, is_milestone=True)
        .order_by("position")
        .values("uid", "name", "finish", "deadline")
    ]
    response = HttpResponse(feed_calendar(project, milestones), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{project.code}-milestones.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
