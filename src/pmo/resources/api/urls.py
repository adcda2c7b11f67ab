"""Routes of the resources API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.resources.api.views import AssignmentViewSet, ResourceViewSet

router = SimpleRouter()
router.register("resources", ResourceViewSet, basename="resource")
router.register("assignments", AssignmentViewSet, basename="assignment")

urlpatterns = router.urls
