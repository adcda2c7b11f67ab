"""Portfolio benchmark: the earned-value roll-up and the status page of a 200-project portfolio.

Goal (issue 6): a portfolio of 200 projects with 100,000 tasks: its earned-value roll-up and status
page answer within 1 s of server time on PostgreSQL, with a query count that does not grow with the
number of projects. "Server time" is the time Django takes to answer the request in process
(``django.test.Client``: URL resolution, middleware, view, queries, template), as in
:mod:`bench.workspace_bench`.

Run from the repository root with the dev virtualenv::

    .venv/bin/python -m bench.portfolio_bench                       # PostgreSQL, 50, 100 and 200 projects
    .venv/bin/python -m bench.portfolio_bench --projects 200 --scale ""   # 200 only
    .venv/bin/python -m bench.portfolio_bench --db sqlite --projects 20 --scale 10 --tasks 100

Each size runs in its own child process on a fresh database (:mod:`bench.django_worker`), built by
:mod:`bench.portfolio.build` (about ten projects per program). Each page is measured signed in as a
PMO administrator and as a user with the manager role on the portfolio (a membership: the scoped
selectors then filter by scope paths, a different SQL): *cold* is the first request after every
stored earned-value snapshot was deleted (the page may compute them), *warm* the median of
``--runs`` requests after one warm-up request, *after an edit* the next request after a progress
update on one task (service), which makes one project's snapshot stale; the query count of each
request is recorded.
A route that does not exist (yet) is reported as skipped. Results go to
``bench/results/portfolio-<date>.{json,md}``; the figures are reported in
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

from bench.django_worker import ROOT, fresh_database, run_workers

RESULTS = ROOT / "bench" / "results"
GOAL_SECONDS = 1.0
#: label → URL name (reversed with the portfolio's ``uid``) or a path with ``{uid}``.
PAGES = {
    "performance": "performance:portfolio",
    "earned_value_api": "/api/v1/portfolios/{uid}/earned-value/",
    "status": "reporting:portfolio_status",
    "detail": "portfolios:detail",
}
DEFAULT_PAGES = ",".join(PAGES)


def worker(db: str, projects: int, tasks: int, runs: int, pages: list[str]) -> dict[str, Any]:
    """Build the portfolio on a fresh database of kind ``db`` and measure; returns the figures."""
    with fresh_database(db):
        return _measure(db, projects, tasks, runs, pages)


def _measure(db: str, projects: int, tasks: int, runs: int, pages: list[str]) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client

    from bench.portfolio.build import STATUS_DATE, Shape, build_portfolio

    call_command("migrate", verbosity=0)
    # Import every URL module and view now: the measurement then runs the code as it was at start,
    # even if the tree is edited during the (long) build.
    from django.urls import get_resolver

    len(get_resolver().url_patterns)
    # As with persistent connections in production: no reconnect per request, and the query log
    # survives the request so the queries can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    shape = Shape(projects=projects, programs=max(1, projects // 10), tasks=tasks)
    started = time.perf_counter()
    built = build_portfolio(shape, password=os.urandom(16).hex())
    out: dict[str, Any] = {
        "db": db,
        "vendor": connection.vendor,
        "projects": projects,
        "programs": shape.programs,
        "status_date": STATUS_DATE.isoformat(),
        "build_seconds": time.perf_counter() - started,
        "build_phases_s": built.seconds,
        "counts": built.counts,
        "pages": {},
        "load_average_before": os.getloadavg(),
    }
    for persona, user in (("admin", built.admin), ("manager", built.manager)):
        client = Client()
        client.force_login(user)
        out["pages"][persona] = {
            label: _measure_page(client, label, built.portfolio.uid, runs, lambda: _edit_one(built.admin))
            for label in pages
        }
    out["load_average_after"] = os.getloadavg()
    return out


def _edit_one(admin: Any) -> int | None:
    """A progress update on one task under way (service): one project's earned value is stale."""
    from pmo.projects.models import Task
    from pmo.projects.services.progress import task_progress_update

    task = (
        Task.objects.filter(is_summary=False, actual_finish__isnull=True, percent_complete__gt=0)
        .order_by("id")
        .first()
    )
    if task is not None:
        percent = task.percent_complete % 95 + 1
        task_progress_update(actor=admin, task=task, data={"percent_complete": percent}, note="benchmark")
        return int(task.pk)
    return None


def _url(label: str, uid: Any) -> str | None:
    """The page's URL for the portfolio, or ``None`` when its route does not exist."""
    from django.urls import NoReverseMatch, reverse

    target = PAGES.get(label, label)
    if target.startswith("/"):
        return target.format(uid=uid)
    try:
        return reverse(target, kwargs={"uid": uid})
    except NoReverseMatch:
        return None


def _forget_snapshots() -> int:
    """Delete every stored earned-value snapshot (when the performance app is installed)."""
    from django.apps import apps
    from django.db import connection

    if not apps.is_installed("pmo.performance"):
        return 0
    model = apps.get_model("performance", "EarnedValueSnapshot")
    if model._meta.db_table not in connection.introspection.table_names():
        return 0  # the app's migration is not written yet
    deleted, _ = model.objects.all().delete()
    return int(deleted)


def _get(client: Any, url: str) -> dict[str, Any]:
    """One timed request with its queries counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        cpu = time.process_time()
        started = time.perf_counter()
        response = client.get(url, HTTP_ACCEPT="text/html,application/json")
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
    timed = sorted(queries.captured_queries, key=lambda q: -float(q.get("time") or 0))
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "db_seconds": sum(float(q.get("time") or 0) for q in timed),
        "slowest": [{"s": float(q.get("time") or 0), "sql": str(q["sql"])[:300]} for q in timed[:3]],
        "queries": len(queries.captured_queries),
        "status": response.status_code,
        "bytes": len(response.content),
    }


def _measure_page(client: Any, label: str, uid: Any, runs: int, edit: Any) -> dict[str, Any]:
    """Cold, warm (median of ``runs``) and after ``edit()`` changed one project (one request each)."""
    url = _url(label, uid)
    target = PAGES.get(label, label)
    if url is None:
        return {"skipped": f"no route {target} (NoReverseMatch)"}
    _forget_snapshots()
    cold = _get(client, url)
    if cold["status"] == 404 and target.startswith("/"):
        return {"skipped": f"{url} answers 404 (no such route yet)", "url": url}
    if cold["status"] != 200:
        return {"error": f"{url} answered {cold['status']}", "url": url, "cold": cold}
    _get(client, url)  # warm-up
    samples = [_get(client, url) for _ in range(runs)]
    edited = edit()
    after_edit = _get(client, url) | {"edited_task": edited}
    return {
        "url": url,
        "cold": cold,
        "after_edit": after_edit,
        "warm": {
            "median_s": statistics.median(s["seconds"] for s in samples),
            "median_cpu_s": statistics.median(s["cpu_seconds"] for s in samples),
            "median_db_s": statistics.median(s["db_seconds"] for s in samples),
            "slowest": samples[-1]["slowest"],
            "samples_s": [s["seconds"] for s in samples],
            "queries": max(s["queries"] for s in samples),
            "queries_min": min(s["queries"] for s in samples),
            "bytes": samples[-1]["bytes"],
        },
    }


def _cell(entry: dict[str, Any], key: str) -> str:
    if "skipped" in entry or "error" in entry:
        return str(entry.get("skipped") or entry["error"]) if key == "cold" else "—"
    if key == "after_edit" and entry["after_edit"].get("edited_task") is None:
        return "no task under way to edit"
    if key in ("cold", "after_edit"):
        seconds, queries = entry[key]["seconds"], entry[key]["queries"]
    else:
        seconds, queries = entry["warm"]["median_s"], entry["warm"]["queries"]
    mark = "✓" if seconds <= GOAL_SECONDS else "✗"
    return f"{seconds * 1000:.0f} ms {mark}, {queries} q"


def _report(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    largest = max(results, key=lambda r: r["projects"])
    counts = largest["counts"]
    lines = [
        f"# Portfolio benchmark ({dt.date.today():%Y-%m-%d})",
        "",
        f"One portfolio of {largest['projects']} projects in {largest['programs']} programs, "
        f"{counts.get('tasks', 0):,} tasks ({counts.get('leaves', 0):,} leaf tasks, "
        f"{counts.get('links', 0):,} finish-to-start links, {counts.get('assignments', 0):,} assignments, "
        f"{counts.get('fixed_costs', 0):,} fixed costs, {counts.get('cost_entries', 0):,} cost entries, "
        f"{counts.get('timesheets', 0)} approved timesheets), baseline 0 on every project, status date "
        f"{largest['status_date']}; database: {largest['vendor']}; runs: {args.runs} (median); machine: "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "Server time in process and queries per request (q); cold = first request with no stored "
        "earned-value snapshot, warm = median after a warm-up, after an edit = the next request after "
        "a progress update on one task (one project's figures are stale).",
        "",
        "| projects | user | page | cold | warm | warm: CPU of the Django process / SQL | after an edit |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in sorted(results, key=lambda r: r["projects"]):
        for persona, pages in r["pages"].items():
            for label, entry in pages.items():
                cold, warm, edited = (_cell(entry, key) for key in ("cold", "warm", "after_edit"))
                cpu = entry.get("warm", {}).get("median_cpu_s")
                sql = entry.get("warm", {}).get("median_db_s")
                cpu_cell = "—" if cpu is None else f"{cpu * 1000:.0f} ms"
                cpu_cell += "" if sql is None else f" / {sql * 1000:.0f} ms"
                lines.append(
                    f"| {r['projects']} | {persona} | {label} | {cold} | {warm} | {cpu_cell} | {edited} |"
                )
    sizes = sorted(r["projects"] for r in results)
    lines += ["", "Warm queries per request by number of projects:", ""]
    lines += [
        "| user | page | " + " | ".join(str(s) for s in sizes) + " |",
        "|---|---|" + "---|" * len(sizes),
    ]
    by_size = {r["projects"]: r for r in results}
    for persona in largest["pages"]:
        for label in largest["pages"][persona]:
            cells = []
            for size in sizes:
                entry = by_size[size]["pages"][persona][label]
                cells.append(str(entry["warm"]["queries"]) if "warm" in entry else "—")
            lines.append(f"| {persona} | {label} | " + " | ".join(cells) + " |")
    build = ", ".join(
        f"{r['projects']}: {r['build_seconds']:.0f} s" for r in sorted(results, key=lambda r: r["projects"])
    )
    loads = ", ".join(
        f"{r['projects']}: {r['load_average_before'][0]:.1f} → {r['load_average_after'][0]:.1f}"
        for r in sorted(results, key=lambda r: r["projects"])
        if "load_average_before" in r
    )
    lines += [
        "",
        f"Goal: ≤ {GOAL_SECONDS:.0f} s of server time on PostgreSQL (✓ met, ✗ missed), and a query count "
        "that does not grow with the number of projects. Build time (not measured): " + build + ".",
    ]
    if loads:
        lines += ["", f"Load average (1 min) before → after the measurements, by size: {loads}."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--scale", default="50,100", help="smaller portfolios to compare query counts with")
    parser.add_argument("--tasks", type=int, default=500, help="tasks per project, summaries included")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--pages", default=DEFAULT_PAGES, help=f"labels or URL names (default {DEFAULT_PAGES})"
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--from-json", type=Path, help="only write the report of a results file again")
    args = parser.parse_args(argv)
    pages = [p for p in args.pages.split(",") if p]
    if args.from_json:
        report = _report(json.loads(args.from_json.read_text()), args)
        print(report)
        args.from_json.with_suffix(".md").write_text(report)
        return 0
    if args.worker:
        print(json.dumps(worker(args.db, args.projects, args.tasks, args.runs, pages)))
        return 0
    sizes = sorted({args.projects, *(int(s) for s in args.scale.split(",") if s)})
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = f"{dt.date.today():%Y-%m-%d}" + ("" if args.db == "postgres" else f"-{args.db}")
    results: list[dict[str, Any]] = []
    for size in sizes:
        extra = ["--projects", str(size), "--tasks", str(args.tasks), "--runs", str(args.runs)]
        try:
            results += run_workers("bench.portfolio_bench", (args.db,), [*extra, "--pages", ",".join(pages)])
        except SystemExit:
            print(f"the {size}-project run failed (above); going on with the other sizes")
            continue
        # Kept as each size finishes, so a failure later does not lose it.
        (args.out / f"portfolio-{stamp}.json").write_text(json.dumps(results, indent=2) + "\n")
    if not results:
        return 1
    report = _report(results, args)
    print(report)
    (args.out / f"portfolio-{stamp}.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.out / f"portfolio-{stamp}.md").write_text(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
