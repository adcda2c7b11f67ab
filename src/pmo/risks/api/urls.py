"""Routes of the risk API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.risks.api.views import RiskActionViewSet, RiskMatrixViewSet, RiskViewSet

router = SimpleRouter()
router.register("risks", RiskViewSet, basename="risk")
router.register("risk-actions", RiskActionViewSet, basename="risk-action")
router.register("risk-matrices", RiskMatrixViewSet, basename="risk-matrix")

urlpatterns = router.urls
