"""``pmo earned_value_refresh``: recompute the earned-value snapshots that are out of date.

Pages recompute a stale snapshot when they read it; running this at night (cron, or any scheduler,
e.g. ``5 0 * * * pmo earned_value_refresh``) does it ahead of the first visitor, after the date
changed (projects without a status date are measured at today) or after a bulk change.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pmo.performance.earned_value import refresh_stale
from pmo.projects.models import Project


class Command(BaseCommand):
    """Refresh stale earned-value snapshots, a batch of projects at a time."""

    help = "Recompute the earned-value snapshots whose inputs changed (all projects, or --project CODE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--project", action="append", default=[], help="Only this project code (repeatable)."
        )
        parser.add_argument("--batch", type=int, default=200, help="Projects fingerprinted per round.")

    def handle(self, *args: Any, **options: Any) -> None:
        projects = Project.objects.order_by("id")
        if options["project"]:
            projects = projects.filter(code__in=options["project"])
        batch = max(1, options["batch"])
        ids = list(projects.values_list("id", flat=True))
        refreshed = 0
        for start in range(0, len(ids), batch):
            chunk = list(Project.objects.filter(id__in=ids[start : start + batch]).order_by("id"))
            refreshed += refresh_stale(chunk)
        self.stdout.write(f"{refreshed} of {len(ids)} projects recomputed; the others were current.")
