"""Template tags of governance: the exceptions panel of the portfolio overview (the dashboard).

The overview belongs to ``pmo.portfolios``, below governance, so it cannot ask for exceptions
itself; its template includes ``governance/_dashboard.html``, which calls :func:`exceptions_panel`.
"""

from __future__ import annotations

from typing import Any

from django import template

from pmo.governance import selectors

register = template.Library()

#: How many exceptions the panel lists (the Exceptions page has them all).
PANEL_ROWS = 5


@register.inclusion_tag("governance/_dashboard_panel.html", takes_context=True)
def exceptions_panel(context: template.Context) -> dict[str, Any]:
    """The exceptions awaiting the signed-in user's decision and their unread notifications."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    awaiting = list(selectors.exceptions_addressed_to(user)[: PANEL_ROWS + 1])
    unread = selectors.notifications_of(user).filter(read_at__isnull=True).count()
    return {
        "show": bool(awaiting or unread),
        "awaiting": awaiting[:PANEL_ROWS],
        "more": len(awaiting) > PANEL_ROWS,
        "unread": unread,
    }
