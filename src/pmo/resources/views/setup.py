"""The pool's setup page (``portfolios/<uid>/resources/setup/``: skills, teams, calendars and
holidays) and a resource's page (``.../resources/<resource_uid>/``: its skills, calendar, teams and
time off), with the forms the portfolio's managers use to keep them.

One generic form view and one generic delete view serve every kind of row; each subclass names
the model, the form and the services.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_POST

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError, StaleVersionError
from pmo.core.models import Scope
from pmo.core.views import Crumb
from pmo.quality.forms import VersionedForm
from pmo.resources import pool_forms, selectors, services
from pmo.resources.models import (
    PoolCalendar,
    PoolHoliday,
    Resource,
    ResourceSkill,
    ResourceTeam,
    Skill,
    TimeOff,
)
from pmo.resources.pool_forms import DAYS
from pmo.resources.views.base import FormFlow
from pmo.resources.views.pool import PoolMixin


def setup_url(pool: Scope) -> str:
    """The pool's setup page."""
    return reverse("resources:pool_setup", kwargs={"uid": pool.portfolio.uid})


def resource_url(pool: Scope, resource: Resource) -> str:
    """A resource's page."""
    return reverse(
        "resources:resource_detail", kwargs={"uid": pool.portfolio.uid, "resource_uid": resource.uid}
    )


class SetupView(PoolMixin, View):
    """Skills, teams, calendars and holidays of the pool; managers see the add and change links."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The page."""
        pool = self.get_place()
        context = self.page_context(pool) | {
            "crumbs": [*self.crumbs(pool), Crumb("Skills, teams and calendars", setup_url(pool))],
            "skills": list(selectors.skills_of(pool)),
            "teams": list(selectors.teams_of(pool)),
            "calendars": list(selectors.calendars_of(pool)),
            "holidays": list(selectors.holidays_of(pool)),
        }
        return render(request, "resources/setup.html", context)


class ResourceDetailView(PoolMixin, View):
    """A resource: its skills and levels, calendar, teams and time off."""

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """The page."""
        pool = self.get_place()
        resource = selectors.resource_get(request.user, kwargs["resource_uid"], pool=pool)
        context = self.page_context(pool) | {
            "crumbs": [*self.crumbs(pool), Crumb(resource.name, resource_url(pool, resource))],
            "resource": resource,
            "skills": list(selectors.resource_skills_of(resource)),
            "teams": list(resource.resource_teams.order_by("name")),
            "time_off": list(selectors.time_off_of(resource)),
            "calendar_form": pool_forms.ResourceCalendarForm(
                initial={"version": resource.version, "calendar": resource.calendar_id},
                calendars=selectors.calendars_of(pool),
            ),
        }
        return render(request, "resources/resource_detail.html", context)


class RowFormView(PoolMixin, FormFlow, View):
    """Add (no ``row_uid``) or change a row of the pool (or of a resource when ``per_resource``)."""

    model: ClassVar[type[Any]]
    keyword: ClassVar[str]
    noun: ClassVar[str]
    per_resource: ClassVar[bool] = False
    create_service: ClassVar[Any]
    update_service: ClassVar[Any]
    resource: Resource | None = None

    def target(self, place: Scope) -> Any:
        """The row edited, or ``None`` when adding one."""
        filters: dict[str, Any] = {"scope": place}
        if self.per_resource:
            self.resource = selectors.resource_get(self.request.user, self.kwargs["resource_uid"], pool=place)
            filters["resource"] = self.resource
        uid = self.kwargs.get("row_uid")
        return selectors.pool_row_get(self.request.user, self.model, uid, **filters) if uid else None

    def check(self, place: Scope, target: Any) -> None:
        """Managers of the pool's portfolio only."""
        require_role(self.request.user, place, Role.MANAGER)

    def page_title(self, place: Scope, target: Any) -> str:
        """ "New <noun>" or "Change <row>"."""
        if target is not None:
            return f"Change {target}"
        return f"New {self.noun} of {self.resource}" if self.resource else f"New {self.noun}"

    def initial(self, target: Any) -> dict[str, Any]:
        """The stored values of ``target``."""
        raise NotImplementedError

    def make_form(self, place: Scope, target: Any, data: Any, initial: dict[str, Any]) -> forms.Form:
        """The form."""
        raise NotImplementedError

    def build(self, place: Scope, target: Any, data: Any = None) -> forms.Form:
        """The form, filled from ``target`` when editing."""
        initial = {} if target is None else {"version": target.version, **self.initial(target)}
        return self.make_form(place, target, data, initial)

    def save(self, place: Scope, target: Any, form: forms.Form) -> Any:
        """Add or change through the services."""
        data = form.data_for_service()  # type: ignore[attr-defined]
        actor = self.request.user
        if target is None:
            owner = {"resource": self.resource} if self.per_resource else {"pool": place}
            return type(self).create_service(actor=actor, **owner, **data)
        version = form.cleaned_data["version"]
        return type(self).update_service(
            actor=actor, **{self.keyword: target}, data=data, expected_version=version
        )

    def done_url(self, place: Scope, saved: Any) -> str:
        """Back to the resource's page or the setup page."""
        return resource_url(place, self.resource) if self.resource else setup_url(place)

    def render_form(self, place: Scope, context: dict[str, Any], *, status: int) -> HttpResponse:
        """The form page inside the pool's frame."""
        full = self.page_context(place) | context
        return render(self.request, "resources/pool_form.html", full, status=status)


class SkillFormView(RowFormView):
    """Add or rename a skill."""

    model, keyword, noun = Skill, "skill", "skill"
    create_service = staticmethod(services.skill_create)
    update_service = staticmethod(services.skill_update)

    def initial(self, target: Any) -> dict[str, Any]:
        """Its name."""
        return {"name": target.name}

    def make_form(self, place: Scope, target: Any, data: Any, initial: dict[str, Any]) -> forms.Form:
        """The name form."""
        return pool_forms.SkillForm(data, initial=initial, editing=target is not None)


class TeamFormView(RowFormView):
    """Add or change a team of resources."""

    model, keyword, noun = ResourceTeam, "team", "team"
    create_service = staticmethod(services.team_create)
    update_service = staticmethod(services.team_update)

    def initial(self, target: Any) -> dict[str, Any]:
        """Its name and members."""
        return {"name": target.name, "members": list(target.members.values_list("pk", flat=True))}

    def make_form(self, place: Scope, target: Any, data: Any, initial: dict[str, Any]) -> forms.Form:
        """Name and members (the pool's resources)."""
        resources = Resource.objects.filter(scope=place).order_by("name")
        return pool_forms.TeamForm(data, initial=initial, editing=target is not None, resources=resources)


class CalendarFormView(RowFormView):
    """Add or change a pool calendar."""

    model, keyword, noun = PoolCalendar, "calendar", "calendar"
    create_service = staticmethod(services.calendar_create)
    update_service = staticmethod(services.calendar_update)

    def initial(self, target: Any) -> dict[str, Any]:
        """Its name and hours per weekday."""
        return {"name": target.name} | {day: target.week_minutes[n] / 60 for n, day in enumerate(DAYS)}

    def make_form(self, place: Scope, target: Any, data: Any, initial: dict[str, Any]) -> forms.Form:
        """Name and hours per weekday."""
        return pool_forms.CalendarForm(data, initial=initial, editing=target is not None)


class HolidayFormView(RowFormView):
    """Add or change a pool holiday."""

    model, keyword, noun = PoolHoliday, "holiday", "holiday"
    create_service = staticmethod(services.holiday_create)
    update_service = staticmethod(services.holiday_update)

    def initial(self, target: Any) -> dict[str, Any]:
        """Its name and days."""
        return {"name": target.name, "start": target.start, "end": target.end}

    def make_form(self, place: Scope, target: Any, data: Any, initial: dict[str, Any]) -> forms.Form:
        """Name and days."""
        return pool_forms.HolidayForm(data, initial=initial, editing=target is not None)


class ResourceSkillFormView(RowFormView):
    """Give a resource a skill, or change its level."""

    model, keyword, noun, per_resource = ResourceSkill, "resource_skill", "skill", True
    create_service = staticmethod(services.resource_skill_create)
    update_service = staticmethod(services.resource_skill_update)

    def initial(self, target: Any) -> dict[str, Any]:
        """Its level."""
        return {"level": target.level}

    def make_form(self, place: Scope, target: Any, data: Any, initial: dict[str, Any]) -> forms.Form:
        """Skill (when adding) and level."""
        skills = selectors.skills_of(place) if target is None else None
        return pool_forms.ResourceSkillForm(data, initial=initial, editing=target is not None, skills=skills)


class TimeOffFormView(RowFormView):
    """Record or change a resource's time off."""

    model, keyword, noun, per_resource = TimeOff, "time_off", "time off", True
    create_service = staticmethod(services.time_off_create)
    update_service = staticmethod(services.time_off_update)
    field_aliases: ClassVar[dict[str, str]] = {"minutes_per_day": "hours_per_day"}

    def initial(self, target: Any) -> dict[str, Any]:
        """Its days, hours per day and reason."""
        hours = None if target.minutes_per_day is None else target.minutes_per_day / 60
        return {"start": target.start, "end": target.end, "hours_per_day": hours, "reason": target.reason}

    def make_form(self, place: Scope, target: Any, data: Any, initial: dict[str, Any]) -> forms.Form:
        """Days, hours per day, reason."""
        return pool_forms.TimeOffForm(data, initial=initial, editing=target is not None)


@method_decorator(require_POST, name="dispatch")
class RowDeleteView(PoolMixin, View):
    """Remove a row (managers of the portfolio); back to where it was listed."""

    model: ClassVar[type[Any]]
    keyword: ClassVar[str]
    per_resource: ClassVar[bool] = False
    delete_service: ClassVar[Any]

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Remove through the service, then back with what happened."""
        pool = self.get_place()
        filters: dict[str, Any] = {"scope": pool}
        back = setup_url(pool)
        if self.per_resource:
            resource = selectors.resource_get(request.user, kwargs["resource_uid"], pool=pool)
            filters["resource"] = resource
            back = resource_url(pool, resource)
        row = selectors.pool_row_get(request.user, self.model, kwargs["row_uid"], **filters)
        require_role(request.user, pool, Role.MANAGER)
        form = VersionedForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Not removed: the form was incomplete; reload and try again.")
            return HttpResponseRedirect(back)
        try:
            type(self).delete_service(
                actor=request.user, **{self.keyword: row}, expected_version=form.cleaned_data["version"]
            )
        except (StaleVersionError, DomainRuleError, ValidationError) as error:
            messages.error(request, f"Not removed: {error}")
            return HttpResponseRedirect(back)
        messages.success(request, f"Removed {row}.")
        return HttpResponseRedirect(back)


def delete_view(model: type[Any], keyword: str, service: Any, *, per_resource: bool = False) -> Any:
    """A :class:`RowDeleteView` for ``model``."""
    attrs = {
        "model": model,
        "keyword": keyword,
        "delete_service": staticmethod(service),
        "per_resource": per_resource,
    }
    view: Any = type(f"{model.__name__}DeleteView", (RowDeleteView,), attrs)
    return view.as_view()


@method_decorator(require_POST, name="dispatch")
class ResourceCalendarView(PoolMixin, View):
    """Set the pool calendar a resource works by (managers of the portfolio)."""

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Set through the service, then back to the resource's page."""
        pool = self.get_place()
        resource = selectors.resource_get(request.user, kwargs["resource_uid"], pool=pool)
        require_role(request.user, pool, Role.MANAGER)
        form = pool_forms.ResourceCalendarForm(request.POST, calendars=selectors.calendars_of(pool))
        back = resource_url(pool, resource)
        if not form.is_valid():
            messages.error(request, f"Not changed: {form.errors.as_text()}")
            return HttpResponseRedirect(back)
        try:
            services.resource_calendar_set(
                actor=request.user,
                resource=resource,
                calendar=form.cleaned_data["calendar"],
                expected_version=form.cleaned_data["version"],
            )
        except (StaleVersionError, DomainRuleError, ValidationError) as error:
            messages.error(request, f"Not changed: {error}")
            return HttpResponseRedirect(back)
        messages.success(
            request, f"{resource} now works by {form.cleaned_data['calendar'] or 'the standard week'}."
        )
        return HttpResponseRedirect(back)
