"""Database and production settings: WAL on SQLite, complete migrations, refusal of unsafe config."""

from __future__ import annotations

import runpy
import secrets
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from pmo.core.tests.ops_support import run_pmo, run_python

GOOD_KEY = secrets.token_urlsafe(64)


def test_sqlite_file_database_runs_in_wal_mode_with_busy_timeout(tmp_path: Path) -> None:
    """Given no DATABASE_URL, when pmo opens its SQLite file, then WAL, a busy timeout,
    foreign keys and IMMEDIATE transactions are on."""
    result = run_python(
        tmp_path,
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    for pragma in ('journal_mode', 'busy_timeout', 'foreign_keys'):\n"
        "        c.execute(f'PRAGMA {pragma}')\n"
        "        print(pragma, c.fetchone()[0])\n"
        "print('transaction_mode', connection.transaction_mode)\n"
        "print('name', connection.settings_dict['NAME'])\n",
    )
    assert result.returncode == 0, result.stderr
    values = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert values["journal_mode"] == "wal"
    assert int(values["busy_timeout"]) >= 5000
    assert values["foreign_keys"] == "1"
    assert values["transaction_mode"] == "IMMEDIATE"
    assert values["name"] == str(tmp_path.resolve() / "pmo.sqlite3")


def test_database_url_chooses_the_database(tmp_path: Path) -> None:
    """Given DATABASE_URL, when settings load, then that database is used instead of the data dir."""
    other = tmp_path / "elsewhere.sqlite3"
    result = run_python(
        tmp_path,
        "from django.conf import settings\nprint(settings.DATABASES['default']['NAME'])",
        DATABASE_URL=f"sqlite:///{other}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(other)


@pytest.mark.django_db
def test_models_and_migrations_agree() -> None:
    """Every model change has a migration (``makemigrations --check`` exits cleanly)."""
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize(
    "key",
    [
        "",
        "change-me",
        "django-insecure-" + "x" * 60,
        "change-me-to-a-long-random-string-of-at-least-fifty-characters",
        secrets.token_urlsafe(16),
        "a" * 80,
    ],
    ids=["missing", "placeholder", "django-insecure", "long-placeholder", "short", "repetitive"],
)
def test_production_settings_reject_weak_secret_keys(monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    """Given a missing, placeholder or weak key, loading the production settings fails, naming it."""
    monkeypatch.setenv("PMO_SECRET_KEY", key)
    monkeypatch.setenv("PMO_ALLOWED_HOSTS", "pmo.example.org")
    with pytest.raises(ImproperlyConfigured, match="PMO_SECRET_KEY"):
        runpy.run_module("pmo.settings.production")


def test_production_settings_accept_a_random_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """Given a random key and a host list, the production settings load with DEBUG off."""
    monkeypatch.setenv("PMO_SECRET_KEY", GOOD_KEY)
    monkeypatch.setenv("PMO_ALLOWED_HOSTS", "pmo.example.org, www.pmo.example.org")
    values = runpy.run_module("pmo.settings.production")
    assert values["SECRET_KEY"] == GOOD_KEY
    assert values["ALLOWED_HOSTS"] == ["pmo.example.org", "www.pmo.example.org"]
    assert values["DEBUG"] is False


def test_production_refuses_to_start_with_a_placeholder_key(tmp_path: Path) -> None:
    """End to end: ``PMO_ENV=production pmo check`` with a placeholder key exits non-zero with
    one clear line, not a traceback."""
    result = run_pmo(
        tmp_path,
        "check",
        PMO_ENV="production",
        PMO_SECRET_KEY="change-me",
        PMO_ALLOWED_HOSTS="pmo.example.org",
    )
    assert result.returncode != 0
    assert "PMO_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("hosts", ["", "*", " , "])
def test_production_settings_require_allowed_hosts(monkeypatch: pytest.MonkeyPatch, hosts: str) -> None:
    """Given production without a real PMO_ALLOWED_HOSTS list, loading fails and names the variable."""
    monkeypatch.setenv("PMO_SECRET_KEY", GOOD_KEY)
    monkeypatch.setenv("PMO_ALLOWED_HOSTS", hosts)
    with pytest.raises(ImproperlyConfigured, match="PMO_ALLOWED_HOSTS"):
        runpy.run_module("pmo.settings.production")


def test_production_settings_pass_the_deployment_checklist(tmp_path: Path) -> None:
    """Given a proper key and host list, ``check --deploy --fail-level WARNING`` passes."""
    result = run_pmo(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        PMO_ENV="production",
        PMO_SECRET_KEY=GOOD_KEY,
        PMO_ALLOWED_HOSTS="pmo.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_keeps_the_health_check_reachable_over_plain_http(tmp_path: Path) -> None:
    """Load balancers probe /healthz over HTTP: it is exempt from the HTTPS redirect, pages are not."""
    result = run_python(
        tmp_path,
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='pmo.example.org')\n"
        "print(client.get('/healthz').status_code, client.get('/jobs/').status_code)\n",
        PMO_ENV="production",
        PMO_SECRET_KEY=GOOD_KEY,
        PMO_ALLOWED_HOSTS="pmo.example.org",
    )
    assert result.returncode == 0, result.stderr
    health, page = result.stdout.split()
    assert page == "301"
    assert health == "200"
