"""Projects."""

from __future__ import annotations

from django.db import models

from pmo.core.models import HierarchyNode


class Project(HierarchyNode):
    """A project, in a program or directly in a portfolio.

    ``portfolio`` is always set (for a project in a program it is the program's portfolio), so a
    portfolio's projects are one filter away.
    """

    portfolio = models.ForeignKey(
        "portfolios.Portfolio", on_delete=models.PROTECT, related_name="projects", editable=False
    )
    program = models.ForeignKey(
        "programs.Program",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        editable=False,
    )

    class Meta(HierarchyNode.Meta):
        verbose_name = "project"
