"""Forms of the Risk analysis section: they parse input (durations in days); the services check it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from pmo.simulations.choices import DistributionChoice
from pmo.simulations.models import CorrelationGroup

DAYS: dict[str, Any] = {"max_digits": 9, "decimal_places": 2, "min_value": Decimal(0)}
PERCENT: dict[str, Any] = {"max_digits": 7, "decimal_places": 2, "required": False}

#: Estimate fields of the service → fields of :class:`EstimateForm` (errors land at the right input).
FORM_FIELD = {
    "minimum_minutes": "minimum",
    "most_likely_minutes": "most_likely",
    "maximum_minutes": "maximum",
}


class EstimateForm(forms.Form):
    """One task's three-point duration in days (the project's hours per day), its distribution, and
    optionally its cost range in % of the planned cost and its correlation group."""

    minimum = forms.DecimalField(**DAYS, label="Minimum (days)")
    most_likely = forms.DecimalField(**DAYS, label="Most likely (days)")
    maximum = forms.DecimalField(**DAYS, label="Maximum (days)")
    distribution = forms.ChoiceField(
        choices=DistributionChoice.choices, initial=DistributionChoice.TRIANGULAR
    )
    cost_minimum_percent = forms.DecimalField(**PERCENT, label="Cost min %")
    cost_most_likely_percent = forms.DecimalField(**PERCENT, label="Cost likely %")
    cost_maximum_percent = forms.DecimalField(**PERCENT, label="Cost max %")
    group: forms.ModelChoiceField[CorrelationGroup] = forms.ModelChoiceField(
        queryset=CorrelationGroup.objects.none(), required=False, label="Correlation group"
    )
    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, groups: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if groups is not None:
            self.fields["group"].queryset = groups  # type: ignore[attr-defined]

    def service_data(self, minutes_per_day: int) -> dict[str, Any]:
        """The cleaned values as the service takes them (working minutes)."""
        data = self.cleaned_data
        out: dict[str, Any] = {
            service: round(data[form] * minutes_per_day) for service, form in FORM_FIELD.items()
        }
        out["distribution"] = data["distribution"]
        for name in ("cost_minimum_percent", "cost_most_likely_percent", "cost_maximum_percent"):
            out[name] = data.get(name)
        out["group"] = data.get("group")
        return out


class FillForm(forms.Form):
    """Estimates for every leaf task at once: ``duration −x % / duration / +y %``."""

    minus_percent = forms.DecimalField(max_digits=5, decimal_places=1, initial=10, label="Shorter by (%)")
    plus_percent = forms.DecimalField(max_digits=6, decimal_places=1, initial=30, label="Longer by (%)")
    distribution = forms.ChoiceField(choices=DistributionChoice.choices, initial=DistributionChoice.PERT)
    overwrite = forms.BooleanField(required=False, label="Replace existing estimates")


class GroupForm(forms.Form):
    """A correlation group: a name and the rank correlation between its tasks."""

    name = forms.CharField(max_length=120)
    coefficient = forms.DecimalField(
        max_digits=3, decimal_places=2, initial=Decimal("0.5"), help_text="0 to 0.95", label="Correlation"
    )


class RunForm(forms.Form):
    """Start a run: iterations, an optional deadline and seed, a note."""

    iterations = forms.IntegerField(initial=10_000)
    deadline = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    seed = forms.IntegerField(required=False, help_text="Leave empty for a fresh one; the run stores it.")
    note = forms.CharField(max_length=200, required=False)


class VersionForm(forms.Form):
    """A POST-only action that carries the version the user read."""

    version = forms.IntegerField(min_value=1)
