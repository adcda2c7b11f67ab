"""``/api/v1/raid-issues/``, ``assumptions/``, ``dependencies/``, ``decisions/``, ``actions/`` and
``raid-links/``: RAID items of the scopes the caller may see.

One viewset class serves every kind (:class:`RaidItemViewSet`); the kinds differ only by their
:class:`~pmo.raid.kinds.Kind`. Reads come from :mod:`pmo.raid.selectors` (404 outside the caller's
scope), writes from :mod:`pmo.raid.services`; roles: ``docs/authz/raid.yaml``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.api.concurrency import etag_headers, expected_version
from pmo.core.api.viewsets import HistoryMixin, VersionedViewSet
from pmo.raid import selectors, services
from pmo.raid.api import serializers as s
from pmo.raid.filtersets import FILTERSETS
from pmo.raid.kinds import KINDS, Kind
from pmo.raid.models import RaidLink


class RaidItemViewSet(HistoryMixin, VersionedViewSet):
    """RAID items of one kind. Contributors record and change them; managers delete them."""

    kind: ClassVar[Kind]

    def visible(self) -> QuerySet[Any]:
        """Items of the kind visible to the caller."""
        return selectors.items_visible(self.request.user, self.kind)

    def fetch(self, uid: Any) -> Any:
        """One visible item, or 404."""
        return selectors.item_get(self.request.user, self.kind, uid)

    def require_writable(self, instance: Any) -> None:
        """Changing an item needs the contributor role (deleting one: the manager role)."""
        role = Role.MANAGER if self.action == "destroy" else Role.CONTRIBUTOR
        require_role(self.request.user, instance.scope, role)

    def perform_create(self, data: dict[str, Any]) -> Any:
        """Record through :func:`~pmo.raid.services.raid_item_create`."""
        scope = data.pop("scope")
        return services.raid_item_create(actor=self.request.user, kind=self.kind, scope=scope, data=data)

    def perform_update(self, instance: Any, data: dict[str, Any], version: int) -> Any:
        """Change through :func:`~pmo.raid.services.raid_item_update`."""
        return services.raid_item_update(
            actor=self.request.user, item=instance, data=data, expected_version=version
        )

    def perform_destroy(self, instance: Any, version: int) -> None:
        """Delete through :func:`~pmo.raid.services.raid_item_delete`."""
        services.raid_item_delete(actor=self.request.user, item=instance, expected_version=version)


def _viewset(kind: Kind, **extra: Any) -> type[RaidItemViewSet]:
    create, update = s.INPUT[kind.key]
    attrs = {
        "kind": kind,
        "serializer_class": s.OUTPUT[kind.key],
        "filterset_class": FILTERSETS[kind.key],
        "input_serializer_classes": {"create": create, "update": update, "partial_update": update, **extra},
        "__module__": __name__,
        "__doc__": f"{kind.label_plural} of the portfolios, programs and projects you can see. Contributors "
        f"record and change them; managers delete them. ``?overdue=true`` lists the overdue ones.",
    }
    return extend_schema(tags=["raid"])(type(f"{kind.model.__name__}ViewSet", (RaidItemViewSet,), attrs))


IssueViewSet = _viewset(KINDS["issue"])
AssumptionViewSet = _viewset(KINDS["assumption"])
DependencyViewSet = _viewset(KINDS["dependency"])
ActionViewSet = _viewset(KINDS["action"])


_DecisionBase: Any = _viewset(KINDS["decision"], decide=s.DecideSerializer, supersede=s.SupersedeSerializer)


@extend_schema(tags=["raid"])
class DecisionViewSet(_DecisionBase):  # type: ignore[misc]
    """Decisions with the options considered. Contributors record and change proposed ones;
    managers decide them (then they are immutable) and supersede decided ones."""

    if_match_actions = ("decide", "supersede")

    def _state_change(self, request: Request, perform: Any) -> Response:
        instance = self.get_object()
        require_role(request.user, instance.scope, Role.MANAGER)  # 403 before If-Match and the body
        version = expected_version(request, instance)
        data = self.validated_input(request)
        saved = perform(instance, data, version)
        return Response(self.output(saved), headers=etag_headers(saved))

    @extend_schema(summary="Record a decision", request=s.DecideSerializer, responses=s.OUTPUT["decision"])
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Proposed → decided, by the caller (manager); needs ``If-Match``."""
        return self._state_change(
            request,
            lambda obj, data, version: services.decision_decide(
                actor=request.user, decision=obj, expected_version=version, **data
            ),
        )

    @extend_schema(
        summary="Supersede a decision", request=s.SupersedeSerializer, responses=s.OUTPUT["decision"]
    )
    @action(detail=True, methods=["post"])
    def supersede(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Decided → superseded by another decision (manager); needs ``If-Match``."""
        return self._state_change(
            request,
            lambda obj, data, version: services.decision_supersede(
                actor=request.user, decision=obj, expected_version=version, **data
            ),
        )


@extend_schema(tags=["raid"])
class RaidLinkViewSet(HistoryMixin, VersionedViewSet):
    """Links between RAID items, listed when the caller sees both ends. Contributors of the source
    item's scope link (the target in the same top-level portfolio) and unlink."""

    serializer_class = s.RaidLinkSerializer
    http_method_names = ["get", "post", "delete", "head", "options"]
    input_serializer_classes = {"create": s.RaidLinkCreateSerializer}
    filterset_class = None

    def visible(self) -> QuerySet[RaidLink]:
        """Links whose both ends the caller sees."""
        return selectors.links_visible(self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A page of links, with both ends of every link loaded in one query per kind."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset())) or []
        keys = [(link.source_type_id, link.source_id) for link in page]
        keys += [(link.target_type_id, link.target_id) for link in page]
        context = {**self.get_serializer_context(), "ends": s.link_ends(keys)}
        data = s.RaidLinkSerializer(page, many=True, context=context).data
        return self.get_paginated_response(data)

    def fetch(self, uid: Any) -> RaidLink:
        """One visible link, or 404."""
        return selectors.link_get(self.request.user, uid)

    def require_writable(self, instance: RaidLink) -> None:
        """Unlinking needs the contributor role on the source item's scope."""
        require_role(self.request.user, instance.scope, Role.CONTRIBUTOR)

    def perform_create(self, data: dict[str, Any]) -> RaidLink:
        """Link through :func:`~pmo.raid.services.raid_link_create`."""
        return services.raid_link_create(actor=self.request.user, **data)

    def perform_destroy(self, instance: RaidLink, version: int) -> None:
        """Unlink through :func:`~pmo.raid.services.raid_link_delete`."""
        services.raid_link_delete(actor=self.request.user, link=instance, expected_version=version)
