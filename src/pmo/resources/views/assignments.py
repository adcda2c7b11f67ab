"""The Resources section of the project workspace: the project's assignments grouped by resource
with their work totals, and the add, edit and remove forms for the project's managers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from pmo.accounts.choices import Role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.views import wants_fragment
from pmo.projects.models import Project
from pmo.projects.workspace import ProjectSectionView
from pmo.quality.forms import VersionedForm
from pmo.resources import selectors, services
from pmo.resources.forms import AssignmentForm
from pmo.resources.models import Assignment, Resource
from pmo.resources.views.base import FormFlow


def section_url(project: Project) -> str:
    """The project's Resources section."""
    return reverse("resources:assignments", kwargs={"uid": project.uid})


class ResourcesSectionView(ProjectSectionView):
    """A page of the Resources section."""

    section = "resources"

    def section_context(self, project: Project, **extra: Any) -> dict[str, Any]:
        """The assignments by resource, the totals and the pool link."""
        loads = selectors.loads_of(self.request.user, project)
        return {
            "loads": loads,
            "assignment_count": sum(len(load.assignments) for load in loads),
            "total_hours": sum(load.work_minutes for load in loads) / 60,
            "pool_url": reverse("resources:pool", kwargs={"uid": project.portfolio.uid}),
            "section_label": "Resources",
        } | extra


class AssignmentsView(ResourcesSectionView):
    """The project's assignments grouped by resource, with each resource's total work."""

    template_name = "resources/assignments.html"

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The section page (or its assignments for htmx)."""
        project = self.get_project()
        return self.render_section(project, self.section_context(project), fragment="loads")


class AssignmentFormView(FormFlow, ResourcesSectionView):
    """Add (no ``assignment_uid``) or edit an assignment; managers of the project."""

    template_name = "resources/form.html"
    submit_label = "Save assignment"
    field_aliases = {"work_minutes": "work_hours"}

    def get_place(self) -> Project:
        """The project (404 outside scope, 403 below viewer)."""
        return self.get_project()

    def target(self, place: Project) -> Assignment | None:
        """The assignment edited, or ``None`` when adding one."""
        uid = self.kwargs.get("assignment_uid")
        return selectors.assignment_get(self.request.user, uid, project=place) if uid else None

    def check(self, place: Project, target: Any) -> None:
        """Managers only."""
        self.require(place, Role.MANAGER)

    def page_title(self, place: Project, target: Any) -> str:
        """ "Assign a resource" or "Edit <assignment>"."""
        return f"Edit {target}" if target else "Assign a resource"

    def build(self, place: Project, target: Any, data: Any = None) -> forms.Form:
        """The assignment form; resources come from the pool of the project's portfolio."""
        initial: dict[str, Any] = {}
        if target is not None:
            initial = {
                "version": target.version,
                "task": target.task,
                "resource": target.resource_id,
                "units": target.units,
                "work_hours": None if target.work_minutes is None else round(target.work_minutes / 60, 2),
                "contour": target.contour,
                "start": target.start,
                "finish": target.finish,
            }
        resources = Resource.objects.filter(scope=selectors.pool_of(place)).order_by("name", "id")
        return AssignmentForm(
            data, initial=initial, project=place, resources=resources, editing=target is not None
        )

    def save(self, place: Project, target: Any, form: forms.Form) -> Assignment:
        """Create or update through the services."""
        assert isinstance(form, AssignmentForm)  # noqa: S101 - built above
        data = form.data_for_service()
        if target is None:
            return services.assignment_create(actor=self.request.user, project=place, **data)
        return services.assignment_update(
            actor=self.request.user,
            assignment=target,
            data=data,
            expected_version=form.cleaned_data["version"],
        )

    def done_url(self, place: Project, saved: Any) -> str:
        """The section."""
        return section_url(place)

    def render_form(self, place: Project, context: dict[str, Any], *, status: int) -> HttpResponse:
        """The form inside the workspace frame."""
        return self.render_section(place, context | {"section_label": context["title"]}, status=status)


@method_decorator(require_POST, name="dispatch")
class AssignmentDeleteView(ResourcesSectionView):
    """Take a resource off a task (managers); answers with the assignments (htmx) or the page."""

    template_name = "resources/assignments.html"

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Check, remove through the service, answer."""
        project = self.get_project()
        assignment = selectors.assignment_get(request.user, kwargs["assignment_uid"], project=project)
        self.require(project, Role.MANAGER)
        form = VersionedForm(request.POST)
        error = ""
        status = 200
        if not form.is_valid():
            error, status = "Not removed: the form was incomplete; reload and try again.", 400
        else:
            try:
                services.assignment_delete(
                    actor=request.user, assignment=assignment, expected_version=form.cleaned_data["version"]
                )
            except StaleVersionError as stale:
                error, status = f"Not removed: {stale}.", 409
            except (DomainRuleError, ValidationError) as refused:
                error, status = f"Not removed: {refused}", 400
        if wants_fragment(request):
            context = self.section_context(project, action_error=error)
            return self.render_section(project, context, fragment="loads", status=status)
        if error:
            messages.error(request, error)
        else:
            messages.success(request, f"Removed {assignment}.")
        return HttpResponseRedirect(section_url(project))
