"""Web pages of timesheets, under ``timesheets/``."""

from django.urls import path

from pmo.timesheets import views

app_name = "timesheets"

urlpatterns = [
    path("", views.MyTimesheetView.as_view(), name="mine"),
    path("cell/", views.CellView.as_view(), name="cell"),
    path("submit/", views.SubmitView.as_view(), name="submit"),
    path("approvals/", views.ApprovalsView.as_view(), name="approvals"),
    path("<uuid:uid>/decide/", views.DecideView.as_view(), name="decide"),
    path("projects/<uuid:uid>/settings/", views.ProjectSettingsView.as_view(), name="project_settings"),
]
