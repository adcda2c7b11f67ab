"""Routes of the costs API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.costs.api.views import BudgetLineViewSet, CostAttachmentViewSet, CostEntryViewSet, FixedCostViewSet

router = SimpleRouter()
router.register("budget-lines", BudgetLineViewSet, basename="budget-line")
router.register("cost-entries", CostEntryViewSet, basename="cost-entry")
router.register("fixed-costs", FixedCostViewSet, basename="fixed-cost")
router.register("cost-attachments", CostAttachmentViewSet, basename="cost-attachment")

urlpatterns = router.urls
