""" "My timesheet": the weekly grid (htmx saves one cell at a time), week navigation and submit."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View

from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.views import render_page
from pmo.projects.models import Task
from pmo.timesheets.choices import EDITABLE
from pmo.timesheets.grid import build_grid, grid_context, parse_time
from pmo.timesheets.selectors import loggable_tasks, sheet_for_week, week_of
from pmo.timesheets.services import entries_set, timesheet_submit

TEMPLATE = "timesheets/mine.html"
#: The most tasks the "add a row" list offers.
CHOICES_LIMIT = 300


def parse_week(value: str | None) -> dt.date:
    """The Monday of the week named by ``value`` (any ISO date), or of today when absent or invalid."""
    try:
        day = dt.date.fromisoformat(value) if value else dt.date.today()
    except ValueError:
        day = dt.date.today()
    return week_of(day)


def week_url(week_start: dt.date) -> str:
    """The page of a week."""
    return f"{reverse('timesheets:mine')}?week={week_start.isoformat()}"


class MyTimesheetView(LoginRequiredMixin, View):
    """The signed-in user's week: GET shows it (``?week=`` any day of it, ``&add=`` a task uid)."""

    def page(
        self, request: HttpRequest, week_start: dt.date, *, error: str = "", status: int = 200
    ) -> HttpResponse:
        """Render the page (or, for htmx, the grid) of ``week_start``."""
        sheet = sheet_for_week(request.user, week_start)
        allowed = loggable_tasks(request.user).order_by("project__code", "position")
        extra: list[Task] = []
        add = request.GET.get("add") or request.POST.get("add")
        if add:
            extra = list(allowed.filter(uid=add)) if _is_uuid(add) else []
        grid = build_grid(week_start, sheet, extra)
        shown = {row.task.pk for row in grid.rows}
        context: dict[str, Any] = grid_context(grid) | {
            "sheet": sheet,
            "editable": sheet is None or sheet.status in EDITABLE,
            "week_start": week_start,
            "previous_url": week_url(week_start - dt.timedelta(days=7)),
            "next_url": week_url(week_start + dt.timedelta(days=7)),
            "this_url": week_url(week_of(dt.date.today())),
            "choices": [t for t in allowed[:CHOICES_LIMIT] if t.pk not in shown],
            "error": error,
        }
        return render_page(request, TEMPLATE, context, fragment="sheet", status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        """Show the week."""
        return self.page(request, parse_week(request.GET.get("week")))


def refused_status(request: HttpRequest) -> int:
    """422 for htmx (the page's script swaps the grid with the message in), 400 otherwise."""
    return 422 if getattr(request, "htmx", False) else 400


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


class CellView(MyTimesheetView):
    """POST one cell (``week``, ``task`` uid, ``date``, ``time`` as hours or H:MM); answers the grid
    (a refusal: 422 for htmx, 400 otherwise, with the message and the grid as stored)."""

    def get(self, request: HttpRequest) -> HttpResponse:  # type: ignore[override]
        """Not a page."""
        return HttpResponse(status=405, headers={"Allow": "POST"})

    def post(self, request: HttpRequest) -> HttpResponse:
        """Save the cell through the service; a refusal answers 400 with the service's message."""
        week_start = parse_week(request.POST.get("week"))
        try:
            day = dt.date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            return self.page(
                request, week_start, error="Choose a day of the week.", status=refused_status(request)
            )
        uid = request.POST.get("task", "")
        task = Task.objects.filter(uid=uid).first() if _is_uuid(uid) else None
        if task is None:
            return self.page(request, week_start, error="Choose a task.", status=refused_status(request))
        try:
            minutes = parse_time(request.POST.get("time", ""), day=day)
            entries_set(
                actor=request.user,
                week_start=week_start,
                cells=[{"task": task, "date": day, "minutes": minutes}],
            )
        except DomainRuleError as error:
            return self.page(request, week_start, error=error.message, status=refused_status(request))
        if getattr(request, "htmx", False):
            return self.page(request, week_start)
        return HttpResponseRedirect(week_url(week_start), status=303)


class SubmitView(LoginRequiredMixin, View):
    """POST ``week`` (and ``version``): submit the week's sheet for approval."""

    def post(self, request: HttpRequest) -> HttpResponse:
        """Submit, then back to the week with a message saying what happened."""
        week_start = parse_week(request.POST.get("week"))
        sheet = sheet_for_week(request.user, week_start)
        if sheet is None:
            messages.error(request, "Nothing is logged in this week; log some time before submitting.")
            return HttpResponseRedirect(week_url(week_start), status=303)
        version = request.POST.get("version", "")
        try:
            timesheet_submit(
                actor=request.user,
                timesheet=sheet,
                expected_version=int(version) if version.isdigit() else None,
            )
        except (DomainRuleError, StaleVersionError) as error:
            messages.error(request, str(getattr(error, "message", error)))
        else:
            messages.success(request, f"The week of {week_start:%Y-%m-%d} is submitted for approval.")
        return HttpResponseRedirect(week_url(week_start), status=303)
