"""Root URL configuration: web pages per app, the REST API under /api/v1/, health check."""

from django.urls import include, path

from pmo.core.health import healthz

urlpatterns = [
    path("", include("pmo.core.urls")),
    path("accounts/", include("pmo.accounts.urls")),
    path("portfolios/", include("pmo.portfolios.urls")),
    path("programs/", include("pmo.programs.urls")),
    path("projects/", include("pmo.projects.urls")),
    path("projects/", include("pmo.charters.urls")),
    path("projects/", include("pmo.quality.urls")),
    path("projects/", include("pmo.costs.urls")),
    path("projects/", include("pmo.changes.urls")),
    path("projects/", include("pmo.simulations.urls")),
    path("", include("pmo.transfers.urls")),
    path("", include("pmo.resources.urls")),
    path("", include("pmo.capacity.urls")),
    path("", include("pmo.leveling.urls")),
    path("", include("pmo.knowledge.urls")),
    path("", include("pmo.performance.urls")),
    path("timesheets/", include("pmo.timesheets.urls")),
    path("", include("pmo.reporting.urls")),
    path("", include("pmo.governance.urls")),
    path("", include("pmo.raid.urls")),
    path("", include("pmo.risks.urls")),
    path("api/v1/", include("pmo.api_urls")),
    path("jobs/", include("pmo.core.jobs_urls")),
    path("healthz", healthz, name="healthz"),
]
