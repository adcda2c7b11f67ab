"""States and modes of a leveling run."""

from django.db import models


class RunStatus(models.TextChoices):
    """Where a leveling run is in its life: previewed, then applied (and maybe undone) or discarded."""

    PREVIEWED = "previewed", "Previewed"
    APPLIED = "applied", "Applied"
    DISCARDED = "discarded", "Discarded"
    UNDONE = "undone", "Undone"


class LevelingMode(models.TextChoices):
    """The engine's modes: the fast heuristic, or heuristic then CP-SAT for a time limit."""

    HEURISTIC = "heuristic", "Fast (heuristic)"
    OPTIMIZE = "optimize", "Improve for a time limit (CP-SAT)"
