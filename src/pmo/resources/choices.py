"""Choices of the resources app."""

from django.db import models


class ResourceKind(models.TextChoices):
    """Microsoft Project's resource types: work (people, equipment), material, cost."""

    WORK = "work", "Work"
    MATERIAL = "material", "Material"
    COST = "cost", "Cost"


class Contour(models.IntegerChoices):
    """How an assignment's work is spread over its span (numbered as MSPDI's ``WorkContour``)."""

    FLAT = 0, "Flat"
    BACK_LOADED = 1, "Back loaded"
    FRONT_LOADED = 2, "Front loaded"
    DOUBLE_PEAK = 3, "Double peak"
    EARLY_PEAK = 4, "Early peak"
    LATE_PEAK = 5, "Late peak"
    BELL = 6, "Bell"
    TURTLE = 7, "Turtle"
    CONTOURED = 8, "Contoured"
