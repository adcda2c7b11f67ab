"""Pages of the Deliverables section of the project workspace."""

from pmo.quality.views.checklists import ChecklistDeleteView, ChecklistFormView, ChecklistsView
from pmo.quality.views.defects import DefectCloseView, DefectDeleteView, DefectFormView, DefectReopenView
from pmo.quality.views.deliverables import (
    DeliverableDecideView,
    DeliverableDeleteView,
    DeliverableDetailView,
    DeliverableFormView,
    DeliverableSubmitView,
    DeliverablesView,
)
from pmo.quality.views.reviews import ReviewDeleteView, ReviewFormView

__all__ = [
    "ChecklistDeleteView",
    "ChecklistFormView",
    "ChecklistsView",
    "DefectCloseView",
    "DefectDeleteView",
    "DefectFormView",
    "DefectReopenView",
    "DeliverableDecideView",
    "DeliverableDeleteView",
    "DeliverableDetailView",
    "DeliverableFormView",
    "DeliverableSubmitView",
    "DeliverablesView",
    "ReviewDeleteView",
    "ReviewFormView",
]
