"""Routes of the earned-value API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.performance.api import views

router = SimpleRouter()
router.register("earning-rules", views.EarningRuleViewSet, basename="earning-rule")
# Detail actions only: no list or detail route, so nothing collides with the objects' own routes.
router.register("projects", views.ProjectEarnedValueViewSet, basename="project-ev")
router.register("programs", views.ProgramEarnedValueViewSet, basename="program-ev")
router.register("portfolios", views.PortfolioEarnedValueViewSet, basename="portfolio-ev")

urlpatterns = router.urls
