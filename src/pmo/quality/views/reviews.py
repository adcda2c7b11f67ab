"""Pages of quality reviews: record one (optionally from a checklist template), edit it with each
checklist item's result, delete it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from pmo.accounts.choices import Role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.views import stale_notice
from pmo.projects.models import Project
from pmo.quality import selectors, services
from pmo.quality.forms import ChecklistResultFormSet, ReviewForm, VersionedForm
from pmo.quality.models import QualityReview
from pmo.quality.views.base import OfDeliverableMixin, SectionFormView
from pmo.quality.views.deliverables import DeliverableDetailView, deliverable_url


class ReviewFormView(OfDeliverableMixin, SectionFormView):
    """Record a review of a deliverable (``deliverable_uid``) or edit one (``review_uid``); contributors."""

    submit_label = "Save review"

    def target(self, project: Project) -> QualityReview | None:
        """The review edited, or ``None`` when recording one."""
        uid = self.kwargs.get("review_uid")
        return selectors.review_get(self.request.user, uid, project=project) if uid else None

    def check(self, project: Project, target: Any) -> None:
        """Contributors and up."""
        self.require(project, Role.CONTRIBUTOR)

    def page_title(self, project: Project, target: Any) -> str:
        """ "Review of <deliverable>"."""
        return f"Edit {target}" if target else f"Review of {self.deliverable(project, None)}"

    def build(self, project: Project, target: Any, data: Any = None) -> forms.Form:
        """The review form (with a checklist template choice when recording)."""
        user = self.request.user
        initial: dict[str, Any] = {"review_date": timezone.localdate(), "reviewer": getattr(user, "pk", None)}
        if target is not None:
            initial = {
                "version": target.version,
                "reviewer": target.reviewer_id,
                "review_date": target.review_date,
                "result": target.result,
                "defects_found": target.defects_found,
                "notes": target.notes,
            }
        form = ReviewForm(
            data,
            initial=initial,
            people=selectors.people_for(user, project),
            templates=None if target is not None else selectors.templates_for(user, project),
            editing=target is not None,
        )
        self.checklist = None
        if target is not None and target.checklist_items.exists():
            items = list(target.checklist_items.order_by("position"))
            self.checklist = ChecklistResultFormSet(
                data, prefix="checklist", initial=[{"result": i.result, "note": i.note} for i in items]
            )
            self.checklist_items = items
        return form

    def is_valid(self, form: forms.Form) -> bool:
        """The review and its checklist results."""
        valid = form.is_valid()
        return bool(self.checklist.is_valid() and valid) if self.checklist is not None else valid

    def extra_context(self, project: Project, target: Any, form: forms.Form) -> dict[str, Any]:
        """The checklist rows, each with its item's text."""
        if self.checklist is None:
            return {}
        return {
            "checklist_rows": list(zip(self.checklist_items, self.checklist.forms, strict=True)),
            "checklist": self.checklist,
        }

    def save(self, project: Project, target: Any, form: forms.Form) -> QualityReview:
        """Record or update through the services."""
        assert isinstance(form, VersionedForm)  # noqa: S101
        data = form.data_for_service()
        if target is None:
            return services.review_create(
                actor=self.request.user, deliverable=self.deliverable(project, None), **data
            )
        if self.checklist is not None:
            data["checklist"] = [
                {"result": f.cleaned_data["result"], "note": f.cleaned_data["note"]}
                for f in self.checklist.forms
            ]
        return services.review_update(
            actor=self.request.user, review=target, data=data, expected_version=form.cleaned_data["version"]
        )

    def done_url(self, project: Project, saved: Any) -> str:
        """The deliverable's page."""
        return deliverable_url(saved.deliverable)

    def cancel_url(self, project: Project, target: Any) -> str:
        """Back to the deliverable."""
        return deliverable_url(self.deliverable(project, target))


@method_decorator(require_POST, name="dispatch")
class ReviewDeleteView(DeliverableDetailView):
    """Delete a review (managers); its defects stay."""

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Delete through the service, then back to the deliverable."""
        project = self.get_project()
        review = selectors.review_get(request.user, kwargs["review_uid"], project=project)
        self.require(project, Role.MANAGER)
        deliverable = review.deliverable
        form = VersionedForm(request.POST)
        if not form.is_valid():
            return self.render_detail(
                project, deliverable, status=400, error="Not deleted: the form was incomplete."
            )
        try:
            services.review_delete(
                actor=request.user, review=review, expected_version=form.cleaned_data["version"]
            )
        except StaleVersionError as error:
            return self.render_detail(project, deliverable, status=409, stale=stale_notice(error, review))
        except (DomainRuleError, ValidationError) as error:
            return self.render_detail(project, deliverable, status=400, error=f"Not deleted: {error}")
        messages.success(request, f"Deleted {review}.")
        return HttpResponseRedirect(deliverable_url(deliverable))
