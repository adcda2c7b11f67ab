"""Routes of the simulations API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.simulations.api.views import SimulationRunViewSet, TaskEstimateViewSet

router = SimpleRouter()
router.register("simulations", SimulationRunViewSet, basename="simulation")
router.register("simulation-estimates", TaskEstimateViewSet, basename="simulation-estimate")

urlpatterns = router.urls
