"""Web pages of the portfolios app."""

from django.urls import path  # noqa: F401

app_name = "portfolios"

urlpatterns: list = []
