"""Root URL configuration: web pages per app, the REST API under /api/v1/, health check."""

from django.urls import include, path

urlpatterns = [
    path("", include("pmo.core.urls")),
    path("accounts/", include("pmo.accounts.urls")),
    path("portfolios/", include("pmo.portfolios.urls")),
    path("programs/", include("pmo.programs.urls")),
    path("projects/", include("pmo.projects.urls")),
    path("api/v1/", include("pmo.api_urls")),
]
