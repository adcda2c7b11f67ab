"""``pmo import FILE --project CODE [--new --in PARENT]``: import a plan from a file.

Reads Microsoft Project XML, Primavera P6 XER and P6 XML, Excel (.xlsx) and CSV (the format is
detected from the content). Over an existing project (``--project CODE``) the plan is matched task
by task; with ``--new`` a project ``CODE`` is created in the program or portfolio ``--in``. The same
services as the web page run: the same caps, the same checks, one transaction. A refused file
prints one line naming the problem and exits with code 2; nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from pmo.core.errors import DomainRuleError
from pmo.portfolios.models import Portfolio
from pmo.programs.models import Program
from pmo.transfers.limits import import_limits
from pmo.transfers.management.commands._common import acting_user, project_by_code, refuse
from pmo.transfers.services import import_apply, import_prepare, read_capped

CHUNK = 1024 * 1024


def _chunks(path: Path) -> Any:
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


class Command(BaseCommand):
    """Import a plan file into a project."""

    help = "Import MS Project XML, Primavera XER/P6 XML, .xlsx or .csv into a project."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The file to import.")
        parser.add_argument("--project", required=True, help="Project code (with --new: the new code).")
        parser.add_argument("--new", action="store_true", help="Create a new project.")
        parser.add_argument("--in", dest="parent", help="With --new: code of the program or portfolio.")
        parser.add_argument("--name", default="", help="With --new: the project name.")
        parser.add_argument("--p6-project", default=None, help="Which project of a multi-project P6 file.")
        parser.add_argument(
            "--as", dest="username", default=None, help="Act as this user (default: a PMO admin)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Show the preview; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise refuse(f"{path}: no such file")
        actor = acting_user(options["username"])
        opts = {"project": options["p6_project"]} if options["p6_project"] else {}
        try:
            data = read_capped(_chunks(path), import_limits())
            if options["dry_run"]:
                with transaction.atomic():  # prepare, show the preview, keep nothing
                    self._summary(self._prepare(actor, data, path, options, opts).preview)
                    transaction.set_rollback(True)
                self.stdout.write("dry run: nothing imported")
                return
            run = self._prepare(actor, data, path, options, opts)
            self._summary(run.preview)
            run = import_apply(actor=actor, run=run, background=False)
        except DomainRuleError as error:
            raise refuse(f"{path.name}: {error.message}") from None
        result = run.result
        self.stdout.write(
            f"imported {path.name} into {run.project.code if run.project else options['project']}: "
            f"{result.get('tasks_created', 0)} tasks created, {result.get('tasks_updated', 0)} updated, "
            f"{result.get('tasks_deleted', 0)} deleted, {result.get('links', 0)} links, "
            f"{result.get('resources', 0)} resources, {result.get('assignments', 0)} assignments"
        )

    def _prepare(
        self, actor: Any, data: bytes, path: Path, options: dict[str, Any], opts: dict[str, Any]
    ) -> Any:
        if options["new"]:
            return import_prepare(
                actor=actor,
                data=data,
                file_name=path.name,
                parent=self._parent(options["parent"]),
                code=options["project"],
                name=options["name"],
                options=opts,
            )
        return import_prepare(
            actor=actor,
            data=data,
            file_name=path.name,
            project=project_by_code(options["project"]),
            options=opts,
        )

    def _parent(self, code: str | None) -> Any:
        if not code:
            raise refuse("--new needs --in CODE: the program or portfolio to create the project in")
        node = Program.objects.filter(code=code).first() or Portfolio.objects.filter(code=code).first()
        if node is None:
            raise refuse(f"--in: no program or portfolio with code {code!r}")
        return node.scope

    def _summary(self, preview: dict[str, Any]) -> None:
        self.stdout.write(
            f"{preview.get('format')}: {preview.get('tasks', 0)} tasks, {preview.get('links', 0)} links, "
            f"{len(preview.get('calendars', []))} calendars, {preview.get('resources', 0)} resources, "
            f"{preview.get('assignments', 0)} assignments, baselines {preview.get('baselines', [])}"
        )
        changes = preview.get("changes")
        if changes:
            self.stdout.write(
                f"changes: {changes['added']} added, {changes['changed']} changed, "
                f"{changes['removed']} removed"
            )
        for warning in preview.get("warnings", []):
            self.stdout.write(f"warning: {warning}")
