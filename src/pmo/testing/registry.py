"""Types of the route registry (``tests/route_registry.py``) that drives the permission battery.

Each :class:`Route` says, for one URL name: which object type of the authz matrix it acts on,
where its URL keyword arguments (and query parameters) come from in the :class:`~pmo.testing.personas.World`,
and which matrix action each HTTP method performs. Methods not listed must answer 405.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

HTTP_METHODS: tuple[str, ...] = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
SAFE_METHODS = frozenset({"GET", "HEAD"})

#: Builds the request body for an unsafe method: ``payload(ctx) -> dict``.
PayloadFactory = Callable[["PayloadContext"], dict[str, Any]]


@dataclass(frozen=True)
class PayloadContext:
    """What a payload factory may use: the world, the side whose objects fill the URL, the method."""

    world: Any
    side: Any
    method: str
    persona: str
    objects: dict[str, Any] = field(default_factory=dict)
    """The objects filling the URL kwargs, query and body references, by registry key."""


@dataclass(frozen=True)
class Route:
    """One registered URL name (see the module docstring)."""

    name: str
    obj: str
    kwargs: Mapping[str, str] = field(default_factory=dict)
    methods: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, str] = field(default_factory=dict)
    body: Mapping[str, str] = field(default_factory=dict)
    """Body fields referencing world objects (sent as public ids), e.g. ``{"program": "program"}``."""
    payload: PayloadFactory | None = None
    note: str = ""

    def action(self, method: str) -> str | None:
        """The matrix action of ``method`` (HEAD follows GET); ``None`` when not allowed."""
        if method == "HEAD" and "HEAD" not in self.methods:
            return self.methods.get("GET")
        return self.methods.get(method)

    def effective_methods(self) -> set[str]:
        """The methods this entry registers (HEAD included when GET is)."""
        methods = set(self.methods)
        if "GET" in methods:
            methods.add("HEAD")
        return methods

    @property
    def has_object(self) -> bool:
        """True when the URL, its query or its body names an object of the world."""
        return bool(self.kwargs) or bool(self.query) or bool(self.body)

    @property
    def object_in_body_only(self) -> bool:
        """True when the object is referenced from the body only (out of scope: 400 or 404)."""
        return bool(self.body) and not (self.kwargs or self.query)


def methods_to_test(entry: Route, variants: list[Route]) -> tuple[str, ...]:
    """Methods the battery runs for ``entry``: its own, plus the ones no variant of its URL name
    registers (those must answer 405). A method another variant registers is that variant's job."""
    others: set[str] = set()
    for variant in variants:
        if variant is not entry and variant.name == entry.name:
            others |= variant.effective_methods()
    own = entry.effective_methods()
    return tuple(m for m in HTTP_METHODS if m in own or m not in others)


def route(
    name: str,
    obj: str,
    *,
    kwargs: Mapping[str, str] | None = None,
    query: Mapping[str, str] | None = None,
    body: Mapping[str, str] | None = None,
    payload: PayloadFactory | None = None,
    note: str = "",
    **methods: str,
) -> Route:
    """Shorthand for :class:`Route`.

    Example: ``route("projects:edit", "project", kwargs={"uid": "project"}, GET="view", POST="edit")``.
    """
    unknown = set(methods) - set(HTTP_METHODS)
    if unknown:
        raise ValueError(f"{name}: unknown HTTP methods {sorted(unknown)}")
    return Route(
        name=name,
        obj=obj,
        kwargs=dict(kwargs or {}),
        methods=dict(methods),
        query=dict(query or {}),
        body=dict(body or {}),
        payload=payload,
        note=note,
    )
