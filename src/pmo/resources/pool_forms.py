"""Forms of the pool setup and resource pages (skills, teams, calendars, holidays, a resource's
skills, time off and calendar) and of the resource plan grid. Domain rules stay in the services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from pmo.quality.forms import VersionedForm

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _date(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}), **kwargs)


class SkillForm(VersionedForm):
    """A skill's name."""

    name = forms.CharField(max_length=100, help_text="Unique in the pool, ignoring case.")


class ResourceSkillForm(VersionedForm):
    """A resource's level in a skill (the skill is chosen when adding only)."""

    level = forms.TypedChoiceField(
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        initial=3,
        help_text="1 (novice) to 5 (expert).",
    )

    def __init__(self, *args: Any, skills: QuerySet[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if skills is not None:
            self.fields["skill"] = forms.ModelChoiceField(queryset=skills, empty_label="— choose —")
            self.order_fields(["skill", "level"])


class TeamForm(VersionedForm):
    """A team's name and members."""

    name = forms.CharField(max_length=100, help_text="Unique in the pool, ignoring case.")

    def __init__(self, *args: Any, resources: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"] = forms.ModelMultipleChoiceField(
            queryset=resources, required=False, widget=forms.CheckboxSelectMultiple
        )


class CalendarForm(VersionedForm):
    """A working week: hours per weekday."""

    name = forms.CharField(max_length=100, help_text="Unique in the pool, ignoring case.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, day in enumerate(DAYS):
            self.fields[day] = forms.DecimalField(
                label=f"{day.capitalize()} (hours)",
                min_value=0,
                max_value=24,
                decimal_places=2,
                initial=Decimal(8) if number < 5 else Decimal(0),
            )

    def data_for_service(self) -> dict[str, Any]:
        """The name and ``week_minutes``."""
        data = super().data_for_service()
        data["week_minutes"] = [round(data.pop(day) * 60) for day in DAYS]
        return data


class HolidayForm(VersionedForm):
    """A pool holiday: name and days."""

    name = forms.CharField(max_length=100)
    start = _date("First day")
    end = _date("Last day", help_text="Included; the same day for a one-day holiday.")


class TimeOffForm(VersionedForm):
    """A resource's time off; hours per day empty means whole days."""

    start = _date("First day")
    end = _date("Last day", help_text="Included.")
    hours_per_day = forms.DecimalField(
        label="Hours off per day",
        required=False,
        min_value=Decimal("0.25"),
        max_value=24,
        decimal_places=2,
        help_text="Empty: whole days off. 4 on a standard day: half days.",
    )
    reason = forms.CharField(max_length=200, required=False)

    def data_for_service(self) -> dict[str, Any]:
        """Hours per day as ``minutes_per_day``."""
        data = super().data_for_service()
        hours = data.pop("hours_per_day", None)
        data["minutes_per_day"] = None if hours is None else round(hours * 60)
        return data


class ResourceCalendarForm(VersionedForm):
    """The pool calendar a resource works by."""

    def __init__(self, *args: Any, calendars: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["calendar"] = forms.ModelChoiceField(
            queryset=calendars, required=False, empty_label="— the pool's standard week —"
        )


class DemandCellForm(forms.Form):
    """One cell of the resource plan grid: a role or skill (``role:<id>`` / ``skill:<id>``), the
    period and its hours (0 removes the line)."""

    target = forms.CharField(label="Role or skill")
    period = forms.ChoiceField(choices=[("week", "Week"), ("month", "Month")])
    period_start = _date("Period starts")
    hours = forms.DecimalField(min_value=0, max_digits=10, decimal_places=2)

    def __init__(self, *args: Any, roles: QuerySet[Any], skills: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(f"role:{role.pk}", f"Role: {role.name}") for role in roles]
        choices += [(f"skill:{skill.pk}", f"Skill: {skill.name}") for skill in skills]
        self.fields["target"] = forms.ChoiceField(label="Role or skill", choices=choices)
        self.targets = {f"role:{role.pk}": ("role", role) for role in roles} | {
            f"skill:{skill.pk}": ("skill", skill) for skill in skills
        }
        self.order_fields(["target", "period", "period_start", "hours"])

    def data_for_service(self) -> dict[str, Any]:
        """Keyword arguments of :func:`~pmo.resources.services.resource_demand_set`."""
        data = dict(self.cleaned_data)
        kind, obj = self.targets[data.pop("target")]
        return data | {kind: obj}
