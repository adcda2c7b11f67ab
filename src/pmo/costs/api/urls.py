"""Routes of the costs API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.costs.api.views import BudgetLineViewSet, CostEntryViewSet

router = SimpleRouter()
router.register("budget-lines", BudgetLineViewSet, basename="budget-line")
router.register("cost-entries", CostEntryViewSet, basename="cost-entry")

urlpatterns = router.urls
