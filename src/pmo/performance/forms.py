"""Input of the earning-rule form: the task, its method and, for weighted milestones, the steps.

Steps are typed one per line as ``name: weight`` or ``name: weight: YYYY-MM-DD`` (achieved).
"""

from __future__ import annotations

from typing import Any

from django import forms

from pmo.performance.choices import EarningMethod
from pmo.projects.models import Task


def parse_steps(text: str) -> list[dict[str, Any]]:
    """``"Design: 30: 2026-03-01\\nBuild: 70"`` → steps (validation of values is the service's).

    >>> steps = parse_steps("Design: 30: 2026-03-01\\nBuild: 70")
    >>> steps[0]
    {'name': 'Design', 'weight': '30', 'achieved': '2026-03-01'}
    >>> steps[1]
    {'name': 'Build', 'weight': '70', 'achieved': None}
    """
    steps = []
    for line in text.splitlines():
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(":")]
        if len(parts) not in (2, 3):
            raise forms.ValidationError(
                f"{line.strip()!r}: write 'name: weight' or 'name: weight: YYYY-MM-DD'."
            )
        steps.append(
            {"name": parts[0], "weight": parts[1], "achieved": parts[2] if len(parts) == 3 else None}
        )
    return steps


def format_steps(steps: list[dict[str, Any]]) -> str:
    """The inverse of :func:`parse_steps` for an existing rule."""
    lines = []
    for step in steps:
        weight = f"{step['weight']:g}" if isinstance(step.get("weight"), float) else str(step.get("weight"))
        lines.append(": ".join([step["name"], weight, *([step["achieved"]] if step.get("achieved") else [])]))
    return "\n".join(lines)


class EarningRuleForm(forms.Form):
    """Choose a work package and how it earns value."""

    task = forms.ModelChoiceField(queryset=Task.objects.none(), to_field_name="uid")
    method = forms.ChoiceField(choices=EarningMethod.choices)
    milestones = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Weighted milestones only: one per line, 'name: weight', "
            "or 'name: weight: YYYY-MM-DD' once achieved."
        ),
    )

    def __init__(self, *args: Any, tasks: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks if tasks is not None else Task.objects.none()  # type: ignore[attr-defined]

    def clean_milestones(self) -> list[dict[str, Any]]:
        """Split the lines into steps."""
        return parse_steps(self.cleaned_data.get("milestones") or "")
