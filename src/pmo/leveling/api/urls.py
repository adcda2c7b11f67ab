"""Routes of the leveling run API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.leveling.api.views import LevelingRunViewSet

router = SimpleRouter()
router.register("leveling-runs", LevelingRunViewSet, basename="leveling-run")

urlpatterns = router.urls
