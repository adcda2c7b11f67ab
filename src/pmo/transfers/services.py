"""Writes of the transfers app: prepare an import (read and preview), apply it, discard it.

An import is prepared from the uploaded bytes: the format is detected from the content, the file
is read by :mod:`pmo.interchange` under the configured caps, and the preview says what will change.
A refused file raises :class:`~pmo.core.errors.DomainRuleError` naming the problem and stores
nothing. Applying reads the stored bytes again and loads the plan, its resources and assignments
in ONE transaction (a new project is created in the same one): any refusal rolls everything back
and marks the import failed with the reason. Plans above ``PMO_IMPORT_BACKGROUND_TASKS`` tasks are
applied by a background job whose progress the import page shows.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.audit import audit_log
from pmo.core.choices import AuditAction
from pmo.core.errors import DomainRuleError
from pmo.core.jobs import job_start
from pmo.core.models import Scope
from pmo.engine.schedule import ScheduleError, ScheduleResult, schedule
from pmo.interchange.document import PlanDocument
from pmo.interchange.errors import ImportRefusedError
from pmo.interchange.formats import detect_format, read_document
from pmo.interchange.limits import Limits
from pmo.projects.models import Project
from pmo.projects.services import project_create
from pmo.projects.services.plan import plan_load
from pmo.transfers.choices import ImportMode, ImportStatus
from pmo.transfers.limits import import_limits
from pmo.transfers.models import ImportRun
from pmo.transfers.preview import build_preview
from pmo.transfers.resources import load_resources

Progress = Callable[[float, str], None]
CHUNK = 1024 * 1024


def read_capped(chunks: Iterable[bytes], limits: Limits | None = None) -> bytes:
    """Join an upload's chunks, refusing it as soon as it passes the byte cap (nothing more is read)."""
    cap = (limits or import_limits()).max_bytes
    parts: list[bytes] = []
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > cap:
            raise DomainRuleError(f"The file is larger than the limit of {cap:,} bytes.", field="file")
        parts.append(chunk)
    return b"".join(parts)


#: Documents read recently in this process, by content hash, format and options: applying an
#: import right after its preview (the usual case, in the same process) does not read the file
#: again. Documents are immutable and the key covers everything the reading depends on (content,
#: format, options, caps; refused files are never cached), so a hit can only save time.
_READ_CACHE: OrderedDict[tuple[str, str, str, str], PlanDocument] = OrderedDict()
_READ_CACHE_SIZE = 2


def _read(data: bytes, fmt: str, options: dict[str, Any], file_name: str) -> PlanDocument:
    limits = import_limits()
    settings_key = json.dumps(options, sort_keys=True, default=str)
    key = (hashlib.sha256(data).hexdigest(), fmt, settings_key, repr(limits))
    cached = _READ_CACHE.get(key)
    if cached is not None:
        _READ_CACHE.move_to_end(key)
        return cached
    try:
        doc = read_document(data, fmt, options=options, limits=limits, filename=file_name)
    except ImportRefusedError as error:
        raise DomainRuleError(f"The file cannot be imported: {error}", field="file") from None
    _READ_CACHE[key] = doc
    while len(_READ_CACHE) > _READ_CACHE_SIZE:
        _READ_CACHE.popitem(last=False)
    return doc


def _check_schedule(doc: PlanDocument) -> ScheduleResult | None:
    """Schedule the file's plan before storing anything: a cycle or an impossible date is refused
    at the upload, with the engine's message (which names the tasks)."""
    if not doc.project.tasks:
        return None
    try:
        return schedule(doc.project)
    except ScheduleError as error:
        raise DomainRuleError(f"The file cannot be imported: {error}", field="file") from None


def _target_scope(project: Project | None, parent: Scope | None) -> Scope:
    if (project is None) == (parent is None):
        raise DomainRuleError("Import either over a project or as a new project in a program or portfolio.")
    if project is not None:
        return project.scope
    if parent is None or parent.kind not in ("portfolio", "program"):
        raise DomainRuleError("A new project is created in a program or a portfolio.", field="parent")
    return parent


def import_prepare(
    *,
    actor: Any,
    data: bytes,
    file_name: str,
    project: Project | None = None,
    parent: Scope | None = None,
    code: str = "",
    name: str = "",
    options: dict[str, Any] | None = None,
) -> ImportRun:
    """Read ``data`` and store an import ready to apply, with its preview. Needs the manager role
    on the project (or, for a new project, on the program or portfolio ``parent``).

    Raises
    ------
    DomainRuleError
        The file is refused (the message names the problem and where), or the new project's code
        is taken or malformed; nothing is stored.
    """
    scope = _target_scope(project, parent)
    require_role(actor, scope, Role.MANAGER)
    file_name = (file_name or "upload").replace("\x00", "")[-255:]
    limits = import_limits()
    if len(data) > limits.max_bytes:
        raise DomainRuleError(
            f"The file is larger than the limit of {limits.max_bytes:,} bytes.", field="file"
        )
    try:
        fmt = detect_format(data[:4096], file_name)
    except ImportRefusedError as error:
        raise DomainRuleError(f"The file cannot be imported: {error}", field="file") from None
    if project is None:
        _check_new_code(code)
    opts = dict(options or {})
    doc = _read(data, fmt, opts, file_name)
    result = _check_schedule(doc)
    preview = build_preview(project, doc, data=data, file_name=file_name, result=result)
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        run = ImportRun.objects.create(
            scope=scope,
            project=project,
            mode=ImportMode.NEW if project is None else ImportMode.UPDATE,
            new_code=code.strip(),
            new_name=(name.strip() or doc.project.name or file_name)[:200],
            file_name=file_name,
            format=fmt,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            content=data,
            options=opts,
            preview=preview,
            created_by=user,
        )
        _audit(actor, run, "import prepared")
    return run


def import_remap(*, actor: Any, run: ImportRun, options: dict[str, Any]) -> ImportRun:
    """Read the stored file again with other options (a table's column mapping, which project of a
    P6 file) and refresh the preview."""
    require_role(actor, run.scope, Role.MANAGER)
    _require_status(run, ImportStatus.PREVIEWED)
    data = _content(run)
    opts = {**run.options, **options}
    doc = _read(data, run.format, opts, run.file_name)
    result = _check_schedule(doc)
    with transaction.atomic():
        run.options = opts
        run.preview = build_preview(run.project, doc, data=data, file_name=run.file_name, result=result)
        run.version += 1
        run.save(update_fields=["options", "preview", "version", "updated_at"])
    return run


def import_apply(*, actor: Any, run: ImportRun, background: bool | None = None) -> ImportRun:
    """Apply a previewed import: inline, or as a background job for big plans (``background``
    forces either). Returns the import (applied, failed, or queued)."""
    require_role(actor, run.scope, Role.MANAGER)
    _require_status(run, ImportStatus.PREVIEWED)
    tasks = int(run.preview.get("tasks", 0))
    if background is None:
        background = tasks > settings.PMO_IMPORT_BACKGROUND_TASKS
    if background:
        from pmo.transfers.tasks import import_apply_task

        with transaction.atomic():
            job = job_start(
                actor=actor,
                task=import_apply_task,
                name=f"Import {run.file_name}",
                scope=run.scope,
                run_id=run.pk,
            )
            ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.QUEUED, job=job)
        run.refresh_from_db()
        return run
    apply_run(run, actor=actor)
    run.refresh_from_db()
    return run


def apply_run(run: ImportRun, *, actor: Any, progress: Progress | None = None) -> ImportRun:
    """The body of an apply (inline or in the background job). On a refusal the import is marked
    failed with the reason and the error re-raised; nothing of the plan is stored."""
    report = progress or (lambda percent, message: None)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.APPLYING)
    try:
        report(1, "Reading the file")
        doc = _read(_content(run), run.format, run.options, run.file_name)
        with transaction.atomic():
            project = run.project
            if run.mode == ImportMode.NEW:
                start = doc.project.start.date() if doc.project.start else None
                project = project_create(
                    actor=actor, parent=run.scope, code=run.new_code, name=run.new_name, start_date=start
                )
            if project is None:
                raise DomainRuleError("The project of this import no longer exists.")
            load = plan_load(actor=actor, project=project, doc=doc, progress=report)
            report(92, "Writing resources and assignments")
            resources, assignments = load_resources(
                actor=actor, project=project, doc=doc, task_ids=load.task_ids
            )
            result = {
                "tasks_created": load.created,
                "tasks_updated": load.updated,
                "tasks_deleted": load.deleted,
                "links": load.links,
                "calendars": load.calendars,
                "baselines": list(load.baselines),
                "resources": resources,
                "assignments": assignments,
            }
            ImportRun.objects.filter(pk=run.pk).update(
                status=ImportStatus.APPLIED,
                project=project,
                result=result,
                content=b"",
                applied_at=timezone.now(),
                version=run.version + 1,
            )
            run.refresh_from_db()
            _audit(actor, run, "import applied")
        report(100, f"Imported {len(doc.project.tasks):,} tasks")
    except (DomainRuleError, ValidationError) as error:
        message = error.message if isinstance(error, DomainRuleError) else "; ".join(error.messages)
        ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.FAILED, error=message[:5000])
        raise
    return run


def import_discard(*, actor: Any, run: ImportRun) -> ImportRun:
    """Drop a previewed import (its stored file too)."""
    require_role(actor, run.scope, Role.MANAGER)
    _require_status(run, ImportStatus.PREVIEWED, ImportStatus.FAILED)
    with transaction.atomic():
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportStatus.DISCARDED, content=b"", version=run.version + 1
        )
        run.refresh_from_db()
        _audit(actor, run, "import discarded")
    return run


def _content(run: ImportRun) -> bytes:
    return bytes(ImportRun.objects.values_list("content", flat=True).get(pk=run.pk))


def _require_status(run: ImportRun, *allowed: str) -> None:
    current = ImportRun.objects.values_list("status", flat=True).get(pk=run.pk)
    if current not in allowed:
        label = ImportStatus(current).label.lower()
        raise DomainRuleError(f"This import is {label}; it cannot be changed now.", field="status")


def _check_new_code(code: str) -> None:
    from pmo.core.validators import validate_code

    try:
        validate_code(code.strip())
    except ValidationError as error:
        raise DomainRuleError(error.messages[0], field="code") from None
    if Project.objects.filter(code=code.strip()).exists():
        raise DomainRuleError(f"A project with code {code.strip()!r} already exists.", field="code")


def _audit(actor: Any, run: ImportRun, note: str) -> None:
    audit_log(
        actor=actor,
        action=AuditAction.UPDATE if run.status != ImportStatus.PREVIEWED else AuditAction.CREATE,
        instance=run,
        scope=run.scope,
        changes={
            "status": [None, run.status],
            "file_name": [None, run.file_name],
            "format": [None, run.format],
            "size": [None, run.size],
            "sha256": [None, run.sha256],
        },
        note=note,
    )
