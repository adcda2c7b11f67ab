"""``pmo createadmin``: create a PMO administrator (interactively or from arguments).

Non-interactive use (``--no-input``) reads the password from ``PMO_ADMIN_PASSWORD`` so it never
appears in the process list or shell history; ``--password`` exists for throw-away set-ups. The
password must pass the configured password validators. The user is created by
:func:`pmo.accounts.services.user_create`, so the creation is in the audit trail.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from pmo.accounts.models import User
from pmo.accounts.services import user_create

PASSWORD_ENV = "PMO_ADMIN_PASSWORD"  # noqa: S105 - the name of a variable, not a password


class Command(BaseCommand):
    """Create a user with the PMO administrator role (every right on the whole installation)."""

    help = "Create a PMO administrator. Without --no-input, asks for what is missing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", help="Login name of the new administrator.")
        parser.add_argument("--email", default=None, help="E-mail address.")
        parser.add_argument("--first-name", default="", help="Given name.")
        parser.add_argument("--last-name", default="", help="Family name.")
        parser.add_argument(
            "--password",
            default=None,
            help=f"Password (visible in the process list; prefer {PASSWORD_ENV} or the prompt).",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help=f"Never prompt; the password comes from --password or {PASSWORD_ENV}.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        interactive: bool = options["interactive"]
        username = (options["username"] or "").strip()
        email = options["email"]
        password = options["password"] or os.environ.get(PASSWORD_ENV) or ""

        if not username:
            if not interactive:
                raise CommandError("--username is required with --no-input")
            username = self._ask("Username: ")
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"username: a user named {username!r} already exists")
        if email is None:
            email = self._ask("E-mail address (optional): ", required=False) if interactive else ""
        candidate = User(username=username, email=email, first_name=options["first_name"])

        if password:
            self._validate(password, candidate)
        elif not interactive:
            raise CommandError(f"password: set {PASSWORD_ENV} (or pass --password) with --no-input")
        else:
            password = self._ask_password(candidate)

        try:
            user = user_create(
                actor=None,
                username=username,
                password=password,
                email=email,
                first_name=options["first_name"],
                last_name=options["last_name"],
                is_pmo_admin=True,
            )
        except ValidationError as error:
            raise CommandError(_describe(error)) from error
        self.stdout.write(self.style.SUCCESS(f"PMO administrator {user.username!r} created."))

    def _ask(self, prompt: str, *, required: bool = True) -> str:
        while True:
            value = input(prompt).strip()
            if value or not required:
                return value
            self.stderr.write("This value is required.")

    def _ask_password(self, candidate: User) -> str:
        while True:
            first = getpass.getpass("Password: ")
            second = getpass.getpass("Password (again): ")
            if first != second:
                self.stderr.write("The two passwords differ; try again.")
                continue
            try:
                validate_password(first, candidate)
            except ValidationError as error:
                self.stderr.write("password: " + " ".join(error.messages))
                continue
            return first

    @staticmethod
    def _validate(password: str, candidate: User) -> None:
        try:
            validate_password(password, candidate)
        except ValidationError as error:
            raise CommandError("password: " + " ".join(error.messages)) from error


def _describe(error: ValidationError) -> str:
    """``field: message`` for each problem the model validation found."""
    if hasattr(error, "message_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    return "; ".join(error.messages)
