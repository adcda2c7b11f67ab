"""Compute a project's earned value from its inputs: figures at the status date and the monthly S-curve."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pmo.engine.evm import EVResult, evaluate, periods, time_phased
from pmo.performance.figures import EarnedValueFigures, Series, clean
from pmo.performance.inputs import Inputs, gather
from pmo.projects.models import Project


@dataclass(frozen=True)
class ProjectEarnedValue:
    """A project's earned value: the totals, the S-curve and (when computed live) the per-task result."""

    figures: EarnedValueFigures
    series: Series
    result: EVResult | None = None
    inputs: Inputs | None = None


def compute(project: Project) -> ProjectEarnedValue:
    """Evaluate the project at its status date (see :mod:`pmo.performance.inputs` for the inputs)."""
    inputs = gather(project)
    result = evaluate(inputs.engine, inputs.status)
    figures = EarnedValueFigures.build(
        result.figures,
        status_date=inputs.status_date,
        schedule=result.schedule,
        baseline_finish=result.baseline_finish,
        forecast_finish=result.forecast_finish,
        has_baseline=inputs.has_baseline,
    )
    return ProjectEarnedValue(figures, _series(inputs, result), result, inputs)


def _series(inputs: Inputs, result: EVResult) -> Series:
    """Cumulative PV, EV and AC at each month end from the first planned or spent money to the last,
    and at the status date."""
    starts = [t.baseline_start for t in inputs.engine.tasks if t.baseline_start is not None]
    starts += [c.at for t in inputs.engine.tasks for c in t.costs]
    finishes = [t.baseline_finish for t in inputs.engine.tasks if t.baseline_finish is not None]
    if not starts or not finishes:
        return Series.empty()
    first = min(starts)
    last = max([*finishes, inputs.status, *([result.forecast_finish] if result.forecast_finish else [])])
    months = periods(first - dt.timedelta(minutes=1), last, every="month")
    ends = tuple(sorted({*months, inputs.status}))  # the curves of EV and AC end at the status date
    phased = time_phased(inputs.engine, ends, status_date=inputs.status)
    return Series(ends, tuple(round(float(v), 2) for v in phased.pv), clean(phased.ev), clean(phased.ac))
