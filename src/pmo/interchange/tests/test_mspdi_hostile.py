"""The MSPDI reader on hostile and broken files: refused fast with a message naming the problem."""

from __future__ import annotations

import time

import pytest

from pmo.interchange.errors import ImportRefusedError
from pmo.interchange.limits import DEFAULT_LIMITS, Limits
from pmo.interchange.mspdi import read_mspdi_document
from pmo.interchange.xmlsafe import DTD_REFUSED

NS = b'xmlns="http://schemas.microsoft.com/project"'


def _project(tasks: bytes, head: bytes = b"") -> bytes:
    return b"<Project " + NS + b">" + head + b"<Tasks>" + tasks + b"</Tasks></Project>"


def _task(uid: int, extra: bytes = b"") -> bytes:
    return (
        f"<Task><UID>{uid}</UID><Name>T{uid}</Name><Duration>PT8H0M0S</Duration>".encode()
        + extra
        + b"</Task>"
    )


def _refused(xml: bytes, limits: Limits = DEFAULT_LIMITS) -> ImportRefusedError:
    started = time.perf_counter()
    with pytest.raises(ImportRefusedError) as info:
        read_mspdi_document(xml, limits)
    assert time.perf_counter() - started < 2.0
    return info.value


def test_dtd_in_a_project_file_is_refused() -> None:
    xml = b'<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + _project(
        _task(1, b"<Notes>&x;</Notes>")
    )
    error = _refused(xml)
    assert error.message == DTD_REFUSED and "root:" not in str(error)


@pytest.mark.parametrize(
    ("xml", "words"),
    [
        (b"<Other>", "the root element is <Other>, not <Project>"),
        (b'<Project xmlns="urn:elsewhere">', "in the namespace 'urn:elsewhere'"),
        (b"<APIBusinessObjects><Project>", "<APIBusinessObjects>"),
    ],
)
def test_wrong_root_or_namespace_is_refused_at_the_first_element(xml: bytes, words: str) -> None:
    # Never closed: the refusal comes from the root, before the parser reaches the end.
    assert words in _refused(xml + b"<x/>" * 1000).message


def test_truncated_file_names_the_line() -> None:
    xml = _project(_task(1) + _task(2)).replace(b"><", b">\n<")
    error = _refused(xml[: len(xml) // 2])
    assert error.where.startswith("line ") and "truncated" in error.message


def test_duplicate_task_uids_are_refused_not_merged() -> None:
    error = _refused(_project(_task(1) + _task(2) + _task(1)))
    assert str(error) == "task UID 1: this task UID appears more than once"


def test_duplicate_resource_and_assignment_uids_are_refused() -> None:
    resources = (
        b"<Resources><Resource><UID>1</UID><Name>A</Name></Resource>"
        b"<Resource><UID>1</UID></Resource></Resources>"
    )
    assert "resource UID 1" in str(
        _refused(_project(_task(1)).replace(b"</Project>", resources + b"</Project>"))
    )
    assignments = (
        b"<Resources><Resource><UID>1</UID></Resource></Resources><Assignments>"
        b"<Assignment><UID>7</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID></Assignment>"
        b"<Assignment><UID>7</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID></Assignment></Assignments>"
    )
    assert "assignment UID 7" in str(
        _refused(_project(_task(1)).replace(b"</Project>", assignments + b"</Project>"))
    )


@pytest.mark.parametrize(
    "extra",
    [
        b"<ConstraintType>4</ConstraintType><ConstraintDate>9999-12-31T08:00:00</ConstraintDate>",
        b"<ActualStart>9999-01-01T08:00:00</ActualStart>",
        b"<Deadline>1900-01-01T08:00:00</Deadline>",
        b"<Baseline><Number>3</Number><Start>9999-01-01T08:00:00</Start></Baseline>",
    ],
)
def test_dates_outside_ms_project_range_are_refused(extra: bytes) -> None:
    error = _refused(_project(_task(1, extra)))
    assert "outside the supported range 1984-01-01 to 2149-12-31" in error.message
    assert error.where == "task UID 1"


def test_task_cap_stops_reading_early() -> None:
    xml = _project(b"".join(_task(uid) for uid in range(1, 2001)))
    assert "more than 100 tasks" in _refused(xml, Limits(max_tasks=100)).message


def test_element_and_byte_caps_apply_to_the_reader() -> None:
    xml = _project(b"".join(_task(uid) for uid in range(1, 201)))
    assert "XML elements" in _refused(xml, Limits(max_elements=300)).message
    assert "the limit is 1,000" in _refused(xml, Limits(max_bytes=1000)).message


def test_unreadable_value_names_the_element_and_line() -> None:
    xml = _project(_task(1) + b"\n" + _task(2, b"<Priority>high</Priority>"))
    error = _refused(xml)
    assert error.where == "<Task> ending on line 2" and "Priority" in error.message


def test_link_to_an_unknown_task_is_dropped_with_a_warning() -> None:
    link = b"<PredecessorLink><PredecessorUID>99</PredecessorUID><Type>1</Type></PredecessorLink>"
    cross = (
        b"<PredecessorLink><PredecessorUID>1</PredecessorUID><CrossProject>1</CrossProject></PredecessorLink>"
    )
    doc = read_mspdi_document(_project(_task(1) + _task(2, link + cross)))
    assert doc.project.links == ()
    assert doc.warnings == (
        "task 2: a link to another project was left out",
        "link 99 -> 2 was left out: task 99 is not in the file",
    )


def test_cyclic_links_are_read_the_engine_refuses_them_later() -> None:
    def link(pred: int) -> bytes:
        return f"<PredecessorLink><PredecessorUID>{pred}</PredecessorUID></PredecessorLink>".encode()

    doc = read_mspdi_document(_project(_task(1, link(2)) + _task(2, link(1))))
    assert len(doc.project.links) == 2


def test_unassigned_and_dangling_assignments() -> None:
    tail = (
        b"<Resources><Resource><UID>0</UID></Resource><Resource><UID>1</UID><Name>R</Name></Resource></Resources>"
        b"<Assignments>"
        b"<Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>-65535</ResourceUID></Assignment>"
        b"<Assignment><UID>2</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID><Units>0.5</Units></Assignment>"
        b"<Assignment><UID>3</UID><TaskUID>1</TaskUID><ResourceUID>5</ResourceUID></Assignment>"
        b"</Assignments>"
    )
    doc = read_mspdi_document(_project(_task(1)).replace(b"</Project>", tail + b"</Project>"))
    assert [(r.uid, r.name) for r in doc.resources] == [(1, "R")]
    assert [(a.uid, a.units) for a in doc.assignments] == [(2, 0.5)]
    assert doc.warnings == ("assignment 3 was left out: resource 5 is not in the file",)
