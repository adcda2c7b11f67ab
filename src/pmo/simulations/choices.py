"""Choices of the simulations app: distributions of estimates and states of runs."""

from django.db import models


class DistributionChoice(models.TextChoices):
    """Shape of a three-point duration estimate (see ``docs/engine/montecarlo.md``)."""

    TRIANGULAR = "triangular", "Triangular"
    PERT = "pert", "BetaPERT"
    UNIFORM = "uniform", "Uniform"
    LOGNORMAL = "lognormal", "Lognormal"


class RunStatus(models.TextChoices):
    """Where a simulation run is: queued, running, done or failed."""

    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Done"
    FAILED = "failed", "Failed"
