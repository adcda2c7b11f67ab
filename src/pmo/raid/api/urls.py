"""Routes of the RAID API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.raid.api import views

router = SimpleRouter()
router.register("raid-issues", views.IssueViewSet, basename="raid-issue")
router.register("assumptions", views.AssumptionViewSet, basename="assumption")
router.register("dependencies", views.DependencyViewSet, basename="dependency")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("actions", views.ActionViewSet, basename="action")
router.register("raid-links", views.RaidLinkViewSet, basename="raid-link")

urlpatterns = router.urls
