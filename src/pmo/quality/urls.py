"""Web pages of the Deliverables section, under ``projects/<uid>/deliverables/`` (``uid``: the project)."""

from django.urls import path

from pmo.quality import views

app_name = "quality"

D = "<uuid:uid>/deliverables/"
ONE = D + "<uuid:deliverable_uid>/"

urlpatterns = [
    path(D, views.DeliverablesView.as_view(), name="deliverables"),
    path(D + "new/", views.DeliverableFormView.as_view(), name="deliverable_create"),
    path(ONE, views.DeliverableDetailView.as_view(), name="deliverable"),
    path(ONE + "edit/", views.DeliverableFormView.as_view(), name="deliverable_edit"),
    path(ONE + "delete/", views.DeliverableDeleteView.as_view(), name="deliverable_delete"),
    path(ONE + "submit/", views.DeliverableSubmitView.as_view(), name="deliverable_submit"),
    path(ONE + "decide/", views.DeliverableDecideView.as_view(), name="deliverable_decide"),
    path(ONE + "reviews/new/", views.ReviewFormView.as_view(), name="review_create"),
    path(ONE + "defects/new/", views.DefectFormView.as_view(), name="defect_create"),
    path(D + "reviews/<uuid:review_uid>/edit/", views.ReviewFormView.as_view(), name="review_edit"),
    path(D + "reviews/<uuid:review_uid>/delete/", views.ReviewDeleteView.as_view(), name="review_delete"),
    path(D + "defects/<uuid:defect_uid>/edit/", views.DefectFormView.as_view(), name="defect_edit"),
    path(D + "defects/<uuid:defect_uid>/close/", views.DefectCloseView.as_view(), name="defect_close"),
    path(D + "defects/<uuid:defect_uid>/reopen/", views.DefectReopenView.as_view(), name="defect_reopen"),
    path(D + "defects/<uuid:defect_uid>/delete/", views.DefectDeleteView.as_view(), name="defect_delete"),
    path(D + "checklists/", views.ChecklistsView.as_view(), name="checklists"),
    path(D + "checklists/new/", views.ChecklistFormView.as_view(), name="checklist_create"),
    path(
        D + "checklists/<uuid:template_uid>/edit/", views.ChecklistFormView.as_view(), name="checklist_edit"
    ),
    path(
        D + "checklists/<uuid:template_uid>/delete/",
        views.ChecklistDeleteView.as_view(),
        name="checklist_delete",
    ),
]
