"""Pages of the resources app: a portfolio's pool, and the project workspace's Resources section."""

from pmo.resources.views.assignments import AssignmentDeleteView, AssignmentFormView, AssignmentsView
from pmo.resources.views.plans import PlanView
from pmo.resources.views.pool import PoolView, ResourceDeleteView, ResourceFormView
from pmo.resources.views.rates import RateDeleteView, RateFormView, RatesView

__all__ = [
    "AssignmentDeleteView",
    "AssignmentFormView",
    "AssignmentsView",
    "PlanView",
    "PoolView",
    "RateDeleteView",
    "RateFormView",
    "RatesView",
    "ResourceDeleteView",
    "ResourceFormView",
]
