"""Leveling pages: the project section, the program/portfolio page, one run and its actions.

Everyone who may see a scope sees its runs; managers level (POST: a preview, the plans unchanged),
then apply, discard or undo. A refused POST shows the page again with the message (400; 409 for a
stale version) and changes nothing.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role, require_role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.models import Scope
from pmo.core.views import apply_service_error
from pmo.leveling import selectors, services
from pmo.leveling.charts import run_figure
from pmo.leveling.choices import LevelingMode
from pmo.leveling.models import LevelingRun
from pmo.leveling.services import DEFAULT_TIME_LIMIT, MAX_TIME_LIMIT
from pmo.leveling.tasks import BACKGROUND_FROM, leveling_preview_start
from pmo.projects.workspace import ProjectSectionView


class LevelForm(forms.Form):
    """How to level: the fast heuristic, or improve for a number of seconds."""

    mode = forms.ChoiceField(choices=LevelingMode.choices, initial=LevelingMode.HEURISTIC, label="Mode")
    time_limit = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_TIME_LIMIT,
        initial=DEFAULT_TIME_LIMIT,
        label="Improve for (seconds)",
        help_text=f"Used by the improving mode only; {BACKGROUND_FROM} s or more run in the background.",
    )


class VersionForm(forms.Form):
    """The run's version, so a stale button is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput)


def run_url(run: LevelingRun) -> str:
    """The page of one run."""
    return reverse("leveling:run", kwargs={"uid": run.uid})


def _preview(request: HttpRequest, scope: Scope, form: LevelForm) -> str | None:
    """Level ``scope`` from a valid form and return the page to go to (the run, or the job of a
    long improving run), or attach the refusal to the form and return ``None``."""
    if not form.is_valid():
        return None
    mode, limit = form.cleaned_data["mode"], form.cleaned_data.get("time_limit")
    if mode == LevelingMode.OPTIMIZE and limit is None:
        limit = DEFAULT_TIME_LIMIT
    try:
        if mode == LevelingMode.OPTIMIZE and limit is not None and limit >= BACKGROUND_FROM:
            job = leveling_preview_start(actor=request.user, scope=scope, mode=mode, time_limit=limit)
            return reverse("jobs:detail", kwargs={"uid": job.uid})
        return run_url(
            services.leveling_preview(
                actor=request.user,
                scope=scope,
                mode=mode,
                time_limit=limit,
            )
        )
    except DomainRuleError as error:
        apply_service_error(form, error)
        return None


class ProjectLevelingView(ProjectSectionView):
    """GET: the "Leveling" section of a project; POST: level the project (managers)."""

    section = "leveling"
    template_name = "leveling/project.html"

    def page(self, form: LevelForm | None = None, status: int = 200) -> HttpResponse:
        """Render the section."""
        project = self.get_project()
        context = {
            "runs": list(selectors.runs_of(self.request.user, project.scope)),
            "form": form or LevelForm(),
            "can_level": self.can(project, Role.MANAGER),
            "level_url": reverse("leveling:project", kwargs={"uid": project.uid}),
        }
        return self.render_section(project, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Show the section."""
        return self.page()

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Level the project and show the preview, or the section again with the refusal."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        form = LevelForm(request.POST)
        target = _preview(request, project.scope, form)
        if target is None:
            return self.page(form, status=400)
        return HttpResponseRedirect(target)


class NodeLevelingView(LoginRequiredMixin, View):
    """GET: leveling of a program or portfolio (all its projects together); POST: level (managers)."""

    template_name = "leveling/node.html"

    def scope(self) -> Scope:
        """The node's scope (404 when the user may not see it)."""
        scope = selectors.node_scope(self.request.user, self.kwargs["uid"])
        require_role(self.request.user, scope, Role.VIEWER)
        return scope

    def page(self, scope: Scope, form: LevelForm | None = None, status: int = 200) -> HttpResponse:
        """Render the page."""
        context = {
            "node": scope.owner,
            "kind": scope.kind,
            "runs": list(selectors.runs_of(self.request.user, scope)),
            "form": form or LevelForm(),
            "can_level": has_role(self.request.user, scope, Role.MANAGER),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Show the page."""
        return self.page(self.scope())

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Level the node's projects and show the preview."""
        scope = self.scope()
        require_role(request.user, scope, Role.MANAGER)
        form = LevelForm(request.POST)
        target = _preview(request, scope, form)
        if target is None:
            return self.page(scope, form, status=400)
        return HttpResponseRedirect(target)


class RunView(LoginRequiredMixin, View):
    """GET: one run: what moved, by how much and why, before/after finishes, a chart, the actions."""

    template_name = "leveling/run.html"

    def run(self) -> LevelingRun:
        """The run named in the URL (404 outside the user's scope)."""
        return selectors.run_get(self.request.user, self.kwargs["uid"])

    def page(self, run: LevelingRun, error: str = "", status: int = 200) -> HttpResponse:
        """Render the run."""
        owner = run.scope.owner
        back = (
            reverse("leveling:project", kwargs={"uid": owner.uid})
            if run.scope.kind == "project"
            else reverse("leveling:node", kwargs={"uid": owner.uid})
        )
        context = {
            "run": run,
            "node": owner,
            "back_url": back,
            "figure": run_figure(run.changes),
            "can_act": has_role(self.request.user, run.scope, Role.MANAGER),
            "action_error": error,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Show the run."""
        return self.page(self.run())


class RunActionView(RunView):
    """POST: apply, discard or undo the run (managers)."""

    http_method_names = ["post"]
    verb: ClassVar[str] = ""
    done: ClassVar[dict[str, str]] = {
        "apply": "Leveling applied to the plan.",
        "discard": "Preview discarded.",
        "undo": "Leveling undone: the tasks have their previous constraints back.",
    }

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Run the service; on refusal show the run again with the message."""
        run = self.run()
        require_role(request.user, run.scope, Role.MANAGER)
        form = VersionForm(request.POST)
        if not form.is_valid():
            return self.page(run, "The form is missing the run's version: reload the page.", status=400)
        perform = getattr(services, f"leveling_{self.verb}")
        try:
            perform(actor=request.user, run=run, expected_version=form.cleaned_data["version"])
        except StaleVersionError:
            return self.page(
                self.run(), "Someone else acted on this run meanwhile: check it again.", status=409
            )
        except DomainRuleError as error:
            return self.page(self.run(), error.message, status=400)
        messages.success(request, self.done[self.verb])
        return HttpResponseRedirect(run_url(run))
