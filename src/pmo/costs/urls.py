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
    path(C + "fixed-costs/new/", views.FixedCostCreateView.as_view(), name="fixed_cost_create"),
    path(C + "fixed-costs/<uuid:cost_uid>/edit/", views.FixedCostEditView.as_view(), name="fixed_cost_edit"),
    path(
        C + "fixed-costs/<uuid:cost_uid>/delete/",
        views.FixedCostDeleteView.as_view(),
        name="fixed_cost_delete",
    ),
    path(
        C + "entries/<uuid:entry_uid>/attachments/new/",
        views.AttachmentUploadView.as_view(),
        name="attachment_upload",
    ),
    path(C + "attachments/<uuid:attachment_uid>/", views.AttachmentDownloadView.as_view(), name="attachment"),
    path(
        C + "attachments/<uuid:attachment_uid>/delete/",
        views.AttachmentDeleteView.as_view(),
        name="attachment_delete",
    ),
]
