"""Base viewsets: reads through selectors, writes through services, ETags and idempotency.

An app's viewset says *which* selector and service to call through a few hooks; this module
says *how* every endpoint behaves: the same lookup by ``uid``, 404 outside the caller's scope, the
input serializer as writable-field allow-list, ``If-Match`` on every write, ``ETag`` on every
answer about one object, ``Idempotency-Key`` on creates, and ``history/`` from the audit trail.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo.core.api.concurrency import etag_headers, expected_version
from pmo.core.api.idempotency import idempotent
from pmo.core.api.serializers import AuditEntrySerializer
from pmo.core.selectors import history_of

UUID_PATTERN = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"


class ScopedListViewSet(viewsets.GenericViewSet):
    """List-only base: the queryset comes from :meth:`visible`, a permission-scoped selector.

    Subclasses name their output serializer as ``serializer_class`` and their filterset as
    ``filterset_class``.
    """

    filter_backends: ClassVar[list[Any]] = [DjangoFilterBackend]
    input_serializer_classes: ClassVar[dict[str, type[serializers.Serializer]]] = {}

    def visible(self) -> QuerySet[Any]:
        """The objects the caller may see (a permission-scoped selector)."""
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        """The scoped queryset (an empty one while the schema is generated)."""
        if getattr(self, "swagger_fake_view", False):
            return self.serializer_class.Meta.model._default_manager.none()  # type: ignore[union-attr]
        return self.visible()

    def get_input_serializer_class(self) -> type[serializers.Serializer] | None:
        """The writable-field allow-list of the current action, if it takes a body."""
        return self.input_serializer_classes.get(str(self.action))

    def validated_input(self, request: Request, *, partial: bool = False) -> dict[str, Any]:
        """Validate the body with the action's input serializer; 400 names each bad field."""
        serializer_class = self.get_input_serializer_class()
        if serializer_class is None:
            raise ImproperlyConfigured(f"{type(self).__name__} has no input serializer for {self.action}")
        serializer = serializer_class(
            data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def output(self, instance: Any) -> Any:
        """The representation of ``instance`` given by the output serializer."""
        return self.get_serializer(instance).data

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Paginated, filtered and ordered list of the visible objects."""
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)


class ScopedViewSet(ScopedListViewSet):
    """Read-side base: list, and one object by public id through :meth:`fetch`.

    ``fetch(uid)`` is the app's ``*_get`` selector: it raises ``Http404`` outside the caller's
    scope, so another portfolio's object looks exactly like one that does not exist.
    """

    lookup_field = "uid"
    lookup_url_kwarg = "uid"
    lookup_value_regex = UUID_PATTERN

    def fetch(self, uid: Any) -> Any:
        """One visible object by public id, or ``Http404``."""
        raise NotImplementedError

    def get_object(self) -> Any:
        """The object named in the URL, through the scoped selector (404 when out of scope)."""
        obj = self.fetch(self.kwargs[self.lookup_url_kwarg])
        self.check_object_permissions(self.request, obj)
        return obj

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One visible object (with its ``ETag`` when it is versioned)."""
        instance = self.get_object()
        headers = etag_headers(instance) if hasattr(instance, "etag") else {}
        return Response(self.output(instance), headers=headers)


class VersionedViewSet(ScopedViewSet):
    """Full read/write base for versioned objects (ModelViewSet-like, but service-backed).

    Hooks: ``require_writable(obj)`` (the role needed to touch the object at all, so a viewer
    gets 403 before being asked for ``If-Match``), ``perform_create(data)``,
    ``perform_update(obj, data, version)`` and ``perform_destroy(obj, version)``, each calling
    the app's service with the acting user. Input serializers by action in
    ``input_serializer_classes`` (``create``, ``update``, ``partial_update``).
    """

    versioned: ClassVar[bool] = True
    idempotent_create: ClassVar[bool] = True
    if_match_actions: ClassVar[tuple[str, ...]] = ()
    etag_actions: ClassVar[tuple[str, ...]] = ()

    def require_writable(self, instance: Any) -> None:
        """Raise ``PermissionDenied`` when the caller may not change ``instance`` at all."""
        raise NotImplementedError

    def perform_create(self, data: dict[str, Any]) -> Any:
        """Create through the app's service and return the new object."""
        raise NotImplementedError

    def perform_update(self, instance: Any, data: dict[str, Any], version: int) -> Any:
        """Update through the app's service and return the saved object."""
        raise NotImplementedError

    def perform_destroy(self, instance: Any, version: int) -> None:
        """Delete through the app's service."""
        raise NotImplementedError

    def location_of(self, instance: Any) -> str:
        """Absolute path of ``instance``'s detail endpoint."""
        return self.reverse_action("detail", kwargs={self.lookup_url_kwarg: instance.uid})

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Create an object; a retried request with the same ``Idempotency-Key`` creates nothing."""

        def perform() -> Response:
            instance = self.perform_create(self.validated_input(request))
            headers = {**etag_headers(instance), "Location": self.location_of(instance)}
            return Response(self.output(instance), status=201, headers=headers)

        return idempotent(request, perform) if self.idempotent_create else perform()

    def _write(self, request: Request, *, partial: bool) -> Response:
        instance = self.get_object()
        self.require_writable(instance)
        version = expected_version(request, instance)
        data = self.validated_input(request, partial=partial)
        saved = self.perform_update(instance, data, version)
        return Response(self.output(saved), headers=etag_headers(saved))

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Replace the object's editable fields (fields left out get their defaults); needs ``If-Match``."""
        return self._write(request, partial=False)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change some of the object's editable fields; needs ``If-Match``."""
        return self._write(request, partial=True)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Delete the object; needs ``If-Match``."""
        instance = self.get_object()
        self.require_writable(instance)
        version = expected_version(request, instance)
        self.perform_destroy(instance, version)
        return Response(status=204)


class HistoryMixin:
    """``GET <detail>/history/``: the object's audit records, newest first, paginated."""

    @extend_schema(
        summary="History of changes",
        description="Audit records of this object, newest first: who, when, what, before and after.",
        responses=AuditEntrySerializer(many=True),
        filters=False,
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Audit records of the object (visible to anyone who may see the object)."""
        view: Any = self
        instance: Model = view.get_object()
        page = view.paginate_queryset(history_of(instance))
        return view.get_paginated_response(AuditEntrySerializer(page, many=True).data)  # type: ignore[no-any-return]
