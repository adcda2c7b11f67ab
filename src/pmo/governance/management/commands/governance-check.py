# ruff: noqa: N999 - the command is `pmo governance-check`, and Django names commands after their file
"""``pmo governance-check``: check every tolerance now (``--queue``: leave it to ``pmo worker``).

Run it periodically, e.g. from cron every hour: ``0 * * * * pmo governance-check``.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pmo.governance.services import tolerances_check_all
from pmo.governance.tasks import governance_check_task


class Command(BaseCommand):
    """Check every active tolerance and raise an exception for each forecast breach."""

    help = "Check every active tolerance of projects and programs; raise exceptions for breaches."

    def add_arguments(self, parser: CommandParser) -> None:
        """``--queue``: enqueue the check as a background task instead of running it here."""
        parser.add_argument(
            "--queue",
            action="store_true",
            help="enqueue the check for `pmo worker` instead of running it now",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Run or enqueue the check and say what happened."""
        if options["queue"]:
            governance_check_task.enqueue()
            self.stdout.write("Queued the tolerance check for the worker.")
            return
        raised = tolerances_check_all()
        self.stdout.write(f"Checked the tolerances: {len(raised)} exception(s) raised or updated.")
