"""Forms of the Cost section; the services do the checking (the forms only parse input)."""

from __future__ import annotations

from typing import Any

from django import forms

from pmo.costs.choices import CostCategory, EntryKind
from pmo.costs.currencies import project_currency
from pmo.projects.models import Task


class BudgetLineForm(forms.Form):
    """A budget line: category, month (its first day) and amount."""

    category = forms.ChoiceField(choices=CostCategory.choices)
    period = forms.DateField(
        help_text="The first day of the month.", widget=forms.DateInput(attrs={"type": "date"})
    )
    amount = forms.DecimalField(max_digits=16, decimal_places=2, min_value=0)
    note = forms.CharField(max_length=200, required=False)


class VersionForm(forms.Form):
    """A POST-only action that carries the version the user read."""

    version = forms.IntegerField(min_value=1)


class CostEntryForm(forms.Form):
    """An invoice or expense; ``currency`` other than the project's needs its exchange rate."""

    kind = forms.ChoiceField(choices=EntryKind.choices)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    category = forms.ChoiceField(choices=CostCategory.choices)
    task: forms.ModelChoiceField[Task] = forms.ModelChoiceField(queryset=Task.objects.none(), required=False)
    amount = forms.DecimalField(max_digits=16, decimal_places=2, help_text="Negative for a credit note.")
    currency = forms.CharField(max_length=3, help_text="ISO 4217 code, e.g. EUR, USD.")
    exchange_rate = forms.DecimalField(
        max_digits=18,
        decimal_places=8,
        required=False,
        help_text="Project currency per unit (not needed for it).",
    )
    reference = forms.CharField(max_length=100, required=False)
    description = forms.CharField(max_length=500, required=False)

    def __init__(self, *args: Any, tasks: Any, **kwargs: Any) -> None:
        """``tasks``: the project's tasks an entry may be charged to."""
        kwargs.setdefault("initial", {"currency": project_currency(), "kind": EntryKind.INVOICE})
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks  # type: ignore[attr-defined]
