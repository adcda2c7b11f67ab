"""API routes of this area (included by ``pmo.projects.api.urls``): tasks, calendars, exceptions."""

from rest_framework.routers import SimpleRouter

from pmo.projects.api.calendars import CalendarExceptionViewSet, CalendarViewSet
from pmo.projects.api.tasks import TaskViewSet

router = SimpleRouter()
router.register("tasks", TaskViewSet, basename="task")
router.register("calendars", CalendarViewSet, basename="calendar")
router.register("calendar-exceptions", CalendarExceptionViewSet, basename="calendar-exception")

urlpatterns = router.urls
