"""``pmo worker``: run background tasks from the database queue.

A thin wrapper over ``django_tasks_db``'s ``db_worker`` with defaults for pmo: every queue, a
worker id that names the machine and process, no autoreload. Any number of workers on any number
of machines may share one PostgreSQL database: each takes the next ready task with
``SELECT ... FOR UPDATE SKIP LOCKED`` inside a transaction and claims it before running it, so no
task runs twice and workers never wait on each other's locks. On SQLite the claim runs in an
exclusive transaction instead (one machine only).
"""

from __future__ import annotations

import os
import socket
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.tasks import task_backends
from django_tasks_db.backend import DatabaseBackend

WORKER_ID_LENGTH = 64


def default_worker_id() -> str:
    """``<host>-<pid>``: unique across the pool and readable in the task rows."""
    suffix = f"-{os.getpid()}"
    return socket.gethostname()[: WORKER_ID_LENGTH - len(suffix)] + suffix


class Command(BaseCommand):
    """Take tasks from the database queue and run them until stopped (or the queue is empty)."""

    help = "Run background tasks from the database queue (needs PMO_TASKS=database)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue", default="*", help="Queues to serve, comma-separated; '*' for all (default)."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Seconds to wait when the queue is empty."
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run every ready task, then exit (for cron and tests)."
        )
        parser.add_argument("--max-tasks", type=int, default=None, help="Exit after this many tasks.")
        parser.add_argument("--worker-id", default=None, help="Unique id of this worker (default host-pid).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["max_tasks"] is not None and options["max_tasks"] < 1:
            raise CommandError("--max-tasks must be at least 1")
        if options["interval"] < 0:
            raise CommandError("--interval cannot be negative")
        backend = task_backends["default"]
        if not isinstance(backend, DatabaseBackend):
            raise CommandError(
                "pmo worker runs tasks from the database queue, but this installation runs them "
                "in-process (PMO_TASKS is not 'database'). Set PMO_TASKS=database for the web "
                "processes and the workers alike."
            )
        worker_id = options["worker_id"] or default_worker_id()
        if len(worker_id) > WORKER_ID_LENGTH:
            raise CommandError(f"--worker-id must be at most {WORKER_ID_LENGTH} characters")
        call_command(
            "db_worker",
            queue_name=options["queue"],
            interval=options["interval"],
            batch=options["batch"],
            max_tasks=options["max_tasks"],
            worker_id=worker_id,
            reload=False,
            startup_delay=not options["batch"],
            verbosity=options["verbosity"],
            stdout=self.stdout,
            stderr=self.stderr,
        )
