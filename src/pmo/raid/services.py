"""Writes of RAID items and links (``<entity>_<verb>``, one transaction each, audited).

Roles (``docs/authz/raid.yaml``): contributors of a scope record, edit and link items; managers
delete them and decide or supersede decisions. A decided decision is immutable: the only change
left is to be superseded by another decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role, require_role
from pmo.core.audit import audit_log, diff, snapshot
from pmo.core.choices import AuditAction
from pmo.core.errors import DomainRuleError
from pmo.core.models import Scope
from pmo.core.services import instance_delete, lock_for_update
from pmo.raid.choices import DecisionStatus
from pmo.raid.kinds import Kind, kind_of
from pmo.raid.models import Decision, RaidItem, RaidLink

EARLIEST = dt.date(1984, 1, 1)
LATEST = dt.date(2149, 12, 31)
#: Most options a decision lists.
MAX_OPTIONS = 20
TEXTS = (
    "title",
    "description",
    "impact",
    "resolution",
    "rationale",
    "context",
    "other_party",
    "chosen_option",
)


def _refuse_unknown(data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise DomainRuleError(f"read-only or unknown field: {', '.join(unknown)}", field=unknown[0])


def _date(value: Any, field: str) -> dt.date | None:
    if value is None:
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise DomainRuleError(f"Give the {field.replace('_', ' ')} as a date.", field=field)
    if not EARLIEST <= value <= LATEST:
        raise DomainRuleError(
            f"{value.isoformat()} is outside the supported range 1984-01-01 to 2149-12-31.", field=field
        )
    return value


def clean_options(value: Any) -> list[dict[str, str]]:
    """A decision's options: a list of ``{"option", "pros", "cons"}``, each option named once.

    >>> clean_options([{"option": " Build ", "pros": "control"}])
    [{'option': 'Build', 'pros': 'control', 'cons': ''}]
    """
    if not isinstance(value, list):
        raise DomainRuleError("Give the options as a list.", field="options")
    if len(value) > MAX_OPTIONS:
        raise DomainRuleError(f"At most {MAX_OPTIONS} options.", field="options")
    options: list[dict[str, str]] = []
    for number, row in enumerate(value, start=1):
        if not isinstance(row, Mapping) or set(row) - {"option", "pros", "cons"}:
            raise DomainRuleError(f"Option {number}: give option, pros and cons only.", field="options")
        texts = {key: str(row.get(key) or "").strip()[:1000] for key in ("option", "pros", "cons")}
        if not texts["option"]:
            raise DomainRuleError(f"Option {number} has no name.", field="options")
        if any(o["option"].lower() == texts["option"].lower() for o in options):
            raise DomainRuleError(f"The option {texts['option']!r} is listed twice.", field="options")
        texts["option"] = texts["option"][:200]
        options.append(texts)
    return options


def _clean(
    actor: Any, kind: Kind, scope: Scope, data: Mapping[str, Any], current: Any = None
) -> dict[str, Any]:
    """Check the rules between fields and against the scope; names the field of any refusal."""
    clean = dict(data)
    for name in TEXTS:
        if isinstance(clean.get(name), str):
            clean[name] = clean[name].strip()
    if "title" in clean and not clean["title"]:
        raise DomainRuleError(f"Give the {kind.label.lower()} a title.", field="title")
    for name in ("raised_on", "due_date"):
        if name in clean:
            clean[name] = _date(clean[name], name)
    if clean.get("raised_on") is None and "raised_on" in clean:
        clean["raised_on"] = timezone.localdate()
    raised = clean.get("raised_on", getattr(current, "raised_on", None))
    due = clean.get("due_date", getattr(current, "due_date", None))
    if raised and due and due < raised and ("due_date" in clean or "raised_on" in clean):
        raise DomainRuleError(
            f"The {kind.model.due_label.lower()} ({due}) is before the date raised ({raised}).",
            field="due_date",
        )
    owner = clean.get("owner")
    if owner is not None and not has_role(owner, scope, Role.VIEWER):
        raise DomainRuleError(
            f"{owner} has no role on this {scope.kind}; pick someone who does.", field="owner"
        )
    if "tasks" in clean:
        tasks = list(clean["tasks"] or [])
        if tasks and scope.kind != "project":
            raise DomainRuleError("Only items of a project link to tasks.", field="tasks")
        for task in tasks:
            if task.project.scope_id != scope.pk:
                raise DomainRuleError(f"The task {task} is not part of this project.", field="tasks")
        clean["tasks"] = tasks
    other = clean.get("other_project")
    if other is not None:
        if other.scope_id == scope.pk:
            raise DomainRuleError("A dependency is on another project, not this one.", field="other_project")
        if not has_role(actor, other.scope, Role.VIEWER):
            raise DomainRuleError("No project with this id among those you can see.", field="other_project")
    if "options" in clean:
        clean["options"] = clean_options(clean["options"])
    return clean


def _task_names(tasks: Any) -> list[str]:
    return sorted(str(task) for task in tasks)


def raid_item_create(*, actor: Any, kind: Kind, scope: Scope, data: Mapping[str, Any]) -> Any:
    """Record an item of ``kind`` on ``scope`` (contributor); see :attr:`Kind.fields`."""
    require_role(actor, scope, Role.CONTRIBUTOR)
    _refuse_unknown(data, kind.fields)
    clean = _clean(actor, kind, scope, data)
    tasks = clean.pop("tasks", [])
    with transaction.atomic():
        item = kind.model(scope=scope, **clean)
        item.full_clean()
        item.save()
        item.tasks.set(tasks)
        changes = {name: [None, value] for name, value in snapshot(item).items()}
        changes["tasks"] = [None, _task_names(tasks)]
        audit_log(actor=actor, action=AuditAction.CREATE, instance=item, scope=scope, changes=changes)
    return item


def _write(
    *, actor: Any, item: Any, data: Mapping[str, Any], expected_version: int | None, note: str = ""
) -> Any:
    """Apply ``data`` (tasks included) to a locked, version-checked copy; audit what changed."""
    current = lock_for_update(item, expected_version=expected_version)
    data = dict(data)
    tasks = data.pop("tasks", None)
    before = snapshot(current) | {"tasks": _task_names(current.tasks.all())}
    for name, value in data.items():
        setattr(current, name, value)
    current.full_clean()
    after = snapshot(current) | {"tasks": _task_names(tasks if tasks is not None else current.tasks.all())}
    changes = diff(before, after)
    if changes:
        current.version = models.F("version") + 1
        current.save()
        if tasks is not None:
            current.tasks.set(tasks)
        current.refresh_from_db()
        audit_log(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=current,
            scope=current.scope,
            changes=changes,
            note=note,
        )
    return current


def raid_item_update(
    *, actor: Any, item: RaidItem, data: Mapping[str, Any], expected_version: int | None
) -> Any:
    """Change an item (contributor); a decided or superseded decision cannot be changed."""
    kind = kind_of(item)
    require_role(actor, item.scope, Role.CONTRIBUTOR)
    _refuse_unknown(data, kind.fields)
    if isinstance(item, Decision) and item.status != DecisionStatus.PROPOSED:
        raise DomainRuleError(
            "A decided decision cannot be changed; record a new decision that supersedes it.", field="status"
        )
    clean = _clean(actor, kind, item.scope, data, current=item)
    with transaction.atomic():
        return _write(actor=actor, item=item, data=clean, expected_version=expected_version)


def _links_of(item: RaidItem) -> models.QuerySet[RaidLink]:
    item_type = ContentType.objects.get_for_model(item)
    return RaidLink.objects.filter(
        models.Q(source_type=item_type, source_id=item.pk)
        | models.Q(target_type=item_type, target_id=item.pk)
    )


def raid_item_delete(*, actor: Any, item: RaidItem, expected_version: int | None) -> None:
    """Delete an item and its links (manager)."""
    require_role(actor, item.scope, Role.MANAGER)
    with transaction.atomic():
        instance_delete(actor=actor, instance=item, expected_version=expected_version, scope=item.scope)
        _links_of(item).delete()


def decision_decide(
    *,
    actor: Any,
    decision: Decision,
    chosen_option: str,
    rationale: str,
    expected_version: int | None,
    decided_on: dt.date | None = None,
) -> Decision:
    """Record the decision (manager): the option chosen, why, by the actor, on ``decided_on`` (today)."""
    require_role(actor, decision.scope, Role.MANAGER)
    if decision.status != DecisionStatus.PROPOSED:
        raise DomainRuleError(
            f"This decision is already {decision.get_status_display().lower()}.", field="status"
        )
    chosen = str(chosen_option or "").strip()
    if not chosen:
        raise DomainRuleError("Name the option chosen.", field="chosen_option")
    names = [option["option"] for option in decision.options or []]
    if names and chosen.lower() not in [name.lower() for name in names]:
        raise DomainRuleError(
            f"Choose one of the options considered: {', '.join(names)}.", field="chosen_option"
        )
    if not str(rationale or "").strip():
        raise DomainRuleError("Say why this option was chosen.", field="rationale")
    on = _date(decided_on, "decided_on") or timezone.localdate()
    data = {
        "status": DecisionStatus.DECIDED,
        "chosen_option": chosen[:200],
        "rationale": str(rationale).strip(),
        "decided_by": actor,
        "decided_on": on,
    }
    with transaction.atomic():
        saved: Decision = _write(actor=actor, item=decision, data=data, expected_version=expected_version)
    return saved


def decision_supersede(
    *, actor: Any, decision: Decision, by: Decision, expected_version: int | None, note: str = ""
) -> Decision:
    """Mark a decided decision as superseded by a later one (manager; both in the same portfolio)."""
    require_role(actor, decision.scope, Role.MANAGER)
    require_role(actor, by.scope, Role.VIEWER)
    if decision.status != DecisionStatus.DECIDED:
        raise DomainRuleError("Only a decided decision can be superseded.", field="status")
    if by.pk == decision.pk:
        raise DomainRuleError("A decision cannot supersede itself.", field="by")
    if by.status == DecisionStatus.SUPERSEDED:
        raise DomainRuleError(f"{by} is itself superseded; pick the decision in force.", field="by")
    _same_portfolio(decision.scope, by.scope, field="by")
    data = {"status": DecisionStatus.SUPERSEDED, "superseded_by": by}
    with transaction.atomic():
        saved: Decision = _write(
            actor=actor, item=decision, data=data, expected_version=expected_version, note=note
        )
    return saved


def _same_portfolio(one: Scope, other: Scope, *, field: str) -> None:
    if one.path.split("/")[1] != other.path.split("/")[1]:
        raise DomainRuleError("Items of different portfolios cannot be linked.", field=field)


def raid_link_create(*, actor: Any, source: RaidItem, target: RaidItem, note: str = "") -> RaidLink:
    """Link two items (contributor on the source, able to see the target; same top-level portfolio)."""
    require_role(actor, source.scope, Role.CONTRIBUTOR)
    if not has_role(actor, target.scope, Role.VIEWER):
        raise DomainRuleError("No item with this id among those you can see.", field="target")
    if type(source) is type(target) and source.pk == target.pk:
        raise DomainRuleError("An item cannot be linked to itself.", field="target")
    _same_portfolio(source.scope, target.scope, field="target")
    source_type = ContentType.objects.get_for_model(source)
    target_type = ContentType.objects.get_for_model(target)
    existing = RaidLink.objects.filter(
        models.Q(source_type=source_type, source_id=source.pk, target_type=target_type, target_id=target.pk)
        | models.Q(source_type=target_type, source_id=target.pk, target_type=source_type, target_id=source.pk)
    )
    if existing.exists():
        raise DomainRuleError(f"{source} and {target} are already linked.", field="target")
    link = RaidLink(
        scope=source.scope,
        target_scope=target.scope,
        source_type=source_type,
        source_id=source.pk,
        target_type=target_type,
        target_id=target.pk,
        note=str(note or "").strip()[:200],
    )
    with transaction.atomic():
        link.full_clean()
        link.save()
        changes = {"source": [None, str(source)], "target": [None, str(target)], "note": [None, link.note]}
        audit_log(actor=actor, action=AuditAction.CREATE, instance=link, scope=source.scope, changes=changes)
    return link


def raid_link_delete(*, actor: Any, link: RaidLink, expected_version: int | None) -> None:
    """Remove a link (contributor on its source item's scope)."""
    require_role(actor, link.scope, Role.CONTRIBUTOR)
    with transaction.atomic():
        instance_delete(actor=actor, instance=link, expected_version=expected_version, scope=link.scope)
