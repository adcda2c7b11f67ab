"""Web pages for background jobs: the user's own jobs, with progress and failures.

One view per resource; htmx polls the same view for the ``job-table`` / ``job-status`` partial
while a job is still queued or running.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from pmo.core.jobs import FINISHED, job_get, jobs_active, jobs_visible
from pmo.core.tasks import scope_tree_verify_start

LIST_LIMIT = 100
# Job statuses drawn with the stylesheet's lifecycle badges (grey, purple, green, red).
BADGES = {"queued": "proposed", "running": "planning", "succeeded": "active", "failed": "cancelled"}


@login_required
@require_safe
def job_list(request: HttpRequest) -> HttpResponse:
    """List the current user's latest background jobs (htmx: just the table, for polling)."""
    user = request.user
    jobs = list(jobs_visible(user)[:LIST_LIMIT])
    for job in jobs:
        job.badge = BADGES.get(job.status, "proposed")  # type: ignore[attr-defined]
    context = {
        "jobs": jobs,
        "limit": LIST_LIMIT,
        "active": jobs_active(user).exists(),
        "can_check_tree": bool(getattr(user, "is_pmo_admin", False)),
    }
    template = "core/jobs/list.html"
    if getattr(request, "htmx", False):
        template += "#job-table"
    return render(request, template, context)


@login_required
@require_safe
def job_detail(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """One of the user's jobs: status, progress, message or failure (others' jobs: 404)."""
    job = job_get(request.user, uid)
    context = {"job": job, "active": job.status not in FINISHED, "badge": BADGES.get(job.status, "proposed")}
    template = "core/jobs/detail.html"
    if getattr(request, "htmx", False):
        template += "#job-status"
    return render(request, template, context)


@login_required
@require_POST
def job_start_scope_check(request: HttpRequest) -> HttpResponse:
    """Start the scope-tree integrity check (PMO administrators; others get 403)."""
    job = scope_tree_verify_start(actor=request.user)
    return redirect("jobs:detail", uid=job.uid)
