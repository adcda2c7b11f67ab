"""``{% load lessons %}{% lessons_prompt project %}``: the "record your lessons" prompt for pages
outside the Lessons section (the project overview), shown when the project is completed or
cancelled and has no lessons. The caller has fetched ``project`` through a scoped selector."""

from __future__ import annotations

from typing import Any

from django import template

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role
from pmo.knowledge.choices import CLOSED_STATES
from pmo.knowledge.models import Lesson

register = template.Library()


@register.inclusion_tag("knowledge/_prompt.html", takes_context=True)
def lessons_prompt(context: template.Context, project: Any) -> dict[str, Any]:
    """The prompt's context: whether to show it, and whether the user may record a lesson."""
    user = context.get("user") or getattr(context.get("request"), "user", None)
    prompt = project.state in CLOSED_STATES and not Lesson.objects.filter(project=project).exists()
    return {
        "prompt": prompt,
        "project": project,
        "can_contribute": prompt and has_role(user, project.scope, Role.CONTRIBUTOR),
    }
