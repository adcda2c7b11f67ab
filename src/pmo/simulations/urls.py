"""Web pages of the Risk analysis section, under ``projects/<uid>/risk-analysis/`` (``uid``: the project)."""

from django.urls import path

from pmo.simulations import views

app_name = "simulations"

R = "<uuid:uid>/risk-analysis/"

urlpatterns = [
    path(R, views.AnalysisView.as_view(), name="analysis"),
    path(R + "tasks/<uuid:task_uid>/estimate/", views.EstimateView.as_view(), name="estimate"),
    path(
        R + "tasks/<uuid:task_uid>/estimate/delete/",
        views.EstimateDeleteView.as_view(),
        name="estimate_delete",
    ),
    path(R + "fill/", views.FillView.as_view(), name="fill"),
    path(R + "groups/new/", views.GroupCreateView.as_view(), name="group_create"),
    path(R + "groups/<uuid:group_uid>/delete/", views.GroupDeleteView.as_view(), name="group_delete"),
    path(R + "runs/new/", views.RunStartView.as_view(), name="run_start"),
    path(R + "runs/<uuid:run_uid>/", views.RunView.as_view(), name="run"),
    path(R + "runs/<uuid:run_uid>/rerun/", views.RunRerunView.as_view(), name="run_rerun"),
    path(R + "runs/<uuid:run_uid>/delete/", views.RunDeleteView.as_view(), name="run_delete"),
]
