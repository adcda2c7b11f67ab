"""Web pages of the WBS: task grid (with its htmx row fragments) and calendars."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
