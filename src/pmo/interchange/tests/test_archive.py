"""The .xlsx archive checks: zip bombs, lying headers, zip slip, nested archives, DTDs (SECURITY.md C5)."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile
import zlib

import openpyxl
import pytest

from pmo.interchange.archive import check_xlsx
from pmo.interchange.errors import ImportRefusedError
from pmo.interchange.limits import DEFAULT_LIMITS, Limits
from pmo.interchange.tabular import read_table, write_xlsx

GIB = 1 << 30


def _deflated_bomb(total: int) -> bytes:
    """A raw deflate stream of ``<x>`` and zeros, ``total`` bytes in all, built without holding them.

    After a full flush the compressor starts afresh, so every 1 MiB block of zeros compresses to
    the same bytes: compress one, repeat it.
    """
    block = 1 << 20
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(b"<x>" + bytes(block - 3)) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(bytes(block)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return head + repeated * (total // block - 1) + compressor.flush(zlib.Z_FINISH)


def _raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive written by hand: (name, deflated bytes, declared size, method) per entry."""
    out = io.BytesIO()
    central = []
    for name, payload, declared, method in entries:
        offset = out.tell()
        encoded = name.encode()
        header = struct.pack(
            "<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0, 0, len(payload), declared, len(encoded), 0
        )
        out.write(header + encoded + payload)
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                method,
                0,
                0,
                0,
                len(payload),
                declared,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(
        struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), start, 0)
    )
    return out.getvalue()


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _content_types() -> tuple[str, bytes, int, int]:
    body = b'<?xml version="1.0"?><Types xmlns="x"/>'
    return ("[Content_Types].xml", _deflate(body), len(body), zipfile.ZIP_DEFLATED)


def _workbook() -> bytes:
    return write_xlsx(("Name", "Duration"), [["Design", "5d"], ["Build", "2w"]])


def _replace(data: bytes, name: str, content: bytes) -> bytes:
    """The same archive with one entry's content replaced."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name else source.read(info.filename))
    return out.getvalue()


def _refusal(data: bytes, limits: Limits | None = None) -> tuple[str, float, int]:
    """Run the check; return the refusal message, the seconds it took and the peak of new memory."""
    tracemalloc.start()
    began = time.perf_counter()
    try:
        with pytest.raises(ImportRefusedError) as caught:
            check_xlsx(data, limits or Limits())
        elapsed = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return str(caught.value), elapsed, peak


def test_a_genuine_workbook_passes() -> None:
    check_xlsx(_workbook())


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"ID,Name\n1,Design\n", "not an .xlsx file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old binary .xls"),
        (b"PK\x03\x04 truncated", "not an .xlsx file"),
    ],
)
def test_what_is_not_a_zip_is_refused_by_name(data: bytes, expected: str) -> None:
    with pytest.raises(ImportRefusedError, match=expected):
        check_xlsx(data)


def test_a_1_gib_zip_bomb_is_refused_from_its_declared_ratio_without_unpacking() -> None:
    # Given 1 GiB of zeros deflated to about 1 MB, declared honestly
    bomb = _deflated_bomb(GIB)
    data = _raw_zip([_content_types(), ("xl/worksheets/sheet1.xml", bomb, GIB, zipfile.ZIP_DEFLATED)])
    assert len(data) < 2 * 1024 * 1024
    # When it is checked
    message, elapsed, peak = _refusal(data)
    # Then the ratio refuses it before a byte is inflated
    assert f"compressed more than {DEFAULT_LIMITS.max_compression_ratio}:1" in message
    assert "xl/worksheets/sheet1.xml" in message
    assert peak < 20 * 1024 * 1024, peak
    assert elapsed < 2.0, elapsed  # generous: it is a few milliseconds; reading 1 GiB would take seconds


def test_a_bomb_under_the_ratio_is_refused_by_the_declared_total() -> None:
    body = bytes(300_000)
    entries = [_content_types(), ("xl/a.xml", _deflate(body), len(body), zipfile.ZIP_DEFLATED)]
    with pytest.raises(ImportRefusedError, match="unpacks to more than 100,000 bytes"):
        check_xlsx(_raw_zip(entries), Limits(max_unpacked_bytes=100_000, max_compression_ratio=10_000))


def test_a_header_that_lies_about_the_size_is_caught_while_reading() -> None:
    # Given 1 GiB of zeros whose headers claim 20 x the compressed size (under every declared cap)
    bomb = _deflated_bomb(GIB)
    declared = 20 * len(bomb)
    data = _raw_zip([_content_types(), ("xl/worksheets/sheet1.xml", bomb, declared, zipfile.ZIP_DEFLATED)])
    # When it is checked
    message, elapsed, peak = _refusal(data)
    # Then the byte counter stops it one chunk after the declared size, in bounded memory
    assert f"holds more than the {declared:,} bytes its header declares" in message
    assert peak < 20 * 1024 * 1024, peak
    assert elapsed < 2.0, elapsed


def test_a_header_that_claims_more_than_it_holds_is_refused() -> None:
    body = b"<worksheet/>"
    data = _raw_zip([_content_types(), ("xl/s.xml", _deflate(body), len(body) + 50, zipfile.ZIP_DEFLATED)])
    with pytest.raises(ImportRefusedError, match="fewer than"):
        check_xlsx(data)


def test_the_running_total_is_capped_even_when_each_entry_is_honest() -> None:
    body = b"<a>" + b"x" * 60_000 + b"</a>"
    entries = [_content_types()] + [(f"xl/{n}.xml", body, len(body), zipfile.ZIP_STORED) for n in range(3)]
    limits = Limits(max_unpacked_bytes=150_000)
    with pytest.raises(ImportRefusedError, match="unpacks to more than"):
        check_xlsx(_raw_zip(entries), limits)


def test_too_many_entries_are_refused_before_the_directory_is_parsed() -> None:
    entries = [_content_types()] + [(f"xl/{n}.xml", b"", 0, zipfile.ZIP_STORED) for n in range(60)]
    with pytest.raises(ImportRefusedError, match="more than 50 entries"):
        check_xlsx(_raw_zip(entries), Limits(max_archive_entries=50))


@pytest.mark.parametrize(
    "name", ["../evil.xml", "/etc/evil.xml", "xl/..\\..\\evil.xml", "C:/evil.xml", "xl/../../evil.xml"]
)
def test_zip_slip_names_are_refused(name: str) -> None:
    data = _raw_zip([_content_types(), (name, b"<a/>", 4, zipfile.ZIP_STORED)])
    with pytest.raises(ImportRefusedError, match="unsafe entry name"):
        check_xlsx(data)


def test_a_nested_archive_where_xml_is_expected_is_refused() -> None:
    nested = _workbook()
    with pytest.raises(ImportRefusedError, match="nested archive"):
        check_xlsx(_replace(_workbook(), "xl/worksheets/sheet1.xml", nested))


@pytest.mark.parametrize("codec", ["utf-8", "utf-16"])
def test_xml_with_a_dtd_is_refused_before_openpyxl(codec: str) -> None:
    xml = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e "boom">]><workbook>&e;</workbook>'
    with pytest.raises(ImportRefusedError, match="DTD or entity declaration"):
        check_xlsx(_replace(_workbook(), "xl/workbook.xml", xml.encode(codec)))


def test_a_dtd_split_across_read_chunks_is_still_found() -> None:
    padding = "".join(f"<!-- {n:08x} -->" for n in range(5000))[: 64 * 1024 - 25]
    xml = f'<?xml version="1.0"?>{padding}<!DOCTYPE w><workbook/>'
    with pytest.raises(ImportRefusedError, match="DTD"):
        check_xlsx(_replace(_workbook(), "xl/workbook.xml", xml.encode()))


def test_openpyxl_parses_with_defusedxml_so_entities_fail_even_without_our_check() -> None:
    # Given openpyxl's own switch, and a workbook part that declares an entity
    assert openpyxl.DEFUSEDXML is True
    original = zipfile.ZipFile(io.BytesIO(_workbook())).read("xl/workbook.xml").decode()
    hostile = original.replace("<workbook", '<!DOCTYPE workbook [<!ENTITY e "boom">]><workbook', 1)
    data = _replace(_workbook(), "xl/workbook.xml", hostile.encode())
    # When openpyxl opens it directly (bypassing check_xlsx), then defusedxml refuses the entity
    with pytest.raises(Exception) as caught:  # noqa: PT011 - openpyxl wraps the parser's error
        openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    causes = {
        type(caught.value).__name__,
        type(caught.value.__cause__).__name__,
        type(caught.value.__context__).__name__,
    }
    assert "EntitiesForbidden" in causes
    # And read_table refuses it before openpyxl is reached
    with pytest.raises(ImportRefusedError, match="DTD"):
        read_table(data, "plan.xlsx")
