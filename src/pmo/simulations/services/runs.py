"""Monte Carlo runs: start one (a background job), run it again with its seed, delete it.

A run is refused before anything is stored when its input is wrong (iterations 0 or over the cap,
an estimate the engine cannot use), with the message naming the field.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.audit import audit_log
from pmo.core.choices import AuditAction
from pmo.core.errors import DomainRuleError
from pmo.core.jobs import job_start
from pmo.core.services import instance_delete
from pmo.engine.risk import RiskInputError, Settings
from pmo.engine.risk.compile import check_settings, compile_model
from pmo.projects.models import Project, Task
from pmo.simulations.adapters import model_from_inputs, model_inputs
from pmo.simulations.models import SimulationRun
from pmo.simulations.tasks import simulation_run_task

#: Iterations of a run when none are given (the issue's default).
DEFAULT_ITERATIONS = 10_000
#: The largest seed stored (a signed 64-bit column).
MAX_SEED = 2**63 - 1


def max_iterations() -> int:
    """The configured cap on iterations (``PMO_SIMULATION_MAX_ITERATIONS``, default 100,000)."""
    value = getattr(settings, "PMO_SIMULATION_MAX_ITERATIONS", None)
    return int(value if value is not None else os.environ.get("PMO_SIMULATION_MAX_ITERATIONS", "100000"))


def _iterations(value: Any) -> int:
    try:
        iterations = int(value)
    except (TypeError, ValueError):
        raise DomainRuleError(f"{value!r} is not a number of iterations.", field="iterations") from None
    cap = max_iterations()
    if iterations < 1:
        raise DomainRuleError("Run at least 1 iteration.", field="iterations")
    if iterations > cap:
        raise DomainRuleError(
            f"{iterations} iterations is over the configured cap of {cap}.", field="iterations"
        )
    return iterations


def _seed(value: Any) -> int:
    if value is None or value == "":
        return secrets.randbelow(MAX_SEED)
    try:
        seed = int(value)
    except (TypeError, ValueError):
        raise DomainRuleError(f"{value!r} is not a seed (a whole number).", field="seed") from None
    if not 0 <= seed <= MAX_SEED:
        raise DomainRuleError(f"The seed must be between 0 and {MAX_SEED}.", field="seed")
    return seed


def _latest_task_deadline(project: Project) -> dt.date | None:
    """The latest deadline set on a task of the project (its day), the default deadline of a run."""
    latest = Task.objects.filter(project=project, deadline__isnull=False).aggregate(d=Max("deadline"))["d"]
    return timezone.localdate(latest) if latest else None


def _engine_field(error: RiskInputError) -> str:
    """The form field closest to an engine input path (``estimates[3] (task 17).minimum`` → estimates)."""
    if error.field.startswith("settings.iterations"):
        return "iterations"
    return error.field.split("[", 1)[0].split(".", 1)[0]


def _check(inputs: dict[str, Any], iterations: int) -> dict[str, Any]:
    """Validate the snapshot and settings with the engine (nothing drawn); the settings as JSON."""
    if not inputs["tasks"]:
        raise DomainRuleError("The project has no active leaf task to simulate.", field="project")
    run_settings = Settings(iterations=iterations, max_iterations=max_iterations())
    try:
        check_settings(run_settings)
        compile_model(model_from_inputs(inputs))
    except RiskInputError as error:
        raise DomainRuleError(str(error), field=_engine_field(error)) from None
    return {
        "iterations": iterations,
        "max_iterations": run_settings.max_iterations,
        "percentiles": list(run_settings.percentiles),
        "bins": run_settings.bins,
    }


def _create(
    *,
    actor: Any,
    project: Project,
    seed: int,
    iterations: int,
    deadline: dt.date | None,
    note: str,
    inputs: dict[str, Any],
    rerun_of: SimulationRun | None = None,
) -> SimulationRun:
    run_settings = _check(inputs, iterations)
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()  # number runs one at a time
        number = (SimulationRun.objects.filter(project=project).aggregate(n=Max("number"))["n"] or 0) + 1
        run = SimulationRun.objects.create(
            project=project, scope=project.scope, number=number, seed=seed, iterations=iterations,
            deadline=deadline, note=note[:200], inputs=inputs, run_settings=run_settings,
            started_by=actor if getattr(actor, "is_authenticated", False) else None, rerun_of=rerun_of,
        )  # fmt: skip
        audit_log(
            actor=actor,
            action=AuditAction.CREATE,
            instance=run,
            scope=project.scope,
            changes={
                "number": [None, number],
                "seed": [None, seed],
                "iterations": [None, iterations],
                "deadline": [None, deadline.isoformat() if deadline else None],
                "rerun_of": [None, rerun_of.number if rerun_of else None],
            },
        )
        job = job_start(
            actor=actor,
            task=simulation_run_task,
            name=f"Risk analysis run {number} of {project.code or project.name}",
            scope=project.scope,
            run_id=run.pk,
        )
        SimulationRun.objects.filter(pk=run.pk).update(job=job)
        run.job = job
    return run


def run_start(
    *,
    actor: Any,
    project: Project,
    iterations: Any = DEFAULT_ITERATIONS,
    seed: Any = None,
    deadline: dt.date | None = None,
    note: str = "",
) -> SimulationRun:
    """Start a Monte Carlo run of the project as it is now (a background job); contributor.

    ``seed`` (optional) reproduces an earlier run; without one a fresh seed is drawn and stored.
    Without a ``deadline`` the latest deadline of the project's tasks is used, if any.
    """
    require_role(actor, project.scope, Role.CONTRIBUTOR)
    count = _iterations(iterations)
    chosen_seed = _seed(seed)
    if deadline is not None and not isinstance(deadline, dt.date):
        raise DomainRuleError("Give the deadline as a date.", field="deadline")
    if deadline is None:
        deadline = _latest_task_deadline(project)
    inputs = model_inputs(project, deadline=deadline)
    return _create(
        actor=actor, project=project, seed=chosen_seed, iterations=count, deadline=deadline,
        note=str(note or ""), inputs=inputs,
    )  # fmt: skip


def run_rerun(*, actor: Any, run: SimulationRun) -> SimulationRun:
    """Run ``run`` again: the same inputs, seed and settings (so identical results); contributor."""
    require_role(actor, run.scope, Role.CONTRIBUTOR)
    return _create(
        actor=actor, project=run.project, seed=run.seed, iterations=run.iterations, deadline=run.deadline,
        note=f"Re-run of run {run.number}", inputs=run.inputs, rerun_of=run,
    )  # fmt: skip


def run_delete(*, actor: Any, run: SimulationRun, expected_version: int | None) -> None:
    """Delete a run and its results; manager of the project."""
    require_role(actor, run.scope, Role.MANAGER)
    with transaction.atomic():
        instance_delete(actor=actor, instance=run, expected_version=expected_version, scope=run.scope)
