"""P6 import refusals and safety: truncated or malformed files, caps, DTDs, HTML memos."""

from __future__ import annotations

import io
import time

import pytest

from pmo.interchange.errors import ImportRefusedError
from pmo.interchange.limits import Limits
from pmo.interchange.p6 import memo_to_text, pmxml_projects, read_pmxml_document, read_xer_document

HEADER = "ERMHDR\t8.2\t2024-01-01\tProject\tadmin\n"
PROJECT = (
    "%T\tPROJECT\n%F\tproj_id\tproj_short_name\tlast_recalc_date\n%R\t1\tP1\t2024-01-01 08:00\n"
    "%R\t2\tP2\t2024-01-01 08:00\n"
)
TASKS = (
    "%T\tTASK\n%F\ttask_id\tproj_id\ttask_type\ttask_code\ttask_name\ttarget_drtn_hr_cnt\tpriority_type"
    "\tguid\tearly_start_date\n"
    "%R\t10\t1\tTT_Task\tA100\tDig\t16\tPT_High\tg10\t2024-01-01 08:00\n"
    "%R\t11\t1\tTT_LOE\tA110\tSupervise\t8\n"
    "%R\t12\t2\tTT_Task\tB100\tOther\t8\n"
)
RSRC = (
    "%T\tRSRC\n%F\trsrc_id\trsrc_name\trsrc_short_name\trsrc_type\temail_addr\n"
    "%R\t5\tAnna\tAN\tRT_Labor\tanna@example.com\n%R\t6\tConcrete\tCO\tRT_Mat\n"
    "%T\tRSRCRATE\n%F\trsrc_rate_id\trsrc_id\tmax_qty_per_hr\tcost_per_qty\tstart_date\n"
    "%R\t1\t5\t0.5\t40.00\t2020-01-01 00:00\n%R\t2\t5\t2\t80.00\t2030-01-01 00:00\n"
    "%T\tTASKRSRC\n%F\ttaskrsrc_id\ttask_id\tproj_id\trsrc_id\ttarget_qty_per_hr\ttarget_qty\t"
    "act_reg_qty\tact_ot_qty\tremain_qty\ttarget_cost\n"
    "%R\t70\t10\t1\t5\t0.5\t8\t2\t1\t5\t320.00\n%R\t71\t10\t1\t\t1\t8\n%R\t72\t12\t2\t5\t1\t8\n"
)
MEMO = (
    "%T\tTASKMEMO\n%F\tmemo_id\ttask_id\tmemo_type_id\tproj_id\ttask_memo\n"
    '%R\t1\t10\t1\t1\t<HTML><HEAD><TITLE>t</TITLE><style>p{}</style></HEAD><BODY><P>Check ""rebar"" '
    "&amp; forms</P>\x7f\x7f<script>alert(1)</script><img src=x onerror=alert(1)><P>Day 2</P></BODY></HTML>\n"
)


def _xer(*tables: str, end: bool = True) -> bytes:
    return (HEADER + "".join(tables) + ("%E\n" if end else "")).encode()


def test_a_small_xer_maps_details_resources_assignments_and_warnings() -> None:
    doc = read_xer_document(_xer(PROJECT, TASKS, RSRC, MEMO))
    assert [t.uid for t in doc.project.tasks] == [10, 11]
    a100 = doc.detail(10)
    assert (a100.code, a100.activity_type, a100.priority) == ("A100", "task", 700)
    assert a100.notes == 'Check "rebar" & forms\n\nDay 2'
    assert a100.extra == {"TASK.guid": ("g10",)}  # recomputed dates and mapped columns left out
    assert doc.detail(11).activity_type == "level_of_effort"
    anna, concrete = doc.resources
    assert (anna.email, anna.max_units, str(anna.standard_rate)) == ("anna@example.com", 0.5, "40.00")
    assert concrete.kind == "material" and concrete.max_units == 1.0
    (a,) = doc.assignments  # 71 has no resource (a role), 72 belongs to P2
    assert (a.uid, a.units, a.work, a.actual_work, a.remaining_work) == (70, 0.5, 480, 180, 300)
    assert any(w.startswith("1 level-of-effort activities") and "A110" in w for w in doc.warnings)
    assert "1 role assignment(s) without a resource were left out" in doc.warnings
    assert "the file holds other projects, not imported: P2" in doc.warnings
    assert doc.stored[10].early_start is not None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            _xer(PROJECT, TASKS, end=False),
            r"truncated XER: no %E end line after line 10 \(last table 'TASK'\)",
        ),
        (
            _xer(PROJECT, TASKS + "%R\t13\t1\tTT_Task\tC\tX\t1\t\t\t\t\textra\n"),
            "table TASK line 11: 11 values",
        ),
        (_xer(PROJECT, TASKS.replace("\t16\t", "\tsixteen\t")), r"TASK 10 \(A100\): target_drtn_hr_cnt"),
        (
            _xer(PROJECT, TASKS, RSRC.replace("40.00", "forty")),
            "RSRCRATE 1: cost_per_qty should be an amount",
        ),
        (b"PK\x03\x04garbage", "not an XER file"),
        (_xer("%T\tX\n%F\ta\n%R\t1\n"), "no projects"),
        (
            _xer(PROJECT.replace("2024-01-01 08:00\n%R", "9999-01-01 08:00\n%R"), TASKS),
            "outside the supported range",
        ),
        (
            _xer(PROJECT, TASKS.replace("%R\t11\t1", "%R\t10\t1")),
            "task UID 10: this task UID appears more than once",
        ),
    ],
)
def test_malformed_xer_is_refused_naming_table_and_line(content: bytes, message: str) -> None:
    with pytest.raises(ImportRefusedError, match=message):
        read_xer_document(content)


def test_caps_on_bytes_rows_and_tasks() -> None:
    content = _xer(PROJECT, TASKS)
    with pytest.raises(ImportRefusedError, match="larger than the limit of 100 bytes"):
        read_xer_document(io.BytesIO(content * 1000), limits=Limits(max_bytes=100))
    with pytest.raises(ImportRefusedError, match="more than 3 rows"):
        read_xer_document(content, limits=Limits(max_elements=3))
    with pytest.raises(ImportRefusedError, match="project P1 has 2 activities; the limit is 1"):
        read_xer_document(content, limits=Limits(max_tasks=1))
    assert len(read_xer_document(content, "P2", limits=Limits(max_tasks=1)).project.tasks) == 1


def _endless() -> io.RawIOBase:
    class Zeros(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, b: bytearray) -> int:  # type: ignore[override]
            b[:] = b"0" * len(b)
            return len(b)

    return Zeros()


def test_an_endless_upload_costs_the_cap_only() -> None:
    started = time.perf_counter()
    with pytest.raises(ImportRefusedError, match="larger than the limit"):
        read_xer_document(io.BufferedReader(_endless()), limits=Limits(max_bytes=1_000_000))
    assert time.perf_counter() - started < 2


NS = "http://xmlns.oracle.com/Primavera/P6Professional/V20.12/API/BusinessObjects"
PMXML = f"""<?xml version="1.0" encoding="utf-8"?>
<APIBusinessObjects xmlns="{NS}">
<NotebookTopic><ObjectId>3</ObjectId><Name>Notes</Name></NotebookTopic>
<Resource><ObjectId>8</ObjectId><Id>EL</Id><Name>Electrician</Name><ResourceType>Labor</ResourceType>
<EmailAddress>el@example.com</EmailAddress></Resource>
<ResourceRate><ObjectId>1</ObjectId><ResourceObjectId>8</ResourceObjectId><MaxUnitsPerTime>2</MaxUnitsPerTime>
<PricePerUnit>55,5</PricePerUnit><EffectiveDate>2020-01-01T00:00:00</EffectiveDate></ResourceRate>
<Project><ObjectId>1</ObjectId><Id>P1</Id><Name>Plant</Name><DataDate>2024-01-01T08:00:00</DataDate>
<Activity><ObjectId>5</ObjectId><Id>A1</Id><Name>Wire</Name><Type>WBS Summary</Type>
<PlannedDuration>16</PlannedDuration><LevelingPriority>Top</LevelingPriority><GUID>g5</GUID>
<UDF><TypeObjectId>9</TypeObjectId><TextValue>red</TextValue></UDF><TotalFloat>3</TotalFloat></Activity>
<Activity><ObjectId>6</ObjectId><Id>A2</Id><Type>Start Milestone</Type></Activity>
<ActivityNote><ObjectId>1</ObjectId><ActivityObjectId>5</ActivityObjectId><NotebookTopicObjectId>3</NotebookTopicObjectId>
<Note>&lt;p&gt;Use &amp;lt;b&amp;gt; cable&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</Note></ActivityNote>
<ResourceAssignment><ObjectId>40</ObjectId><ActivityObjectId>5</ActivityObjectId><ResourceObjectId>8</ResourceObjectId>
<PlannedUnits>16</PlannedUnits><PlannedUnitsPerTime>1</PlannedUnitsPerTime><ActualRegularUnits>2</ActualRegularUnits>
<ActualOvertimeUnits>1</ActualOvertimeUnits><PlannedCost>888</PlannedCost></ResourceAssignment>
</Project></APIBusinessObjects>"""


def test_a_small_pmxml_maps_details_resources_and_assignments() -> None:
    assert pmxml_projects(PMXML.encode()) == [("P1", "Plant")]
    doc = read_pmxml_document(PMXML.encode())
    d = doc.detail(5)
    assert (d.code, d.activity_type, d.priority, d.notes) == ("A1", "wbs_summary", 900, "Use <b> cable")
    assert d.extra["Activity.GUID"] == ("g5",) and "Activity.TotalFloat" not in d.extra
    assert d.extra["Activity.UDF"] == ('{"TextValue": "red", "TypeObjectId": "9"}',)
    assert doc.detail(6).activity_type == "start_milestone"
    (r,) = doc.resources
    assert (r.code, r.email, r.max_units, str(r.standard_rate)) == ("EL", "el@example.com", 2.0, "55.5")
    (a,) = doc.assignments
    assert (a.work, a.actual_work, a.units, str(a.cost)) == (960, 180, 1.0, "888")
    assert any(w.startswith("1 WBS summary activities") for w in doc.warnings)


LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<APIBusinessObjects><Project><Name>&lol3;</Name></Project></APIBusinessObjects>"""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (LAUGHS, "DTDs and entities are not allowed"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
            b"<APIBusinessObjects><Project><Name>&e;</Name></Project></APIBusinessObjects>",
            "DTDs and entities are not allowed",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE APIBusinessObjects SYSTEM "http://127.0.0.1:9/x.dtd">'
            b"<APIBusinessObjects/>",
            "DTDs and entities are not allowed",
        ),
        (PMXML.encode()[:600], "line .*, column .*: malformed XML"),
        (b"<Project/>", "not a P6 XML file: root element is <Project>"),
        (b"<APIBusinessObjects/>", "no <Project>"),
        (
            PMXML.replace("<PlannedCost>888", "<PlannedCost>lots").encode(),
            "<ResourceAssignment> 40: <PlannedCost>",
        ),
        (
            PMXML.replace("<ObjectId>6</ObjectId>", "<ObjectId>5</ObjectId>").encode(),
            "appears more than once",
        ),
    ],
)
def test_unsafe_or_malformed_pmxml_is_refused(content: bytes, message: str) -> None:
    started = time.perf_counter()
    with pytest.raises(ImportRefusedError, match=message):
        read_pmxml_document(content)
    assert time.perf_counter() - started < 2


def test_pmxml_caps() -> None:
    content = PMXML.encode()
    with pytest.raises(ImportRefusedError, match="limit of 100 bytes"):
        read_pmxml_document(content, limits=Limits(max_bytes=100))
    with pytest.raises(ImportRefusedError, match="more than 20 XML elements"):
        read_pmxml_document(content, limits=Limits(max_elements=20))
    with pytest.raises(ImportRefusedError, match="project P1 has 2 activities; the limit is 1"):
        read_pmxml_document(content, limits=Limits(max_tasks=1))
    with pytest.raises(ImportRefusedError, match="no project 'X'"):
        read_pmxml_document(content, "X")


@pytest.mark.parametrize(
    ("memo", "text"),
    [
        ("<p>a<br>b</p><ul><li>one</li><li>two</li></ul>", "a\nb\n\n- one\n- two"),
        ("<b onmouseover=x()>bold</b><!-- hidden --><iframe>no</iframe>", "bold"),
        ("plain\x7f\x7ftext  with   spaces", "plain\ntext with spaces"),
        ("<HTML><BODY>&lt;script&gt; is text</BODY></HTML>", "<script> is text"),
        ("", ""),
    ],
)
def test_memos_become_plain_text(memo: str, text: str) -> None:
    assert memo_to_text(memo) == text
