"""Workspace benchmark: the task grid, the Gantt and a live-schedule edit on a 5,000-task project.

Goals (issue 4): on SQLite and on PostgreSQL, the task list and the Gantt page each answer within
1 s of server time, and editing one task's duration recalculates and returns the changed rows in
under 300 ms of server time. "Server time" is the time Django takes to answer the request in
process (``django.test.Client``: URL resolution, middleware, view, queries, template), without a
network hop.

Run from the repository root with the dev virtualenv::

    .venv/bin/python -m bench.workspace_bench                 # both databases, 5,000 tasks, 7 runs
    .venv/bin/python -m bench.workspace_bench --db sqlite --tasks 1000 --runs 3

Each database runs in its own child process (Django's settings are per process) on a fresh,
migrated database: a temporary SQLite file, or a throw-away PostgreSQL database on
``PMO_BENCH_POSTGRES_URL`` (default ``postgres://postgres@127.0.0.1:5432/postgres``), dropped at
the end. Results go to ``bench/results/workspace-<date>.{json,md}``; the figures are reported in
``docs/engine/performance.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import time
from pathlib import Path
from typing import Any

from bench.django_worker import fresh_database, run_workers

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
GOALS = {"tasks_page": 1.0, "gantt_page": 1.0, "edit": 0.300}


def _median_time(func: Any, runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def worker(db: str, tasks: int, runs: int) -> dict[str, Any]:
    """Set Django up on a fresh database, build the project, measure; returns the figures."""
    with fresh_database(db):
        return _measure(db, tasks, runs)


def _measure(db: str, tasks: int, runs: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    from bench.workspace.build import build_project
    from pmo.accounts.services import user_create
    from pmo.projects.models import Task
    from pmo.projects.services import task_update

    call_command("migrate", verbosity=0)
    # As with persistent connections in production (CONN_MAX_AGE): no reconnect per request, and the
    # query log survives the request so the queries can be counted.
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    admin = user_create(actor=None, username="bench", password=os.urandom(16).hex(), is_pmo_admin=True)
    built = time.perf_counter()
    project = build_project(admin=admin, n_tasks=tasks, code="BENCH")
    build_seconds = time.perf_counter() - built
    rows = Task.objects.filter(project=project).count()
    out: dict[str, Any] = {
        "db": db,
        "vendor": connection.vendor,
        "tasks": rows,
        "build_seconds": build_seconds,
    }

    # An early task on the critical path: lengthening it moves most of the project (the worst case);
    # a task near the end moves little.
    leaves = Task.objects.filter(project=project, is_summary=False)
    early = leaves.filter(is_critical=True).order_by("position").first() or leaves.order_by("position")[3]
    late = leaves.order_by("-position")[5]
    for label, task in (("edit", early), ("edit_late", late)):
        touched: list[int] = []
        base = task.duration_minutes

        def edit(task: Any = task, base: int = base, touched: list[int] = touched) -> None:
            current = Task.objects.get(pk=task.pk)
            minutes = base + 480 if current.duration_minutes == base else base
            change = task_update(
                actor=admin,
                task=current,
                data={"duration_minutes": minutes},
                expected_version=current.version,
            )
            touched.append(len(change.touched))
            # "returns the changed rows": read them as the page does to send them back
            list(Task.objects.filter(pk__in=change.touched).values())

        median, samples = _median_time(edit, runs)
        out[label] = {"median_s": median, "samples_s": samples, "rows_changed": touched}

    client = Client()
    client.force_login(admin)
    out["edit_http"] = _edit_over_http(client, project, early, runs)
    out["edit_http_late"] = _edit_over_http(client, project, late, runs)
    for label, name in (("tasks_page", "projects:tasks"), ("gantt_page", "projects:gantt")):
        try:
            url = reverse(name, kwargs={"uid": project.uid})
        except NoReverseMatch:
            out[label] = {"skipped": f"{name} does not exist yet"}
            continue
        response = client.get(url)
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        query_count = len(queries.captured_queries)
        status = response.status_code
        median, samples = _median_time(lambda url=url: client.get(url), runs)
        out[label] = {
            "median_s": median,
            "samples_s": samples,
            "queries": query_count,
            "status": status,
            "bytes": len(response.content),
        }
    return out


def _edit_over_http(client: Any, project: Any, task: Any, runs: int) -> dict[str, Any]:
    """The grid's own edit request (htmx): save a new duration in the row editor; the answer is the
    edited row plus every row the schedule moved (out-of-band) and the project dates."""
    from django.urls import reverse

    from pmo.projects.models import Task
    from pmo.projects.views.tasks import grid_rows

    url = reverse("projects:task_row", kwargs={"uid": project.uid, "task_uid": task.uid})
    sizes: list[int] = []
    samples: list[float] = []
    for _ in range(runs):
        # The form as the editor shows it (prepared outside the timed request).
        current = Task.objects.get(pk=task.pk)
        row = grid_rows(project, [task.pk])[0]
        data = {"version": current.version, "name": current.name, "constraint_type": current.constraint_type}
        data |= {"calendar": "", "notes": current.notes, "constraint_date": ""}
        for name, shown in (
            ("duration", row["duration"]),
            ("start", row["start"]),
            ("finish", row["finish"]),
        ):
            data[name] = data[f"initial-{name}"] = shown
        data["predecessors"] = data["initial-predecessors"] = row["preds"]
        data["duration"] = "9d" if row["duration"] != "9d" else "8d"
        started = time.perf_counter()
        response = client.post(url, data, HTTP_HX_REQUEST="true")
        samples.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"edit answered {response.status_code}: {response.content[:300]!r}")
        sizes.append(response.content.count(b"<tr "))
    median = statistics.median(samples)
    return {"median_s": median, "samples_s": samples, "rows_returned": sizes}


def _report(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    lines = [
        f"# Workspace benchmark ({dt.date.today():%Y-%m-%d})",
        "",
        f"Tasks: {args.tasks} (+ one summary per ten); runs: {args.runs} (median); "
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "| database | tasks page | Gantt page | edit, every row moves: service | same, grid request "
        "| edit, late task: service | same, grid request | rows moved |",
        "|---|---|---|---|---|---|---|---|",
    ]

    def cell(entry: dict[str, Any], goal: float) -> str:
        if "median_s" not in entry:
            return entry.get("skipped", "—")
        mark = "✓" if entry["median_s"] <= goal else "✗"
        queries = f", {entry['queries']} queries" if "queries" in entry else ""
        return f"{entry['median_s'] * 1000:.0f} ms {mark}{queries}"

    for r in results:
        lines.append(
            f"| {r['vendor']} | {cell(r['tasks_page'], GOALS['tasks_page'])} | "
            f"{cell(r['gantt_page'], GOALS['gantt_page'])} | {cell(r['edit'], GOALS['edit'])} | "
            f"{cell(r['edit_http'], GOALS['edit'])} | {cell(r['edit_late'], GOALS['edit'])} | "
            f"{cell(r['edit_http_late'], GOALS['edit'])} | "
            f"{max(r['edit']['rows_changed'])} / {max(r['edit_late']['rows_changed'])} |"
        )
    lines += ["", "Goals: pages ≤ 1 s, edit ≤ 300 ms of server time (✓ met, ✗ missed)."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.db, args.tasks, args.runs)))
        return 0
    dbs = ("sqlite", "postgres") if args.db == "both" else (args.db,)
    extra = ["--tasks", str(args.tasks), "--runs", str(args.runs)]
    results = run_workers("bench.workspace_bench", dbs, extra)
    report = _report(results, args)
    print(report)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = f"{dt.date.today():%Y-%m-%d}"
    (args.out / f"workspace-{stamp}.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.out / f"workspace-{stamp}.md").write_text(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
