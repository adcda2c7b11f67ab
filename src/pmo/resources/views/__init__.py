"""Pages of the resources app: a portfolio's pool, and the project workspace's Resources section."""

from pmo.resources.views.assignments import AssignmentDeleteView, AssignmentFormView, AssignmentsView
from pmo.resources.views.pool import PoolView, ResourceDeleteView, ResourceFormView

__all__ = [
    "AssignmentDeleteView",
    "AssignmentFormView",
    "AssignmentsView",
    "PoolView",
    "ResourceDeleteView",
    "ResourceFormView",
]
