"""Routes of the reporting API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.reporting.api.views import ReportingSettingsViewSet, StatusReportViewSet

router = SimpleRouter()
router.register("status-reports", StatusReportViewSet, basename="status-report")
router.register("reporting-settings", ReportingSettingsViewSet, basename="reporting-settings")

urlpatterns = router.urls
