"""Forms of the Cost section; the services do the checking (the forms only parse input)."""

from __future__ import annotations

from typing import Any

from django import forms

from pmo.costs.choices import Accrual, CostCategory, EntryKind
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


class FixedCostForm(forms.Form):
    """A fixed cost of a task; ``version`` (hidden) is the one read when editing."""

    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    task: forms.ModelChoiceField[Task] = forms.ModelChoiceField(queryset=Task.objects.none())
    name = forms.CharField(max_length=200)
    category = forms.ChoiceField(choices=CostCategory.choices, initial=CostCategory.OTHER)
    amount = forms.DecimalField(max_digits=16, decimal_places=2, min_value=0)
    accrual = forms.ChoiceField(
        choices=Accrual.choices,
        initial=Accrual.PRORATED,
        help_text="Planned at the task's start, at its finish, or spread over it.",
    )

    def __init__(self, *args: Any, tasks: Any, **kwargs: Any) -> None:
        """``tasks``: the project's tasks a fixed cost may be put on (not summary tasks)."""
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks  # type: ignore[attr-defined]

    def data_for_service(self) -> dict[str, Any]:
        """The cleaned fields the service takes (without ``version``)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class AttachmentForm(forms.Form):
    """A receipt or invoice file for a cost entry (PDF, PNG, JPEG or plain text)."""

    file = forms.FileField(
        help_text="PDF, PNG, JPEG or plain text; the size limit is set by the administrator.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.txt,.csv"}),
    )
