"""What the Django benchmarks share: a fresh database per run, one child process per database.

Django's settings are per process, so each database is measured in its own child process
(``python -m bench.<name> --worker --db sqlite|postgres ...``) that prints its figures as one JSON
line. The database is a temporary SQLite file, or a throw-away PostgreSQL database on
``PMO_BENCH_POSTGRES_URL`` (default ``postgres://postgres@127.0.0.1:5432/postgres``), dropped at
the end.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("PMO_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _admin_url() -> str:
    return POSTGRES_URL.replace("postgres://", "postgresql://")


@contextmanager
def fresh_database(db: str) -> Iterator[None]:
    """Point Django (not yet set up) at a new empty database of kind ``db``; drop it afterwards."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "pmo.settings"
    os.environ["PMO_DATA_DIR"] = tempfile.mkdtemp(prefix="pmo-bench-")
    os.environ.setdefault("PMO_ALLOWED_HOSTS", "testserver")
    dbname = ""
    if db == "postgres":
        import psycopg

        dbname = f"pmo_bench_{os.getpid()}"
        with psycopg.connect(_admin_url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{dbname}"')
        os.environ["DATABASE_URL"] = POSTGRES_URL.rsplit("/", 1)[0] + "/" + dbname
    else:
        os.environ.pop("DATABASE_URL", None)
    try:
        yield
    finally:
        if dbname:
            import psycopg
            from django.db import connections

            connections.close_all()
            with psycopg.connect(_admin_url(), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def run_workers(module: str, dbs: tuple[str, ...], extra: list[str]) -> list[dict[str, Any]]:
    """Run ``python -m module --worker --db DB *extra`` per database; returns their JSON figures."""
    results = []
    for db in dbs:
        command = [sys.executable, "-m", module, "--worker", "--db", db, *extra]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            raise SystemExit(done.returncode)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return results
