"""Writes of the costs app, one module per area (``<entity>_<verb>``, one transaction each)."""

from pmo.costs.services.attachments import cost_attachment_add, cost_attachment_delete, read_upload
from pmo.costs.services.budgets import (
    budget_approve,
    budget_for,
    budget_line_create,
    budget_line_delete,
    budget_line_update,
    budget_reopen,
)
from pmo.costs.services.entries import cost_entry_create, cost_entry_delete, cost_entry_update
from pmo.costs.services.fixed_costs import fixed_cost_create, fixed_cost_delete, fixed_cost_update

__all__ = [
    "budget_approve",
    "budget_for",
    "budget_line_create",
    "budget_line_delete",
    "budget_line_update",
    "budget_reopen",
    "cost_attachment_add",
    "cost_attachment_delete",
    "cost_entry_create",
    "cost_entry_delete",
    "cost_entry_update",
    "fixed_cost_create",
    "fixed_cost_delete",
    "fixed_cost_update",
    "read_upload",
]
