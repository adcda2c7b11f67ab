"""Routes of the quality API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.quality.api.views import (
    ChecklistTemplateViewSet,
    DefectViewSet,
    DeliverableViewSet,
    QualityReviewViewSet,
)

router = SimpleRouter()
router.register("deliverables", DeliverableViewSet, basename="deliverable")
router.register("quality-reviews", QualityReviewViewSet, basename="quality-review")
router.register("defects", DefectViewSet, basename="defect")
router.register("checklist-templates", ChecklistTemplateViewSet, basename="checklist-template")

urlpatterns = router.urls
