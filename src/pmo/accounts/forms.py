"""Forms for signing in, API tokens and memberships (granting and changing roles)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from pmo.accounts.choices import MEMBERSHIP_ROLES, ROLE_RANK, Role

TOKEN_LIFETIMES = [(30, "30 days"), (90, "90 days"), (180, "180 days"), (365, "1 year")]


def grantable_roles(own_role: str | None) -> list[tuple[str, str]]:
    """Membership roles a user holding ``own_role`` may give (never above their own)."""
    rank = ROLE_RANK.get(own_role or "", 0)
    return [(role.value, str(role.label)) for role in MEMBERSHIP_ROLES if ROLE_RANK[role] <= rank]


class LoginForm(forms.Form):
    """Username and password."""

    username = forms.CharField(
        label="Username",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class TokenForm(forms.Form):
    """Name and lifetime of a new personal API token."""

    name = forms.CharField(
        label="Name", max_length=100, help_text="What the token is for, e.g. “reporting script”."
    )
    lifetime = forms.TypedChoiceField(label="Expires after", choices=TOKEN_LIFETIMES, coerce=int, initial=90)

    def clean_name(self) -> str:
        """A name that is not only spaces."""
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give the token a name.")
        return name

    def expires_at(self) -> dt.datetime:
        """The expiry chosen."""
        return timezone.now() + dt.timedelta(days=self.cleaned_data["lifetime"])


class GrantForm(forms.Form):
    """Give a person or a team a role on a scope."""

    user: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Person",
        queryset=None,
        required=False,
        empty_label="— choose a person —",
        help_text="Choose a person or a team, not both.",
    )
    team: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="Team", queryset=None, required=False, empty_label="— or a team —"
    )
    role = forms.ChoiceField(label="Role")

    def __init__(
        self,
        *args: Any,
        users: QuerySet[Any],
        teams: QuerySet[Any],
        roles: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["role"].choices = roles  # type: ignore[attr-defined]
        self.fields["role"].initial = Role.VIEWER

    def clean(self) -> dict[str, Any]:
        """Exactly one of person and team."""
        cleaned = super().clean() or {}
        if not self.errors and bool(cleaned.get("user")) == bool(cleaned.get("team")):
            self.add_error("user", "Choose either a person or a team.")
        return cleaned


class RoleForm(forms.Form):
    """Change the role of a membership (with the version the user read)."""

    role = forms.ChoiceField(label="Role")
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles  # type: ignore[attr-defined]


class MembershipVersionForm(forms.Form):
    """The version of a membership the user read (for revoking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
