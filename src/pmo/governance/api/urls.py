"""Routes of the governance API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.governance.api.views import ExceptionViewSet, ToleranceViewSet

router = SimpleRouter()
router.register("tolerances", ToleranceViewSet, basename="tolerance")
router.register("exceptions", ExceptionViewSet, basename="exception")

urlpatterns = router.urls
