"""Routes of the lessons API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.knowledge.api.views import LessonViewSet

router = SimpleRouter()
router.register("lessons", LessonViewSet, basename="lesson")

urlpatterns = router.urls
