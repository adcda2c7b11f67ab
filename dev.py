#!/usr/bin/env python3
"""Set up pmo and run it, or run its whole test suite: the two commands of the README.

    python3 dev.py start   # .venv, dependencies, database, demo data, then http://127.0.0.1:8000
    python3 dev.py test    # dev dependencies, Chromium, lints, migration check, tests on SQLite + PostgreSQL

Needs only Python 3.12 or newer and pip (the standard library only runs here; everything else is
installed into ``.venv`` from the locked ``requirements/*.txt``). Reinstalls are skipped while the
lock file, ``pyproject.toml`` and the Python version are unchanged (a stamp lives in ``.venv``).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 12)
WINDOWS = os.name == "nt"
CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
POSTGRES_URL = os.environ.get("PMO_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
CHROMIUM = Path("/usr/bin/chromium")
LOG_DIR = ROOT / "var" / "test-logs"
#: Tests that never open a database (the engine and the file readers and writers: import-linter
#: keeps Django out of them). The whole suite runs on SQLite; when both databases run, the
#: PostgreSQL run leaves these out, since it would only repeat the same computation (about a tenth
#: of the suite's time, on the run that takes longest).
DATABASE_FREE_TESTS = ("src/pmo/engine", "src/pmo/interchange")
# Settings that would make the test run depend on the caller's shell.
ISOLATED_VARIABLES = (
    "DATABASE_URL",
    "PMO_ENV",
    "PMO_TASKS",
    "PMO_DEBUG",
    "PMO_ALLOWED_HOSTS",
    "DJANGO_SETTINGS_MODULE",
)


# ------------------------------------------------------------------------------------------------
# Output helpers
# ------------------------------------------------------------------------------------------------


def say(message: str) -> None:
    print(f"\033[1m==> {message}\033[0m" if sys.stdout.isatty() else f"==> {message}", flush=True)


def die(message: str, code: int = 1) -> None:
    print(f"dev.py: {message}", file=sys.stderr, flush=True)
    raise SystemExit(code)


def run(command: list[str | Path], *, env: dict[str, str] | None = None, check: bool = True) -> int:
    """Run a command from the repository root, echoing it; stop on failure when ``check``."""
    shown = " ".join(str(part) for part in command)
    print(f"    $ {shown}", flush=True)
    code = subprocess.call([str(part) for part in command], cwd=ROOT, env=env)
    if check and code != 0:
        die(f"command failed with exit code {code}: {shown}", code)
    return code


# ------------------------------------------------------------------------------------------------
# Environment: Python, .venv, dependencies
# ------------------------------------------------------------------------------------------------


def check_python() -> None:
    if sys.version_info < MIN_PYTHON:
        found = ", ".join(name for name in ("python3.13", "python3.12") if shutil.which(name))
        hint = f" Try: {found.split(', ')[0]} dev.py {' '.join(sys.argv[1:])}" if found else ""
        die(
            f"pmo needs Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer; {sys.executable} is "
            f"{sys.version.split()[0]}.{hint}"
        )


def venv_bin(name: str) -> Path:
    folder = VENV / ("Scripts" if WINDOWS else "bin")
    return folder / (f"{name}.exe" if WINDOWS else name)


def ensure_venv() -> Path:
    """Create ``.venv`` with the running Python (or recreate it when it is broken or too old)."""
    python = venv_bin("python")
    if python.exists():
        probe = "import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)"
        if subprocess.call([str(python), "-c", probe], stderr=subprocess.DEVNULL) == 0:
            return python
        say(f"Recreating {VENV.name} (its Python is missing or older than 3.12)")
        shutil.rmtree(VENV)
    say(f"Creating {VENV.name} with Python {sys.version.split()[0]}")
    if subprocess.call([sys.executable, "-m", "venv", str(VENV)]) != 0:
        shutil.rmtree(VENV, ignore_errors=True)
        die(
            "could not create the virtual environment. On Debian or Ubuntu install the venv module "
            "first (apt-get install python3-venv), then run this command again."
        )
    return python


def ensure_requirements(python: Path, lock: str) -> None:
    """Install ``requirements/<lock>.txt`` and pmo itself (editable), unless the stamp is current."""
    lock_file = ROOT / "requirements" / f"{lock}.txt"
    digest = hashlib.sha256()
    for part in (lock_file, ROOT / "pyproject.toml"):
        digest.update(part.read_bytes())
    digest.update(sys.version.encode())
    stamp = VENV / f".pmo-{lock}.stamp"
    if stamp.exists() and stamp.read_text().strip() == digest.hexdigest() and venv_bin("pmo").exists():
        say(f"Dependencies ({lock_file.relative_to(ROOT)}) are up to date")
        return
    say(f"Installing dependencies from {lock_file.relative_to(ROOT)} (first run takes a few minutes)")
    pip: list[str | Path] = [python, "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    run([*pip, "--upgrade", "pip"], check=False)
    run([*pip, "-r", lock_file])
    run([*pip, "--no-deps", "-e", ROOT])
    stamp.write_text(digest.hexdigest() + "\n")


def data_dir() -> Path:
    """Where pmo keeps its database and secret key (the same rule as ``pmo.settings``)."""
    configured = os.environ.get("PMO_DATA_DIR")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "pmo"


# ------------------------------------------------------------------------------------------------
# python3 dev.py start
# ------------------------------------------------------------------------------------------------


def port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def start(args: argparse.Namespace) -> int:
    """Set up, migrate, load the demo organisation and serve."""
    python = ensure_venv()
    ensure_requirements(python, "base")
    pmo = venv_bin("pmo")
    if not port_free(args.host, args.port):
        die(
            f"port {args.port} on {args.host} is already in use (is pmo already running?). "
            f"Stop the other server, or run: python3 dev.py start --port {args.port + 1}"
        )
    shown_host = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{shown_host}:{args.port}/"
    where = "the database in DATABASE_URL" if os.environ.get("DATABASE_URL") else str(data_dir())
    say(f"Preparing the database ({where})")
    run([pmo, "migrate", "--noinput", "--verbosity", "0"])
    if not args.no_demo:
        say("Loading the demo organisation")
        run([pmo, "demo", "--url", url])
    say(f"Starting pmo at {url} (Ctrl+C stops it)")
    command = [str(pmo), "serve", "--host", args.host, "--port", str(args.port)]
    sys.stdout.flush()
    if WINDOWS:
        try:
            return subprocess.call(command, cwd=ROOT)
        except KeyboardInterrupt:
            return 0
    os.chdir(ROOT)
    os.execv(command[0], command)  # the server replaces this process: signals reach it directly
    return 0  # pragma: no cover


# ------------------------------------------------------------------------------------------------
# python3 dev.py test
# ------------------------------------------------------------------------------------------------


class Outcome:
    """One line of the closing summary."""

    def __init__(self, name: str, ok: bool, detail: str, failures: list[str] | None = None) -> None:
        self.name, self.ok, self.detail = name, ok, detail
        #: pytest's ``FAILED …``/``ERROR …`` lines, repeated under the summary so they are never lost.
        self.failures = failures or []


def ensure_chromium() -> None:
    """Install Debian's chromium for the browser tests when we can (root on Debian)."""
    if CHROMIUM.exists():
        return
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if is_root and Path("/etc/debian_version").exists() and shutil.which("apt-get"):
        say("Installing Debian's chromium for the browser tests")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        if run(["apt-get", "update"], env=env, check=False) == 0:
            run(["apt-get", "install", "-y", "chromium"], env=env, check=False)
    if not CHROMIUM.exists():
        consequence = "they fail (CI=true)" if CI else "they will be skipped"
        print(
            f"    {CHROMIUM} is missing and could not be installed here: the browser tests need it, "
            f"so {consequence}. On Debian: sudo apt-get install chromium",
            flush=True,
        )


SCRATCH = Path(tempfile.gettempdir())


def test_environment(name: str) -> dict[str, str]:
    """A clean environment for one test step, with its own throw-away data directory."""
    env = {key: value for key, value in os.environ.items() if key not in ISOLATED_VARIABLES}
    env["PMO_DATA_DIR"] = tempfile.mkdtemp(prefix=f"{name}-", dir=SCRATCH)
    env["PYTHONUNBUFFERED"] = "1"
    if CHROMIUM.exists():
        env.setdefault("PMO_CHROMIUM", str(CHROMIUM))
    return env


def lint_steps() -> list[tuple[str, list[str | Path]]]:
    """ruff (lint and format) on the tree; mypy on the engine, services and selectors;
    import-linter contracts."""
    typed = [ROOT / "src" / "pmo" / "engine", ROOT / "src" / "pmo" / "interchange"]
    typed += sorted((ROOT / "src" / "pmo").glob("*/services.py"))
    typed += sorted((ROOT / "src" / "pmo").glob("*/services/"))
    typed += sorted((ROOT / "src" / "pmo").glob("*/selectors.py"))
    typed += [ROOT / "src" / "pmo" / "core" / name for name in ("jobs.py", "tasks.py", "health.py")]
    relative = [str(path.relative_to(ROOT)) for path in typed if path.exists()]
    return [
        ("ruff", [venv_bin("ruff"), "check", "--no-cache", "."]),
        ("ruff format", [venv_bin("ruff"), "format", "--check", "--no-cache", "."]),
        ("mypy", [venv_bin("mypy"), *relative]),
        ("import-linter", [venv_bin("lint-imports"), "--no-logo", "--no-cache"]),
        ("migrations", [venv_bin("pmo"), "makemigrations", "--check", "--dry-run"]),
    ]


def postgres_problem(python: Path) -> str | None:
    """``None`` when the PostgreSQL server for the tests answers, else what is wrong."""
    parts = urlsplit(POSTGRES_URL)
    host, port = parts.hostname or "127.0.0.1", parts.port or 5432
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError as error:
        return f"nothing answers at {host}:{port} ({error.strerror or error})"
    probe = (
        "import sys, psycopg\n"
        "try:\n"
        "    psycopg.connect(sys.argv[1], connect_timeout=5).close()\n"
        "except Exception as error:\n"
        "    print(error); sys.exit(1)\n"
    )
    result = subprocess.run(
        [str(python), "-c", probe, POSTGRES_URL], capture_output=True, text=True, check=False
    )
    return None if result.returncode == 0 else result.stdout.strip() or result.stderr.strip()


def drop_test_database(python: Path, name: str) -> None:
    """Drop the run's PostgreSQL test database even if a live-server thread still holds a session."""
    code = (
        "import sys, psycopg\n"
        "from psycopg import sql\n"
        "with psycopg.connect(sys.argv[1], autocommit=True, connect_timeout=5) as conn:\n"
        "    query = sql.SQL('DROP DATABASE IF EXISTS {} WITH (FORCE)')\n"
        "    conn.execute(query.format(sql.Identifier(sys.argv[2])))\n"
    )
    subprocess.run([str(python), "-c", code, POSTGRES_URL, name], check=False, capture_output=True)


SUMMARY_LINE = re.compile(r"^=+ (.+ in [\d.]+s.*?) =+$")
FAILURE_LINE = re.compile(r"^(FAILED|ERROR) \S")


def pytest_run(label: str, python: Path, env: dict[str, str], extra: list[str], log: Path) -> Outcome:
    """Run pytest, streaming its output with a ``[label]`` prefix into the console and a log file."""
    command = [str(python), "-m", "pytest", "-p", "no:cacheprovider", "--durations=10", *extra]
    started = time.monotonic()
    summary = ""
    failures: list[str] = []
    with log.open("w", encoding="utf-8") as sink:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        for line in process.stdout or ():
            sink.write(line)
            print(f"[{label}] {line}", end="", flush=True)
            match = SUMMARY_LINE.match(line.strip())
            if match:
                summary = match.group(1)
            if FAILURE_LINE.match(line):
                failures.append(line.rstrip()[:300])
        code = process.wait()
    elapsed = time.monotonic() - started
    if code == 0:
        return Outcome(f"tests on {label}", True, summary or f"passed in {elapsed:.0f}s")
    reasons = {
        1: "some tests failed",
        2: "interrupted (collection error or Ctrl+C)",
        3: "pytest internal error",
        4: "pytest usage error",
        5: "no tests were collected",
    }
    reason = reasons.get(code, f"exit code {code}")
    detail = f"{reason}: {summary or '-'} (log: {log.relative_to(ROOT)})"
    return Outcome(f"tests on {label}", False, detail, failures)


def test(args: argparse.Namespace) -> int:
    """Install dev dependencies, then lint, check migrations, and run pytest per database."""
    global SCRATCH
    python = ensure_venv()
    ensure_requirements(python, "dev")
    ensure_chromium()
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    SCRATCH = Path(tempfile.mkdtemp(prefix="pmo-test-"))
    try:
        return _test(args, python)
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)


def totals_line(outcomes: list[Outcome]) -> str:
    """One plain closing line over every database: ``total: N passed, N failed, N skipped``."""
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for outcome in outcomes:
        for number, word in re.findall(r"(\d+) (passed|failed|skipped|errors?)", outcome.detail):
            counts["failed" if word.startswith("error") else word] += int(number)
    return f"total: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped"


def _test(args: argparse.Namespace, python: Path) -> int:
    outcomes: list[Outcome] = []
    started = time.monotonic()

    for name, command in lint_steps():
        if args.no_lint and name != "migrations":
            continue
        say(f"Checking: {name}")
        began = time.monotonic()
        code = run(command, env=test_environment(name), check=False)
        verdict = "ok" if code == 0 else f"FAILED (exit code {code}, see above)"
        outcomes.append(Outcome(name, code == 0, f"{verdict} in {time.monotonic() - began:.0f}s"))

    runs: list[tuple[str, dict[str, str]]] = []
    if args.db in ("sqlite", "both"):
        env = test_environment("sqlite")
        # A file database (not :memory:) so live-server tests share it across threads, as in use.
        env.setdefault("PMO_TEST_DATABASE_NAME", str(Path(env["PMO_DATA_DIR"]) / "test.sqlite3"))
        runs.append(("SQLite", env))
    if args.db in ("postgres", "both"):
        problem = postgres_problem(python)
        if problem:
            outcomes.append(
                Outcome(
                    "tests on PostgreSQL",
                    False,
                    f"PostgreSQL is not reachable at {POSTGRES_URL}: {problem}. Start the "
                    "server, or set PMO_TEST_POSTGRES_URL to one where this user may "
                    "create databases.",
                )
            )
        else:
            env = test_environment("postgres")
            env["DATABASE_URL"] = POSTGRES_URL
            env.setdefault("PMO_TEST_DATABASE_NAME", f"test_pmo_{os.getpid()}")
            runs.append(("PostgreSQL", env))

    if runs:
        parallel = len(runs) > 1 and not args.serial and (os.cpu_count() or 1) >= 2
        say(
            "Running the test suite on "
            + " and ".join(label for label, _ in runs)
            + (" in parallel" if parallel else "")
        )
        results: dict[str, Outcome] = {}

        def one(label: str, env: dict[str, str]) -> None:
            log = LOG_DIR / f"pytest-{label.lower()}.log"
            extra = list(args.pytest_args)
            if label == "PostgreSQL" and len(runs) > 1 and not any(not arg.startswith("-") for arg in extra):
                extra += [f"--ignore={path}" for path in DATABASE_FREE_TESTS]
            results[label] = pytest_run(label, python, env, extra, log)
            if label == "PostgreSQL":
                drop_test_database(python, env["PMO_TEST_DATABASE_NAME"])

        if parallel:
            threads = [threading.Thread(target=one, args=run_) for run_ in runs]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        else:
            for label, env in runs:
                one(label, env)
        outcomes.extend(results[label] for label, _ in runs)

    width = max(len(outcome.name) for outcome in outcomes)
    say(f"Summary ({time.monotonic() - started:.0f}s)")
    for outcome in outcomes:
        print(
            f"    {outcome.name:<{width}}  {'PASS' if outcome.ok else 'FAIL'}  {outcome.detail}", flush=True
        )
        for failure in outcome.failures[:50]:
            print(f"        {failure}", flush=True)
    print(totals_line(outcomes), flush=True)
    failed = [outcome.name for outcome in outcomes if not outcome.ok]
    if failed:
        print(f"dev.py test: FAILED ({', '.join(failed)})", flush=True)
        return 1
    print("dev.py test: all checks passed", flush=True)
    return 0


# ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dev.py", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    start_parser = commands.add_parser("start", help="set up, load the demo, serve on 127.0.0.1:8000")
    start_parser.add_argument("--host", default="127.0.0.1")
    start_parser.add_argument("--port", type=int, default=8000)
    start_parser.add_argument("--no-demo", action="store_true", help="do not load the demo organisation")

    test_parser = commands.add_parser("test", help="lints and the whole test suite on SQLite and PostgreSQL")
    test_parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    test_parser.add_argument("--no-lint", action="store_true", help="skip ruff, mypy and import-linter")
    test_parser.add_argument("--serial", action="store_true", help="one database after the other")
    test_parser.add_argument(
        "pytest_args", nargs=argparse.REMAINDER, help="passed on to pytest (after --), e.g. -- -k jobs -x"
    )

    args = parser.parse_args(argv)
    check_python()
    if args.command == "start":
        return start(args)
    args.pytest_args = [arg for arg in args.pytest_args or [] if arg != "--"]
    return test(args)


if __name__ == "__main__":
    raise SystemExit(main())
