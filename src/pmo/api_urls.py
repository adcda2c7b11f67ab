"""The REST API (version 1): every app's router plus the schema and the interactive API page.

Any other path under ``/api/v1/`` answers 404 as ``application/problem+json``.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from pmo.core.api.problems import api_not_found

app_name = "api"

urlpatterns = [
    path("", include("pmo.portfolios.api.urls")),
    path("", include("pmo.programs.api.urls")),
    path("", include("pmo.projects.api.urls")),
    path("", include("pmo.charters.api.urls")),
    path("", include("pmo.quality.api.urls")),
    path("", include("pmo.transfers.api.urls")),
    path("", include("pmo.resources.api.urls")),
    path("", include("pmo.capacity.api.urls")),
    path("", include("pmo.leveling.api.urls")),
    path("", include("pmo.costs.api.urls")),
    path("", include("pmo.changes.api.urls")),
    path("", include("pmo.simulations.api.urls")),
    path("", include("pmo.knowledge.api.urls")),
    path("", include("pmo.performance.api.urls")),
    path("", include("pmo.timesheets.api.urls")),
    path("", include("pmo.reporting.api.urls")),
    path("", include("pmo.governance.api.urls")),
    path("", include("pmo.raid.api.urls")),
    path("", include("pmo.risks.api.urls")),
    path("", include("pmo.accounts.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a separate file, so the page runs under the
    # site-wide CSP (script-src 'self' + nonce) with no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^.*$", api_not_found, name="not-found"),
]
