"""What the XER and P6 XML readers share: reading capped input, notes, activity types, priorities.

Examples
--------
>>> memo_to_text('<HTML><BODY><P>Pour &amp; cure</P><script>alert(1)</script></BODY></HTML>')
'Pour & cure'
>>> memo_to_text("first line\\x7f\\x7fsecond line")
'first line\\nsecond line'
>>> XER_ACTIVITY_TYPES["TT_FinMile"], PMXML_ACTIVITY_TYPES["Level of Effort"]
('finish_milestone', 'level_of_effort')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from pmo.interchange.errors import ImportRefusedError

__all__ = [
    "PMXML_ACTIVITY_TYPES",
    "PMXML_PRIORITIES",
    "XER_ACTIVITY_TYPES",
    "XER_PRIORITIES",
    "Source",
    "join_notes",
    "memo_to_text",
    "read_capped",
    "scheduling_warnings",
]

Source = str | Path | bytes | BinaryIO

#: P6 ``task_type`` → the activity type kept in :class:`~pmo.interchange.document.TaskDetails`.
XER_ACTIVITY_TYPES = {
    "TT_Task": "task",
    "TT_Mile": "start_milestone",
    "TT_FinMile": "finish_milestone",
    "TT_LOE": "level_of_effort",
    "TT_WBS": "wbs_summary",
    "TT_Rsrc": "resource_dependent",
}
#: P6 XML ``<Type>`` of an activity → the same names.
PMXML_ACTIVITY_TYPES = {
    "Task Dependent": "task",
    "Start Milestone": "start_milestone",
    "Finish Milestone": "finish_milestone",
    "Level of Effort": "level_of_effort",
    "WBS Summary": "wbs_summary",
    "Resource Dependent": "resource_dependent",
}
#: P6's five leveling priorities on Microsoft Project's 0-1000 scale (Normal = 500 both ways).
XER_PRIORITIES = {"PT_Top": 900, "PT_High": 700, "PT_Normal": 500, "PT_Low": 300, "PT_Lowest": 100}
PMXML_PRIORITIES = {"Top": 900, "High": 700, "Normal": 500, "Low": 300, "Lowest": 100}


def read_capped(source: Source, max_bytes: int, what: str) -> bytes:
    """The bytes of ``source`` (a path, bytes or a binary file), refusing more than ``max_bytes``.

    A file object is read at most ``max_bytes + 1`` bytes, so an endless upload costs the cap only.

    Raises
    ------
    ImportRefusedError
        Missing file or too large (the message gives the size and the limit).
    """
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise ImportRefusedError(f"{path.name}: no such file")
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportRefusedError(f"the {what} file has {size:,} bytes; the limit is {max_bytes:,} bytes")
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    else:
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImportRefusedError(
            f"the {what} file is larger than the limit of {max_bytes:,} bytes; nothing was imported"
        )
    return data


# ---- notes -----------------------------------------------------------------------------------

_BLOCKS = {
    "address", "blockquote", "br", "dd", "div", "dl", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
    "li", "ol", "p", "pre", "table", "tr", "ul",
}  # fmt: skip
_HIDDEN = {"head", "script", "style", "title", "template", "object", "iframe", "noscript", "svg"}
_LOOKS_HTML = re.compile(r"<\s*(!doctype|html|body|p|div|br|span|font|b|i|u|ul|ol|li|table)\b", re.I)


class _TextOnly(HTMLParser):
    """Collects the text nodes of an HTML fragment; tags, comments and hidden elements are dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n- " if tag == "li" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS and tag != "li":  # the next item's start breaks the line
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS and not self.hidden:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def memo_to_text(memo: str) -> str:
    """A P6 notebook memo as plain text.

    P6 stores memos as HTML (older versions as plain text) with line breaks written as two DEL
    characters and, in XER, quotes doubled. Markup, comments, scripts, styles and the head are
    dropped; entities become their characters (``&lt;b&gt;`` becomes the text ``<b>``, which is
    text, not markup: show notes escaped, like any user text). Blank lines are collapsed.
    """
    text = memo.replace("\x7f\x7f", "\n").replace("\x7f", "").replace('""', '"')
    if _LOOKS_HTML.search(text):
        parser = _TextOnly()
        parser.feed(re.sub(r"\s+", " ", text))
        parser.close()
        text = "".join(parser.parts)
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def join_notes(memos: Iterable[tuple[str, str]]) -> str:
    """Notes of one activity from ``(topic, text)`` pairs: one memo as is, several under their topics."""
    kept = [(topic, text) for topic, text in memos if text]
    if len(kept) == 1:
        return kept[0][1]
    return "\n\n".join(f"{topic}:\n{text}" if topic else text for topic, text in kept)


def scheduling_warnings(types: dict[int, str], codes: dict[int, str], external_links: int) -> list[str]:
    """What the engine schedules differently from P6, by activity type, in words for the preview."""
    out: list[str] = []
    if external_links:
        out.append(
            f"{external_links} relationship(s) to activities of other projects were left out "
            "(only the chosen project is imported)"
        )
    for kind, text in (
        ("level_of_effort", "level-of-effort activities are scheduled as normal tasks with their "
                            "planned duration (P6 stretches them between their links)"),
        ("wbs_summary", "WBS summary activities are scheduled as normal tasks with their planned duration"),
        ("resource_dependent", "resource-dependent activities are scheduled on the activity calendar, "
                               "not on their resources' calendars"),
    ):  # fmt: skip
        uids = [uid for uid, t in types.items() if t == kind]
        if uids:
            shown = ", ".join(codes.get(u) or str(u) for u in uids[:10])
            more = f" and {len(uids) - 10} more" if len(uids) > 10 else ""
            out.append(f"{len(uids)} {text}: {shown}{more}")
    return out
