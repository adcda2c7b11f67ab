"""Routes of the import and export API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from pmo.transfers.api.views import ImportViewSet, ProjectExportView, ProjectImportCreateView

router = SimpleRouter()
router.register("imports", ImportViewSet, basename="import")

urlpatterns = [
    path("projects/<uuid:uid>/imports/", ProjectImportCreateView.as_view(), name="project-imports"),
    path("projects/<uuid:uid>/export/", ProjectExportView.as_view(), name="project-export"),
    *router.urls,
]
