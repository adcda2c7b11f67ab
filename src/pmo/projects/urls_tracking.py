"""Web pages of tracking: Gantt, progress, baselines, milestones and the iCalendar feed."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
