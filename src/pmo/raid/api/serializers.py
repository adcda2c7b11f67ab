"""Serializers of RAID items and links: one output shape per kind and an input allow-list per
write, all built from :data:`pmo.raid.kinds.KINDS` so the five kinds stay alike."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmo.accounts.selectors import users_visible
from pmo.core.api.serializers import StrictInputSerializer
from pmo.projects.selectors import projects_visible, tasks_visible
from pmo.quality.api.fields import VisibleObjectField
from pmo.raid import selectors
from pmo.raid.kinds import KIND_CHOICES, KINDS, Kind
from pmo.raid.models import RaidItem, RaidLink

ETAG_HELP = "Send it back in If-Match to change this object."
LONG_TEXTS = ("description", "impact", "resolution", "rationale", "context")


class VisibleUserField(serializers.CharField):
    """A username among the people the caller may see."""

    def to_internal_value(self, data: Any) -> Any:
        """Resolve the username (400 naming the field when unknown to the caller)."""
        name = super().to_internal_value(data)
        user = getattr(self.context.get("request"), "user", None)
        found = users_visible(user).filter(username=name).first() if user is not None else None
        if found is None:
            raise serializers.ValidationError("No person with this username among those you can see.")
        return found


class VisibleTasksField(serializers.ListField):
    """Public ids of tasks the caller may see."""

    child = serializers.UUIDField()

    def to_internal_value(self, data: Any) -> Any:
        """Resolve every id (400 naming the field when one is unknown to the caller)."""
        uids = super().to_internal_value(data)
        user = getattr(self.context.get("request"), "user", None)
        tasks = list(tasks_visible(user).filter(uid__in=uids)) if user is not None else []
        if len(tasks) != len(set(uids)):
            raise serializers.ValidationError("Some task ids are not among the tasks you can see.")
        return tasks


class NodeField(serializers.UUIDField):
    """The public id of a portfolio, program or project the caller may see; becomes its scope."""

    def to_internal_value(self, data: Any) -> Any:
        """Resolve the node's scope."""
        uid = super().to_internal_value(data)
        try:
            return selectors.node_scope_get(self.context["request"].user, uid)
        except Http404:
            raise serializers.ValidationError(
                "No portfolio, program or project with this id among those you can see."
            ) from None


class OptionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One option a decision considers."""

    option = serializers.CharField(max_length=200)
    pros = serializers.CharField(allow_blank=True, required=False, default="", max_length=1000)
    cons = serializers.CharField(allow_blank=True, required=False, default="", max_length=1000)


def _input_field(kind: Kind, name: str) -> serializers.Field:  # type: ignore[type-arg]
    model_field: Any = kind.model._meta.get_field(name)
    if name == "title":
        return serializers.CharField(max_length=200)
    if name in LONG_TEXTS:
        return serializers.CharField(allow_blank=True, required=False)
    if name in ("other_party", "chosen_option"):
        return serializers.CharField(allow_blank=True, required=False, max_length=200)
    if name == "owner":
        return VisibleUserField(allow_null=True, required=False, help_text="Username of the owner.")
    if name in ("raised_on", "due_date"):
        return serializers.DateField(allow_null=name == "due_date", required=False)
    if name == "tasks":
        return VisibleTasksField(required=False, help_text="Public ids of tasks of the item's project.")
    if name == "other_project":
        return VisibleObjectField(
            visible=projects_visible, noun="project", allow_null=True, required=False, help_text="Public id."
        )
    if name == "options":
        return OptionSerializer(many=True, required=False)
    return serializers.ChoiceField(choices=model_field.choices, required=False)


def _output_class(kind: Kind) -> type[serializers.ModelSerializer[Any]]:
    people: dict[str, Any] = {
        name: serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
        for name in ("owner", "decided_by")
        if name in [f.name for f in kind.model._meta.fields]
    }
    related: dict[str, Any] = {
        name: serializers.SlugRelatedField(slug_field="uid", read_only=True, allow_null=True)
        for name in ("other_project", "superseded_by")
        if name in [f.name for f in kind.model._meta.fields]
    }
    extra = [
        n
        for n in ("decided_by", "decided_on", "superseded_by")
        if n in [f.name for f in kind.model._meta.fields]
    ]
    fields = (
        "uid",
        "scope",
        "scope_kind",
        "scope_code",
        *[f for f in kind.fields if f != "tasks"],
        "tasks",
        *[n for n in ("status",) if n not in kind.fields],
        *extra,
        "overdue",
        "version",
        "etag",
        "created_at",
        "updated_at",
    )
    meta = type("Meta", (), {"model": kind.model, "fields": fields, "read_only_fields": fields})
    attrs: dict[str, Any] = {
        "Meta": meta,
        "__module__": __name__,
        "__doc__": f"A {kind.label.lower()} as the API shows it.",
        "scope": serializers.UUIDField(
            source="scope.owner.uid", read_only=True, help_text="Its portfolio, program or project."
        ),
        "scope_kind": serializers.CharField(source="scope.kind", read_only=True),
        "scope_code": serializers.CharField(source="scope.owner.code", read_only=True),
        "tasks": serializers.SlugRelatedField(slug_field="uid", many=True, read_only=True),
        "overdue": serializers.BooleanField(source="is_overdue", read_only=True),
        "etag": serializers.CharField(read_only=True, help_text=ETAG_HELP),
        **people,
        **related,
    }
    return type(f"Raid{kind.model.__name__}Serializer", (serializers.ModelSerializer,), attrs)


def _input_classes(kind: Kind) -> tuple[type[StrictInputSerializer], type[StrictInputSerializer]]:
    declared = {name: _input_field(kind, name) for name in kind.fields}
    hints = (
        {"status": "Decide or supersede the decision to change its status."} if kind.key == "decision" else {}
    )
    base: dict[str, Any] = {"__module__": __name__, "read_only_hints": hints}
    update = type(
        f"Raid{kind.model.__name__}UpdateSerializer",
        (StrictInputSerializer,),
        {**base, **declared, "__doc__": f"Body of PUT/PATCH on a {kind.label.lower()}."},
    )
    create_fields = {name: _input_field(kind, name) for name in kind.fields}
    create = type(
        f"Raid{kind.model.__name__}CreateSerializer",
        (StrictInputSerializer,),
        {
            **base,
            **create_fields,
            "scope": NodeField(help_text="Public id of the portfolio, program or project."),
            "__doc__": f"Body of POST to record a {kind.label.lower()}.",
        },
    )
    return create, update


OUTPUT: dict[str, type[serializers.ModelSerializer[Any]]] = {
    k: _output_class(kind) for k, kind in KINDS.items()
}
INPUT: dict[str, tuple[type[StrictInputSerializer], type[StrictInputSerializer]]] = {
    k: _input_classes(kind) for k, kind in KINDS.items()
}


class DecideSerializer(StrictInputSerializer):
    """Body of ``POST /decisions/{uid}/decide/``."""

    chosen_option = serializers.CharField(max_length=200)
    rationale = serializers.CharField()
    decided_on = serializers.DateField(required=False, allow_null=True, help_text="Default: today.")


class SupersedeSerializer(StrictInputSerializer):
    """Body of ``POST /decisions/{uid}/supersede/``."""

    by = VisibleObjectField(
        visible=lambda user: selectors.items_visible(user, KINDS["decision"]),
        noun="decision",
        help_text="Public id of the decision that supersedes this one.",
    )
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=200)


class ItemRefSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """One end of a link."""

    kind = serializers.CharField()
    uid = serializers.UUIDField()
    title = serializers.CharField()


class RaidLinkSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """A link between two RAID items."""

    source = serializers.SerializerMethodField()  # type: ignore[assignment]
    target = serializers.SerializerMethodField()
    etag = serializers.CharField(read_only=True, help_text=ETAG_HELP)

    class Meta:
        model = RaidLink
        fields = ("uid", "source", "target", "note", "version", "etag", "created_at")
        read_only_fields = fields

    @extend_schema_field(ItemRefSerializer)
    def get_source(self, link: RaidLink) -> dict[str, Any]:
        """The item the link was made from."""
        return self._end(link.source_type_id, link.source_id)

    @extend_schema_field(ItemRefSerializer)
    def get_target(self, link: RaidLink) -> dict[str, Any]:
        """The item it points to."""
        return self._end(link.target_type_id, link.target_id)

    def _end(self, type_id: int, pk: int) -> dict[str, Any]:
        ends: dict[tuple[int, int], RaidItem] = self.context.get("ends") or {}
        item = ends.get((type_id, pk)) or link_ends([(type_id, pk)])[(type_id, pk)]
        return {"kind": item._meta.model_name, "uid": str(item.uid), "title": item.title}


def link_ends(keys: Any) -> dict[tuple[int, int], RaidItem]:
    """The items at ``(content type id, pk)`` keys, one query per kind."""
    wanted: dict[int, set[int]] = {}
    for type_id, pk in keys:
        wanted.setdefault(type_id, set()).add(pk)
    found: dict[tuple[int, int], RaidItem] = {}
    for type_id, pks in wanted.items():
        model: Any = ContentType.objects.get_for_id(type_id).model_class()
        found |= {(type_id, pk): item for pk, item in model._default_manager.in_bulk(list(pks)).items()}
    return found


class RaidLinkCreateSerializer(StrictInputSerializer):
    """Body of ``POST /raid-links/``: the two items by kind and public id."""

    source_kind = serializers.ChoiceField(choices=KIND_CHOICES)
    source = serializers.UUIDField()  # type: ignore[assignment]
    target_kind = serializers.ChoiceField(choices=KIND_CHOICES)
    target = serializers.UUIDField()
    note = serializers.CharField(allow_blank=True, required=False, default="", max_length=200)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        """Resolve both ends among the items the caller may see (400 naming the end otherwise)."""
        user = self.context["request"].user
        for end in ("source", "target"):
            try:
                attrs[end] = selectors.item_get(user, KINDS[attrs.pop(f"{end}_kind")], attrs[end])
            except Http404:
                raise serializers.ValidationError({end: "No such item among those you can see."}) from None
        return attrs
