"""Choices of the costs app."""

from django.db import models


class CostCategory(models.TextChoices):
    """What money is spent on (budget lines, fixed costs and cost entries share it)."""

    LABOUR = "labour", "Labour"
    MATERIAL = "material", "Material"
    EQUIPMENT = "equipment", "Equipment"
    SUBCONTRACT = "subcontract", "Subcontract"
    TRAVEL = "travel", "Travel"
    OTHER = "other", "Other"


class BudgetStatus(models.TextChoices):
    """A budget is edited as a draft; approving it freezes a numbered baseline of its lines."""

    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class Accrual(models.TextChoices):
    """When a fixed cost is planned: at the task's start, at its finish, or spread over it."""

    START = "start", "At start"
    END = "end", "At end"
    PRORATED = "prorated", "Prorated"


class EntryKind(models.TextChoices):
    """The document behind a cost entry."""

    INVOICE = "invoice", "Invoice"
    EXPENSE = "expense", "Expense"
