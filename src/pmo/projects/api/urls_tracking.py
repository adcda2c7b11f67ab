"""API routes of tracking (included by ``pmo.projects.api.urls``): baselines, progress, feeds, and
the tracking actions of a project (``projects/{uid}/status-date/``, ``update-as-scheduled/``,
``compare-baseline/``, ``gantt/``, ``schedule-quality/``)."""

from rest_framework.routers import SimpleRouter

from pmo.projects.api.tracking import BaselineViewSet, FeedViewSet, ProgressViewSet, ProjectTrackingViewSet

router = SimpleRouter()
router.register("baselines", BaselineViewSet, basename="baseline")
router.register("progress", ProgressViewSet, basename="progress")
router.register("feeds", FeedViewSet, basename="feed")
# Detail actions only: no list or detail route, so nothing collides with ``projects/``.
router.register("projects", ProjectTrackingViewSet, basename="project-tracking")

urlpatterns = router.urls
