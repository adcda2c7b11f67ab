"""Pages of defects: open one on a deliverable, edit it, close, reopen or delete it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from pmo.accounts.choices import Role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.views import stale_notice, wants_fragment
from pmo.projects.models import Project
from pmo.quality import selectors, services
from pmo.quality.forms import CloseForm, DefectForm, VersionedForm
from pmo.quality.models import Defect, Deliverable
from pmo.quality.views.base import OfDeliverableMixin, SectionFormView
from pmo.quality.views.deliverables import DeliverableDetailView, deliverable_url


class DefectFormView(OfDeliverableMixin, SectionFormView):
    """Open a defect on a deliverable (``deliverable_uid``) or edit one (``defect_uid``); contributors."""

    submit_label = "Save defect"

    def target(self, project: Project) -> Defect | None:
        """The defect edited, or ``None`` when opening one."""
        uid = self.kwargs.get("defect_uid")
        return selectors.defect_get(self.request.user, uid, project=project) if uid else None

    def check(self, project: Project, target: Any) -> None:
        """Contributors and up."""
        self.require(project, Role.CONTRIBUTOR)

    def page_title(self, project: Project, target: Any) -> str:
        """ "New defect of <deliverable>" or "Edit defect <title>"."""
        return f"Edit defect {target}" if target else f"New defect of {self.deliverable(project, None)}"

    def build(self, project: Project, target: Any, data: Any = None) -> forms.Form:
        """The defect form; the review is one of the deliverable's."""
        initial: dict[str, Any] = {}
        if target is not None:
            initial = {
                "version": target.version,
                "title": target.title,
                "description": target.description,
                "severity": target.severity,
                "review": target.review_id,
            }
        deliverable = self.deliverable(project, target)
        return DefectForm(
            data,
            initial=initial,
            reviews=deliverable.reviews.order_by("-review_date"),
            editing=target is not None,
        )

    def save(self, project: Project, target: Any, form: forms.Form) -> Defect:
        """Open or update through the services."""
        assert isinstance(form, VersionedForm)  # noqa: S101
        data = form.data_for_service()
        if target is None:
            return services.defect_create(
                actor=self.request.user, deliverable=self.deliverable(project, None), **data
            )
        return services.defect_update(
            actor=self.request.user, defect=target, data=data, expected_version=form.cleaned_data["version"]
        )

    def done_url(self, project: Project, saved: Any) -> str:
        """The deliverable's page."""
        return deliverable_url(saved.deliverable)

    def cancel_url(self, project: Project, target: Any) -> str:
        """Back to the deliverable."""
        return deliverable_url(self.deliverable(project, target))


@method_decorator(require_POST, name="dispatch")
class DefectActionView(DeliverableDetailView):
    """A POST-only change of a defect; answers with the deliverable's defects (htmx) or page."""

    role = Role.CONTRIBUTOR
    form_class: type[VersionedForm] = VersionedForm
    done_message = ""

    def act(self, defect: Defect, form: VersionedForm) -> None:
        """Call the service."""
        raise NotImplementedError

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Check, validate, act, answer."""
        project = self.get_project()
        defect = selectors.defect_get(request.user, kwargs["defect_uid"], project=project)
        self.require(project, self.role)
        deliverable = defect.deliverable
        form = self.form_class(request.POST)
        if not form.is_valid():
            errors = "; ".join(f"{name}: {' '.join(str(m) for m in e)}" for name, e in form.errors.items())
            return self.render_detail(project, deliverable, status=400, error=f"Not done: {errors}")
        try:
            self.act(defect, form)
        except StaleVersionError as error:
            current = selectors.defect_get(request.user, defect.uid, project=project)
            return self.render_detail(project, deliverable, status=409, stale=stale_notice(error, current))
        except (DomainRuleError, ValidationError) as error:
            message = error.message if isinstance(error, DomainRuleError) else " ".join(error.messages)
            return self.render_detail(project, deliverable, status=400, error=f"Not done: {message}")
        messages.success(request, self.done_message.format(defect=defect))
        if wants_fragment(request):
            return self.render_detail(project, self.get_fresh(deliverable), fragment="defects")
        return HttpResponseRedirect(deliverable_url(deliverable))

    def get_fresh(self, deliverable: Deliverable) -> Deliverable:
        """The deliverable re-read after the change."""
        deliverable.refresh_from_db()
        return deliverable


class DefectCloseView(DefectActionView):
    """Close a defect (contributors)."""

    form_class = CloseForm
    done_message = "Closed the defect {defect}."

    def act(self, defect: Defect, form: VersionedForm) -> None:
        """:func:`~pmo.quality.services.defect_close`."""
        services.defect_close(
            actor=self.request.user,
            defect=defect,
            expected_version=form.cleaned_data["version"],
            closed_date=form.cleaned_data.get("closed_date"),
        )


class DefectReopenView(DefectActionView):
    """Reopen a defect (contributors)."""

    done_message = "Reopened the defect {defect}."

    def act(self, defect: Defect, form: VersionedForm) -> None:
        """:func:`~pmo.quality.services.defect_reopen`."""
        services.defect_reopen(
            actor=self.request.user, defect=defect, expected_version=form.cleaned_data["version"]
        )


class DefectDeleteView(DefectActionView):
    """Delete a defect (managers)."""

    role = Role.MANAGER
    done_message = "Deleted the defect {defect}."

    def act(self, defect: Defect, form: VersionedForm) -> None:
        """:func:`~pmo.quality.services.defect_delete`."""
        services.defect_delete(
            actor=self.request.user, defect=defect, expected_version=form.cleaned_data["version"]
        )
