"""Safe XML parsing: streamed events, caps, and every hostile input refused fast, touching nothing."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pmo.interchange.errors import ImportRefusedError
from pmo.interchange.limits import Limits
from pmo.interchange.xmlsafe import DTD_REFUSED, iterparse_capped

LIMITS = Limits()


def _parse(source: object, limits: Limits = LIMITS, **kwargs: object) -> list[tuple[str, str]]:
    return [(event, element.tag) for event, element in iterparse_capped(source, limits, **kwargs)]  # type: ignore[arg-type]


def _refused(source: object, limits: Limits = LIMITS, **kwargs: object) -> ImportRefusedError:
    """Parse ``source``, expect a refusal, and check it came in well under 2 s."""
    started = time.perf_counter()
    with pytest.raises(ImportRefusedError) as info:
        _parse(source, limits, **kwargs)
    assert time.perf_counter() - started < 2.0
    return info.value


def test_events_come_in_document_order_with_namespaces() -> None:
    xml = b'<p:a xmlns:p="urn:x" k="v"><b>1</b><c/></p:a>'
    assert _parse(xml) == [
        ("start", "{urn:x}a"), ("start", "b"), ("end", "b"),
        ("start", "c"), ("end", "c"), ("end", "{urn:x}a"),
    ]  # fmt: skip
    assert _parse(xml, strip_namespaces=True)[0] == ("start", "a")
    events = iterparse_capped(xml, LIMITS, strip_namespaces=True)
    assert [e.text for ev, e in events if ev == "end" and e.tag == "b"] == ["1"]
    assert events.root_tag == "{urn:x}a"


def test_event_depth_reports_only_shallow_elements_but_builds_the_rest() -> None:
    events = list(iterparse_capped(b"<a><b><c>x</c></b></a>", LIMITS, event_depth=2))
    assert [(ev, e.tag) for ev, e in events] == [("start", "a"), ("start", "b"), ("end", "b"), ("end", "a")]
    assert events[2][1].findtext("c") == "x"


def test_line_of_each_event_is_known() -> None:
    events = iterparse_capped(b"<a>\n<b/>\n\n<c/>\n</a>", LIMITS)
    lines = {e.tag: events.line for ev, e in events if ev == "end"}
    assert lines == {"b": 2, "c": 4, "a": 5}


def test_sources_bytes_path_stream_and_chunks(tmp_path: Path) -> None:
    xml = b"<a>" + b"<b/>" * 40_000 + b"</a>"  # several 64 KiB chunks
    path = tmp_path / "x.xml"
    path.write_bytes(xml)
    expected = len(_parse(xml))
    assert expected == 80_002
    assert len(_parse(path)) == expected
    with path.open("rb") as handle:
        assert len(_parse(handle)) == expected
    assert len(_parse(iter([xml[:10], xml[10:70_000], xml[70_000:]]))) == expected


@pytest.mark.parametrize(
    "xml",
    [
        pytest.param(
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + b"".join(
                f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'.encode()
                for i in range(1, 10)
            )
            + b"]><lolz>&lol9;</lolz>",
            id="billion-laughs",
        ),
        pytest.param(b'<!DOCTYPE a [<!ENTITY x "internal">]><a>&x;</a>', id="internal-entity"),
        pytest.param(
            b'<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>', id="external-entity"
        ),
        pytest.param(
            b'<!DOCTYPE a [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><a/>', id="parameter-entity"
        ),
        pytest.param(
            b"<!DOCTYPE a [<!ENTITY % p \"<!ENTITY x 'y'>\"> %p;]><a>&x;</a>", id="internal-parameter"
        ),
        pytest.param(b"<a>&undeclared;</a>", id="undeclared-entity"),
        pytest.param(
            b'<!DOCTYPE a [<!ENTITY big "' + b"x" * 100_000 + b'">]><a>' + b"&big;" * 50_000 + b"</a>",
            id="quadratic-blowup",
        ),
    ],
)
def test_dtds_and_entities_are_refused(xml: bytes) -> None:
    error = _refused(xml)
    assert error.message == DTD_REFUSED
    assert "passwd" not in str(error) and "root:" not in str(error)
    assert error.where.startswith("line ")


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP listener on loopback that records whether anyone connected."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.3)
    yield server
    server.close()


def _connected(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except TimeoutError:
        return False
    connection.close()
    return True


def test_external_dtd_on_a_loopback_listener_is_never_fetched(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    url = f"http://127.0.0.1:{port}/evil.dtd".encode()
    for xml in (
        b'<?xml version="1.0"?><!DOCTYPE Project SYSTEM "' + url + b'"><Project/>',
        b'<!DOCTYPE a [<!ENTITY x SYSTEM "' + url + b'">]><a>&x;</a>',
        b'<!DOCTYPE a [<!ENTITY % p SYSTEM "' + url + b'"> %p;]><a/>',
    ):
        assert _refused(xml).message == DTD_REFUSED
    assert not _connected(listener)


def test_the_listener_does_see_a_real_connection(listener: socket.socket) -> None:
    """The oracle above can fail: a connection is noticed."""
    client = socket.create_connection(listener.getsockname(), timeout=1)
    assert _connected(listener)
    client.close()


def test_xinclude_is_refused(listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    xml = (
        b'<a xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="http://127.0.0.1:'
        + str(port).encode()
        + b'/x" parse="text"/><xi:include href="file:///etc/passwd" parse="text"/></a>'
    )
    assert _refused(xml).message == "XInclude is not allowed"
    assert not _connected(listener)


@pytest.mark.parametrize(
    ("xml", "line", "words"),
    [
        (b"<Project>\n<Tasks>\n<Task>\n<UID>1</UID>", 4, "unclosed element"),
        (b"<Project>\n<Tasks>\n<Task><UI", 3, "unclosed token"),
        (b"<a>\n<b></c>\n</a>", 2, "mismatched tag"),
        (b"<a>\xff\xfe</a>", 1, "not well-formed"),
        (b"", 1, "the file is empty"),
        (b"<a/><b/>", 1, "junk after document element"),
    ],
)
def test_malformed_xml_names_the_line(xml: bytes, line: int, words: str) -> None:
    error = _refused(xml)
    assert error.where.startswith(f"line {line}, column ")
    assert words in error.message


def test_element_cap() -> None:
    xml = b"<a>" + b"<b/>" * 1000 + b"</a>"
    error = _refused(xml, Limits(max_elements=500))
    assert "more than 500 XML elements" in error.message
    assert len(_parse(xml, Limits(max_elements=1001))) == 2002


def test_depth_cap() -> None:
    xml = b"<a>" * 100_000 + b"</a>" * 100_000
    assert "nested more than 256 deep" in _refused(xml).message


def test_byte_cap_on_bytes_and_path(tmp_path: Path) -> None:
    xml = b"<a>" + b" " * 2000 + b"</a>"
    assert "2,007 bytes; the limit is 1,000" in _refused(xml, Limits(max_bytes=1000)).message
    path = tmp_path / "big.xml"
    path.write_bytes(xml)
    assert "the limit is 1,000" in _refused(path, Limits(max_bytes=1000)).message
    assert "no such file" in _refused(tmp_path / "absent.xml").message


class _Endless:
    """A 1 GB upload that is never materialised: counts what the parser pulls from it."""

    def __init__(self, total: int = 1024**3) -> None:
        self.total = total
        self.served = 0
        self.head = b"<Project><Tasks>"

    def read(self, size: int = -1) -> bytes:
        if self.served >= self.total:
            return b""
        size = 65536 if size < 0 else size
        chunk = self.head if self.served == 0 else b"<Task><UID>1</UID></Task>" * (size // 25)
        self.served += len(chunk)
        return chunk


def test_a_1gb_stream_is_refused_at_the_byte_cap_without_reading_it_all() -> None:
    stream = _Endless()
    error = _refused(stream, Limits(max_bytes=1024 * 1024))
    assert "larger than the limit of 1,048,576 bytes" in error.message
    assert stream.served <= 1024 * 1024 + 65536


def test_a_1gb_generator_is_refused_at_the_byte_cap() -> None:
    pulled = 0

    def chunks() -> Iterator[bytes]:
        nonlocal pulled
        yield b"<a>"
        for _ in range(16 * 1024):  # 16 Ki chunks of 64 KiB = 1 GiB
            pulled += 65536
            yield b" " * 65536

    error = _refused(chunks(), Limits(max_bytes=1024 * 1024))
    assert "larger than the limit" in error.message
    assert pulled <= 1024 * 1024 + 65536


def test_text_chunks_are_not_accepted_as_binary() -> None:
    assert "not binary" in _refused(iter(["<a/>"])).message
