"""Receipt and invoice files of cost entries in the Cost section: contributors upload one on the
entry's row, anyone who may see the project downloads it (always as an attachment, with
``nosniff`` and a sandboxing CSP), managers remove it. Outside the project: 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from pmo.accounts.choices import Role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.views import apply_service_error
from pmo.costs import selectors, services
from pmo.costs.attachments import TEXT, content_disposition
from pmo.costs.forms import AttachmentForm, VersionForm
from pmo.costs.models import CostEntryAttachment
from pmo.costs.views.section import CostView, cost_url


def entries_url(project: Any) -> str:
    """The cost entries card of the Cost section."""
    return cost_url(project) + "#entries"


def file_response(attachment: CostEntryAttachment) -> HttpResponse:
    """The stored bytes as a download the browser never renders or runs."""
    content_type = f"{TEXT}; charset=utf-8" if attachment.content_type == TEXT else attachment.content_type
    response = HttpResponse(bytes(attachment.data), content_type=content_type)
    response["Content-Disposition"] = content_disposition(attachment.file_name)
    response["Content-Length"] = str(attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


class AttachmentUploadView(CostView):
    """POST (multipart): attach a file to a cost entry; contributors."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Keep the file, or show the section with the refusal on the entry's row (nothing written)."""
        project = self.get_project()
        entry = selectors.cost_entry_get(request.user, kwargs["entry_uid"], project=project)
        self.require(project, Role.CONTRIBUTOR)
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                content = services.read_upload(upload)
                attachment = services.cost_attachment_add(
                    actor=request.user, entry=entry, name=upload.name or "", content=content
                )
            except DomainRuleError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, f"Attached {attachment.file_name} to {entry}.")
                return HttpResponseRedirect(entries_url(project))
        return self.page(project, attachment_form=form, attachment_entry=entry, status=400)


class AttachmentDownloadView(CostView):
    """GET: the file, as an attachment; anyone who may see the project."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The download (404 outside the project)."""
        project = self.get_project()
        attachment = selectors.attachment_get(
            request.user, kwargs["attachment_uid"], project=project, with_data=True
        )
        return file_response(attachment)


class AttachmentDeleteView(CostView):
    """POST: remove a file from its entry; managers."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Remove through the service, or show the section with the reason."""
        project = self.get_project()
        attachment = selectors.attachment_get(request.user, kwargs["attachment_uid"], project=project)
        self.require(project, Role.MANAGER)
        form = VersionForm(request.POST)
        if not form.is_valid():
            return self.page(project, error="Not removed: reload the page and try again.", status=400)
        try:
            services.cost_attachment_delete(
                actor=request.user, attachment=attachment, expected_version=form.cleaned_data["version"]
            )
        except StaleVersionError as error:
            return self.page(project, error=f"Not removed: {error}.", status=409)
        messages.success(request, f"Removed {attachment.file_name}.")
        return HttpResponseRedirect(entries_url(project))
