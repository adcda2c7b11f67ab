"""Programs."""

from __future__ import annotations

from django.db import models

from pmo.core.models import HierarchyNode


class Program(HierarchyNode):
    """A program: related projects in one portfolio, planned and governed together."""

    portfolio = models.ForeignKey(
        "portfolios.Portfolio", on_delete=models.PROTECT, related_name="programs", editable=False
    )

    class Meta(HierarchyNode.Meta):
        verbose_name = "program"
