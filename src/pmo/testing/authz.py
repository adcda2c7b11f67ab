"""The authorisation matrix (``docs/authz-matrix.yaml``): the only oracle of the role tests.

The YAML maps object types × actions to the roles allowed to perform them. For an object inside a
scope, a signed-in persona without any role there gets 404 (the object does not exist for them); a
persona with a role that is not listed gets 403. Object types marked ``own: true`` (API tokens,
one's own profile) belong to a user rather than a scope: everyone signed in may act on their own,
and anybody else's is 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pmo.testing.data import REPO_ROOT

MATRIX_PATH = REPO_ROOT / "docs" / "authz-matrix.yaml"
#: One more file per app that adds object types (``docs/authz/<app>.yaml``, same format, ``objects`` only).
MATRIX_FRAGMENTS = REPO_ROOT / "docs" / "authz"
#: Roles of the matrix, lowest first; personas map onto them one to one.
ROLES: tuple[str, ...] = ("no_role", "viewer", "contributor", "manager", "pmo_admin")


@dataclass(frozen=True)
class ObjectRules:
    """The rules of one object type."""

    name: str
    scoped: bool
    own: bool
    actions: dict[str, frozenset[str]]
    named_person: frozenset[str] = frozenset()
    """Actions reserved to a person named on the object (a charter's sponsor, a deliverable's
    acceptor): the world names the side's manager, so the matrix says ``[manager]``, and a PMO
    administrator does not act on the named person's behalf."""


class AuthzMatrix:
    """Parsed ``authz-matrix.yaml``."""

    def __init__(self, data: dict[str, Any], source: Path | None = None) -> None:
        self.source = source
        roles = tuple(data.get("roles", ROLES))
        if roles != ROLES:
            raise ValueError(f"authz matrix roles must be {list(ROLES)}, got {list(roles)}")
        self.objects: dict[str, ObjectRules] = {}
        for name, spec in (data.get("objects") or {}).items():
            actions: dict[str, frozenset[str]] = {}
            for action, allowed in (spec.get("actions") or {}).items():
                unknown = set(allowed or []) - set(ROLES)
                if unknown:
                    raise ValueError(f"{name}.{action}: unknown roles {sorted(unknown)}")
                actions[action] = frozenset(allowed or [])
            self.objects[name] = ObjectRules(
                name=name,
                scoped=bool(spec.get("scoped", True)),
                own=bool(spec.get("own", False)),
                actions=actions,
                named_person=frozenset(spec.get("named_person") or ()),
            )

    def rules(self, obj: str) -> ObjectRules:
        """The rules of object type ``obj`` (``KeyError`` naming it when missing)."""
        try:
            return self.objects[obj]
        except KeyError:
            raise KeyError(f"object type {obj!r} is not in {self.source or 'the authz matrix'}") from None

    def allows(self, obj: str, action: str, role: str) -> bool:
        """True when ``role`` may perform ``action`` on ``obj``."""
        rules = self.rules(obj)
        if action not in rules.actions:
            raise KeyError(f"action {obj}.{action} is not in {self.source or 'the authz matrix'}")
        return role in rules.actions[action]


@cache
def load_matrix(path: Path = MATRIX_PATH) -> AuthzMatrix:
    """Load and validate the matrix (cached)."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    fragments = sorted(MATRIX_FRAGMENTS.glob("*.yaml")) if path == MATRIX_PATH else []
    for fragment in fragments:
        with fragment.open(encoding="utf-8") as handle:
            extra = yaml.safe_load(handle) or {}
        clash = set(extra.get("objects") or {}) & set(data["objects"])
        if clash:
            raise ValueError(f"{fragment.name}: object types already defined: {sorted(clash)}")
        data["objects"].update(extra.get("objects") or {})
    return AuthzMatrix(data, source=path)
