"""Web pages of programs. Every object route takes the program's ``uid``."""

from django.urls import path

from pmo.programs import views

app_name = "programs"

urlpatterns = [
    path("", views.ProgramListView.as_view(), name="list"),
    # ``uid`` is the portfolio the new program goes into.
    path("new/<uuid:uid>/", views.ProgramCreateView.as_view(), name="create"),
    path("<uuid:uid>/", views.ProgramDetailView.as_view(), name="detail"),
    path("<uuid:uid>/edit/", views.ProgramEditView.as_view(), name="edit"),
    path("<uuid:uid>/delete/", views.ProgramDeleteView.as_view(), name="delete"),
    path("<uuid:uid>/move/", views.ProgramMoveView.as_view(), name="move"),
    path("<uuid:uid>/history/", views.ProgramHistoryView.as_view(), name="history"),
    path("<uuid:uid>/members/", views.ProgramMembersView.as_view(), name="members"),
    path(
        "<uuid:uid>/members/<uuid:membership_uid>/",
        views.ProgramMemberEditView.as_view(),
        name="member_edit",
    ),
    path(
        "<uuid:uid>/members/<uuid:membership_uid>/revoke/",
        views.ProgramMemberRevokeView.as_view(),
        name="member_revoke",
    ),
]
