"""Building blocks of the deliverables pages: section views on the project workspace, a form page
(GET shows, POST saves through a service, 409 with "who changed what" on a stale version, 400 with
the service's message at the field it names), and POST-only actions."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.views import apply_service_error, stale_notice
from pmo.projects.models import Project
from pmo.projects.workspace import ProjectSectionView
from pmo.quality import selectors

FORM_TEMPLATE = "quality/form.html"


class QualitySectionView(ProjectSectionView):
    """A page of the Deliverables section of the project workspace."""

    section = "deliverables"

    def deliverables_url(self, project: Project) -> str:
        """The section's main page."""
        return reverse("quality:deliverables", kwargs={"uid": project.uid})


class SectionFormView(QualitySectionView):
    """A form page of the section. Subclasses implement the hooks; the flow is shared.

    ``target(project)`` fetches the object (404 outside scope) or ``None`` when creating;
    ``check(project, target)`` raises 403; ``build(project, target, data)`` makes the form;
    ``save(project, target, form)`` calls the service and returns the saved object;
    ``done_url(project, saved)`` is where a successful POST goes.
    """

    template_name = FORM_TEMPLATE
    title: ClassVar[str] = ""
    submit_label: ClassVar[str] = "Save"

    def target(self, project: Project) -> Any:
        """The object edited, or ``None`` for a create form."""
        return None

    def check(self, project: Project, target: Any) -> None:
        """Raise ``PermissionDenied`` unless the user may use this form."""
        raise NotImplementedError

    def build(self, project: Project, target: Any, data: Any = None) -> forms.Form:
        """The form (bound to ``data`` on POST)."""
        raise NotImplementedError

    def save(self, project: Project, target: Any, form: forms.Form) -> Any:
        """Call the service; return the saved object."""
        raise NotImplementedError

    def done_url(self, project: Project, saved: Any) -> str:
        """Where to go after saving."""
        return self.deliverables_url(project)

    def cancel_url(self, project: Project, target: Any) -> str:
        """Where "Cancel" leads."""
        return self.deliverables_url(project)

    def page_title(self, project: Project, target: Any) -> str:
        """The heading of the form."""
        return self.title.format(target=target)

    def extra_context(self, project: Project, target: Any, form: forms.Form) -> dict[str, Any]:
        """More context for the template (formsets, notes)."""
        return {}

    def render_form(
        self, project: Project, target: Any, form: forms.Form, *, status: int = 200, stale: Any = None
    ) -> HttpResponse:
        """The form page."""
        context = {
            "form": form,
            "target": target,
            "title": self.page_title(project, target),
            "submit_label": self.submit_label,
            "cancel_url": self.cancel_url(project, target),
            "stale": stale,
            "verbose_name": getattr(getattr(target, "_meta", None), "verbose_name", "record"),
        } | self.extra_context(project, target, form)
        return self.render_section(project, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Show the form (filled with the stored values and the version read when editing)."""
        project = self.get_project()
        target = self.target(project)
        self.check(project, target)
        return self.render_form(project, target, self.build(project, target))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Validate, save through the service, then go on; keep the input on any refusal."""
        project = self.get_project()
        target = self.target(project)
        self.check(project, target)
        form = self.build(project, target, request.POST)
        if not self.is_valid(form):
            return self.render_form(project, target, form, status=400)
        try:
            saved = self.save(project, target, form)
        except StaleVersionError as error:
            current = self.target(project)
            data = request.POST.copy()
            data["version"] = str(current.version)
            fresh = self.build(project, current, data)
            self.is_valid(fresh)
            return self.render_form(project, current, fresh, status=409, stale=stale_notice(error, current))
        except (DomainRuleError, ValidationError) as error:
            apply_service_error(form, error)
            return self.render_form(project, target, form, status=400)
        messages.success(request, f"Saved {saved}.")
        return HttpResponseRedirect(self.done_url(project, saved))

    def is_valid(self, form: forms.Form) -> bool:
        """Whether the form (and any formset of the page) is valid."""
        return form.is_valid()


class OfDeliverableMixin:
    """For forms about a row that belongs to a deliverable (a review, a defect): the deliverable is
    the edited row's, or the one named by ``deliverable_uid`` when creating."""

    request: Any
    kwargs: dict[str, Any]

    def deliverable(self, project: Any, target: Any) -> Any:
        """The deliverable of ``target``, or the one in the URL (through the scoped selector)."""
        if target is not None:
            return target.deliverable
        return selectors.deliverable_get(self.request.user, self.kwargs["deliverable_uid"], project=project)
