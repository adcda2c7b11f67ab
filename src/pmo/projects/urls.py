"""Web pages of projects. Every object route takes the project's ``uid``."""

from django.urls import path

from pmo.projects import views
from pmo.projects.urls_schedule import urlpatterns as schedule_urls
from pmo.projects.urls_tracking import urlpatterns as tracking_urls

app_name = "projects"

urlpatterns = [
    path("", views.ProjectListView.as_view(), name="list"),
    # ``uid`` is the program or portfolio the new project goes into.
    path("new/<uuid:uid>/", views.ProjectCreateView.as_view(), name="create"),
    path("<uuid:uid>/", views.ProjectDetailView.as_view(), name="detail"),
    path("<uuid:uid>/edit/", views.ProjectEditView.as_view(), name="edit"),
    path("<uuid:uid>/delete/", views.ProjectDeleteView.as_view(), name="delete"),
    path("<uuid:uid>/move/", views.ProjectMoveView.as_view(), name="move"),
    path("<uuid:uid>/history/", views.ProjectHistoryView.as_view(), name="history"),
    path("<uuid:uid>/members/", views.ProjectMembersView.as_view(), name="members"),
    path(
        "<uuid:uid>/members/<uuid:membership_uid>/",
        views.ProjectMemberEditView.as_view(),
        name="member_edit",
    ),
    path(
        "<uuid:uid>/members/<uuid:membership_uid>/revoke/",
        views.ProjectMemberRevokeView.as_view(),
        name="member_revoke",
    ),
    *schedule_urls,
    *tracking_urls,
]
