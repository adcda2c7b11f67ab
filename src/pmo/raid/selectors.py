"""Permission-scoped reads of RAID items and their links (out of the user's scope: 404)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Q, QuerySet, Value, When
from django.utils import timezone

from pmo.accounts.selectors import scoped, visible_scopes
from pmo.core.models import Scope
from pmo.core.selectors import get_visible
from pmo.raid.choices import SETTLED_STATUSES, IssueStatus, Priority
from pmo.raid.kinds import KINDS, Kind
from pmo.raid.models import Issue, RaidItem, RaidLink

#: Issues in status reports, most urgent first.
PRIORITY_ORDER = (Priority.CRITICAL, Priority.HIGH, Priority.MEDIUM, Priority.LOW)
#: The owners of a scope, in one query with the scope.
SCOPE_OWNERS = ("scope__project", "scope__program", "scope__portfolio")


def node_scope_get(user: Any, uid: Any) -> Scope:
    """The scope of the visible portfolio, program or project whose public id is ``uid``, or 404."""
    queryset = visible_scopes(user).select_related("project", "program", "portfolio")
    try:
        match = Q(project__uid=uid) | Q(program__uid=uid) | Q(portfolio__uid=uid)
    except (TypeError, ValueError):
        match = Q(pk__in=[])
    return get_visible(queryset.filter(match))


def items_visible(user: Any, kind: Kind) -> QuerySet[Any]:
    """Items of ``kind`` in the scopes the user may see, with their scope owner and people."""
    queryset: QuerySet[Any] = kind.model._default_manager.select_related("owner", *SCOPE_OWNERS)
    related: list[str] = []
    if kind.key == "dependency":
        related = ["other_project"]
    if kind.key == "decision":
        related = ["decided_by", "superseded_by"]
    if related:  # select_related() without names would follow every foreign key
        queryset = queryset.select_related(*related)
    return scoped(queryset, user).prefetch_related("tasks")


def item_get(user: Any, kind: Kind, uid: Any) -> Any:
    """One visible item of ``kind``, or 404."""
    return get_visible(items_visible(user, kind), uid=uid)


def items_under(user: Any, kind: Kind, scope: Scope) -> QuerySet[Any]:
    """Visible items of ``kind`` on ``scope`` and every scope below it (a program shows its projects')."""
    return items_visible(user, kind).filter(scope__path__startswith=scope.path)


def filter_items(queryset: QuerySet[Any], filters: dict[str, Any]) -> QuerySet[Any]:
    """Narrow by ``status``, ``owner`` (username), ``overdue`` (True/False) and ``search`` (title)."""
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("owner"):
        queryset = queryset.filter(owner__username=filters["owner"])
    if filters.get("search"):
        queryset = queryset.filter(title__icontains=filters["search"])
    overdue = filters.get("overdue")
    if overdue is not None and overdue != "":
        late = Q(due_date__lt=timezone.localdate()) & ~Q(status__in=SETTLED_STATUSES)
        queryset = queryset.filter(late) if overdue in (True, "true", "1", "on") else queryset.exclude(late)
    return queryset


def item_counts(user: Any, scope: Scope) -> dict[str, int]:
    """How many items of each kind the log of ``scope`` holds (for the tabs)."""
    return {key: items_under(user, kind, scope).count() for key, kind in KINDS.items()}


def link_candidates(user: Any, item: RaidItem) -> list[tuple[str, str]]:
    """Items the user may link ``item`` to: visible, in the same top-level portfolio, not itself.

    ``(value, label)`` pairs; the value is ``<kind>:<uid>``. At most 100 per kind, newest first.
    """
    root = item.scope.path.split("/")[1]
    choices: list[tuple[str, str]] = []
    for kind in KINDS.values():
        rows = (
            scoped(kind.model._default_manager.filter(scope__path__startswith=f"/{root}/"), user)
            .exclude(uid=item.uid)
            .order_by("-created_at")
            .values_list("uid", "title")[:100]
        )
        choices += [(f"{kind.key}:{uid}", f"{kind.label}: {title}") for uid, title in rows]
    return choices


@dataclass(frozen=True)
class LinkedItem:
    """The other end of a link, as seen from one item."""

    link: RaidLink
    kind: Kind
    item: RaidItem
    outgoing: bool


def links_of(user: Any, item: RaidItem) -> list[LinkedItem]:
    """Links from and to ``item`` whose other end the user may see, in the order they were made."""
    item_type = ContentType.objects.get_for_model(item)
    links = scoped(scoped(RaidLink.objects.all(), user), user, path_lookup="target_scope__path").filter(
        Q(source_type=item_type, source_id=item.pk) | Q(target_type=item_type, target_id=item.pk)
    )
    ends: dict[int, set[int]] = defaultdict(set)
    rows = list(links)
    for link in rows:
        outgoing = link.source_type_id == item_type.pk and link.source_id == item.pk
        type_id, pk = (
            (link.target_type_id, link.target_id) if outgoing else (link.source_type_id, link.source_id)
        )
        ends[type_id].add(pk)
    found: dict[tuple[int, int], tuple[Kind, RaidItem]] = {}
    for type_id, pks in ends.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        kind = next(k for k in KINDS.values() if k.model is model)
        for pk, other in kind.model._default_manager.in_bulk(list(pks)).items():
            found[(type_id, pk)] = (kind, other)
    result = []
    for link in rows:
        outgoing = link.source_type_id == item_type.pk and link.source_id == item.pk
        key = (link.target_type_id, link.target_id) if outgoing else (link.source_type_id, link.source_id)
        if key in found:
            result.append(LinkedItem(link, found[key][0], found[key][1], outgoing))
    return result


def link_get(user: Any, uid: Any) -> RaidLink:
    """One link whose both ends the user may see, or 404."""
    link: RaidLink = get_visible(links_visible(user), uid=uid)
    return link


def links_visible(user: Any) -> QuerySet[RaidLink]:
    """Links whose both ends the user may see."""
    queryset = RaidLink.objects.select_related("source_type", "target_type", "scope", "target_scope")
    return scoped(scoped(queryset, user), user, path_lookup="target_scope__path")


def open_issues(project: Any) -> QuerySet[Issue]:
    """Unsettled issues of a project (for status reports), most urgent first; no user scoping:
    the caller already shows the project."""
    return (
        Issue.objects.filter(scope_id=project.scope_id)
        .exclude(status__in=(IssueStatus.RESOLVED, IssueStatus.CLOSED))
        .annotate(rank=Case(*(When(priority=p, then=Value(i)) for i, p in enumerate(PRIORITY_ORDER))))
        .order_by("rank", "due_date", "id")
    )
