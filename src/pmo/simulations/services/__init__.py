"""Writes of the simulations app: estimates and correlation groups (contributors), runs."""

from pmo.simulations.services.estimates import (
    ESTIMATE_FIELDS,
    estimate_delete,
    estimate_set,
    estimates_fill,
    group_create,
    group_delete,
)
from pmo.simulations.services.runs import max_iterations, run_delete, run_rerun, run_start

__all__ = [
    "ESTIMATE_FIELDS",
    "estimate_delete",
    "estimate_set",
    "estimates_fill",
    "group_create",
    "group_delete",
    "max_iterations",
    "run_delete",
    "run_rerun",
    "run_start",
]
