"""The ``pmo`` command line: serve, createadmin, worker (demo and tasks have their own modules)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from io import StringIO
from pathlib import Path
from urllib.error import URLError

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pmo.accounts.models import User
from pmo.cli import main
from pmo.core.choices import AuditAction
from pmo.core.management.commands.serve import bind_address, gunicorn_options
from pmo.core.management.commands.worker import default_worker_id
from pmo.core.models import AuditRecord
from pmo.core.tests.ops_support import free_port, pmo_env, run_pmo

STRONG = "Quiet-river-lantern-83"


def test_pmo_lists_its_own_commands(capsys: pytest.CaptureFixture[str]) -> None:
    """`pmo help --commands` lists serve, demo, createadmin and worker beside Django's commands."""
    assert main(["help", "--commands"]) == 0
    listed = set(capsys.readouterr().out.split())
    assert {"serve", "demo", "createadmin", "worker", "migrate"} <= listed


def test_gunicorn_settings() -> None:
    """Threaded workers on the requested address; IPv6 is bracketed; no shared control socket."""
    options = gunicorn_options(host="::1", port=9000, workers=3, threads=2, timeout=60)
    assert options["bind"] == "[::1]:9000"
    assert options["workers"] == 3
    assert options["worker_class"] == "gthread"
    assert options["control_socket_disable"] is True
    assert bind_address("127.0.0.1", 8000) == "127.0.0.1:8000"


def test_serve_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    """Given a data directory whose database was never migrated, `pmo serve` stops at once and
    says what to run."""
    result = run_pmo(tmp_path, "serve", "--port", str(free_port()), timeout=60)
    assert result.returncode != 0
    assert "unapplied migration" in result.stderr
    assert "pmo migrate" in result.stderr


@pytest.mark.slow
def test_serve_answers_health_checks_and_static_files(tmp_path: Path) -> None:
    """End to end on a fresh SQLite data dir: migrate, `pmo serve` with gunicorn, then /healthz
    answers 200 and htmx is served from the installed package (no collectstatic step)."""
    migrated = run_pmo(tmp_path, "migrate", "--noinput", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pmo.cli", "serve", "--port", str(port), "--workers", "1"],
        env=pmo_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        health = _get_when_up(f"http://127.0.0.1:{port}/healthz", server)
        assert json.loads(health) == {"status": "ok", "database": "ok"}
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/django_htmx/htmx-2.min.js", timeout=10
        ) as js:
            assert js.status == 200
            assert b"htmx" in js.read(4096)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in output
    assert "Background tasks run in-process" in output


def _get_when_up(url: str, server: subprocess.Popen[str], timeout: float = 45) -> bytes:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"pmo serve exited early:\n{server.stdout.read() if server.stdout else ''}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - a loopback URL we built
                return bytes(response.read())
        except (URLError, ConnectionError):
            time.sleep(0.3)
    raise AssertionError(f"pmo serve did not answer {url} within {timeout}s")


# --- createadmin -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_createadmin_without_prompts_reads_the_password_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`pmo createadmin --no-input` with PMO_ADMIN_PASSWORD creates an audited PMO administrator."""
    monkeypatch.setenv("PMO_ADMIN_PASSWORD", STRONG)
    out = StringIO()
    call_command("createadmin", "--username", "ada", "--email", "ada@example.org", "--no-input", stdout=out)
    user = User.objects.get(username="ada")
    assert user.is_pmo_admin
    assert user.check_password(STRONG)
    assert user.email == "ada@example.org"
    assert AuditRecord.objects.filter(object_id=str(user.pk), action=AuditAction.CREATE).exists()
    assert "created" in out.getvalue()


@pytest.mark.django_db
def test_createadmin_asks_for_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Interactively it asks for the username, e-mail and the password twice (again on mismatch)."""
    answers = iter(["grace", "grace@example.org"])
    passwords = iter(["first-Attempt-1234", "different-9876", STRONG, STRONG])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(passwords))
    err = StringIO()
    call_command("createadmin", stdout=StringIO(), stderr=err)
    assert User.objects.get(username="grace").check_password(STRONG)
    assert "differ" in err.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--no-input"], {"PMO_ADMIN_PASSWORD": STRONG}, "--username is required"),
        (["--username", "ada", "--no-input"], {}, "PMO_ADMIN_PASSWORD"),
        (["--username", "ada", "--no-input"], {"PMO_ADMIN_PASSWORD": "12345678"}, "password:"),
        (["--username", "bad name!", "--no-input"], {"PMO_ADMIN_PASSWORD": STRONG}, "username:"),
        (
            ["--username", "ada", "--email", "not-an-email", "--no-input"],
            {"PMO_ADMIN_PASSWORD": STRONG},
            "email:",
        ),
    ],
    ids=["no-username", "no-password", "weak-password", "bad-username", "bad-email"],
)
def test_createadmin_rejects_bad_input_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, args: list[str], env: dict[str, str], message: str
) -> None:
    """Missing or invalid input fails with a message naming the field; no user is created."""
    monkeypatch.delenv("PMO_ADMIN_PASSWORD", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(CommandError, match=message):
        call_command("createadmin", *args, stdout=StringIO())
    assert not User.objects.exists()


@pytest.mark.django_db
def test_createadmin_refuses_an_existing_username(monkeypatch: pytest.MonkeyPatch) -> None:
    """An existing username (any case) is refused; the existing user is untouched."""
    monkeypatch.setenv("PMO_ADMIN_PASSWORD", STRONG)
    call_command("createadmin", "--username", "ada", "--no-input", stdout=StringIO())
    with pytest.raises(CommandError, match="already exists"):
        call_command("createadmin", "--username", "ADA", "--no-input", stdout=StringIO())
    assert User.objects.count() == 1


# --- worker ------------------------------------------------------------------------------------


def test_worker_ids_name_the_machine_and_process() -> None:
    """The default worker id is `<host>-<pid>` and fits the queue's 64-character column."""
    worker_id = default_worker_id()
    assert len(worker_id) <= 64
    assert worker_id.rsplit("-", 1)[1].isdigit()


@pytest.mark.django_db
def test_worker_rejects_nonsense_limits() -> None:
    """--max-tasks below 1 and a negative --interval are refused, naming the option."""
    with pytest.raises(CommandError, match="--max-tasks"):
        call_command("worker", "--max-tasks", "0")
    with pytest.raises(CommandError, match="--interval"):
        call_command("worker", "--interval", "-1")
