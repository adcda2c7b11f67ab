"""Projects."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.db import models

from pmo.core.models import HierarchyNode


class Project(HierarchyNode):
    """A project, in a program or directly in a portfolio.

    ``portfolio`` is always set (for a project in a program it is the program's portfolio), so a
    portfolio's projects are one filter away. ``start_date`` is the date the schedule starts from
    (at the project calendar's first working time that day). The ``scheduled_*`` fields are the
    engine's last answer, kept for lists and roll-ups; the tasks hold the details. ``priority`` is
    the leveling priority of the whole project (Microsoft Project's project priority): when several
    projects share people, the tasks of the higher one are served first.
    """

    portfolio = models.ForeignKey(
        "portfolios.Portfolio", on_delete=models.PROTECT, related_name="projects", editable=False
    )
    program = models.ForeignKey(
        "programs.Program",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        editable=False,
    )
    calendar = models.ForeignKey(
        "projects.WorkCalendar",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The project calendar (tasks without their own calendar work on it).",
    )
    status_date = models.DateField(
        null=True, blank=True, help_text="The date progress is reported up to (end of that day)."
    )
    compare_baseline = models.PositiveSmallIntegerField(
        default=0, help_text="The baseline (0–10) that variances and the Gantt compare against."
    )
    priority = models.PositiveSmallIntegerField(
        default=500,
        validators=[MaxValueValidator(1000)],
        help_text="0–1000; leveling delays the tasks of lower-priority projects first; 1000: do not level.",
    )
    minutes_per_day = models.PositiveIntegerField(default=480)
    minutes_per_week = models.PositiveIntegerField(default=2400)
    days_per_month = models.PositiveSmallIntegerField(default=20)
    extra = models.JSONField(
        default=dict,
        blank=True,
        help_text="Project-level fields of imported files that pmo does not model, kept for export.",
    )
    scheduled_start = models.DateTimeField(null=True, blank=True, editable=False)
    scheduled_finish = models.DateTimeField(null=True, blank=True, editable=False)
    scheduled_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(HierarchyNode.Meta):
        verbose_name = "project"
