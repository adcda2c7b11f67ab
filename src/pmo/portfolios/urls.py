"""Web pages of portfolios, plus the overview (home), the navigation tree and search.

Every object route takes the portfolio's ``uid``.
"""

from django.urls import path

from pmo.portfolios import views

app_name = "portfolios"

urlpatterns = [
    path("", views.PortfolioListView.as_view(), name="list"),
    path("overview/", views.OverviewView.as_view(), name="overview"),
    path("nav/", views.NavTreeView.as_view(), name="nav"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("new/", views.PortfolioCreateView.as_view(), name="create"),
    path("<uuid:uid>/", views.PortfolioDetailView.as_view(), name="detail"),
    # ``uid`` is the parent of the new sub-portfolio.
    path("<uuid:uid>/new/", views.PortfolioCreateView.as_view(), name="create_child"),
    path("<uuid:uid>/edit/", views.PortfolioEditView.as_view(), name="edit"),
    path("<uuid:uid>/delete/", views.PortfolioDeleteView.as_view(), name="delete"),
    path("<uuid:uid>/move/", views.PortfolioMoveView.as_view(), name="move"),
    path("<uuid:uid>/history/", views.PortfolioHistoryView.as_view(), name="history"),
    path("<uuid:uid>/members/", views.PortfolioMembersView.as_view(), name="members"),
    path(
        "<uuid:uid>/members/<uuid:membership_uid>/",
        views.PortfolioMemberEditView.as_view(),
        name="member_edit",
    ),
    path(
        "<uuid:uid>/members/<uuid:membership_uid>/revoke/",
        views.PortfolioMemberRevokeView.as_view(),
        name="member_revoke",
    ),
]
