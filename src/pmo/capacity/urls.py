"""Web pages of the capacity app (included at the site root by :mod:`pmo.urls`):

* ``capacity/``: the heat map over everything the user may see (with ``cell/`` and ``export/``);
* ``portfolios/<uid>/capacity/``: the heat map of one portfolio's pool;
* ``capacity/scenarios/``: the user's what-if scenarios.
"""

from django.urls import path

from pmo.capacity import views

app_name = "capacity"

SITE = "capacity/"
PORTFOLIO = "portfolios/<uuid:uid>/capacity/"

urlpatterns = [
    path(SITE, views.SiteCapacityView.as_view(), name="page"),
    path(SITE + "cell/", views.CellView.as_view(), name="cell"),
    path(SITE + "export/", views.ExportView.as_view(), name="export"),
    path(SITE + "scenarios/", views.ScenariosView.as_view(), name="scenarios"),
    path(SITE + "scenarios/delete/", views.ScenarioDeleteView.as_view(), name="scenario_delete"),
    path(PORTFOLIO, views.PortfolioCapacityView.as_view(), name="portfolio_page"),
    path(PORTFOLIO + "cell/", views.PortfolioCellView.as_view(), name="portfolio_cell"),
    path(PORTFOLIO + "export/", views.PortfolioExportView.as_view(), name="portfolio_export"),
]
