"""Working-time calendars of a project and their exceptions (holidays, changed hours)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from pmo.core.models import VersionedModel

#: Monday to Friday 08:00–12:00 and 13:00–17:00 (Microsoft Project's Standard calendar), as
#: minutes after midnight; Saturday and Sunday off.
STANDARD_WEEK: list[list[list[int]]] = [[[480, 720], [780, 1020]]] * 5 + [[], []]


def standard_week() -> list[list[list[int]]]:
    """A fresh copy of the Standard week (a JSONField default must be a callable)."""
    return [list(map(list, day)) for day in STANDARD_WEEK]


def validate_working_times(times: Any, where: str) -> None:
    """Working periods: ``[[from, to], ...]`` in minutes after midnight, increasing, in 0–1440."""
    if not isinstance(times, list):
        raise ValidationError(f"{where}: expected a list of [from, to] periods.")
    previous = -1
    for period in times:
        if (
            not isinstance(period, list | tuple)
            or len(period) != 2
            or not all(isinstance(v, int) for v in period)
        ):
            raise ValidationError(f"{where}: each period is [from, to] in minutes after midnight.")
        start, end = period
        if not 0 <= start < end <= 1440 or start < previous:
            raise ValidationError(f"{where}: periods must be increasing within 00:00–24:00.")
        previous = end


class WorkCalendar(VersionedModel):
    """A named working-time calendar of a project.

    ``week`` holds seven days, Monday first; each day is a list of ``[from, to]`` working periods in
    minutes after midnight (``[]`` = non-working), or ``null`` to take the day from ``base``.
    """

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="calendars")
    name = models.CharField(max_length=100)
    base = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="derived")
    week = models.JSONField(default=standard_week)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="projects_calendar_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Seven days of valid working periods; a base from the same project, not itself."""
        if not isinstance(self.week, list) or len(self.week) != 7:
            raise ValidationError({"week": "A week has seven days, Monday first."})
        for number, times in enumerate(self.week):
            if times is None and self.base_id is None:
                raise ValidationError({"week": "A day can inherit only from a base calendar."})
            if times is not None:
                try:
                    validate_working_times(times, f"day {number + 1}")
                except ValidationError as error:
                    raise ValidationError({"week": error.messages}) from error
        if self.base_id is not None and self.base is not None:
            if self.base.project_id != self.project_id:
                raise ValidationError({"base": "The base calendar must belong to the same project."})
            if self.pk is not None and self.base_id == self.pk:
                raise ValidationError({"base": "A calendar cannot be its own base."})


class CalendarException(VersionedModel):
    """Working time that replaces the week on some days: a holiday, a shutdown, a working Saturday.

    ``working_times`` empty means non-working. ``recurrence`` (optional) limits the exception to a
    pattern between ``start`` and ``finish``, as the engine's :class:`Recurrence`:
    ``{"type": "daily|weekly|monthly|yearly", "period": 1, "weekdays": [0..6], "day": 1-31,
    "month": 1-12, "position": 1-5 or -1, "occurrences": n}``.
    """

    calendar = models.ForeignKey(WorkCalendar, on_delete=models.CASCADE, related_name="exceptions")
    name = models.CharField(max_length=100, blank=True)
    start = models.DateField()
    finish = models.DateField()
    working_times = models.JSONField(default=list, blank=True)
    recurrence = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.name or 'Exception'} {self.start:%Y-%m-%d}–{self.finish:%Y-%m-%d}"

    def clean(self) -> None:
        """Dates in order, valid working periods."""
        if self.start and self.finish and self.finish < self.start:
            raise ValidationError({"finish": "The last day cannot be before the first."})
        try:
            validate_working_times(self.working_times, "working times")
        except ValidationError as error:
            raise ValidationError({"working_times": error.messages}) from error
