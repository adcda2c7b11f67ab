"""Pages of checklist templates, as seen from a project: the templates that apply to it (attached
to it or to a program or portfolio above it), and their forms for the managers of those places."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role, require_role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.models import Scope
from pmo.projects.models import Project
from pmo.quality import selectors, services
from pmo.quality.forms import ChecklistTemplateForm, VersionedForm
from pmo.quality.models import ChecklistTemplate
from pmo.quality.views.base import QualitySectionView, SectionFormView


def checklists_url(project: Project) -> str:
    """The project's checklist templates page."""
    return reverse("quality:checklists", kwargs={"uid": project.uid})


def _label(scope: Scope) -> str:
    owner = scope.owner
    return f"{scope.get_kind_display()}: {owner.code} {owner.name}"


def managed_places(user: Any, project: Project) -> list[Scope]:
    """The project and the portfolios and programs above it that ``user`` manages, top first."""
    scopes = Scope.objects.filter(id__in=project.scope.ancestor_ids()).select_related(
        "portfolio", "program", "project"
    )
    return sorted(
        (scope for scope in scopes if has_role(user, scope, Role.MANAGER)), key=lambda s: len(s.path)
    )


class ChecklistsView(QualitySectionView):
    """The checklist templates that apply to the project, with where each is attached."""

    template_name = "quality/checklists.html"

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """List the templates (managers of their place may edit them)."""
        project = self.get_project()
        templates = selectors.templates_for(request.user, project).select_related(
            "scope__portfolio", "scope__program", "scope__project"
        )
        rows = [
            {
                "template": t,
                "where": _label(t.scope),
                "editable": has_role(request.user, t.scope, Role.MANAGER),
            }
            for t in templates
        ]
        can_create = bool(managed_places(request.user, project))
        return self.render_section(
            project, {"rows": rows, "can_create": can_create, "section_label": "Checklists"}
        )


class ChecklistFormView(SectionFormView):
    """Create a template (attached to a place the user manages) or edit one (its place's managers)."""

    submit_label = "Save checklist"

    def target(self, project: Project) -> ChecklistTemplate | None:
        """The template edited (one that applies to this project), or ``None`` when creating."""
        uid = self.kwargs.get("template_uid")
        return selectors.checklist_template_get(self.request.user, uid, project=project) if uid else None

    def places(self, project: Project) -> dict[str, Scope]:
        """``{owner uid: scope}`` of the places the user manages at or above the project."""
        return {str(s.owner.uid): s for s in managed_places(self.request.user, project)}

    def check(self, project: Project, target: Any) -> None:
        """Manager of the template's place (creating: of the project or a place above it)."""
        if target is not None:
            require_role(self.request.user, target.scope, Role.MANAGER)
        elif not self.places(project):
            raise PermissionDenied(
                "creating a checklist template needs the manager role on this project or above it"
            )

    def page_title(self, project: Project, target: Any) -> str:
        """ "New checklist template" or "Edit <name>"."""
        return f"Edit checklist {target}" if target else "New checklist template"

    def build(self, project: Project, target: Any, data: Any = None) -> forms.Form:
        """The template form (with the place to attach it to when creating)."""
        if target is not None:
            initial = {
                "version": target.version,
                "name": target.name,
                "description": target.description,
                "items": target.items,
            }
            return ChecklistTemplateForm(data, initial=initial)
        scopes = [(key, _label(scope)) for key, scope in self.places(project).items()]
        return ChecklistTemplateForm(data, scopes=scopes, editing=False)

    def save(self, project: Project, target: Any, form: forms.Form) -> ChecklistTemplate:
        """Create or update through the services."""
        assert isinstance(form, VersionedForm)  # noqa: S101
        data = form.data_for_service()
        if target is None:
            scope = self.places(project)[data.pop("scope")]
            return services.checklist_template_create(actor=self.request.user, scope=scope, **data)
        return services.checklist_template_update(
            actor=self.request.user, template=target, data=data, expected_version=form.cleaned_data["version"]
        )

    def done_url(self, project: Project, saved: Any) -> str:
        """The checklists page."""
        return checklists_url(project)

    def cancel_url(self, project: Project, target: Any) -> str:
        """The checklists page."""
        return checklists_url(project)


@method_decorator(require_POST, name="dispatch")
class ChecklistDeleteView(QualitySectionView):
    """Delete a template (its place's managers); reviews keep their copies."""

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Delete through the service, then back to the checklists page."""
        project = self.get_project()
        template = selectors.checklist_template_get(request.user, kwargs["template_uid"], project=project)
        require_role(request.user, template.scope, Role.MANAGER)
        form = VersionedForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Not deleted: the form was incomplete; reload and try again.")
            return HttpResponseRedirect(checklists_url(project), status=303)
        try:
            services.checklist_template_delete(
                actor=request.user, template=template, expected_version=form.cleaned_data["version"]
            )
        except (StaleVersionError, DomainRuleError, ValidationError) as error:
            messages.error(request, f"Not deleted: {error}")
            return HttpResponseRedirect(checklists_url(project))
        messages.success(request, f"Deleted the checklist template {template}.")
        return HttpResponseRedirect(checklists_url(project))
