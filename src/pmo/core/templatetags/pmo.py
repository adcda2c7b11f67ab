"""Small presentation helpers shared by every page: state badges, audit values, field labels."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from pmo.core.choices import LifecycleState

register = template.Library()

_STATE_LABELS = dict(LifecycleState.choices)


@register.filter
def state_badge(state: str) -> SafeString:
    """A coloured badge for a lifecycle state (text, never colour alone)."""
    label = _STATE_LABELS.get(state, state)
    return format_html('<span class="badge badge-{}">{}</span>', state, label)


@register.filter
def state_label(state: str) -> str:
    """The human label of a lifecycle state."""
    return str(_STATE_LABELS.get(state, state))


@register.filter
def field_label(name: str) -> str:
    """``finish_date`` → ``Finish date``."""
    text = str(name).replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@register.filter
def audit_value(value: Any) -> str:
    """A before/after value of the audit trail as readable text."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(audit_value(item) for item in value) or "—"
    if isinstance(value, str) and value in _STATE_LABELS:
        return str(_STATE_LABELS[value])
    return str(value)


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """``mapping[key]`` in a template (``None`` when absent)."""
    return mapping.get(key) if hasattr(mapping, "get") else None
