"""The Calendars section: the project's working-time calendars, their exceptions, and the choice of
the project calendar. Everyone on the project sees them; managers change them, and every change
reschedules the project (the message after saving says how many tasks moved)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from pmo.accounts.choices import Role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.selectors import get_visible
from pmo.core.views import apply_service_error, stale_notice
from pmo.projects.forms.calendars import (
    WEEKDAYS,
    CalendarForm,
    ExceptionForm,
    ProjectCalendarForm,
    format_periods,
)
from pmo.projects.models import CalendarException, Project, WorkCalendar
from pmo.projects.services import calendars as services
from pmo.projects.services.schedule import ScheduleChange
from pmo.projects.workspace import ProjectSectionView


def project_calendars(project: Project) -> QuerySet[WorkCalendar]:
    """The calendars of a project the caller already holds (read through ``project_get``)."""
    return WorkCalendar.objects.filter(project=project).order_by("name", "id")


def calendar_get(project: Project, uid: Any) -> WorkCalendar:
    """One calendar of the project, or 404."""
    return get_visible(project_calendars(project).select_related("project__scope"), uid=uid)


def exception_get(calendar: WorkCalendar, uid: Any) -> CalendarException:
    """One exception of the calendar, or 404."""
    return get_visible(CalendarException.objects.filter(calendar=calendar), uid=uid)


def _moved(change: ScheduleChange) -> str:
    count = len(change.recalculation.changed)
    return f" {count} task{'s' if count != 1 else ''} rescheduled." if count else " No task moved."


def _week_text(week: list[Any], base: str) -> list[tuple[str, str]]:
    return [
        (day, f"as {base}" if periods is None else (format_periods(periods) or "non-working"))
        for day, periods in zip(WEEKDAYS, week, strict=False)
    ]


def _recurrence_text(recurrence: dict[str, Any] | None) -> str:
    if not recurrence:
        return ""
    kind, period = recurrence.get("type", ""), recurrence.get("period", 1)
    every = f"every {period} " if period and period > 1 else "every "
    unit = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year"}.get(kind, kind)
    text = f"{every}{unit}{'s' if period and period > 1 else ''}"
    if recurrence.get("weekdays"):
        text += " on " + ", ".join(WEEKDAYS[d][:3] for d in recurrence["weekdays"])
    if recurrence.get("day"):
        text += f" on day {recurrence['day']}"
    if recurrence.get("month"):
        text += f" of month {recurrence['month']}"
    if recurrence.get("occurrences"):
        text += f", {recurrence['occurrences']} times"
    return text


class CalendarSectionView(ProjectSectionView):
    """Base of the calendar pages: the project, the calendar named in the URL, the redirects."""

    section = "calendars"
    template_name = "projects/calendars/list.html"

    def calendar(self, project: Project) -> WorkCalendar:
        """The calendar named by ``calendar_uid`` (404 outside this project)."""
        return calendar_get(project, self.kwargs["calendar_uid"])

    def list_url(self, project: Project) -> str:
        """The Calendars page."""
        return reverse("projects:calendars", kwargs={"uid": project.uid})

    def done(self, project: Project, text: str, change: ScheduleChange | None = None) -> HttpResponse:
        """Back to the list with a message saying what happened to the schedule."""
        messages.success(self.request, text + (_moved(change) if change else ""))
        return HttpResponseRedirect(self.list_url(project), status=303)

    def form_page(self, project: Project, context: dict[str, Any], *, status: int = 200) -> HttpResponse:
        """A form page of this section."""
        return self.render_section(
            project,
            {"cancel_url": self.list_url(project)} | context,
            template_name="projects/calendars/form.html",
            status=status,
        )


class CalendarListView(CalendarSectionView):
    """Every calendar of the project with its week and exceptions, and the project calendar."""

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The list (the project calendar's chooser for managers)."""
        project = self.get_project()
        calendars = list(project_calendars(project).select_related("base").prefetch_related("exceptions"))
        names = {c.pk: c.name for c in calendars}
        items = [
            {
                "calendar": c,
                "week": _week_text(c.week, names.get(c.base_id or 0, "the base")),
                "exceptions": [
                    {
                        "exception": e,
                        "hours": format_periods(e.working_times) or "non-working",
                        "repeats": _recurrence_text(e.recurrence),
                    }
                    for e in c.exceptions.all()
                ],
                "is_project": c.pk == project.calendar_id,
            }
            for c in calendars
        ]
        chooser = ProjectCalendarForm(
            calendars=calendars,
            initial={"calendar": str(project.calendar.uid) if project.calendar else ""},
        )
        return self.render_section(
            project,
            {"items": items, "chooser": chooser, "section_label": "Calendars"},
        )


class ProjectCalendarView(CalendarSectionView):
    """``POST``: choose the project calendar (managers); the project is rescheduled."""

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Set it through :func:`~pmo.projects.services.calendars.project_calendar_set`."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        form = ProjectCalendarForm(request.POST, calendars=list(project_calendars(project)))
        if not form.is_valid():
            messages.error(request, "Choose one of the project's calendars.")
            return HttpResponseRedirect(self.list_url(project), status=303)
        chosen = form.chosen()
        try:
            change = services.project_calendar_set(actor=request.user, project=project, calendar=chosen)
        except DomainRuleError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(self.list_url(project), status=303)
        return self.done(
            project, f"The project calendar is now {chosen.name if chosen else 'Standard'}.", change
        )


class CalendarCreateView(CalendarSectionView):
    """Create a calendar (managers)."""

    def get(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """The empty form (the Standard week)."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        form = CalendarForm(calendars=list(project_calendars(project)))
        return self.form_page(project, {"form": form, "title": "New calendar", "calendar_form": True})

    def post(self, request: HttpRequest, uid: Any) -> HttpResponse:
        """Create it through :func:`~pmo.projects.services.calendars.calendar_create`."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        form = CalendarForm(request.POST, calendars=list(project_calendars(project)))
        context = {"form": form, "title": "New calendar", "calendar_form": True}
        if not form.is_valid():
            return self.form_page(project, context, status=422)
        try:
            calendar, change = services.calendar_create(
                actor=request.user, project=project, **form.service_data()
            )
        except (DomainRuleError, ValidationError) as error:
            apply_service_error(form, error)
            return self.form_page(project, context, status=422)
        return self.done(project, f"Created the calendar {calendar.name}.", change)


class CalendarEditView(CalendarSectionView):
    """Edit a calendar's name, base and week (managers; everyone else sees the list)."""

    def get(self, request: HttpRequest, uid: Any, calendar_uid: Any) -> HttpResponse:
        """The form with the stored week."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        calendar = self.calendar(project)
        form = CalendarForm(calendars=list(project_calendars(project)), instance=calendar)
        return self.form_page(
            project, {"form": form, "title": f"Edit {calendar.name}", "calendar_form": True}
        )

    def post(self, request: HttpRequest, uid: Any, calendar_uid: Any) -> HttpResponse:
        """Save through :func:`~pmo.projects.services.calendars.calendar_update`."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        calendar = self.calendar(project)
        calendars = list(project_calendars(project))
        form = CalendarForm(request.POST, calendars=calendars, instance=calendar)
        context: dict[str, Any] = {"form": form, "title": f"Edit {calendar.name}", "calendar_form": True}
        if not form.is_valid():
            return self.form_page(project, context, status=422)
        try:
            saved, change = services.calendar_update(
                actor=request.user,
                calendar=calendar,
                data=form.service_data(),
                expected_version=form.cleaned_data.get("version"),
            )
        except StaleVersionError as error:
            current = self.calendar(project)
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = CalendarForm(data, calendars=calendars, instance=current)
            form.is_valid()
            context |= {"form": form, "stale": stale_notice(error, current), "verbose_name": "calendar"}
            return self.form_page(project, context, status=409)
        except (DomainRuleError, ValidationError) as error:
            apply_service_error(form, error)
            return self.form_page(project, context, status=422)
        return self.done(project, f"Saved the calendar {saved.name}.", change)


class CalendarDeleteView(CalendarSectionView):
    """Delete a calendar (managers); refused while the project, a task or a calendar uses it."""

    def get(self, request: HttpRequest, uid: Any, calendar_uid: Any) -> HttpResponse:
        """Ask to confirm."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        calendar = self.calendar(project)
        return self.render_section(
            project,
            {
                "doomed": calendar,
                "what": f"the calendar {calendar.name} and its exceptions",
                "cancel_url": self.list_url(project),
            },
            template_name="projects/calendars/delete.html",
        )

    def post(self, request: HttpRequest, uid: Any, calendar_uid: Any) -> HttpResponse:
        """Delete through :func:`~pmo.projects.services.calendars.calendar_delete`."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        calendar = self.calendar(project)
        version = request.POST.get("version", "")
        try:
            change = services.calendar_delete(
                actor=request.user,
                calendar=calendar,
                expected_version=int(version) if version.isdigit() else None,
            )
        except (DomainRuleError, StaleVersionError) as error:
            context = {
                "doomed": calendar,
                "what": f"the calendar {calendar.name} and its exceptions",
                "cancel_url": self.list_url(project),
                "refusal": error.message if isinstance(error, DomainRuleError) else str(error),
            }
            status = 409 if isinstance(error, StaleVersionError) else 422
            return self.render_section(
                project, context, template_name="projects/calendars/delete.html", status=status
            )
        return self.done(project, f"Deleted the calendar {calendar.name}.", change)


class ExceptionMixin(CalendarSectionView):
    """Pages about one calendar's exceptions."""

    def exception(self, calendar: WorkCalendar) -> CalendarException:
        """The exception named by ``exception_uid`` (404 outside this calendar)."""
        return exception_get(calendar, self.kwargs["exception_uid"])

    def exception_page(
        self, project: Project, calendar: WorkCalendar, form: ExceptionForm, title: str, **extra: Any
    ) -> HttpResponse:
        """The exception form page."""
        status = extra.pop("status", 200)
        context = {"form": form, "title": title, "calendar": calendar, "exception_form": True} | extra
        return self.form_page(project, context, status=status)


class ExceptionCreateView(ExceptionMixin):
    """Add an exception to a calendar (managers)."""

    def get(self, request: HttpRequest, uid: Any, calendar_uid: Any) -> HttpResponse:
        """The empty form."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        calendar = self.calendar(project)
        return self.exception_page(project, calendar, ExceptionForm(), f"New exception in {calendar.name}")

    def post(self, request: HttpRequest, uid: Any, calendar_uid: Any) -> HttpResponse:
        """Create through :func:`~pmo.projects.services.calendars.exception_create`."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        calendar = self.calendar(project)
        form = ExceptionForm(request.POST)
        title = f"New exception in {calendar.name}"
        if not form.is_valid():
            return self.exception_page(project, calendar, form, title, status=422)
        try:
            exception, change = services.exception_create(
                actor=request.user, calendar=calendar, **form.service_data()
            )
        except (DomainRuleError, ValidationError) as error:
            apply_service_error(form, error)
            return self.exception_page(project, calendar, form, title, status=422)
        return self.done(project, f"Added {exception} to {calendar.name}.", change)


class ExceptionEditView(ExceptionMixin):
    """Edit an exception (managers)."""

    def get(self, request: HttpRequest, uid: Any, calendar_uid: Any, exception_uid: Any) -> HttpResponse:
        """The form with the stored values."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        calendar = self.calendar(project)
        exception = self.exception(calendar)
        form = ExceptionForm(initial=ExceptionForm.initial_for(exception))
        return self.exception_page(project, calendar, form, f"Edit {exception}", exception=exception)

    def post(self, request: HttpRequest, uid: Any, calendar_uid: Any, exception_uid: Any) -> HttpResponse:
        """Save through :func:`~pmo.projects.services.calendars.exception_update`."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        calendar = self.calendar(project)
        exception = self.exception(calendar)
        form = ExceptionForm(request.POST)
        title = f"Edit {exception}"
        if not form.is_valid():
            return self.exception_page(project, calendar, form, title, exception=exception, status=422)
        try:
            saved, change = services.exception_update(
                actor=request.user,
                exception=exception,
                data=form.service_data(),
                expected_version=form.cleaned_data.get("version"),
            )
        except StaleVersionError as error:
            current = self.exception(calendar)
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = ExceptionForm(data)
            form.is_valid()
            notice = stale_notice(error, current)
            return self.exception_page(
                project,
                calendar,
                form,
                title,
                exception=current,
                stale=notice,
                verbose_name="exception",
                status=409,
            )
        except (DomainRuleError, ValidationError) as error:
            apply_service_error(form, error)
            return self.exception_page(project, calendar, form, title, exception=exception, status=422)
        return self.done(project, f"Saved {saved}.", change)


class ExceptionDeleteView(ExceptionMixin):
    """Delete an exception (managers)."""

    def get(self, request: HttpRequest, uid: Any, calendar_uid: Any, exception_uid: Any) -> HttpResponse:
        """Ask to confirm."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        exception = self.exception(self.calendar(project))
        return self.render_section(
            project,
            {"doomed": exception, "what": f"the exception {exception}", "cancel_url": self.list_url(project)},
            template_name="projects/calendars/delete.html",
        )

    def post(self, request: HttpRequest, uid: Any, calendar_uid: Any, exception_uid: Any) -> HttpResponse:
        """Delete through :func:`~pmo.projects.services.calendars.exception_delete`."""
        project = self.get_project()
        self.require(project, Role.MANAGER)
        exception = self.exception(self.calendar(project))
        version = request.POST.get("version", "")
        try:
            change = services.exception_delete(
                actor=request.user,
                exception=exception,
                expected_version=int(version) if version.isdigit() else None,
            )
        except (DomainRuleError, StaleVersionError) as error:
            context = {
                "doomed": exception,
                "what": f"the exception {exception}",
                "cancel_url": self.list_url(project),
                "refusal": error.message if isinstance(error, DomainRuleError) else str(error),
            }
            status = 409 if isinstance(error, StaleVersionError) else 422
            return self.render_section(
                project, context, template_name="projects/calendars/delete.html", status=status
            )
        return self.done(project, f"Deleted {exception}.", change)
