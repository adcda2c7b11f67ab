"""Streamed, capped and defused XML parsing for every XML reader of :mod:`pmo.interchange`.

:func:`iterparse_capped` feeds the input to expat in 64 KiB chunks and yields ``("start", element)``
and ``("end", element)`` events as :func:`xml.etree.ElementTree.iterparse` does, so a reader can
handle each record and clear it, keeping memory bounded on big files. It refuses, with
:class:`~pmo.interchange.errors.ImportRefusedError` naming the line and column:

- a document type declaration, an entity declaration or reference, a parameter entity, an external
  DTD or entity (``"DTDs and entities are not allowed"``); nothing named by the document is ever
  opened or fetched: expat gets no external-entity loader, and the DTD is refused as it starts;
- an element of the XInclude namespace (nothing is included: the element itself is refused);
- more bytes than ``limits.max_bytes`` (counted while reading, so a 1 GB stream costs at most the
  cap), more elements than ``limits.max_elements``, nesting deeper than ``max_depth``;
- malformed or truncated XML (``"line 40, column 3: unclosed element ..."``).

This is the same protection :mod:`defusedxml` gives (its parsers set these expat handlers too),
written against expat directly because defusedxml's ``iterparse`` reads the whole file first on
current Pythons and cannot count bytes or elements.

Examples
--------
>>> events = iterparse_capped(b"<a><b>1</b><b>2</b></a>", Limits())
>>> [(event, element.tag) for event, element in events]
[('start', 'a'), ('start', 'b'), ('end', 'b'), ('start', 'b'), ('end', 'b'), ('end', 'a')]
>>> try:
...     list(iterparse_capped(b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', Limits()))
... except ImportRefusedError as exc:
...     print(exc)
line 1, column 13: DTDs and entities are not allowed
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, NoReturn
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from pmo.interchange.errors import ImportRefusedError
from pmo.interchange.limits import Limits

__all__ = ["DTD_REFUSED", "XINCLUDE_NAMESPACE", "XmlEvents", "XmlSource", "iterparse_capped", "local_name"]

#: The exact message of a refused DTD or entity (the web layer shows it).
DTD_REFUSED = "DTDs and entities are not allowed"
XINCLUDE_NAMESPACE = "http://www.w3.org/2001/XInclude"
CHUNK = 64 * 1024
DEFAULT_MAX_DEPTH = 256

XmlSource = bytes | BinaryIO | Path | Iterable[bytes]

# expat error codes with a clearer message for planners.
_FRIENDLY = {
    expat.errors.XML_ERROR_NO_ELEMENTS: "unclosed element: the file ends before the XML is complete "
    "(is it truncated?)",
    expat.errors.XML_ERROR_UNCLOSED_TOKEN: "unclosed token: the file ends in the middle of a tag "
    "(is it truncated?)",
    expat.errors.XML_ERROR_UNDEFINED_ENTITY: DTD_REFUSED,
    expat.errors.XML_ERROR_EXTERNAL_ENTITY_HANDLING: DTD_REFUSED,
    expat.errors.XML_ERROR_PARAM_ENTITY_REF: DTD_REFUSED,
    expat.errors.XML_ERROR_RECURSIVE_ENTITY_REF: DTD_REFUSED,
    expat.errors.XML_ERROR_ENTITY_DECLARED_IN_PE: DTD_REFUSED,
}


def local_name(tag: str) -> str:
    """``tag`` without its ``{namespace}`` part.

    >>> local_name("{http://schemas.microsoft.com/project}Task")
    'Task'
    """
    return tag.rsplit("}", 1)[-1]


class XmlEvents:
    """The event iterator :func:`iterparse_capped` returns.

    Attributes
    ----------
    line : int
        Line of the event last yielded (for messages such as ``"line 40: <UID> is not a number"``).
    root_tag : str or None
        The root element's tag with its namespace (``{ns}Project``), known after the first event.
    bytes_read : int
        Bytes consumed so far.
    """

    def __init__(
        self,
        source: XmlSource,
        limits: Limits,
        *,
        strip_namespaces: bool = False,
        max_depth: int = DEFAULT_MAX_DEPTH,
        event_depth: int | None = None,
    ) -> None:
        self.limits = limits
        self.max_depth = max_depth
        self.event_depth = max_depth if event_depth is None else event_depth
        self.strip = strip_namespaces
        self._tags: dict[str, str] = {}
        self.line = 1
        self.root_tag: str | None = None
        self.bytes_read = 0
        self.elements = 0
        self._depth = 0
        self._chunks = _chunks(source, limits)
        self._builder = TreeBuilder()
        self._events: list[tuple[str, Element, int]] = []
        parser = expat.ParserCreate(None, "}")
        parser.buffer_text = True
        parser.ordered_attributes = False
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._refuse_dtd
        parser.EntityDeclHandler = self._refuse_dtd
        parser.UnparsedEntityDeclHandler = self._refuse_dtd
        parser.ExternalEntityRefHandler = self._refuse_dtd
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._builder.data
        self._parser = parser
        self._done = False

    # -- expat handlers -------------------------------------------------------------------------
    def _where(self) -> str:
        return f"line {self._parser.CurrentLineNumber}, column {self._parser.CurrentColumnNumber + 1}"

    def _refuse_dtd(self, *args: object) -> NoReturn:
        raise ImportRefusedError(DTD_REFUSED, where=self._where())

    def _name(self, name: str) -> str:
        tag = self._tags.get(name)
        if tag is not None:
            return tag
        if "}" not in name:
            tag = name
        else:
            namespace, local = name.split("}", 1)
            if namespace == XINCLUDE_NAMESPACE:
                raise ImportRefusedError("XInclude is not allowed", where=self._where())
            tag = local if self.strip else "{" + name
        if len(self._tags) < 10_000:
            self._tags[name] = tag
        return tag

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > self.limits.max_elements:
            raise ImportRefusedError(
                f"the file has more than {self.limits.max_elements:,} XML elements, the limit",
                where=self._where(),
            )
        self._depth += 1
        if self._depth > self.max_depth:
            raise ImportRefusedError(
                f"elements are nested more than {self.max_depth} deep", where=self._where()
            )
        if attributes:
            attributes = {self._name(k): v for k, v in attributes.items()}
        element = self._builder.start(self._name(name), attributes)
        if self.root_tag is None:
            self.root_tag = "{" + name if "}" in name else name
        if self._depth <= self.event_depth:
            self._events.append(("start", element, self._parser.CurrentLineNumber))

    def _end(self, name: str) -> None:
        element = self._builder.end(self._tags.get(name) or self._name(name))
        if self._depth <= self.event_depth:
            self._events.append(("end", element, self._parser.CurrentLineNumber))
        self._depth -= 1

    # -- iteration ------------------------------------------------------------------------------
    def _feed(self, data: bytes, final: bool) -> None:
        try:
            self._parser.Parse(data, final)
        except expat.ExpatError as exc:
            message = expat.errors.messages[exc.code] if exc.code is not None else str(exc)
            text = (
                "the file is empty"
                if self.bytes_read == 0
                else _FRIENDLY.get(message, f"malformed XML: {message}")
            )
            raise ImportRefusedError(text, where=f"line {exc.lineno}, column {exc.offset + 1}") from None

    def __iter__(self) -> Iterator[tuple[str, Element]]:
        return self

    def __next__(self) -> tuple[str, Element]:
        while not self._events:
            if self._done:
                raise StopIteration
            chunk = next(self._chunks, None)
            if chunk is None:
                self._done = True
                self._feed(b"", True)
            else:
                self.bytes_read += len(chunk)
                self._feed(chunk, False)
            self._events.reverse()  # pop from the end in document order
        event, element, self.line = self._events.pop()
        return event, element


def _chunks(source: XmlSource, limits: Limits) -> Iterator[bytes]:
    """The input in chunks, refusing as soon as more than ``limits.max_bytes`` have been read."""
    cap = limits.max_bytes
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        if len(data) > cap:
            raise ImportRefusedError(f"the file is {len(data):,} bytes; the limit is {cap:,}")
        for i in range(0, len(data), CHUNK):
            yield data[i : i + CHUNK]
        return
    if isinstance(source, os.PathLike):
        path = Path(source)
        if not path.is_file():
            raise ImportRefusedError(f"{path.name}: no such file")
        size = path.stat().st_size
        if size > cap:
            raise ImportRefusedError(f"the file is {size:,} bytes; the limit is {cap:,}")
        with path.open("rb") as handle:
            yield from _capped(iter(lambda: handle.read(CHUNK), b""), cap)
        return
    read = getattr(source, "read", None)
    if read is not None:
        yield from _capped(iter(lambda: read(CHUNK), b""), cap)
        return
    yield from _capped(iter(source), cap)


def _capped(chunks: Iterator[bytes], cap: int) -> Iterator[bytes]:
    total = 0
    for chunk in chunks:
        if not isinstance(chunk, bytes | bytearray):
            raise ImportRefusedError("the upload is not binary data")
        total += len(chunk)
        if total > cap:
            raise ImportRefusedError(f"the file is larger than the limit of {cap:,} bytes")
        yield bytes(chunk)


def iterparse_capped(
    source: XmlSource,
    limits: Limits,
    *,
    strip_namespaces: bool = False,
    max_depth: int = DEFAULT_MAX_DEPTH,
    event_depth: int | None = None,
) -> XmlEvents:
    """Parse XML safely and incrementally, yielding ``(event, element)`` for each start and end tag.

    Parameters
    ----------
    source : bytes, binary file, Path or iterable of bytes
        The document. A stream or iterable (an upload's chunks) is read 64 KiB at a time.
    limits : Limits
        ``max_bytes`` and ``max_elements`` are enforced while reading.
    strip_namespaces : bool
        Give tags without their ``{namespace}`` (the root's is kept in ``root_tag``).
    max_depth : int
        Deepest nesting accepted.
    event_depth : int, optional
        Report only elements at most this deep (the root is at depth 1); deeper ones are still
        built into their parents, which is faster when a reader handles whole records.

    Returns
    -------
    XmlEvents
        An iterator of ``("start" | "end", Element)``; elements are complete at their ``"end"``.
        Clear or remove handled elements to keep memory bounded.

    Raises
    ------
    ImportRefusedError
        While iterating: DTDs and entities, XInclude, caps, malformed or truncated XML.
    """
    return XmlEvents(
        source, limits, strip_namespaces=strip_namespaces, max_depth=max_depth, event_depth=event_depth
    )
