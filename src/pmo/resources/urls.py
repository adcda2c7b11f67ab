"""Web pages of the resources app (included at the site root by :mod:`pmo.urls`):

* ``portfolios/<uid>/resources/``: the pool of the portfolio ``uid``;
* ``projects/<uid>/resources/``: the Resources section of the project ``uid``.
"""

from django.urls import path

from pmo.resources import services, views
from pmo.resources.models import PoolCalendar, PoolHoliday, ResourceSkill, ResourceTeam, Skill, TimeOff
from pmo.resources.views import setup

app_name = "resources"

POOL = "portfolios/<uuid:uid>/resources/"
ONE = POOL + "<uuid:resource_uid>/"
RATE = ONE + "rates/<uuid:rate_uid>/"
SETUP = POOL + "setup/"
ROW = "<uuid:row_uid>/"
SECTION = "projects/<uuid:uid>/resources/"
ASSIGNMENT = SECTION + "assignments/<uuid:assignment_uid>/"

urlpatterns = [
    path(POOL, views.PoolView.as_view(), name="pool"),
    path(POOL + "new/", views.ResourceFormView.as_view(), name="resource_create"),
    path(ONE + "edit/", views.ResourceFormView.as_view(), name="resource_edit"),
    path(ONE + "delete/", views.ResourceDeleteView.as_view(), name="resource_delete"),
    path(ONE + "rates/", views.RatesView.as_view(), name="rates"),
    path(ONE + "rates/new/", views.RateFormView.as_view(), name="rate_create"),
    path(RATE + "edit/", views.RateFormView.as_view(), name="rate_edit"),
    path(RATE + "delete/", views.RateDeleteView.as_view(), name="rate_delete"),
    path(SETUP, setup.SetupView.as_view(), name="pool_setup"),
    path(SETUP + "skills/new/", setup.SkillFormView.as_view(), name="skill_create"),
    path(SETUP + "skills/" + ROW + "edit/", setup.SkillFormView.as_view(), name="skill_edit"),
    path(
        SETUP + "skills/" + ROW + "delete/",
        setup.delete_view(Skill, "skill", services.skill_delete),
        name="skill_delete",
    ),
    path(SETUP + "teams/new/", setup.TeamFormView.as_view(), name="team_create"),
    path(SETUP + "teams/" + ROW + "edit/", setup.TeamFormView.as_view(), name="team_edit"),
    path(
        SETUP + "teams/" + ROW + "delete/",
        setup.delete_view(ResourceTeam, "team", services.team_delete),
        name="team_delete",
    ),
    path(SETUP + "calendars/new/", setup.CalendarFormView.as_view(), name="calendar_create"),
    path(SETUP + "calendars/" + ROW + "edit/", setup.CalendarFormView.as_view(), name="calendar_edit"),
    path(
        SETUP + "calendars/" + ROW + "delete/",
        setup.delete_view(PoolCalendar, "calendar", services.calendar_delete),
        name="calendar_delete",
    ),
    path(SETUP + "holidays/new/", setup.HolidayFormView.as_view(), name="holiday_create"),
    path(SETUP + "holidays/" + ROW + "edit/", setup.HolidayFormView.as_view(), name="holiday_edit"),
    path(
        SETUP + "holidays/" + ROW + "delete/",
        setup.delete_view(PoolHoliday, "holiday", services.holiday_delete),
        name="holiday_delete",
    ),
    path(ONE, setup.ResourceDetailView.as_view(), name="resource_detail"),
    path(ONE + "calendar/", setup.ResourceCalendarView.as_view(), name="resource_calendar"),
    path(ONE + "skills/new/", setup.ResourceSkillFormView.as_view(), name="resource_skill_create"),
    path(ONE + "skills/" + ROW + "edit/", setup.ResourceSkillFormView.as_view(), name="resource_skill_edit"),
    path(
        ONE + "skills/" + ROW + "delete/",
        setup.delete_view(ResourceSkill, "resource_skill", services.resource_skill_delete, per_resource=True),
        name="resource_skill_delete",
    ),
    path(ONE + "time-off/new/", setup.TimeOffFormView.as_view(), name="time_off_create"),
    path(ONE + "time-off/" + ROW + "edit/", setup.TimeOffFormView.as_view(), name="time_off_edit"),
    path(
        ONE + "time-off/" + ROW + "delete/",
        setup.delete_view(TimeOff, "time_off", services.time_off_delete, per_resource=True),
        name="time_off_delete",
    ),
    path(SECTION + "plan/", views.PlanView.as_view(), name="plan"),
    path(SECTION, views.AssignmentsView.as_view(), name="assignments"),
    path(SECTION + "assign/", views.AssignmentFormView.as_view(), name="assignment_create"),
    path(ASSIGNMENT + "edit/", views.AssignmentFormView.as_view(), name="assignment_edit"),
    path(ASSIGNMENT + "delete/", views.AssignmentDeleteView.as_view(), name="assignment_delete"),
]
