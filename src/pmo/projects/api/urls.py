"""Routes of the project API (included under ``/api/v1/`` by :mod:`pmo.api_urls`): projects, and
the WBS (``urls_schedule``) and tracking (``urls_tracking``) areas."""

from rest_framework.routers import SimpleRouter

from pmo.projects.api.urls_schedule import urlpatterns as schedule_urls
from pmo.projects.api.urls_tracking import urlpatterns as tracking_urls
from pmo.projects.api.views import ProjectViewSet

router = SimpleRouter()
router.register("projects", ProjectViewSet, basename="project")

urlpatterns = [*router.urls, *schedule_urls, *tracking_urls]
