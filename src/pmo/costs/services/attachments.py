"""Receipt and invoice files of cost entries: contributors attach them, managers remove them.

The bytes must be a PDF, PNG, JPEG or plain text (:func:`pmo.costs.attachments.sniff`) and at
most ``PMO_ATTACHMENT_MAX_BYTES`` (default 10 MB); the file is stored in the database in the same
transaction as its audit record, so there is never a row without its file or a file without a row.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import transaction

from pmo.accounts.choices import Role
from pmo.accounts.selectors import require_role
from pmo.core.errors import DomainRuleError
from pmo.core.services import instance_create, instance_delete
from pmo.costs.attachments import AttachmentRefused, sanitize_name, sniff
from pmo.costs.models import CostEntry, CostEntryAttachment

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def max_attachment_bytes() -> int:
    """The largest file kept (``PMO_ATTACHMENT_MAX_BYTES``, default 10 MB)."""
    return int(getattr(settings, "PMO_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def read_upload(upload: Any) -> bytes:
    """The bytes of an uploaded file, refused (naming it) past the size cap without reading it all."""
    cap = max_attachment_bytes()
    name = sanitize_name(str(getattr(upload, "name", "") or "attachment"))
    size = getattr(upload, "size", None)
    if size is not None and size > cap:
        raise DomainRuleError(f"{name} is larger than the limit of {cap // 1024 // 1024} MB.", field="file")
    content: bytes = upload.read(cap + 1)
    if len(content) > cap:
        raise DomainRuleError(f"{name} is larger than the limit of {cap // 1024 // 1024} MB.", field="file")
    return content


def cost_attachment_add(*, actor: Any, entry: CostEntry, name: str, content: bytes) -> CostEntryAttachment:
    """Attach a file to a cost entry; contributor of its project.

    Refused (field ``file``, nothing written) when it is empty, too large, or not a PDF, PNG, JPEG
    or plain text file whose name's extension matches its bytes.
    """
    require_role(actor, entry.scope, Role.CONTRIBUTOR)
    file_name = sanitize_name(name)
    cap = max_attachment_bytes()
    if len(content) > cap:
        raise DomainRuleError(
            f"{file_name} is larger than the limit of {cap // 1024 // 1024} MB.", field="file"
        )
    try:
        kind = sniff(content, file_name)
    except AttachmentRefused as error:
        raise DomainRuleError(str(error), field="file") from None
    with transaction.atomic():
        attachment = CostEntryAttachment(
            entry=entry,
            scope=entry.scope,
            file_name=file_name,
            content_type=kind,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            data=content,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        return instance_create(actor=actor, instance=attachment, scope=entry.scope)


def cost_attachment_delete(
    *, actor: Any, attachment: CostEntryAttachment, expected_version: int | None
) -> None:
    """Remove a file from its cost entry; manager of the project."""
    require_role(actor, attachment.scope, Role.MANAGER)
    with transaction.atomic():
        instance_delete(
            actor=actor, instance=attachment, expected_version=expected_version, scope=attachment.scope
        )
