"""Web pages of imports and exports (included at the site root by :mod:`pmo.urls`)."""

from django.urls import path

from pmo.transfers import views

app_name = "transfers"

ONE = "imports/<uuid:uid>/"

urlpatterns = [
    path("projects/<uuid:uid>/import/", views.ProjectImportView.as_view(), name="project_import"),
    path("projects/<uuid:uid>/export/<str:fmt>/", views.ProjectExportView.as_view(), name="project_export"),
    path("imports/new/", views.NewProjectImportView.as_view(), name="import_new"),
    path(ONE, views.ImportDetailView.as_view(), name="import"),
    path(ONE + "remap/", views.ImportRemapView.as_view(), name="import_remap"),
    path(ONE + "apply/", views.ImportApplyView.as_view(), name="import_apply"),
    path(ONE + "discard/", views.ImportDiscardView.as_view(), name="import_discard"),
]
