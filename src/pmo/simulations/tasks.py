"""Background task of the simulations app: one Monte Carlo run, with progress on its job."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.tasks import task
from django.utils import timezone

from pmo.core.jobs import JobFailedError, job_progress, tracked
from pmo.engine.risk import RiskInputError, Settings, simulate
from pmo.simulations.adapters import Timeline, model_from_inputs
from pmo.simulations.choices import RunStatus
from pmo.simulations.models import SimulationRun
from pmo.simulations.summary import summarise


def execute(run: SimulationRun, *, job_uid: str | None = None) -> SimulationRun:
    """Simulate ``run`` from its stored inputs, seed and settings, and store the results."""
    SimulationRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    stored = run.run_settings
    settings = Settings(
        iterations=run.iterations,
        max_iterations=int(stored.get("max_iterations", run.iterations)),
        percentiles=tuple(stored.get("percentiles", Settings.percentiles)),
        bins=int(stored.get("bins", Settings.bins)),
    )
    last = [-1]

    def progress(share: float) -> None:
        percent = int(5 + share * 85)
        if job_uid and percent >= last[0] + 5:  # a few writes per run, not one per block
            last[0] = percent
            job_progress(job_uid=job_uid, percent=percent, message=f"Simulating: {int(share * 100)} %")

    try:
        result = simulate(model_from_inputs(run.inputs), settings, rng=run.seed, progress=progress)
    except RiskInputError as error:
        SimulationRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        raise JobFailedError(str(error)) from None
    if job_uid:
        job_progress(job_uid=job_uid, percent=92, message="Summarising")
    project = run.project
    start = dt.datetime.fromisoformat(run.inputs["start"])
    longest = int(result.finish.maximum)
    if run.deadline:
        longest = max(longest, (run.deadline - start.date()).days * project.minutes_per_day)
    timeline = Timeline(project, start, longest)
    results = summarise(result, inputs=run.inputs, timeline=timeline, minutes_per_day=project.minutes_per_day)
    SimulationRun.objects.filter(pk=run.pk).update(
        status=RunStatus.SUCCEEDED,
        results=results,
        engine_version=result.engine_version,
        run_settings=stored | {"engine": dataclasses.asdict(result.settings)},
        finished_at=timezone.now(),
    )
    fresh = SimulationRun.objects.filter(pk=run.pk).first()
    if fresh is None:
        raise JobFailedError("The run was deleted before it finished.")
    return fresh


@task
@tracked
def simulation_run_task(*, job_uid: str, run_id: int) -> str:
    """Run simulation ``run_id`` (a :class:`SimulationRun`) and store its results."""
    run = SimulationRun.objects.select_related("project").filter(pk=run_id).first()
    if run is None:
        raise JobFailedError("The run was deleted before it finished.")
    try:
        run = execute(run, job_uid=job_uid)
    except JobFailedError:
        raise
    except Exception:
        SimulationRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED,
            error="The run stopped because of an unexpected error.",
            finished_at=timezone.now(),
        )
        raise
    p80 = next((row["date"] for row in run.results["percentiles"] if row["p"] == 80), None)
    return f"Run {run.number} done: {run.iterations} iterations, P80 finish {p80 or '—'}."
