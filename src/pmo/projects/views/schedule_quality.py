"""The Schedule quality section: the DCMA 14-point assessment of the project's schedule (read only)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from pmo.core.errors import DomainRuleError
from pmo.projects.schedule_quality import schedule_quality
from pmo.projects.workspace import ProjectSectionView


class ScheduleQualityView(ProjectSectionView):
    """``GET``: the fourteen checks with figure, threshold, pass/fail and the offending task rows."""

    section = "schedule_quality"
    template_name = "projects/schedule_quality/schedule_quality.html"

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The page; a schedule the engine refuses (a link cycle) shows the reason instead."""
        project = self.get_project()
        context: dict[str, Any] = {"section_label": "Schedule quality"}
        try:
            context["report"] = schedule_quality(project)
        except DomainRuleError as error:
            context["error"] = error.message
        return self.render_section(project, context)
