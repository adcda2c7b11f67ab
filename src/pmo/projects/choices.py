"""Choices of the project workspace: link types, constraints, baseline numbers."""

from __future__ import annotations

from django.db import models


class LinkType(models.TextChoices):
    """Dependency type, as Microsoft Project names them."""

    FS = "FS", "Finish-to-start"
    SS = "SS", "Start-to-start"
    FF = "FF", "Finish-to-finish"
    SF = "SF", "Start-to-finish"


class ConstraintType(models.TextChoices):
    """Date constraint of a task (Microsoft Project's eight)."""

    ASAP = "ASAP", "As soon as possible"
    ALAP = "ALAP", "As late as possible"
    SNET = "SNET", "Start no earlier than"
    SNLT = "SNLT", "Start no later than"
    FNET = "FNET", "Finish no earlier than"
    FNLT = "FNLT", "Finish no later than"
    MSO = "MSO", "Must start on"
    MFO = "MFO", "Must finish on"


#: Constraints that need a date.
DATED_CONSTRAINTS = frozenset({"SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO"})

#: Baselines are numbered 0 to 10, as in Microsoft Project.
BASELINE_NUMBERS = tuple(range(11))
