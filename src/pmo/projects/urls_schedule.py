"""Web pages of the WBS: task grid (with its htmx row fragments) and calendars."""

from django.urls import URLPattern, path

from pmo.projects.views import calendars, tasks

urlpatterns: list[URLPattern] = [
    path("<uuid:uid>/tasks/", tasks.TaskGridView.as_view(), name="tasks"),
    path("<uuid:uid>/tasks/outline/", tasks.TaskOutlineView.as_view(), name="tasks_outline"),
    path("<uuid:uid>/tasks/paste/", tasks.TaskPasteView.as_view(), name="tasks_paste"),
    path("<uuid:uid>/tasks/<uuid:task_uid>/", tasks.TaskRowView.as_view(), name="task_row"),
    path("<uuid:uid>/tasks/<uuid:task_uid>/delete/", tasks.TaskDeleteView.as_view(), name="task_delete"),
    path("<uuid:uid>/calendars/", calendars.CalendarListView.as_view(), name="calendars"),
    path("<uuid:uid>/calendars/new/", calendars.CalendarCreateView.as_view(), name="calendar_create"),
    path(
        "<uuid:uid>/calendars/project-calendar/",
        calendars.ProjectCalendarView.as_view(),
        name="calendar_choose",
    ),
    path(
        "<uuid:uid>/calendars/<uuid:calendar_uid>/",
        calendars.CalendarEditView.as_view(),
        name="calendar_edit",
    ),
    path(
        "<uuid:uid>/calendars/<uuid:calendar_uid>/delete/",
        calendars.CalendarDeleteView.as_view(),
        name="calendar_delete",
    ),
    path(
        "<uuid:uid>/calendars/<uuid:calendar_uid>/exceptions/new/",
        calendars.ExceptionCreateView.as_view(),
        name="calendar_exception_create",
    ),
    path(
        "<uuid:uid>/calendars/<uuid:calendar_uid>/exceptions/<uuid:exception_uid>/",
        calendars.ExceptionEditView.as_view(),
        name="calendar_exception_edit",
    ),
    path(
        "<uuid:uid>/calendars/<uuid:calendar_uid>/exceptions/<uuid:exception_uid>/delete/",
        calendars.ExceptionDeleteView.as_view(),
        name="calendar_exception_delete",
    ),
]
