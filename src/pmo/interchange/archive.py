"""Checks on an .xlsx archive before any XML parser sees it (zip bombs, zip slip, DTDs).

An .xlsx file is a zip archive of XML parts. :func:`check_xlsx` opens it with nothing but the
standard library and refuses it, with a message a user can act on, when:

* it is not a zip archive (an old ``.xls``, an ``.ods``, a renamed CSV…);
* it has more entries than ``limits.max_archive_entries`` (counted from the raw bytes before the
  central directory is parsed, so 100k tiny entries cost no more than a byte search);
* the sizes its headers declare add up to more than ``limits.max_unpacked_bytes``, or one entry
  declares an uncompressed/compressed ratio above ``limits.max_compression_ratio``;
* an entry name is absolute, contains ``..``, a backslash path or a NUL byte, or appears twice;
* an entry is encrypted or uses a compression method other than stored or deflate;
* while actually inflating each entry (our own :mod:`zlib` loop, in bounded chunks) an entry turns
  out longer than its header says or the running total passes the cap: a header that lies is
  caught as it lies, after at most one chunk more than it declared;
* an XML part is not XML (a nested archive, say) or carries a ``<!DOCTYPE`` or ``<!ENTITY``
  declaration (searched in UTF-8 and UTF-16).

openpyxl parses the parts with :mod:`defusedxml` when it is installed, which also forbids entities;
the DTD check here does not depend on it.

Examples
--------
>>> import io, zipfile
>>> buffer = io.BytesIO()
>>> with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
...     zf.writestr("[Content_Types].xml", "<Types/>")
>>> check_xlsx(buffer.getvalue())
>>> try:
...     check_xlsx(b"Name,Duration")
... except ImportRefusedError as error:
...     print(error)
not an .xlsx file (it is not a zip archive); save it from Excel as .xlsx or export CSV
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator

from pmo.interchange.errors import ImportRefusedError
from pmo.interchange.limits import DEFAULT_LIMITS, Limits

__all__ = ["check_xlsx"]

_CHUNK = 64 * 1024
_CENTRAL_SIGNATURE = b"PK\x01\x02"
_LOCAL_SIGNATURE = b"PK\x03\x04"
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
# Magic numbers of archives and compressed streams that must never sit where XML is expected.
_ARCHIVE_MAGIC = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"Rar!",
    b"\xd0\xcf\x11\xe0",
    b"\x28\xb5\x2f\xfd",
)
_DECLARATIONS = tuple(
    marker.encode(codec)
    for marker in ("<!DOCTYPE", "<!ENTITY")
    for codec in ("utf-8", "utf-16-le", "utf-16-be")
)
_OVERLAP = max(len(d) for d in _DECLARATIONS) - 1


def _refuse(message: str, where: str = "") -> ImportRefusedError:
    return ImportRefusedError(message, where=where)


def _check_container(data: bytes, limits: Limits) -> zipfile.ZipFile:
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise _refuse(
            "this is an old binary .xls file; save it from Excel as .xlsx (or export CSV) and try again"
        )
    if not data.startswith(_LOCAL_SIGNATURE) or not zipfile.is_zipfile(io.BytesIO(data)):
        raise _refuse(
            "not an .xlsx file (it is not a zip archive); save it from Excel as .xlsx or export CSV"
        )
    # Every entry has one central directory record starting with this signature, so the count of
    # the signature bounds the number of entries before zipfile parses (and allocates) them all.
    if data.count(_CENTRAL_SIGNATURE) > limits.max_archive_entries:
        raise _refuse(
            f"the archive has more than {limits.max_archive_entries:,} entries; an .xlsx file has a few dozen"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, struct.error) as exc:
        raise _refuse(f"the .xlsx archive is damaged ({exc})") from exc
    if len(archive.infolist()) > limits.max_archive_entries:
        raise _refuse(
            f"the archive has more than {limits.max_archive_entries:,} entries; an .xlsx file has a few dozen"
        )
    return archive


def _check_name(name: str) -> None:
    parts = name.replace("\\", "/").split("/")
    if (
        "\x00" in name
        or "\\" in name
        or name.startswith("/")
        or (len(name) > 1 and name[1] == ":")
        or ".." in parts
        or len(name) > 1024
    ):
        raise _refuse(
            "unsafe entry name in the archive (absolute, '..', backslash or NUL); not a genuine .xlsx file",
            where=f"entry {name[:100]!r}",
        )


def _check_declared(archive: zipfile.ZipFile, limits: Limits) -> None:
    total = 0
    names: set[str] = set()
    for info in archive.infolist():
        _check_name(info.filename)
        if info.filename in names:
            raise _refuse("the archive holds two entries with this name", where=f"entry {info.filename!r}")
        names.add(info.filename)
        if info.flag_bits & 0x1:
            raise _refuse(
                "the entry is encrypted; remove the password in Excel and save again",
                where=f"entry {info.filename!r}",
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(
                "the entry uses a compression method Excel does not write", where=f"entry {info.filename!r}"
            )
        if (
            info.file_size > limits.max_compression_ratio * max(info.compress_size, 1)
            and info.file_size > _CHUNK
        ):
            raise _refuse(
                f"the entry is compressed more than {limits.max_compression_ratio}:1 "
                "(a zip bomb, not a workbook)",
                where=f"entry {info.filename!r}",
            )
        total += info.file_size
        if total > limits.max_unpacked_bytes:
            raise _refuse(
                f"the archive unpacks to more than {limits.max_unpacked_bytes:,} bytes "
                "(a zip bomb or a far too large workbook)"
            )
    if "[Content_Types].xml" not in names:
        raise _refuse(
            "not an .xlsx file (the archive has no [Content_Types].xml); save it from Excel as .xlsx"
        )


def _raw_stream(data: bytes, info: zipfile.ZipInfo) -> memoryview:
    """The compressed bytes of ``info`` as the local header places them (bounded by ``compress_size``)."""
    start = info.header_offset
    header = data[start : start + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or header[:4] != _LOCAL_SIGNATURE:
        raise _refuse("the local header of the entry is missing or damaged", where=f"entry {info.filename!r}")
    fields = _LOCAL_HEADER.unpack(header)
    begin = start + _LOCAL_HEADER.size + fields[9] + fields[10]
    end = begin + info.compress_size
    if end > len(data):
        raise _refuse(
            "the entry runs past the end of the file (a truncated or forged archive)",
            where=f"entry {info.filename!r}",
        )
    return memoryview(data)[begin:end]


def _chunks(data: bytes, info: zipfile.ZipInfo) -> Iterator[bytes]:
    raw = _raw_stream(data, info)
    if info.compress_type == zipfile.ZIP_STORED:
        for offset in range(0, len(raw), _CHUNK):
            yield bytes(raw[offset : offset + _CHUNK])
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for offset in range(0, len(raw), _CHUNK):
            pending = bytes(raw[offset : offset + _CHUNK])
            while pending:
                # max_length bounds each step: a 1 KB run of a bomb never becomes more than one chunk.
                out = inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
                if out:
                    yield out
        while not inflater.eof and (out := inflater.decompress(b"", _CHUNK)):
            yield out
    except zlib.error as exc:
        raise _refuse(
            f"the entry's compressed data is damaged ({exc})", where=f"entry {info.filename!r}"
        ) from exc


def _check_xml_start(head: bytes, name: str) -> None:
    if head.startswith(_ARCHIVE_MAGIC):
        raise _refuse(
            "an archive or compressed stream sits where XML is expected (nested archive)",
            where=f"entry {name!r}",
        )
    stripped = head.lstrip(b" \t\r\n")
    if stripped and not stripped.startswith(
        (b"<", b"\xef\xbb\xbf<", b"\xff\xfe<\x00", b"\xfe\xff\x00<", b"<\x00", b"\x00<")
    ):
        raise _refuse("this part should be XML but is not", where=f"entry {name!r}")


def _read_entry(data: bytes, info: zipfile.ZipInfo, budget: int) -> int:
    """Inflate one entry, counting bytes and scanning XML parts; return the bytes it really holds."""
    is_xml = info.filename.lower().endswith(_XML_SUFFIXES)
    count = 0
    tail = b""
    for chunk in _chunks(data, info):
        if count == 0 and is_xml:
            _check_xml_start(chunk[:16], info.filename)
        count += len(chunk)
        if count > info.file_size:
            raise _refuse(
                f"the entry holds more than the {info.file_size:,} bytes its header declares "
                "(a forged archive; refused while reading)",
                where=f"entry {info.filename!r}",
            )
        if count > budget:
            raise _refuse(
                "the archive unpacks to more than the size limit (refused while reading)",
                where=f"entry {info.filename!r}",
            )
        if is_xml:
            window = tail + chunk
            if any(marker in window for marker in _DECLARATIONS):
                raise _refuse(
                    "the workbook's XML carries a DTD or entity declaration, which is not allowed",
                    where=f"entry {info.filename!r}",
                )
            tail = window[-_OVERLAP:]
    if count < info.file_size:
        raise _refuse(
            f"the entry holds {count:,} bytes, fewer than the {info.file_size:,} its header declares "
            "(a truncated or forged archive)",
            where=f"entry {info.filename!r}",
        )
    return count


def check_xlsx(data: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse an .xlsx archive that is not safe to hand to openpyxl.

    Parameters
    ----------
    data : bytes
        The whole uploaded file (already capped at ``limits.max_bytes`` by the caller).
    limits : Limits
        Entry count, unpacked size and compression ratio caps.

    Raises
    ------
    ImportRefusedError
        Naming the entry and the problem (see the module docstring for the checks).
    """
    if len(data) > limits.max_bytes:
        raise _refuse(f"the file is {len(data):,} bytes; the limit is {limits.max_bytes:,}")
    archive = _check_container(data, limits)
    with archive:
        _check_declared(archive, limits)
        budget = limits.max_unpacked_bytes
        for info in archive.infolist():
            if info.is_dir():
                continue
            budget -= _read_entry(data, info, budget)
