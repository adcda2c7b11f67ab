"""Routes of the timesheets API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.timesheets.api.views import TimesheetViewSet

router = SimpleRouter()
router.register("timesheets", TimesheetViewSet, basename="timesheet")

urlpatterns = router.urls
