"""The ``pmo`` console script.

Engine commands that work on files without a database (``pmo schedule``, ``pmo level``)
are dispatched without loading Django; everything else is a Django management command
(``pmo serve``, ``pmo demo``, ``pmo createadmin``, ``pmo worker``, ``pmo migrate``, ...).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from importlib import import_module

ENGINE_COMMANDS: dict[str, str] = {
    "schedule": "pmo.engine.cli:main",
    "level": "pmo.engine.level_cli:main",
}


def _load(target: str) -> Callable[[list[str]], int]:
    module_name, func_name = target.split(":")
    func: Callable[[list[str]], int] = getattr(import_module(module_name), func_name)
    return func


def main(argv: list[str] | None = None) -> int:
    """Run a pmo command; returns the process exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ENGINE_COMMANDS:
        return _load(ENGINE_COMMANDS[args[0]])(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmo.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 - load the settings now, so a refusal reads as one line
    except ImproperlyConfigured as error:
        print(f"pmo: configuration error: {error}", file=sys.stderr)
        return 2

    execute_from_command_line(["pmo", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
