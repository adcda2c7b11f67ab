"""Pages of the risk register."""

from pmo.risks.views.register import (
    MatrixView,
    NodeRegisterView,
    NodeRiskCreateView,
    ProjectRegisterView,
    ProjectRiskCreateView,
)
from pmo.risks.views.risk import (
    ActionCreateView,
    ActionDeleteView,
    ActionEditView,
    RiskCloseView,
    RiskDeleteView,
    RiskDetailView,
    RiskEditView,
    RiskReopenView,
)

__all__ = [
    "ActionCreateView",
    "ActionDeleteView",
    "ActionEditView",
    "MatrixView",
    "NodeRegisterView",
    "NodeRiskCreateView",
    "ProjectRegisterView",
    "ProjectRiskCreateView",
    "RiskCloseView",
    "RiskDeleteView",
    "RiskDetailView",
    "RiskEditView",
    "RiskReopenView",
]
