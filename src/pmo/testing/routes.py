"""``all_routes()``: every named URL of the site (pages, htmx fragments and API), from the resolver.

The permission battery and the route-completeness gate both start here, so a view that is added to
any ``urls.py`` shows up in them without anyone remembering to list it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, UUIDConverter

#: Fragments are recognised by name (the UI names them ``*-fragment``/``*_partial``/``tree``...).
_FRAGMENT_WORDS = re.compile(r"(fragment|partial|tree|nav|row|children|panel|htmx)", re.IGNORECASE)
#: DRF's optional ``.json`` suffix routes duplicate the plain ones.
_FORMAT_SUFFIX = "format"


@dataclass(frozen=True)
class RouteInfo:
    """One named URL pattern as the resolver sees it."""

    name: str
    """Fully qualified name, e.g. ``projects:detail`` or ``api:project-detail``."""
    template: str
    """The route with its converters, e.g. ``projects/<uuid:uid>/edit/``."""
    converters: dict[str, Any] = field(default_factory=dict)
    callback: Any = None

    @property
    def is_api(self) -> bool:
        """True for REST API routes (under ``/api/``)."""
        return self.name.startswith("api:") or self.template.startswith("api/")

    @property
    def is_fragment(self) -> bool:
        """True for htmx fragments (partial HTML), by naming convention."""
        return not self.is_api and bool(_FRAGMENT_WORDS.search(self.name.split(":")[-1]))

    @property
    def kind(self) -> str:
        """``"api"``, ``"fragment"`` or ``"page"``."""
        return "api" if self.is_api else "fragment" if self.is_fragment else "page"

    @property
    def kwarg_names(self) -> tuple[str, ...]:
        """The URL keyword arguments, in order of appearance."""
        return tuple(
            match[0] or match[1] for match in re.findall(r"\(\?P<(\w+)>|<(?:\w+:)?(\w+)>", self.template)
        )

    def converter_kind(self, kwarg: str) -> str:
        """``"uuid"``, ``"int"`` or ``"str"`` for a URL keyword argument."""
        converter = self.converters.get(kwarg)
        if isinstance(converter, UUIDConverter):
            return "uuid"
        if isinstance(converter, IntConverter):
            return "int"
        return "str"

    def allowed_methods(self) -> set[str] | None:
        """HTTP methods the view implements, when it says so (class-based views); else ``None``."""
        view_class = getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None)
        if view_class is None:
            return None
        names = set(getattr(view_class, "http_method_names", [])) - {"options", "trace"}
        actions = getattr(self.callback, "actions", None)
        if actions:  # a DRF ViewSet bound to {method: action}
            methods = {method.upper() for method in actions if method in names}
        else:
            methods = {m.upper() for m in names if hasattr(view_class, m)}
        if "GET" in methods:
            methods.add("HEAD")
        return methods


def _walk(patterns: list[Any], prefix: str, namespace: str, converters: dict[str, Any]) -> list[RouteInfo]:
    found: list[RouteInfo] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner_ns = namespace
            if entry.namespace:
                inner_ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            found.extend(
                _walk(
                    entry.url_patterns,
                    prefix + str(entry.pattern).lstrip("^").rstrip("$"),
                    inner_ns,
                    {**converters, **getattr(entry.pattern, "converters", {})},
                )
            )
        elif isinstance(entry, URLPattern):
            template = prefix + str(entry.pattern).lstrip("^").rstrip("$")
            conv = {**converters, **getattr(entry.pattern, "converters", {})}
            if entry.name is None:
                name = f"<unnamed {template}>"
            else:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
            found.append(RouteInfo(name=name, template=template, converters=conv, callback=entry.callback))
    return found


def all_routes(include_unnamed: bool = True) -> list[RouteInfo]:
    """Every URL of the root URLconf, one entry per name (format-suffix duplicates dropped).

    Unnamed patterns are returned as ``<unnamed route>`` so the completeness gate can reject them.
    """
    by_name: dict[str, RouteInfo] = {}
    for route in _walk(get_resolver().url_patterns, "", "", {}):
        if _FORMAT_SUFFIX in route.kwarg_names:
            continue
        if route.name.startswith("<unnamed") and not include_unnamed:
            continue
        current = by_name.get(route.name)
        if current is None or len(route.template) < len(current.template):
            by_name[route.name] = route
    return sorted(by_name.values(), key=lambda route: route.name)
