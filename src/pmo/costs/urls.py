"""Web pages of the Cost section, under ``projects/<uid>/cost/`` (``uid``: the project)."""

from django.urls import path

from pmo.costs import views

app_name = "costs"

C = "<uuid:uid>/cost/"

urlpatterns = [
    path(C, views.CostView.as_view(), name="cost"),
    path(C + "budget/lines/new/", views.BudgetLineCreateView.as_view(), name="budget_line_create"),
    path(C + "budget/approve/", views.BudgetApproveView.as_view(), name="budget_approve"),
    path(C + "budget/reopen/", views.BudgetReopenView.as_view(), name="budget_reopen"),
    path(C + "entries/new/", views.CostEntryCreateView.as_view(), name="entry_create"),
]
