"""Web pages of tracking: Gantt, progress, baselines, milestones, schedule quality and the iCalendar feed."""

from django.urls import URLPattern, path

from pmo.projects.views.baselines import BaselineDeleteView, BaselinesView, CompareBaselineView
from pmo.projects.views.gantt import GanttView
from pmo.projects.views.milestones import FeedRevokeView, FeedsView, MilestonesView, feed_ics
from pmo.projects.views.progress import ProgressView, StatusDateView, TaskProgressView, UpdateAsScheduledView
from pmo.projects.views.schedule_quality import ScheduleQualityView

urlpatterns: list[URLPattern] = [
    path("<uuid:uid>/gantt/", GanttView.as_view(), name="gantt"),
    path("<uuid:uid>/progress/", ProgressView.as_view(), name="progress"),
    path("<uuid:uid>/progress/<uuid:task_uid>/", TaskProgressView.as_view(), name="task_progress"),
    path("<uuid:uid>/progress/status-date/", StatusDateView.as_view(), name="status_date"),
    path(
        "<uuid:uid>/progress/update-as-scheduled/",
        UpdateAsScheduledView.as_view(),
        name="update_as_scheduled",
    ),
    path("<uuid:uid>/baselines/", BaselinesView.as_view(), name="baselines"),
    path("<uuid:uid>/baselines/compare/", CompareBaselineView.as_view(), name="compare_baseline"),
    path(
        "<uuid:uid>/baselines/<uuid:baseline_uid>/delete/",
        BaselineDeleteView.as_view(),
        name="baseline_delete",
    ),
    path("<uuid:uid>/milestones/", MilestonesView.as_view(), name="milestones"),
    path("<uuid:uid>/schedule-quality/", ScheduleQualityView.as_view(), name="schedule_quality"),
    path("<uuid:uid>/feeds/", FeedsView.as_view(), name="feeds"),
    path("<uuid:uid>/feeds/<uuid:feed_uid>/revoke/", FeedRevokeView.as_view(), name="feed_revoke"),
    # Public: the secret token is the credential (see tests/route_registry.py PUBLIC_ROUTES).
    path("feeds/<str:token>.ics", feed_ics, name="feed_ics"),
]
