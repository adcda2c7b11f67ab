"""Web pages of the core app: the home page (the portfolio overview lives in the portfolios app)."""

from django.urls import path
from django.views.generic import RedirectView

app_name = "core"

urlpatterns = [
    # Core is the lowest layer and cannot import the portfolios app, so home points at its overview.
    path("", RedirectView.as_view(pattern_name="portfolios:overview", permanent=False), name="home"),
]
