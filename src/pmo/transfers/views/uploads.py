"""The upload guard of imports: a request body is refused as soon as it passes the import cap.

Django keeps an uploaded file in memory up to ``FILE_UPLOAD_MAX_MEMORY_SIZE`` and then spools it to
a temporary file with no upper bound (``DATA_UPLOAD_MAX_MEMORY_SIZE`` covers form fields only).
:class:`CappedUploadHandler`, first in the request's upload handlers, counts the file bytes as they
stream in and stops the upload (without reading the rest of the body) once they pass
``PMO_IMPORT_MAX_BYTES``, or at once when an honest ``Content-Length`` already says so; the view then
answers 413 with the limit. :func:`read_upload` joins the kept chunks under the same cap, so a file
that slipped past the handler (registered too late) is still refused before it is parsed.

The handler must be installed before anything reads ``request.POST``: the API views do it first thing
in ``initial()``; for the pages it belongs in ``FILE_UPLOAD_HANDLERS`` (the CSRF check reads the body
before a view runs).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

from pmo.transfers.services import read_capped

#: Room for the multipart envelope and the other form fields around the file.
ENVELOPE_BYTES = 64 * 1024
FLAG = "_pmo_upload_too_big"


def upload_cap() -> int:
    """The most file bytes one request may carry (the import cap)."""
    return int(settings.PMO_IMPORT_MAX_BYTES)


class CappedUploadHandler(FileUploadHandler):
    """Stop an upload once its file bytes pass the import cap (see the module docstring)."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.received = 0
        self.too_big = False

    def handle_raw_input(
        self, input_data: Any, meta: Any, content_length: int, boundary: Any, encoding: Any = None
    ) -> None:
        """Note a body that announces more than the cap (the fields before the file are still read,
        so the CSRF token arrives and the view can answer with a useful 413)."""
        if content_length and content_length > upload_cap() + ENVELOPE_BYTES:
            self._refuse(stop=False)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        """Count the bytes; stop the whole upload past the cap; else hand the chunk on."""
        self.received += len(raw_data)
        if self.too_big or self.received > upload_cap():
            self._refuse(stop=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        """The next handler builds the file."""
        return None

    def _refuse(self, *, stop: bool) -> None:
        self.too_big = True
        if self.request is not None:
            setattr(self.request, FLAG, True)
        if stop:
            raise StopUpload(connection_reset=True)


def install_upload_cap(request: HttpRequest) -> None:
    """Put :class:`CappedUploadHandler` first, unless the body was read already or it is there."""
    if hasattr(request, "_files") or hasattr(request, "_post"):
        return
    handlers = request.upload_handlers
    if not any(isinstance(handler, CappedUploadHandler) for handler in handlers):
        handlers.insert(0, CappedUploadHandler(request))


def upload_too_big(request: Any, *, parse: bool = False) -> bool:
    """True when the guard stopped this request's upload (``parse``: read the body first)."""
    inner = getattr(request, "_request", request)
    if parse:
        inner.FILES  # noqa: B018 - reading the body runs the upload handlers
    return bool(getattr(inner, FLAG, False))


def too_big_message() -> str:
    """What the user reads when the upload passed the cap."""
    return (
        f"The file is larger than the limit of {upload_cap():,} bytes "
        "(PMO_IMPORT_MAX_BYTES); split the plan or ask your administrator to raise the limit."
    )


def read_upload(uploaded: UploadedFile[Any]) -> bytes:
    """The uploaded file's bytes, refused (``DomainRuleError``) past the cap while reading."""
    return read_capped(uploaded.chunks())
