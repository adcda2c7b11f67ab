"""Pages of the Cost section (``projects/<uid>/cost/``): the section and its budget and entry
actions (``section``), fixed costs (``fixed_costs``), and cost entry attachments (``attachments``)."""

from pmo.costs.views.attachments import AttachmentDeleteView, AttachmentDownloadView, AttachmentUploadView
from pmo.costs.views.fixed_costs import FixedCostCreateView, FixedCostDeleteView, FixedCostEditView
from pmo.costs.views.section import (
    BudgetApproveView,
    BudgetLineCreateView,
    BudgetReopenView,
    CostEntryCreateView,
    CostView,
)

__all__ = [
    "AttachmentDeleteView",
    "AttachmentDownloadView",
    "AttachmentUploadView",
    "BudgetApproveView",
    "BudgetLineCreateView",
    "BudgetReopenView",
    "CostEntryCreateView",
    "CostView",
    "FixedCostCreateView",
    "FixedCostDeleteView",
    "FixedCostEditView",
]
