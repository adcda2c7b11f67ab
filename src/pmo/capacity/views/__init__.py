"""Pages of the capacity heat map (site-wide and of one portfolio's pool), its drill-down, its
export and the what-if scenarios."""

from pmo.capacity.views.heatmap import (
    CellView,
    ExportView,
    PortfolioCapacityView,
    PortfolioCellView,
    PortfolioExportView,
    SiteCapacityView,
)
from pmo.capacity.views.scenarios import ScenarioDeleteView, ScenariosView

__all__ = [
    "CellView",
    "ExportView",
    "PortfolioCapacityView",
    "PortfolioCellView",
    "PortfolioExportView",
    "ScenarioDeleteView",
    "ScenariosView",
    "SiteCapacityView",
]
