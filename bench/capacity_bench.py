"""Capacity benchmark: the heat map of 1,000 people × 52 weeks over 200 projects.

Goal (issue 8): "a capacity page for 1,000 people × 52 weeks over 200 projects answers within 1 s of
server time on PostgreSQL, with a query count that does not grow with the number of projects".
Server time is the time Django takes to answer in process (``django.test.Client``), as in
:mod:`bench.portfolio_bench`.

Run from the repository root with the dev virtualenv::

    .venv/bin/python -m bench.capacity_bench                          # PostgreSQL, 50, 100, 200 projects
    .venv/bin/python -m bench.capacity_bench --projects 200 --scale ""  # 200 only
    .venv/bin/python -m bench.capacity_bench --db sqlite --projects 20 --scale "" --people 100

Each size runs in a child process on a fresh database (:mod:`bench.django_worker`): one portfolio,
``--people`` work resources in its pool (20 teams, one in five with a week of time off), the
projects (active, straight under the portfolio) with ``--tasks`` leaf tasks each, written with
:mod:`pmo.core.bulk`; every task has one assignment (units 0.5-1, work = units × duration, contours
flat, back loaded, front loaded or bell) dated inside 2027, so the people stay the same and only the
projects grow. Each page is requested signed in as a PMO administrator and as the portfolio's
manager (a membership: scoped SQL): one warm-up, then the median of ``--runs``; query counts are
recorded. On PostgreSQL the database is ``ANALYZE``d after the bulk load (autovacuum would do so;
without statistics the planner picks nested loops and the assignment query takes 5× longer).
Results: ``bench/results/capacity-<date>.{json,md}``; figures in docs/engine/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from bench.django_worker import ROOT, fresh_database, run_workers

RESULTS = ROOT / "bench" / "results"
GOAL_SECONDS = 1.0
FIRST = dt.date(2027, 1, 4)  # a Monday
QUERY = f"?start={FIRST.isoformat()}&weeks=52"
#: label → (URL name or path, query); ``{uid}``: the portfolio.
PAGES = {
    "portfolio page (people)": ("capacity:portfolio_page", QUERY),
    "portfolio page (teams)": ("capacity:portfolio_page", QUERY + "&dimension=team"),
    "site page (people)": ("capacity:page", QUERY),
    "API (people)": ("/api/v1/capacity/", QUERY + "&portfolio={uid}"),
    "drill-down (one cell)": ("capacity:portfolio_cell", QUERY + "&row={row}&index=20"),
}
CONTOURS = (0, 1, 2, 6)


def worker(db: str, projects: int, people: int, tasks: int, runs: int) -> dict[str, Any]:
    """Build on a fresh database of kind ``db`` and measure; returns the figures."""
    with fresh_database(db):
        return _measure(db, projects, people, tasks, runs)


def _build(projects: int, people: int, tasks: int) -> dict[str, Any]:
    from django.db import transaction

    from pmo.accounts.choices import Role
    from pmo.accounts.services import membership_grant, user_create
    from pmo.core.bulk import allocate_ids, insert_rows, new_row_defaults
    from pmo.portfolios.services import portfolio_create
    from pmo.projects.models import Task
    from pmo.projects.services import project_create
    from pmo.resources.models import Assignment, Resource, ResourceTeam, TimeOff

    password = os.urandom(16).hex()
    admin = user_create(actor=None, username="bench-admin", password=password, is_pmo_admin=True)
    manager = user_create(actor=None, username="bench-manager", password=password)
    portfolio = portfolio_create(actor=admin, parent=None, code="CAP", name="Capacity benchmark")
    membership_grant(actor=admin, scope=portfolio.scope, role=Role.MANAGER, user=manager)
    pool = portfolio.scope
    rng = random.Random(20261126)
    counts: dict[str, int] = {}
    with transaction.atomic():
        ids = allocate_ids(Resource, people)
        defaults = new_row_defaults(Resource)
        insert_rows(
            Resource,
            [
                {
                    **defaults,
                    "id": pk,
                    "scope_id": pool.pk,
                    "name": f"Person {i + 1}",
                    "group": f"Group {i % 10}",
                }
                for i, pk in enumerate(ids)
            ],
        )
        team_ids = allocate_ids(ResourceTeam, 20)
        insert_rows(
            ResourceTeam,
            [
                {**new_row_defaults(ResourceTeam), "id": pk, "scope_id": pool.pk, "name": f"Team {k + 1}"}
                for k, pk in enumerate(team_ids)
            ],
        )
        through = ResourceTeam.members.through
        through.objects.bulk_create(
            [through(resourceteam_id=team_ids[i % 20], resource_id=pk) for i, pk in enumerate(ids)]
        )
        off = new_row_defaults(TimeOff)
        insert_rows(
            TimeOff,
            [
                {
                    **off,
                    "resource_id": pk,
                    "scope_id": pool.pk,
                    "start": FIRST + dt.timedelta(weeks=i % 50),
                    "end": FIRST + dt.timedelta(weeks=i % 50, days=4),
                }
                for i, pk in enumerate(ids[::5])
            ],
        )
    counts["people"], counts["time_off"] = people, len(ids[::5])
    for n in range(projects):
        project = project_create(
            actor=admin, parent=pool, code=f"P{n + 1:03d}", name=f"Project {n + 1}", state="active"
        )
        with transaction.atomic():
            task_ids = allocate_ids(Task, tasks)
            task_defaults = new_row_defaults(Task)
            rows, assignments = [], []
            for j, pk in enumerate(task_ids):
                days = rng.randint(1, 20)
                first = FIRST + dt.timedelta(days=rng.randint(0, 340))
                start = dt.datetime.combine(first, dt.time(8), tzinfo=dt.UTC)
                finish = dt.datetime.combine(
                    first + dt.timedelta(days=days * 7 // 5), dt.time(17), tzinfo=dt.UTC
                )
                rows.append(
                    {
                        **task_defaults,
                        "id": pk,
                        "project_id": project.pk,
                        "position": j + 1,
                        "outline_level": 1,
                        "wbs": str(j + 1),
                        "name": f"Task {j + 1}",
                        "duration_minutes": days * 480,
                        "start": start,
                        "finish": finish,
                    }
                )
                units = Decimal(rng.choice(("0.50", "0.75", "1.00")))
                assignments.append(
                    {
                        **new_row_defaults(Assignment),
                        "project_id": project.pk,
                        "task_id": pk,
                        "resource_id": ids[(n * tasks + j) * 7 % people],
                        "units": units,
                        "work_minutes": int(days * 480 * units),
                        "contour": rng.choice(CONTOURS),
                    }
                )
            insert_rows(Task, rows)
            insert_rows(Assignment, assignments)
        counts["tasks"] = counts.get("tasks", 0) + len(rows)
        counts["assignments"] = counts.get("assignments", 0) + len(assignments)
    counts["projects"] = projects
    return {"admin": admin, "manager": manager, "portfolio": portfolio, "row": ids[0], "counts": counts}


def _get(client: Any, url: str) -> dict[str, Any]:
    """One timed request with its queries counted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        cpu = time.process_time()
        started = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "db_seconds": sum(float(q.get("time") or 0) for q in queries.captured_queries),
        "queries": len(queries.captured_queries),
        "status": response.status_code,
        "bytes": len(response.content),
    }


def _measure(db: str, projects: int, people: int, tasks: int, runs: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.urls import reverse

    from pmo.resources.models import Resource

    call_command("migrate", verbosity=0)
    from django.urls import get_resolver

    len(get_resolver().url_patterns)  # import every view now, as the code is at start
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    started = time.perf_counter()
    built = _build(projects, people, tasks)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would after a bulk load: fresh planner statistics
            cursor.execute("ANALYZE")
    row_uid = Resource.objects.get(pk=built["row"]).uid
    out: dict[str, Any] = {
        "db": db,
        "vendor": connection.vendor,
        "projects": projects,
        "counts": built["counts"],
        "build_seconds": time.perf_counter() - started,
        "pages": {},
        "load_average_before": os.getloadavg(),
    }
    uid = built["portfolio"].uid
    for persona in ("admin", "manager"):
        client = Client()
        client.force_login(built[persona])
        out["pages"][persona] = {}
        for label, (target, query) in PAGES.items():
            path = (
                target
                if target.startswith("/")
                else reverse(target, kwargs={"uid": uid} if "portfolio" in target else {})
            )
            url = path + query.format(uid=uid, row=row_uid)
            _get(client, url)  # warm-up
            samples = [_get(client, url) for _ in range(runs)]
            out["pages"][persona][label] = {
                "url": url,
                "status": samples[-1]["status"],
                "median_s": statistics.median(s["seconds"] for s in samples),
                "median_cpu_s": statistics.median(s["cpu_seconds"] for s in samples),
                "median_db_s": statistics.median(s["db_seconds"] for s in samples),
                "samples_s": [s["seconds"] for s in samples],
                "queries": max(s["queries"] for s in samples),
                "bytes": samples[-1]["bytes"],
            }
    out["load_average_after"] = os.getloadavg()
    return out


def _report(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    largest = max(results, key=lambda r: r["projects"])
    c = largest["counts"]
    lines = [
        f"# Capacity benchmark ({dt.date.today():%Y-%m-%d})",
        "",
        f"One pool of {c['people']:,} people (20 teams, {c['time_off']} weeks of time off), "
        f"{largest['projects']} active projects, {c['tasks']:,} tasks with one assignment each, 52 weekly "
        f"columns from {FIRST}; database: {largest['vendor']}; median of {args.runs} warm requests; machine: "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "| projects | user | page | server time | CPU / SQL | queries | size |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in sorted(results, key=lambda r: r["projects"]):
        for persona, pages in r["pages"].items():
            for label, e in pages.items():
                mark = "✓" if e["median_s"] <= GOAL_SECONDS and e["status"] == 200 else "✗"
                lines.append(
                    f"| {r['projects']} | {persona} | {label} | {e['median_s'] * 1000:.0f} ms {mark} | "
                    f"{e['median_cpu_s'] * 1000:.0f} / {e['median_db_s'] * 1000:.0f} ms | {e['queries']} | "
                    f"{e['bytes'] / 1e6:.2f} MB |"
                )
    sizes = sorted(r["projects"] for r in results)
    by_size = {r["projects"]: r for r in results}
    lines += [
        "",
        "Queries per request by number of projects:",
        "",
        "| user | page | " + " | ".join(map(str, sizes)) + " |",
        "|---|---|" + "---|" * len(sizes),
    ]
    for persona, pages in largest["pages"].items():
        for label in pages:
            cells = [str(by_size[s]["pages"][persona][label]["queries"]) for s in sizes]
            lines.append(f"| {persona} | {label} | " + " | ".join(cells) + " |")
    loads = ", ".join(
        f"{r['projects']}: {r['load_average_before'][0]:.1f} → {r['load_average_after'][0]:.1f}"
        for r in results
    )
    lines += [
        "",
        f"Goal: ≤ {GOAL_SECONDS:.0f} s of server time on PostgreSQL (✓ met, ✗ missed), query count "
        f"constant in the number of projects. Load average (1 min) before → after: {loads}.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="postgres")
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--scale", default="50,100", help="smaller sizes to compare query counts with")
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--tasks", type=int, default=100, help="leaf tasks (one assignment each) per project")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.db, args.projects, args.people, args.tasks, args.runs), default=str))
        return 0
    sizes = sorted({args.projects, *(int(s) for s in args.scale.split(",") if s)})
    stamp = f"{dt.date.today():%Y-%m-%d}" + ("" if args.db == "postgres" else f"-{args.db}")
    results: list[dict[str, Any]] = []
    args.out.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        extra = ["--projects", str(size), "--people", str(args.people), "--tasks", str(args.tasks)]
        results += run_workers("bench.capacity_bench", (args.db,), [*extra, "--runs", str(args.runs)])
        (args.out / f"capacity-{stamp}.json").write_text(json.dumps(results, indent=2) + "\n")
    report = _report(results, args)
    print(report)
    (args.out / f"capacity-{stamp}.md").write_text(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
