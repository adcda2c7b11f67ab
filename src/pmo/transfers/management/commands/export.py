"""``pmo export CODE --format mspdi|xlsx|csv|ics -o FILE``: export a project's plan.

``-o -`` writes to standard output. The acting user (``--as``, default a PMO administrator) must be
allowed to see the project. Exit code 2 with one line on a bad argument.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from pmo.accounts.choices import Role
from pmo.accounts.selectors import has_role
from pmo.interchange.errors import ExportError
from pmo.transfers.choices import ExportFormat
from pmo.transfers.exports import project_export
from pmo.transfers.management.commands._common import acting_user, project_by_code, refuse


class Command(BaseCommand):
    """Export a project's plan to a file."""

    help = "Export a project as MS Project XML, .xlsx, .csv or milestones as .ics."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="Code of the project.")
        parser.add_argument("--format", required=True, help=f"One of {', '.join(ExportFormat.values)}.")
        parser.add_argument("-o", "--output", required=True, help="Output file, or - for standard output.")
        parser.add_argument(
            "--as", dest="username", default=None, help="Act as this user (default: a PMO admin)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"].lower()
        if fmt not in ExportFormat.values:
            raise refuse(f"--format: {fmt!r} is not one of {', '.join(ExportFormat.values)}")
        actor = acting_user(options["username"])
        project = project_by_code(options["code"])
        if not has_role(actor, project.scope, Role.VIEWER):
            raise refuse(f"no project with code {options['code']!r}")
        try:
            export = project_export(project, fmt)
        except ExportError as error:
            raise refuse(str(error)) from None
        if options["output"] == "-":
            sys.stdout.buffer.write(export.content)
            return
        target = Path(options["output"])
        if not target.parent.is_dir():
            raise refuse(f"-o: folder {target.parent} does not exist")
        target.write_bytes(export.content)
        self.stdout.write(f"wrote {target} ({len(export.content):,} bytes)")
