"""Choices of the project workspace: link types, constraints, baseline numbers, leveling priority."""

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


#: Leveling priority of a task or a project, as in Microsoft Project: 0-1000, 500 by default, and
#: 1000 means "do not level".
PRIORITY_DEFAULT = 500
DO_NOT_LEVEL = 1000
PROJECT_PRIORITY_HELP = (
    "0–1000 (default 500). When projects share people, leveling delays the tasks of the "
    "lower-priority project first; 1000: never level this project's tasks."
)
