"""What-if scenarios: a user's own, so any signed-in user writes them (no role on a scope).

A scenario names projects the user may see: ``added`` ones must be "proposed" or "planning";
``moves`` shift a project's assignments by whole days (at most ten years either way). Each write is
one transaction, bumps the version and is audited (without a scope: it belongs to its owner).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from pmo.capacity.models import Scenario
from pmo.capacity.selectors import ADDABLE
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_delete, instance_update
from pmo.projects.selectors import projects_visible

MAX_SHIFT = 3653
SCENARIO_FIELDS = ("name", "added", "moves")


def _signed_in(actor: Any) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("sign in to keep what-if scenarios")


def _clean_name(actor: Any, name: Any, *, exclude: int | None = None) -> str:
    text = str(name or "").strip()
    if not text:
        raise DomainRuleError("Name the scenario.", field="name")
    if len(text) > 100:
        raise DomainRuleError("The name is longer than 100 characters.", field="name")
    clash = Scenario.objects.filter(owner=actor, name__iexact=text)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise DomainRuleError(f"You already have a scenario named {text!r}.", field="name")
    return text


def _clean_added(actor: Any, added: Iterable[Any]) -> list[str]:
    uids = sorted({str(uid) for uid in added})
    found = dict(projects_visible(actor).filter(uid__in=uids).values_list("uid", "state"))
    for uid in uids:
        state = next((s for u, s in found.items() if str(u) == uid), None)
        if state is None:
            raise DomainRuleError(f"No project {uid} you may see.", field="added")
        if state not in ADDABLE:
            raise DomainRuleError(
                f"Project {uid} is already counted; only proposed or planning projects are added.",
                field="added",
            )
    return uids


def _clean_moves(actor: Any, moves: Mapping[Any, Any]) -> dict[str, int]:
    clean: dict[str, int] = {}
    for uid, days in moves.items():
        try:
            shift = int(days)
        except (TypeError, ValueError):
            raise DomainRuleError(f"{days!r} is not a whole number of days.", field="moves") from None
        if abs(shift) > MAX_SHIFT:
            raise DomainRuleError(f"A move is at most {MAX_SHIFT} days either way.", field="moves")
        if shift:
            clean[str(uid)] = shift
    known = {
        str(u) for u in projects_visible(actor).filter(uid__in=list(clean)).values_list("uid", flat=True)
    }
    missing = sorted(set(clean) - known)
    if missing:
        raise DomainRuleError(f"No project {missing[0]} you may see.", field="moves")
    return clean


def scenario_create(
    *, actor: Any, name: str, added: Iterable[Any] = (), moves: Mapping[Any, Any] | None = None
) -> Scenario:
    """Keep a new scenario of ``actor``."""
    _signed_in(actor)
    with transaction.atomic():
        scenario = Scenario(
            owner=actor,
            name=_clean_name(actor, name),
            added=_clean_added(actor, added),
            moves=_clean_moves(actor, moves or {}),
        )
        return instance_create(actor=actor, instance=scenario, scope=None)


def scenario_update(
    *, actor: Any, scenario: Scenario, data: Mapping[str, Any], expected_version: int | None
) -> Scenario:
    """Change the name, added projects or moves of one's own scenario."""
    _signed_in(actor)
    if scenario.owner_id != actor.pk:
        raise PermissionDenied("a scenario is changed by its owner only")
    unknown = sorted(set(data) - set(SCENARIO_FIELDS))
    if unknown:
        raise DomainRuleError(f"read-only or unknown field: {', '.join(unknown)}", field=unknown[0])
    clean: dict[str, Any] = {}
    if "name" in data:
        clean["name"] = _clean_name(actor, data["name"], exclude=scenario.pk)
    if "added" in data:
        clean["added"] = _clean_added(actor, data["added"])
    if "moves" in data:
        clean["moves"] = _clean_moves(actor, data["moves"])
    with transaction.atomic():
        updated, _ = instance_update(
            actor=actor, instance=scenario, data=clean, expected_version=expected_version, scope=None
        )
    return updated


def scenario_delete(*, actor: Any, scenario: Scenario, expected_version: int | None) -> None:
    """Delete one's own scenario."""
    _signed_in(actor)
    if scenario.owner_id != actor.pk:
        raise PermissionDenied("a scenario is deleted by its owner only")
    with transaction.atomic():
        instance_delete(actor=actor, instance=scenario, expected_version=expected_version, scope=None)
