"""Routes of the resources API (included under ``/api/v1/`` by :mod:`pmo.api_urls`)."""

from rest_framework.routers import SimpleRouter

from pmo.resources.api.pool_views import (
    PoolCalendarViewSet,
    PoolHolidayViewSet,
    ResourceDemandViewSet,
    ResourceSkillViewSet,
    ResourceTeamViewSet,
    SkillViewSet,
    TimeOffViewSet,
)
from pmo.resources.api.views import AssignmentViewSet, ResourceRateViewSet, ResourceViewSet

router = SimpleRouter()
router.register("resources", ResourceViewSet, basename="resource")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("resource-rates", ResourceRateViewSet, basename="resource-rate")
router.register("skills", SkillViewSet, basename="skill")
router.register("resource-skills", ResourceSkillViewSet, basename="resource-skill")
router.register("resource-teams", ResourceTeamViewSet, basename="resource-team")
router.register("pool-calendars", PoolCalendarViewSet, basename="pool-calendar")
router.register("pool-holidays", PoolHolidayViewSet, basename="pool-holiday")
router.register("time-off", TimeOffViewSet, basename="time-off")
router.register("resource-demand", ResourceDemandViewSet, basename="resource-demand")

urlpatterns = router.urls
