"""Helpers for the operations tests: run ``pmo`` in a subprocess against a throw-away data dir.

Subprocess tests never inherit ``DATABASE_URL``: they always use an SQLite file in their own
data directory, so they cannot touch the database the suite itself runs on.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ISOLATED = ("DATABASE_URL", "PMO_ENV", "PMO_TASKS", "PMO_SECRET_KEY", "PMO_ALLOWED_HOSTS", "PMO_DEBUG")


def pmo_env(data_dir: Path, **overrides: str) -> dict[str, str]:
    """The environment for a subprocess: no inherited database or mode, ``PMO_DATA_DIR=data_dir``."""
    env = {key: value for key, value in os.environ.items() if key not in ISOLATED}
    env["PMO_DATA_DIR"] = str(data_dir)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(overrides)
    return env


def run_pmo(
    data_dir: Path, *args: str, timeout: float = 120, **overrides: str
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m pmo.cli <args>`` and return the finished process (never raises on failure)."""
    return subprocess.run(
        [sys.executable, "-m", "pmo.cli", *args],
        env=pmo_env(data_dir, **overrides),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_python(data_dir: Path, code: str, **overrides: str) -> subprocess.CompletedProcess[str]:
    """Run a Python snippet with Django configured from the given environment."""
    prelude = (
        "import django, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'pmo.settings')\ndjango.setup()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        env=pmo_env(data_dir, **overrides),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
