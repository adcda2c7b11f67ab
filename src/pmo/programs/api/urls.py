"""Routes of the program API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.programs.api.views import ProgramViewSet

router = SimpleRouter()
router.register("programs", ProgramViewSet, basename="program")

urlpatterns = router.urls
