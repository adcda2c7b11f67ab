"""Hostile files through the real import (SECURITY.md C1, C4, C5): each is refused with a message
that names the problem, in under 2 s, with memory bounded and nothing written to the database.

The time and memory are measured here as guards against a parser that reads everything (a
refusal that takes seconds or hundreds of megabytes is a failure); they are generous bounds, not
benchmarks.
"""

from __future__ import annotations

import io
import socket
import threading
import time
import tracemalloc
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest

from pmo.core.errors import DomainRuleError
from pmo.testing.fingerprint import assert_fingerprint_unchanged, db_fingerprint
from pmo.transfers.services import import_prepare, read_capped

NS = 'xmlns="http://schemas.microsoft.com/project"'
SECONDS = 2.0
PEAK_BYTES = 64 * 1024 * 1024


def _task(uid: int, name: str = "T", extra: str = "") -> str:
    return (
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{name}</Name><OutlineLevel>1</OutlineLevel>"
        f"<Duration>PT8H0M0S</Duration>{extra}</Task>"
    )


def _mspdi(tasks: str, head: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{head}<Project {NS}>'
        f"<StartDate>2027-01-04T08:00:00</StartDate><Tasks>{tasks}</Tasks></Project>"
    ).encode()


def _prepare(desk: Any, data: bytes, name: str, code: str) -> Any:
    return import_prepare(actor=desk.admin, data=data, file_name=name, parent=desk.portfolio.scope, code=code)


def _refused(desk: Any, data: bytes, match: str, name: str = "plan.xml") -> None:
    """Import ``data`` over nothing (a new project): refused with ``match``, fast, bounded, no writes."""
    before = db_fingerprint()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(DomainRuleError, match=match):
            _prepare(desk, data, name, "HOSTILE")
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert elapsed < SECONDS, f"refusal took {elapsed:.2f} s"
    assert peak < PEAK_BYTES + 2 * len(data), f"refusal peaked at {peak / 1e6:.0f} MB"
    assert_fingerprint_unchanged(before, "a refused import")


def test_billion_laughs(desk: Any) -> None:
    levels = "".join(
        f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10)
    )
    lol = f'<!DOCTYPE lolz [<!ENTITY lol "lol">{levels}]>'
    _refused(desk, _mspdi(_task(1, "&lol9;"), lol), "DTDs and entities are not allowed")


def test_external_entity_to_a_local_file(desk: Any) -> None:
    head = '<!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    _refused(desk, _mspdi(_task(1, "&xxe;"), head), "DTDs and entities are not allowed")


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP listener on 127.0.0.1 recording every connection it receives."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    received: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(0.5)
                try:
                    received.append(conn.recv(4096) or b"<connected>")
                except OSError:
                    received.append(b"<connected>")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], received
    stop.set()
    thread.join(2)
    server.close()


def test_external_dtd_on_a_loopback_listener_receives_nothing(
    desk: Any, listener: tuple[int, list[bytes]]
) -> None:
    port, received = listener
    head = f'<!DOCTYPE Project SYSTEM "http://127.0.0.1:{port}/evil.dtd">'
    _refused(desk, _mspdi(_task(1), head), "DTDs and entities are not allowed")
    param = f'<!DOCTYPE p [<!ENTITY % remote SYSTEM "http://127.0.0.1:{port}/p.dtd"> %remote;]>'
    _refused(desk, _mspdi(_task(1), param), "DTDs and entities are not allowed")
    time.sleep(0.3)
    assert received == []


def test_xinclude_is_refused_and_not_followed(desk: Any, listener: tuple[int, list[bytes]]) -> None:
    port, received = listener
    include = f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="http://127.0.0.1:{port}/x"/>'
    _refused(desk, _mspdi(_task(1, "A", include)), "XInclude is not allowed")
    time.sleep(0.3)
    assert received == []


def _gigabyte() -> Iterator[bytes]:
    chunk = b"<Task><UID>1</UID></Task>" * 40_000  # 1 MB
    yield _mspdi("")[:-17]
    for _ in range(1024):
        yield chunk


def test_a_one_gigabyte_upload_is_cut_at_the_cap(desk: Any, settings: Any) -> None:
    settings.PMO_IMPORT_MAX_BYTES = 20 * 1024 * 1024
    counted = 0

    def stream() -> Iterator[bytes]:
        nonlocal counted
        for chunk in _gigabyte():
            counted += len(chunk)
            yield chunk

    before = db_fingerprint()
    started = time.perf_counter()
    with pytest.raises(DomainRuleError, match="larger than the limit of 20,971,520 bytes"):
        read_capped(stream())
    assert time.perf_counter() - started < SECONDS
    assert counted <= 22 * 1024 * 1024, "the upload was read past the cap"
    assert_fingerprint_unchanged(before, "an oversize upload")


def _zip_bomb() -> bytes:
    """An .xlsx-looking archive whose sheet inflates to 1 GB of zeros (about 1 MB compressed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            block = b"\0" * (1024 * 1024)
            for _ in range(1024):
                entry.write(block)
    return buffer.getvalue()


def test_a_zip_bomb_disguised_as_xlsx(desk: Any) -> None:
    data = _zip_bomb()
    assert len(data) < 5 * 1024 * 1024
    _refused(desk, data, "(?i)compress|uncompressed|too large|ratio", name="plan.xlsx")


def test_truncated_xml_names_the_line(desk: Any) -> None:
    data = _mspdi(_task(1) + _task(2)).replace(b"</Tasks></Project>", b"\n<Task><UID>3</UID>\n")
    _refused(desk, data, r"line \d+")


def test_duplicate_uids(desk: Any) -> None:
    _refused(desk, _mspdi(_task(7, "A") + _task(7, "B")), "UID 7.*more than once|more than once.*7")


def _link(pred: int) -> str:
    return f"<PredecessorLink><PredecessorUID>{pred}</PredecessorUID><Type>1</Type></PredecessorLink>"


def test_cyclic_links(desk: Any) -> None:
    tasks = _task(1, "A", _link(3)) + _task(2, "B", _link(1)) + _task(3, "C", _link(2))
    _refused(desk, _mspdi(tasks), "(?i)cycle")


def test_year_9999(desk: Any) -> None:
    extra = "<ConstraintType>4</ConstraintType><ConstraintDate>9999-12-31T08:00:00</ConstraintDate>"
    _refused(desk, _mspdi(_task(1, "A", extra)), "9999.*outside the supported range")


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"", "empty"),
        (b"%PDF-1.7 binary", "binary file"),
        (b'<?xml version="1.0"?><html><body/></html>', "root element is <html>"),
        (_mspdi("").replace(b"schemas.microsoft.com/project", b"example.org/x"), "(?i)namespace|MSPDI"),
    ],
    ids=["empty", "pdf", "html", "wrong-namespace"],
)
def test_not_a_plan(desk: Any, data: bytes, match: str) -> None:
    _refused(desk, data, match)


def test_refusals_leave_no_import_behind(desk: Any) -> None:
    from pmo.transfers.models import ImportRun

    with pytest.raises(DomainRuleError):
        _prepare(desk, b"", "x.xml", "NONE")
    assert not ImportRun.objects.exists()
