"""The approvals page: submitted sheets with time on the user's projects, approve or return each."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.timesheets.grid import as_hours
from pmo.timesheets.selectors import managed_projects, sheet_lines, sheets_concerning, sheets_to_approve
from pmo.timesheets.services import timesheet_approve, timesheet_return

#: The most projects the settings links list.
MANAGED_LIMIT = 50


class ApprovalsView(LoginRequiredMixin, View):
    """GET: the submitted sheets waiting for the user's decision."""

    def get(self, request: HttpRequest) -> HttpResponse:
        """List them with their lines per task."""
        sheets: list[dict[str, Any]] = []
        for sheet in sheets_to_approve(request.user).order_by("week_start", "user__username"):
            lines = sheet_lines(sheet)
            sheets.append(
                {
                    "sheet": sheet,
                    "lines": [(task, as_hours(minutes)) for task, minutes in lines],
                    "total": as_hours(sum(minutes for _, minutes in lines)),
                }
            )
        managed = managed_projects(request.user)[:MANAGED_LIMIT]
        return render(request, "timesheets/approvals.html", {"sheets": sheets, "managed": managed})


class DecideView(LoginRequiredMixin, View):
    """POST ``decision`` (``approve`` or ``return``), ``comment`` and ``version`` for one sheet."""

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Decide through the service (403 unless manager of every project the sheet touches)."""
        sheet = sheets_concerning(request.user).filter(uid=uid).first()
        if sheet is None:
            raise Http404("No such timesheet.")
        version = request.POST.get("version", "")
        expected = int(version) if version.isdigit() else None
        decision = request.POST.get("decision", "approve")
        try:
            if decision == "return":
                timesheet_return(
                    actor=request.user,
                    timesheet=sheet,
                    comment=request.POST.get("comment", ""),
                    expected_version=expected,
                )
                messages.success(request, f"{sheet} is returned to {sheet.user}.")
            else:
                timesheet_approve(actor=request.user, timesheet=sheet, expected_version=expected)
                messages.success(request, f"{sheet} is approved.")
        except (DomainRuleError, StaleVersionError) as error:
            messages.error(request, str(getattr(error, "message", error)))
        return HttpResponseRedirect(reverse("timesheets:approvals"), status=303)
