"""Budgets, budget baselines, fixed costs and cost entries of a project.

Money is ``Decimal`` with two places in the project currency (:func:`pmo.costs.currencies.project_currency`);
a cost entry in another currency carries its exchange rate to the project currency.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import models

from pmo.core.models import VersionedModel
from pmo.costs.choices import Accrual, BudgetStatus, CostCategory, EntryKind

MONEY: dict[str, Any] = {"max_digits": 16, "decimal_places": 2}
CENT = Decimal("0.01")


class Budget(VersionedModel):
    """The budget at completion (BAC) of a project: lines by category and month.

    Edited as a draft; approving it freezes a numbered :class:`BudgetBaseline` of its lines.
    Reopening an approved budget makes it a draft again (its baselines stay).
    """

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="budget", editable=False
    )
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    status = models.CharField(max_length=12, choices=BudgetStatus.choices, default=BudgetStatus.DRAFT)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    def __str__(self) -> str:
        return f"Budget of {self.project}"


class BudgetLine(VersionedModel):
    """An amount of one cost category planned in one month (``period`` is the 1st of the month)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines", editable=False)
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    category = models.CharField(max_length=16, choices=CostCategory.choices)
    period = models.DateField(help_text="The month (its first day).")
    amount = models.DecimalField(**MONEY)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["budget", "period", "category", "id"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "category", "period"], name="costs_line_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.period:%Y-%m}: {self.amount}"


class BudgetBaseline(models.Model):
    """A frozen copy of a budget's lines taken when it was approved (numbered 1, 2, ...)."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="baselines", editable=False)
    number = models.PositiveIntegerField(editable=False)
    lines = models.JSONField(default=list, editable=False)
    total = models.DecimalField(**MONEY, editable=False)
    approved_at = models.DateTimeField(editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["budget", "number"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "number"], name="costs_baseline_number"),
        ]

    def __str__(self) -> str:
        return f"Budget baseline {self.number} of {self.budget.project}"


class FixedCost(VersionedModel):
    """A cost of a task that does not depend on work (a licence, a fee), planned by ``accrual``."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="fixed_costs", editable=False
    )
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    task = models.ForeignKey("projects.Task", on_delete=models.CASCADE, related_name="fixed_costs")
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=16, choices=CostCategory.choices, default=CostCategory.OTHER)
    amount = models.DecimalField(**MONEY)
    accrual = models.CharField(max_length=10, choices=Accrual.choices, default=Accrual.PRORATED)

    class Meta:
        ordering = ["project", "task__position", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name} on {self.task}"


class CostEntry(VersionedModel):
    """An actual cost: an invoice or expense on a date, optionally charged to a task.

    ``amount`` is in ``currency``; ``exchange_rate`` converts it to the project currency
    (1 for the project currency itself): :attr:`project_amount`.
    """

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="cost_entries", editable=False
    )
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    kind = models.CharField(max_length=10, choices=EntryKind.choices, default=EntryKind.INVOICE)
    date = models.DateField()
    category = models.CharField(max_length=16, choices=CostCategory.choices)
    task = models.ForeignKey(
        "projects.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="cost_entries"
    )
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    exchange_rate = models.DecimalField(
        max_digits=18,
        decimal_places=8,
        default=Decimal(1),
        help_text="Project currency per unit of the entry's currency.",
    )
    reference = models.CharField(max_length=100, blank=True, help_text="Invoice or receipt number.")
    description = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["project", "date", "id"]
        verbose_name_plural = "cost entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference or self.pk} of {self.date}"

    @property
    def project_amount(self) -> Decimal:
        """The amount in the project currency, rounded to the cent."""
        return (Decimal(self.amount) * Decimal(self.exchange_rate)).quantize(CENT, rounding=ROUND_HALF_UP)


class CostEntryAttachment(VersionedModel):
    """A receipt or invoice file of a cost entry, stored in the database with the entry.

    Only PDF, PNG, JPEG and plain text are kept, recognised from the bytes themselves
    (:mod:`pmo.costs.attachments`); ``file_name`` is the sanitised original name, metadata only.
    """

    entry = models.ForeignKey(CostEntry, on_delete=models.CASCADE, related_name="attachments", editable=False)
    scope = models.ForeignKey("core.Scope", on_delete=models.CASCADE, related_name="+", editable=False)
    # Name, type, size and digest are in the audit trail; the bytes are not (editable=False).
    file_name = models.CharField(max_length=150)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["entry", "created_at", "id"]

    def __str__(self) -> str:
        return self.file_name
