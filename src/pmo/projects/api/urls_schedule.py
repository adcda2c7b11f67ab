"""API routes of this area (included by ``pmo.projects.api.urls``)."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns = router.urls
