"""Portfolios."""

from __future__ import annotations

from django.db import models

from pmo.core.models import HierarchyNode


class Portfolio(HierarchyNode):
    """A portfolio of programs, projects and sub-portfolios managed as a group."""

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        editable=False,
    )

    class Meta(HierarchyNode.Meta):
        verbose_name = "portfolio"
