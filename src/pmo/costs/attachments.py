"""Checks of receipt and invoice files (pure: bytes in, a verdict out; no database).

A file is kept only when its *bytes* are a PDF, PNG, JPEG or plain UTF-8 text and its name's
extension says the same; anything else (HTML, SVG, XML, scripts, executables, archives) is refused
with a message naming the file. The original name is kept only as sanitised metadata.

Examples
--------
>>> sniff(b"%PDF-1.7 ...", "receipt.pdf")
'application/pdf'
>>> sanitize_name("../../etc/passwd\\x00.png")
'passwd.png'
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePosixPath
from urllib.parse import quote

__all__ = ["AttachmentRefused", "content_disposition", "sanitize_name", "sniff"]

PDF, PNG, JPEG, TEXT = "application/pdf", "image/png", "image/jpeg", "text/plain"
#: The extensions each detected type may carry.
EXTENSIONS = {PDF: {".pdf"}, PNG: {".png"}, JPEG: {".jpg", ".jpeg"}, TEXT: {".txt", ".csv", ".text"}}
#: Markers that make "text" active content a browser could run (looked for in the first 64 KB).
ACTIVE_MARKERS = (b"<html", b"<!doctype", b"<script", b"<svg", b"<?xml", b"<body", b"<iframe", b"<head")
MAX_NAME = 120


class AttachmentRefused(ValueError):  # noqa: N818 - a refusal, as the rest of pmo names them
    """The file is not one pmo keeps; the message names it and says why."""


def sanitize_name(name: str) -> str:
    """The last path part of ``name`` without control or direction characters, at most 120 long.

    >>> sanitize_name("C:\\\\Users\\\\me\\\\scan 1.jpg")
    'scan 1.jpg'
    >>> sanitize_name("invoice\\u202egpj.exe")
    'invoicegpj.exe'
    >>> sanitize_name("...")
    'attachment'
    """
    base = name.replace("\\", "/").split("/")[-1]
    clean = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().lstrip(".").strip()
    if not clean:
        return "attachment"
    if len(clean) > MAX_NAME:
        suffix = PurePosixPath(clean).suffix[:10]
        clean = clean[: MAX_NAME - len(suffix)] + suffix
    return clean


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3 and error.reason == "unexpected end of data"
    return True


def sniff(content: bytes, name: str) -> str:
    """The content type of ``content`` when pmo keeps it, else :class:`AttachmentRefused`.

    >>> def verdict(content, name):
    ...     try:
    ...         return sniff(content, name)
    ...     except AttachmentRefused as refused:
    ...         return str(refused)
    >>> verdict(b"<html><script>alert(1)</script>", "receipt.pdf")[:62]
    'receipt.pdf is not a PDF, PNG, JPEG or plain text file (it hol'
    >>> verdict(b"\\x89PNG\\r\\n\\x1a\\n....", "scan.jpg")[-32:]
    'ends in .jpg; rename it to .png.'
    """
    label = sanitize_name(name)
    if not content:
        raise AttachmentRefused(f"{label} is empty; it was not kept.")
    head = content[:65536]
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif _is_text(head):
        lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if any(marker in lowered for marker in ACTIVE_MARKERS):
            raise AttachmentRefused(
                f"{label} is not a PDF, PNG, JPEG or plain text file (it holds HTML, SVG or XML); "
                "it was not kept."
            )
        kind = TEXT
    else:
        raise AttachmentRefused(f"{label} is not a PDF, PNG, JPEG or plain text file; it was not kept.")
    suffix = PurePosixPath(label).suffix.lower()
    if suffix not in EXTENSIONS[kind]:
        names = {PDF: "a PDF document", PNG: "a PNG image", JPEG: "a JPEG image", TEXT: "plain text"}
        wanted = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", TEXT: ".txt"}[kind]
        raise AttachmentRefused(
            f"{label} holds {names[kind]} but its name ends in {suffix or 'nothing'}; rename it to {wanted}."
        )
    return kind


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the exact name as RFC 6266 ``filename*``.

    >>> content_disposition("reçu.pdf")
    'attachment; filename="re_u.pdf"; filename*=UTF-8\\'\\'re%C3%A7u.pdf'
    """
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
