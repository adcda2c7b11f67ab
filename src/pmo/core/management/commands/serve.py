"""``pmo serve``: serve pmo over HTTP.

Runs gunicorn in-process (threaded workers) on 127.0.0.1:8000 by default; on Windows, where
gunicorn does not run, or with ``--dev``, Django's development server instead. Static files are
served by WhiteNoise straight from the installed packages (``WHITENOISE_USE_FINDERS``), so no
``collectstatic`` step is needed. The database must be fully migrated: serving a half-migrated
schema would fail on the first request, so ``serve`` stops early with the command to run.

With ``PMO_TASKS=immediate`` (the embedded default) background tasks run inside the web process
right after the request commits; with ``PMO_TASKS=database`` they wait for ``pmo worker``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def database_label() -> str:
    """``SQLite /path/pmo.sqlite3`` or ``PostgreSQL host:port/name`` (never the password)."""
    config = settings.DATABASES[DEFAULT_DB_ALIAS]
    if config["ENGINE"].endswith("sqlite3"):
        return f"SQLite {config['NAME']}"
    host = config.get("HOST") or "local socket"
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"PostgreSQL {host}{port}/{config['NAME']}"


def unapplied_migrations() -> list[str]:
    """Names of the migrations not yet applied to the default database."""
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def bind_address(host: str, port: int) -> str:
    """``host:port``, with brackets around an IPv6 address."""
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


def gunicorn_options(*, host: str, port: int, workers: int, threads: int, timeout: int) -> dict[str, Any]:
    """The gunicorn settings ``serve`` uses."""
    return {
        "bind": bind_address(host, port),
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "timeout": timeout,
        "graceful_timeout": 30,
        "accesslog": "-",
        "errorlog": "-",
        "forwarded_allow_ips": os.environ.get("PMO_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        "proc_name": "pmo",
        # gunicorn's control socket lives at one per-user path, so two servers would fight over
        # it; operators who want ``gunicornc`` run gunicorn directly on ``pmo.wsgi``.
        "control_socket_disable": True,
    }


class Command(BaseCommand):
    """Serve the web application and the API."""

    help = "Serve pmo over HTTP (gunicorn; Django's development server on Windows or with --dev)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("PMO_HOST", DEFAULT_HOST))
        parser.add_argument("--port", type=_positive, default=int(os.environ.get("PMO_PORT", DEFAULT_PORT)))
        parser.add_argument(
            "--workers",
            type=_positive,
            default=int(os.environ.get("PMO_WORKERS", "2")),
            help="Worker processes (default 2, or PMO_WORKERS).",
        )
        parser.add_argument(
            "--threads", type=_positive, default=4, help="Threads per worker process (default 4)."
        )
        parser.add_argument(
            "--timeout", type=_positive, default=120, help="Seconds before a stuck request is killed."
        )
        parser.add_argument(
            "--dev", action="store_true", help="Use Django's development server with autoreload."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pending = unapplied_migrations()
        if pending:
            raise CommandError(
                f"the database ({database_label()}) has {len(pending)} unapplied migration(s), "
                f"e.g. {pending[0]}; run `pmo migrate` first"
            )
        # WhiteNoise serves from the finders; an absent STATIC_ROOT would only make it warn.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        host, port = options["host"], options["port"]
        tasks = (
            "run in-process after each request"
            if getattr(settings, "PMO_TASKS", "immediate") != "database"
            else "wait in the database queue: start `pmo worker`"
        )
        shown_host = f"[{host}]" if ":" in host else host
        self.stdout.write(f"pmo at http://{shown_host}:{port}/ · database: {database_label()}")
        self.stdout.write(f"Background tasks {tasks}. Stop with Ctrl+C.")

        if options["dev"] or os.name == "nt":
            call_command("runserver", bind_address(host, port), use_reloader=options["dev"])
            return
        self._gunicorn(
            gunicorn_options(
                host=host,
                port=port,
                workers=options["workers"],
                threads=options["threads"],
                timeout=options["timeout"],
            )
        )

    @staticmethod
    def _gunicorn(config: dict[str, Any]) -> None:  # pragma: no cover - exercised by a subprocess test
        from django.core.wsgi import get_wsgi_application
        from gunicorn.app.base import BaseApplication

        application = get_wsgi_application()
        connections.close_all()  # never share a database connection across the fork

        class PmoServer(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        PmoServer().run()
