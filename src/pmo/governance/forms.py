"""Forms of the governance pages; the services do the checking (the forms only parse input)."""

from __future__ import annotations

from typing import Any

from django import forms

from pmo.governance.choices import DecisionKind, Dimension, Measure


class ToleranceForm(forms.Form):
    """Set one dimension's tolerance of a project or program (created, or changed when it exists)."""

    dimension = forms.ChoiceField(choices=Dimension.choices)
    measure = forms.ChoiceField(
        choices=[("", "The dimension's default"), *Measure.choices], required=False, label="Measured by"
    )
    active = forms.BooleanField(required=False, initial=True, help_text="Unticked: kept but not checked.")
    days = forms.IntegerField(required=False, min_value=0, help_text="Time: days beyond the target finish.")
    percent = forms.DecimalField(
        required=False, min_value=0, max_digits=7, decimal_places=2, help_text="Cost: % beyond the budget."
    )
    amount = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=16,
        decimal_places=2,
        help_text="Cost: amount beyond the budget (instead of a percent).",
    )
    score = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100,
        help_text="Risk, scope, quality: breach at this score or above.",
    )
    note = forms.CharField(required=False, max_length=300)
    version = forms.IntegerField(
        required=False,
        min_value=1,
        widget=forms.HiddenInput,
        help_text="The version you read (changes only).",
    )

    def changes(self) -> dict[str, Any]:
        """The tolerance's fields for :func:`~pmo.governance.services.tolerance_set`."""
        data = self.cleaned_data
        return {
            "measure": data["measure"] or None,
            "active": data["active"],
            "days": data["days"],
            "percent": data["percent"],
            "amount": data["amount"],
            "score": data["score"],
            "note": data["note"],
        }


class VersionForm(forms.Form):
    """A POST-only action that carries the version the user read."""

    version = forms.IntegerField(min_value=1)


class DecideForm(forms.Form):
    """The decision of the level above on an exception."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    decision_kind = forms.ChoiceField(choices=DecisionKind.choices, label="Decision")
    decision = forms.CharField(
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Decision and reasons",
        help_text="What was decided, by whom, and why (kept in the exception's history).",
    )
