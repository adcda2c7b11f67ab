"""A :class:`pmo.engine.risk.RiskResult` as compact JSON for the run row: dates on the project
calendar, money as floats in the project currency, per-task indices by task, the risk tornado.

Stored once, when the run finishes; pages and the API read only this.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from pmo.engine.risk import Outcome, RiskResult
from pmo.simulations.adapters import COST_RANGE_PREFIX, Timeline

#: Iterations kept for the time-cost scatter (the first ones: the same for a re-run).
SCATTER_POINTS = 1000


def _iso(value: dt.datetime | None) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M") if value else None


def _num(value: float) -> float | None:
    """A JSON-safe float (``None`` for NaN), rounded to keep the row small."""
    return None if math.isnan(value) else round(float(value), 6)


def _outcome(out: Outcome, *, to_date: Any = None) -> dict[str, Any]:
    edges = list(out.histogram.edges)
    data: dict[str, Any] = {
        "mean": _num(out.mean),
        "std": _num(out.std),
        "minimum": _num(out.minimum),
        "maximum": _num(out.maximum),
        "histogram": {"edges": [_num(e) for e in edges], "counts": list(out.histogram.counts)},
        "s_curve": [[_num(x), _num(p)] for x, p in out.s_curve],
    }
    if to_date is not None:
        data["mean_date"] = _iso(to_date(out.mean))
        data["histogram"]["edge_dates"] = [_iso(to_date(e)) for e in edges]
        data["s_curve_dates"] = [_iso(to_date(x)) for x, _ in out.s_curve]
    return data


def summarise(
    result: RiskResult, *, inputs: dict[str, Any], timeline: Timeline, minutes_per_day: int
) -> dict[str, Any]:
    """The stored results of a run."""
    date_of = timeline.date_of
    tasks = {t["id"]: t for t in inputs["tasks"]}
    idx = result.tasks
    deadline: dict[str, Any] | None = None
    if inputs.get("deadline"):
        day = dt.date.fromisoformat(inputs["deadline"])
        minutes = timeline.minutes_until(day)
        deadline = {
            "date": day.isoformat(),
            "minutes": minutes,
            "probability": result.finish.probability_at_most(minutes) if minutes is not None else None,
        }
    risk_uids = {e["id"]: e.get("uid") for e in inputs["risks"]}
    n = min(SCATTER_POINTS, result.iterations)
    scatter = None
    if result.cost is not None:
        scatter = {
            "finish": [_iso(date_of(float(v))) for v in result.finish.values[:n]],
            "cost": [_num(float(v)) for v in result.cost.values[:n]],
        }
    return {
        "minutes_per_day": minutes_per_day,
        "start": inputs["start"],
        "finish": _outcome(result.finish, to_date=date_of),
        "planned": {
            "minutes": int(result.deterministic_finish),
            "date": _iso(date_of(result.deterministic_finish)),
            "cost": _num(result.deterministic_cost) if result.cost is not None else None,
        },
        "probability_planned": _num(result.probability_deterministic),
        "deadline": deadline,
        "percentiles": [
            {"p": p, "minutes": _num(f), "date": _iso(date_of(f)), "cost": _num(c)}
            for p, f, c in result.percentiles
        ],
        "cost": _outcome(result.cost) if result.cost is not None else None,
        "joint_confidence": [[p, _num(q)] for p, q in result.joint_confidence],
        "scatter": scatter,
        "tasks": [
            {
                "id": int(uid),
                "position": tasks[int(uid)]["position"],
                "name": tasks[int(uid)]["name"],
                "criticality": _num(idx.criticality[i]),
                "sensitivity": _num(idx.sensitivity[i]),
                "cruciality": _num(idx.cruciality[i]),
                "ssi": _num(idx.ssi[i]),
                "mean": _num(idx.mean[i]),
                "std": _num(idx.std[i]),
            }
            for i, uid in enumerate(idx.uids.tolist())
        ],
        "tornado": [
            {
                "risk": bar.risk,
                "uid": risk_uids.get(bar.risk),
                "occurrences": bar.occurrences,
                "finish_mean": _num(bar.finish_mean),
                "finish_p50": _num(bar.finish_p50),
                "finish_p80": _num(bar.finish_p80),
                "cost_mean": _num(bar.cost_mean),
                "cost_p80": _num(bar.cost_p80),
            }
            for bar in result.tornado
            if not bar.risk.startswith(COST_RANGE_PREFIX)
        ],
        "accelerated": bool(result.accelerated),
        "notes": list(inputs.get("notes", [])),
    }
