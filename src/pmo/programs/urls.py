"""Web pages of the programs app."""

from django.urls import path  # noqa: F401

app_name = "programs"

urlpatterns: list = []
