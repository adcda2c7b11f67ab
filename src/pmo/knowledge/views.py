"""Pages of lessons learned: the project's Lessons section (list, record, edit, delete) and the
search across every project the user may see (``/lessons/``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_POST

from pmo.accounts.choices import Role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.views import Crumb, apply_service_error, render_page, stale_notice
from pmo.knowledge import selectors, services
from pmo.knowledge.choices import CLOSED_STATES
from pmo.knowledge.forms import LessonForm, LessonSearchForm, VersionForm
from pmo.knowledge.models import Lesson
from pmo.projects.models import Project
from pmo.projects.workspace import ProjectSectionView


def lessons_url(project: Project) -> str:
    """The project's Lessons section."""
    return reverse("knowledge:lessons", kwargs={"uid": project.uid})


class LessonsView(ProjectSectionView):
    """The Lessons section: the project's register, with a prompt once the project is closed."""

    section = "lessons"
    template_name = "knowledge/lessons.html"

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """List the project's lessons, newest first."""
        project = self.get_project()
        lessons = list(selectors.lessons_of(request.user, project))
        context = {
            "lessons": lessons,
            "section_label": "Lessons",
            "prompt": project.state in CLOSED_STATES and not lessons,
        }
        return self.render_section(project, context)


class LessonFormView(ProjectSectionView):
    """Record a lesson (no ``lesson_uid``) or edit one; contributors and managers."""

    section = "lessons"
    template_name = "knowledge/form.html"

    def target(self, project: Project) -> Lesson | None:
        """The lesson edited (of this project), or ``None`` when recording one."""
        uid = self.kwargs.get("lesson_uid")
        return selectors.lesson_get(self.request.user, uid, project=project) if uid else None

    def build(self, target: Lesson | None, data: Any = None) -> LessonForm:
        """The form, filled with the stored values and the version read when editing."""
        if target is None:
            return LessonForm(data, editing=False)
        initial = {name: getattr(target, name) for name in services.LESSON_FIELDS}
        return LessonForm(data, initial=initial | {"version": target.version})

    def render_form(
        self, project: Project, target: Any, form: LessonForm, *, status: int = 200, stale: Any = None
    ) -> HttpResponse:
        """The form page."""
        context = {
            "form": form,
            "target": target,
            "title": f"Edit lesson {target}" if target else "Record a lesson",
            "cancel_url": lessons_url(project),
            "stale": stale,
            "verbose_name": "lesson",
            "section_label": "Lessons",
        }
        return self.render_section(project, context, status=status)

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Show the form."""
        project = self.get_project()
        target = self.target(project)
        self.require(project, Role.CONTRIBUTOR)
        return self.render_form(project, target, self.build(target))

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Validate, save through the service; keep the input on any refusal."""
        project = self.get_project()
        target = self.target(project)
        self.require(project, Role.CONTRIBUTOR)
        form = self.build(target, request.POST)
        if not form.is_valid():
            return self.render_form(project, target, form, status=400)
        data = form.data_for_service()
        try:
            if target is None:
                saved = services.lesson_create(actor=request.user, project=project, **data)
            else:
                saved = services.lesson_update(
                    actor=request.user,
                    lesson=target,
                    data=data,
                    expected_version=form.cleaned_data["version"],
                )
        except StaleVersionError as error:
            current = self.target(project)
            fresh_data = request.POST.copy()
            fresh_data["version"] = str(getattr(current, "version", ""))
            fresh = self.build(current, fresh_data)
            fresh.is_valid()
            return self.render_form(project, current, fresh, status=409, stale=stale_notice(error, current))
        except (DomainRuleError, ValidationError) as error:
            apply_service_error(form, error)
            return self.render_form(project, target, form, status=400)
        messages.success(request, f"Saved the lesson {saved}.")
        return HttpResponseRedirect(lessons_url(project))


@method_decorator(require_POST, name="dispatch")
class LessonDeleteView(ProjectSectionView):
    """Delete a lesson (managers)."""

    section = "lessons"

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Delete through the service, then back to the section."""
        project = self.get_project()
        lesson = selectors.lesson_get(request.user, kwargs["lesson_uid"], project=project)
        self.require(project, Role.MANAGER)
        form = VersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Not deleted: the form lacks the version you read; reload the page.")
            return HttpResponseRedirect(lessons_url(project))
        try:
            services.lesson_delete(
                actor=request.user, lesson=lesson, expected_version=form.cleaned_data["version"]
            )
        except StaleVersionError:
            messages.error(request, f"Not deleted: {lesson} was changed meanwhile; check it and try again.")
            return HttpResponseRedirect(lessons_url(project))
        messages.success(request, f"Deleted the lesson {lesson}.")
        return HttpResponseRedirect(lessons_url(project))


class LessonSearchView(LoginRequiredMixin, View):
    """Search the lessons of every project the user may see (htmx updates the results only)."""

    template_name = "knowledge/search.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        """The search form and its results (the newest lessons when nothing is typed)."""
        form = LessonSearchForm(request.GET)
        valid = form.is_valid()
        filters = form.cleaned_data if valid else {}
        hits = selectors.lessons_search(request.user, filters.get("q", ""), filters) if valid else []
        context = {
            "form": form,
            "hits": hits,
            "query": filters.get("q", ""),
            "crumbs": [Crumb("Lessons learned", reverse("knowledge:search"))],
            "limit": selectors.SEARCH_LIMIT,
        }
        return render_page(
            request, self.template_name, context, fragment="results", status=200 if valid else 400
        )
