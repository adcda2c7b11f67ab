"""Forms of the risk pages: the fields a contributor edits (the allow-list of
:data:`pmo.risks.services.RISK_FIELDS`) with the version they read. Domain rules stay in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from pmo.risks.choices import ActionStatus, ImpactUnit, RiskCategory, RiskKind, Strategy
from pmo.risks.matrix import MAX_LEVELS

LEVEL_HELP = "1 (lowest) to the matrix's top level."
IMPACT_HELP = "0 (none) to the matrix's top level."


def _level(
    label: str, *, required: bool = True, lowest: int = 1, help_text: str = LEVEL_HELP
) -> forms.IntegerField:
    # The matrix's own size is checked by the service (it names the field with the real bound).
    return forms.IntegerField(
        label=label, required=required, min_value=lowest, max_value=MAX_LEVELS, help_text=help_text
    )


def _text(rows: int, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": rows}), help_text=help_text
    )


def _decimal(label: str) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, max_digits=16, decimal_places=2)


class RiskForm(forms.Form):
    """Everything a contributor records about a risk (``version`` only when editing)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    kind = forms.ChoiceField(choices=RiskKind.choices, initial=RiskKind.THREAT)
    title = forms.CharField(max_length=200)
    cause = _text(2, "Because of …")
    event = _text(2, "… this may happen …")
    effect = _text(2, "… which would lead to …")
    category = forms.ChoiceField(choices=RiskCategory.choices, initial=RiskCategory.OTHER)
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, required=False, to_field_name="username"
    )
    strategy = forms.ChoiceField(
        choices=[("", "—"), *Strategy.choices],
        required=False,
        help_text="Threats: avoid, mitigate, transfer, accept. Opportunities: exploit, enhance, share, "
        "accept.",
    )
    triggers = _text(2, "Early warning signs.")
    proximity = forms.DateField(required=False, help_text="When the risk could happen (YYYY-MM-DD).")
    probability = _level("Probability")
    impact_time = _level("Time impact", lowest=0, help_text=IMPACT_HELP)
    impact_cost = _level("Cost impact", lowest=0, help_text=IMPACT_HELP)
    impact_scope = _level("Scope impact", lowest=0, help_text=IMPACT_HELP)
    impact_quality = _level("Quality impact", lowest=0, help_text=IMPACT_HELP)
    residual_probability = _level("Residual probability", required=False, help_text="After the response.")
    residual_time = _level("Residual time impact", required=False, lowest=0, help_text="Blank: as inherent.")
    residual_cost = _level("Residual cost impact", required=False, lowest=0, help_text="Blank: as inherent.")
    residual_scope = _level(
        "Residual scope impact", required=False, lowest=0, help_text="Blank: as inherent."
    )
    residual_quality = _level(
        "Residual quality impact", required=False, lowest=0, help_text="Blank: as inherent."
    )
    probability_percent = forms.DecimalField(
        label="Probability %",
        required=False,
        max_digits=6,
        decimal_places=2,
        help_text="0 to 100, for analysis.",
    )
    time_unit = forms.ChoiceField(choices=ImpactUnit.choices, initial=ImpactUnit.DAYS, label="Time impact in")
    time_min = forms.FloatField(label="Time impact: minimum", required=False)
    time_likely = forms.FloatField(label="Time impact: most likely", required=False)
    time_max = forms.FloatField(label="Time impact: maximum", required=False)
    cost_min = _decimal("Cost impact: minimum")
    cost_likely = _decimal("Cost impact: most likely")
    cost_max = _decimal("Cost impact: maximum")
    task_ids = forms.TypedMultipleChoiceField(
        label="Linked tasks", required=False, coerce=int, choices=(), help_text="Tasks of this project."
    )

    def __init__(
        self,
        *args: Any,
        owners: QuerySet[Any],
        tasks: list[tuple[int, str]] | None,
        editing: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        if tasks is None:
            del self.fields["task_ids"]
        else:
            self.fields["task_ids"].choices = tasks  # type: ignore[attr-defined]
        if not editing:
            del self.fields["version"]

    def data_for_service(self) -> dict[str, Any]:
        """The cleaned values without the version (blank texts as "")."""
        data = {name: value for name, value in self.cleaned_data.items() if name != "version"}
        for name in ("cause", "event", "effect", "triggers", "strategy"):
            data[name] = data.get(name) or ""
        return data


class CloseForm(forms.Form):
    """Close a risk: why, and the version read."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    close_reason = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), label="Reason")


class VersionForm(forms.Form):
    """The version the user read (reopen, delete)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ActionForm(forms.Form):
    """A response action (``version`` only when editing)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(max_length=200, label="Action")
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, required=False, to_field_name="username"
    )
    due_date = forms.DateField(required=False, help_text="YYYY-MM-DD")
    status = forms.ChoiceField(choices=ActionStatus.choices, initial=ActionStatus.OPEN)

    def __init__(self, *args: Any, owners: QuerySet[Any], editing: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        if not editing:
            del self.fields["version"]

    def data_for_service(self) -> dict[str, Any]:
        """The cleaned values without the version."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class MatrixForm(forms.Form):
    """The matrix of a node: its size and where the zones begin."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    levels = forms.IntegerField(min_value=3, max_value=MAX_LEVELS, help_text="Probability and impact levels.")
    medium_from = forms.IntegerField(min_value=2, help_text="Lowest score in the medium zone.")
    high_from = forms.IntegerField(min_value=2, help_text="Lowest score in the high zone.")
    critical_from = forms.IntegerField(min_value=2, help_text="Lowest score in the critical zone.")
