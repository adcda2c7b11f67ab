"""``{% task_row row can_edit %}``: one task-grid row, built by
:func:`pmo.projects.views.task_rows.row_html`."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from pmo.projects.views.task_rows import row_html

register = template.Library()


@register.simple_tag
def task_row(row: dict[str, Any], can_edit: bool) -> SafeString:
    """The ``<tr>`` of ``row``."""
    return row_html(row, can_edit=bool(can_edit))
