"""Upload pages: import a file over a project (``projects/<uid>/import/``), or as a new project in
a program or portfolio the user manages (``imports/new/?parent=<uid>``). Both read the file under
the import cap, call :func:`~pmo.transfers.services.import_prepare` and go on to the import's page
(the preview). A refused file is shown as a form error (422) and nothing is stored."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.accounts.views import ScopeRoleMixin, node_url
from pmo.core.errors import DomainRuleError
from pmo.core.models import Scope
from pmo.core.views import Crumb
from pmo.portfolios.selectors import portfolio_get
from pmo.programs.selectors import program_get
from pmo.projects.models import Project
from pmo.projects.workspace import ProjectSectionView
from pmo.transfers.forms import NewProjectImportForm, UploadForm
from pmo.transfers.models import ImportRun
from pmo.transfers.services import import_prepare
from pmo.transfers.views.uploads import install_upload_cap, read_upload, too_big_message, upload_too_big


def import_url(run: ImportRun) -> str:
    """The page of one import."""
    return reverse("transfers:import", kwargs={"uid": run.uid})


def _prepare(request: HttpRequest, form: Any, **target: Any) -> ImportRun | None:
    """Read the upload and prepare the import; on a refusal the form carries the message."""
    uploaded = form.cleaned_data["file"]
    try:
        data = read_upload(uploaded)
        return import_prepare(actor=request.user, data=data, file_name=uploaded.name or "", **target)
    except DomainRuleError as error:
        form.add_error(error.field if error.field in form.fields else "file", error.message)
        return None


class ProjectImportView(ProjectSectionView):
    """Upload a file to import over this project (managers)."""

    template_name = "transfers/upload.html"

    def render_form(self, project: Project, form: UploadForm, *, status: int = 200) -> HttpResponse:
        """The upload page inside the project workspace."""
        context = {
            "form": form,
            "section_label": "Import",
            "cancel_url": reverse("projects:tasks", kwargs={"uid": project.uid}),
        }
        return self.render_section(project, context, status=status)

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The upload form."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        return self.render_form(project, UploadForm())

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Read, preview and store the import; then its page."""
        install_upload_cap(request)
        project = self.get_project()
        self.require(project, Role.MANAGER)
        if upload_too_big(request, parse=True):
            form = UploadForm()
            form.errors["file"] = form.error_class([too_big_message()])
            return self.render_form(project, form, status=413)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(project, form, status=400)
        run = _prepare(request, form, project=project)
        if run is None:
            return self.render_form(project, form, status=422)
        return HttpResponseRedirect(import_url(run))


def parent_scope(user: Any, uid: Any) -> Scope:
    """The scope of the portfolio or program ``uid`` the user can see (404 otherwise)."""
    for getter in (program_get, portfolio_get):
        try:
            return getter(user, uid).scope
        except Http404:
            continue
    raise Http404("No such program or portfolio.")


class NewProjectImportView(ScopeRoleMixin, LoginRequiredMixin, View):
    """Import a file as a new project in a program or portfolio the user manages."""

    template_name = "transfers/new.html"
    request: HttpRequest

    def chosen_parent(self) -> Scope | None:
        """The parent named by the form or the query (404 when not visible, 403 unless managed)."""
        uid = self.request.POST.get("parent") or self.request.GET.get("parent")
        if not uid:
            return None
        scope = parent_scope(self.request.user, uid)
        require_role(self.request.user, scope, Role.MANAGER)
        return scope

    def parents(self, chosen: Scope | None) -> list[Scope]:
        """The programs and portfolios the user manages (the chosen one among them)."""
        scopes = self.managed_scopes(("portfolio", "program"))
        if chosen is not None and all(scope.pk != chosen.pk for scope in scopes):
            scopes.insert(0, chosen)
        return scopes

    def render_form(
        self, form: NewProjectImportForm, chosen: Scope | None, *, status: int = 200
    ) -> HttpResponse:
        """The page."""
        crumbs = [Crumb(label=chosen.owner.name, url=node_url(chosen.owner))] if chosen else []
        cancel = node_url(chosen.owner) if chosen else reverse("portfolios:overview")
        context = {"form": form, "crumbs": crumbs, "cancel_url": cancel, "chosen": chosen}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        """The form, with the parent of ``?parent=`` chosen."""
        chosen = self.chosen_parent()
        initial = {"parent": str(chosen.owner.uid)} if chosen else {}
        return self.render_form(NewProjectImportForm(initial=initial, parents=self.parents(chosen)), chosen)

    def post(self, request: HttpRequest) -> HttpResponse:
        """Create the import (the project is created when it is applied)."""
        install_upload_cap(request)
        chosen = self.chosen_parent()
        parents = self.parents(chosen)
        if upload_too_big(request, parse=True):
            form = NewProjectImportForm(parents=parents)
            form.errors["file"] = form.error_class([too_big_message()])
            return self.render_form(form, chosen, status=413)
        form = NewProjectImportForm(request.POST, request.FILES, parents=parents)
        if not form.is_valid():
            return self.render_form(form, chosen, status=400)
        run = _prepare(
            request,
            form,
            parent=form.parent_scope(),
            code=form.cleaned_data["code"],
            name=form.cleaned_data["name"],
        )
        if run is None:
            return self.render_form(form, chosen, status=422)
        return HttpResponseRedirect(import_url(run))
