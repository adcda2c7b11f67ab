"""Routes of the change request API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.changes.api.views import ChangeRequestViewSet

router = SimpleRouter()
router.register("change-requests", ChangeRequestViewSet, basename="change-request")

urlpatterns = router.urls
