"""``pmo schedule``: output formats on real files, and one-line errors with exit code 2."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from pmo.engine.cli import COLUMNS, main
from pmo.testing.data import require_shared_data


@pytest.fixture
def relations() -> Path:
    return require_shared_data("mspdi", "mpxj", "mspdirelations.xml")


def test_table_output(relations: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(relations)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == list(COLUMNS)
    assert len(lines) == 6
    assert lines[1].split()[:3] == ["1", "Task", "1"]


def test_csv_output(relations: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(relations), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["uid"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert rows[4]["early_start"] == "2006-09-22T08:00:00"
    assert rows[4]["total_slack_minutes"] == "480"
    assert rows[0]["critical"] == "True"


def test_json_output(relations: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(relations), "--format", "json", "--status-date", "2006-09-21T08:00"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert set(rows[0]) == set(COLUMNS)
    assert rows[1]["late_finish"] == "2006-09-22T17:00:00"


def test_psplib_prints_periods(capsys: pytest.CaptureFixture[str]) -> None:
    path = require_shared_data("psplib", "j30", "j301_1.sm")
    assert main([str(path), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 32
    assert rows[-1]["early_finish"] == 38  # MPM-Time in the header


def _bad(tmp_path: Path, name: str, content: str | None) -> Path:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.xml", None, "no such file"),
        ("broken.xml", "<Project><Tasks>", "malformed XML"),
        ("dtd.xml", '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "b">]><Project>&a;</Project>', "DTD"),
        ("plan.txt", "hello", "unknown extension"),
        ("other.xml", "<Workbook/>", "not an MSPDI file"),
        (
            "cycle.xml",
            '<Project xmlns="http://schemas.microsoft.com/project"><Tasks>'
            "<Task><UID>1</UID><Name>Dig</Name><Duration>PT8H0M0S</Duration>"
            "<PredecessorLink><PredecessorUID>2</PredecessorUID><Type>1</Type></PredecessorLink></Task>"
            "<Task><UID>2</UID><Name>Pour</Name><Duration>PT8H0M0S</Duration>"
            "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink></Task>"
            "</Tasks></Project>",
            "cycle",
        ),
        ("empty.sm", "nothing here", "PSPLIB"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str | None, expected: str
) -> None:
    code = main([str(_bad(tmp_path, name, content))])
    out = capsys.readouterr()
    assert code == 2
    assert out.out == ""
    lines = out.err.splitlines()
    assert len(lines) == 1
    assert expected in lines[0]


def test_cycle_message_names_the_tasks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xml = (
        '<Project xmlns="http://schemas.microsoft.com/project"><Tasks>'
        "<Task><UID>1</UID><Name>Dig</Name><PredecessorLink><PredecessorUID>2</PredecessorUID></PredecessorLink></Task>"
        "<Task><UID>2</UID><Name>Pour</Name><PredecessorLink><PredecessorUID>1</PredecessorUID></PredecessorLink></Task>"
        "</Tasks></Project>"
    )
    assert main([str(_bad(tmp_path, "c.xml", xml))]) == 2
    err = capsys.readouterr().err
    assert "Dig" in err and "Pour" in err


def test_bad_options_exit_2(relations: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(relations), "--format", "yaml"]) == 2
    assert main([str(relations), "--status-date", "soon"]) == 2
    assert main([]) == 2
    assert all(len(chunk.splitlines()) == 1 for chunk in [capsys.readouterr().err.splitlines()[0]])
