"""A project's timesheet setting: "approved actual work updates task progress" (managers change it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role
from pmo.projects.selectors import project_get
from pmo.timesheets.selectors import updates_progress
from pmo.timesheets.services import project_timesheet_settings_set


class ProjectSettingsView(LoginRequiredMixin, View):
    """GET shows the setting to anyone who sees the project; POST (managers) changes it."""

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Show the setting (a form for managers)."""
        project = project_get(request.user, uid)
        context = {
            "project": project,
            "update_progress": updates_progress(project.pk),
            "can_edit": has_role(request.user, project.scope, Role.MANAGER),
        }
        return render(request, "timesheets/settings.html", context)

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Save through the service (403 below manager)."""
        project = project_get(request.user, uid)
        value = request.POST.get("update_progress") in ("on", "true", "1")
        project_timesheet_settings_set(actor=request.user, project=project, update_progress=value)
        state = "on" if value else "off"
        messages.success(request, f"Approved actual work now updates task progress: {state}.")
        return HttpResponseRedirect(
            reverse("timesheets:project_settings", kwargs={"uid": project.uid}), status=303
        )
