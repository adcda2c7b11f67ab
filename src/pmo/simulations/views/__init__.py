"""Pages of the Risk analysis section."""

from pmo.simulations.views.runs import RunDeleteView, RunRerunView, RunView
from pmo.simulations.views.section import (
    AnalysisView,
    EstimateDeleteView,
    EstimateView,
    FillView,
    GroupCreateView,
    GroupDeleteView,
    RunStartView,
)

__all__ = [
    "AnalysisView",
    "EstimateDeleteView",
    "EstimateView",
    "FillView",
    "GroupCreateView",
    "GroupDeleteView",
    "RunDeleteView",
    "RunRerunView",
    "RunStartView",
    "RunView",
]
