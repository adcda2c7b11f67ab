"""Three-point estimates of tasks and correlation groups: contributors of the project edit them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_delete, instance_update
from pmo.projects.models import Project, Task
from pmo.simulations.choices import DistributionChoice
from pmo.simulations.models import CorrelationGroup, TaskEstimate

#: What may be set on an estimate.
ESTIMATE_FIELDS = (
    "minimum_minutes",
    "most_likely_minutes",
    "maximum_minutes",
    "distribution",
    "cost_minimum_percent",
    "cost_most_likely_percent",
    "cost_maximum_percent",
    "group",
)
#: Upper bound of a duration (about 100 years of 8-hour days) and of a cost percentage.
MAX_MINUTES = 100 * 260 * 480
MAX_PERCENT = Decimal("10000")


def _minutes(value: Any, field: str) -> int:
    try:
        minutes = int(value)
    except (TypeError, ValueError):
        raise DomainRuleError(f"{value!r} is not a number of working minutes.", field=field) from None
    if isinstance(value, float) and not value.is_integer():
        raise DomainRuleError("Give whole working minutes.", field=field)
    if not 0 <= minutes <= MAX_MINUTES:
        raise DomainRuleError(f"The duration must be between 0 and {MAX_MINUTES} minutes.", field=field)
    return minutes


def _percent(value: Any, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        percent = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise DomainRuleError(f"{value!r} is not a percentage.", field=field) from None
    if not Decimal(0) <= percent <= MAX_PERCENT:
        raise DomainRuleError(f"The percentage must be between 0 and {MAX_PERCENT}.", field=field)
    return percent


def clean_estimate(project: Project, data: dict[str, Any]) -> dict[str, Any]:
    """Check an estimate's values, naming the first wrong field; returns the cleaned values."""
    clean: dict[str, Any] = {}
    for name in ("minimum_minutes", "most_likely_minutes", "maximum_minutes"):
        clean[name] = _minutes(data.get(name), name)
    distribution = data.get("distribution") or DistributionChoice.TRIANGULAR
    if distribution not in DistributionChoice.values:
        raise DomainRuleError(
            f"{distribution!r} is not a distribution; use triangular, pert, uniform or lognormal.",
            field="distribution",
        )
    clean["distribution"] = distribution
    low, likely, high = clean["minimum_minutes"], clean["most_likely_minutes"], clean["maximum_minutes"]
    if low > likely:
        raise DomainRuleError(
            f"The minimum ({low}) is more than the most likely ({likely}).", field="minimum_minutes"
        )
    if likely > high:
        raise DomainRuleError(
            f"The maximum ({high}) is less than the most likely ({likely}).", field="maximum_minutes"
        )
    if distribution == DistributionChoice.LOGNORMAL and not low < likely < high:
        raise DomainRuleError(
            "A lognormal estimate needs minimum < most likely < maximum.", field="maximum_minutes"
        )
    if distribution != DistributionChoice.LOGNORMAL and low == high and low != likely:
        raise DomainRuleError(
            "The most likely must lie between the minimum and the maximum.", field="most_likely_minutes"
        )
    cost = [
        _percent(data.get(f"cost_{p}_percent"), f"cost_{p}_percent")
        for p in ("minimum", "most_likely", "maximum")
    ]
    if any(v is not None for v in cost):
        if any(v is None for v in cost):
            raise DomainRuleError("Give all three cost percentages, or none.", field="cost_minimum_percent")
        c_low, c_likely, c_high = (value or Decimal(0) for value in cost)
        if c_low > c_likely:
            raise DomainRuleError(
                "The lowest cost % is more than the most likely.", field="cost_minimum_percent"
            )
        if c_likely > c_high:
            raise DomainRuleError(
                "The highest cost % is less than the most likely.", field="cost_maximum_percent"
            )
    clean["cost_minimum_percent"], clean["cost_most_likely_percent"], clean["cost_maximum_percent"] = cost
    group = data.get("group")
    if group is not None and group.project_id != project.pk:
        raise DomainRuleError(f"The correlation group {group} is not part of this project.", field="group")
    clean["group"] = group
    return clean


def _require_leaf(project: Project, task: Task) -> None:
    if task.project_id != project.pk:
        raise DomainRuleError(f"The task {task} is not part of project {project.code}.", field="task")
    if task.is_summary:
        raise DomainRuleError(
            f"{task} is a summary task: estimate its subtasks (a summary's duration follows from them).",
            field="task",
        )


def estimate_set(
    *, actor: Any, task: Task, data: dict[str, Any], expected_version: int | None = None
) -> TaskEstimate:
    """Create or change the three-point estimate of a leaf task; contributor of its project.

    ``data`` holds :data:`ESTIMATE_FIELDS` (a full estimate); any other key is refused by name.
    """
    project = task.project
    require_role(actor, project.scope, Role.CONTRIBUTOR)
    unknown = sorted(set(data) - set(ESTIMATE_FIELDS))
    if unknown:
        raise DomainRuleError(f"read-only or unknown field: {', '.join(unknown)}", field=unknown[0])
    _require_leaf(project, task)
    clean = clean_estimate(project, data)
    with transaction.atomic():
        current = TaskEstimate.objects.filter(task=task).first()
        if current is None:
            estimate = TaskEstimate(task=task, project=project, scope=project.scope, **clean)
            return instance_create(actor=actor, instance=estimate, scope=project.scope)
        updated, _ = instance_update(
            actor=actor, instance=current, data=clean, expected_version=expected_version, scope=project.scope
        )
        return updated


def estimate_delete(*, actor: Any, estimate: TaskEstimate, expected_version: int | None) -> None:
    """Remove a task's estimate (the task then keeps its planned duration); contributor."""
    require_role(actor, estimate.scope, Role.CONTRIBUTOR)
    with transaction.atomic():
        instance_delete(
            actor=actor, instance=estimate, expected_version=expected_version, scope=estimate.scope
        )


def estimates_fill(
    *,
    actor: Any,
    project: Project,
    minus_percent: Any,
    plus_percent: Any,
    distribution: str = DistributionChoice.TRIANGULAR,
    overwrite: bool = False,
) -> int:
    """Give every leaf task with a duration the estimate ``duration −minus% / duration / +plus%``.

    Tasks that have an estimate keep it unless ``overwrite``. Returns the number of estimates written.
    """
    require_role(actor, project.scope, Role.CONTRIBUTOR)
    minus = _percent(minus_percent, "minus_percent")
    plus = _percent(plus_percent, "plus_percent")
    if minus is None or minus > 100:
        raise DomainRuleError("Give how much shorter a task may be, 0 to 100 %.", field="minus_percent")
    if plus is None:
        raise DomainRuleError("Give how much longer a task may take, in %.", field="plus_percent")
    if distribution == DistributionChoice.LOGNORMAL and (minus == 0 or plus == 0):
        raise DomainRuleError("A lognormal estimate needs both percentages above 0.", field="plus_percent")
    written = 0
    with transaction.atomic():
        existing = {e.task_id: e for e in TaskEstimate.objects.filter(project=project)}
        tasks = Task.objects.filter(project=project, is_summary=False, is_active=True, duration_minutes__gt=0)
        for task in tasks.order_by("position"):
            current = existing.get(task.pk)
            if current is not None and not overwrite:
                continue
            d = task.duration_minutes
            values = {
                "minimum_minutes": round(d * (100 - minus) / 100),
                "most_likely_minutes": d,
                "maximum_minutes": round(d * (100 + plus) / 100),
                "distribution": distribution,
                "group": current.group if current else None,
            }
            clean = clean_estimate(project, values)
            if current is None:
                estimate = TaskEstimate(task=task, project=project, scope=project.scope, **clean)
                instance_create(actor=actor, instance=estimate, scope=project.scope)
            else:
                instance_update(
                    actor=actor,
                    instance=current,
                    data=clean,
                    expected_version=current.version,
                    scope=project.scope,
                )
            written += 1
    return written


def group_create(*, actor: Any, project: Project, name: str, coefficient: Any) -> CorrelationGroup:
    """Add a correlation group to the project; contributor. Tasks join it through their estimate."""
    require_role(actor, project.scope, Role.CONTRIBUTOR)
    if not str(name).strip():
        raise DomainRuleError("Name the correlation group.", field="name")
    try:
        rho = Decimal(str(coefficient)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise DomainRuleError(
            f"{coefficient!r} is not a correlation coefficient.", field="coefficient"
        ) from None
    if not Decimal(0) <= rho <= Decimal("0.95"):
        raise DomainRuleError("The correlation must be between 0 and 0.95.", field="coefficient")
    if CorrelationGroup.objects.filter(project=project, name=str(name).strip()).exists():
        raise DomainRuleError(f"There is already a group called {str(name).strip()!r}.", field="name")
    with transaction.atomic():
        group = CorrelationGroup(
            project=project, scope=project.scope, name=str(name).strip(), coefficient=rho
        )
        return instance_create(actor=actor, instance=group, scope=project.scope)


def group_delete(*, actor: Any, group: CorrelationGroup, expected_version: int | None) -> None:
    """Remove a correlation group (its tasks keep their estimates, uncorrelated); contributor."""
    require_role(actor, group.scope, Role.CONTRIBUTOR)
    with transaction.atomic():
        instance_delete(actor=actor, instance=group, expected_version=expected_version, scope=group.scope)
