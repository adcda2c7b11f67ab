"""Routes of the charter API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.charters.api.views import CharterViewSet

router = SimpleRouter()
router.register("charters", CharterViewSet, basename="charter")

urlpatterns = router.urls
