"""Routes of the portfolio API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.portfolios.api.views import PortfolioViewSet

router = SimpleRouter()
router.register("portfolios", PortfolioViewSet, basename="portfolio")

urlpatterns = router.urls
