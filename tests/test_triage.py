"""Triage at scale: counts per rule in every report, and a ranking whose top is the worst files, not a block of ties."""

from __future__ import annotations

import io
import re
import time
from typing import Any

import pytest

from sdcscan import engine, report
from sdcscan.config import settings_for
from sdcscan.engine import fingerprint
from sdcscan.model import FileResult, Finding
from sdcscan.registry import catalogue
from sdcscan.reporters.text import ScanProgress, summary

from conftest import validate_report


def _finding(rule_id: str, line: int, **extra: Any) -> Finding:
    rule = catalogue()[rule_id]
    return Finding(
        rule.id,
        rule.category,
        rule.severity,
        line,
        1,
        line,
        5,
        rule.title,
        "x",
        fingerprint(f"{rule_id}{line}"),
        **extra,
    )


def _file(path: str, *findings: Finding) -> FileResult:
    return FileResult(path=path, kind="log", language="sas", status="scanned", findings=list(findings))


def _build(*files: FileResult) -> dict[str, Any]:
    engine.settle(files)  # scored as a scan scores them
    data = report.build("project", list(files), settings_for("dhda"))
    validate_report(data)
    return data


def test_by_rule_counts_every_rule_most_frequent_first() -> None:
    data = _build(
        _file("a.log", *(_finding("printed-rows.sas-put", n) for n in range(1, 6)), _finding("cpr.number", 9)),
        _file("b.log", _finding("cpr.number", 2), _finding("small-cell.count", 3)),
    )
    by_rule = data["summary"]["by_rule"]
    assert by_rule == {"printed-rows.sas-put": 5, "cpr.number": 2, "small-cell.count": 1}
    assert list(by_rule) == ["printed-rows.sas-put", "cpr.number", "small-cell.count"]
    assert sum(by_rule.values()) == data["summary"]["findings"]


def test_terminal_summary_counts_per_rule() -> None:
    data = _build(
        _file("a.log", *(_finding("printed-rows.sas-put", n) for n in range(1, 4)), _finding("cpr.number", 9))
    )
    out = io.StringIO()
    summary(data, out, [])
    text = out.getvalue()
    assert "by rule: printed-rows.sas-put 3, cpr.number 1\n" in text
    assert "a.log  (4 findings, 2 rules: cpr, printed-rows)" in text


def test_ties_broken_by_distinct_rules_then_strongest_finding() -> None:
    # Six findings of one listing rule, and six findings spread over three rules: both score 79 (74 + 5).
    one_rule = _file("a_one_rule.log", *(_finding("printed-rows.sas-put", n) for n in range(1, 7)))
    three_rules = _file(
        "z_three_rules.log",
        *(_finding("printed-rows.sas-put", n) for n in range(1, 5)),
        _finding("printed-rows.sas-listing", 8),
        _finding("small-cell.count", 9),
    )
    data = _build(one_rule, three_rules)
    assert [f["risk"]["score"] for f in data["files"]] == [79, 79]
    assert [f["path"] for f in data["files"]] == ["z_three_rules.log", "a_one_rule.log"]
    assert [f["risk"]["rules"] for f in data["files"]] == [3, 1]


def test_ties_with_as_many_rules_broken_by_the_strongest_finding() -> None:
    # One rule each, both 78: printed rows (74) + 4 more findings against a hard-coded id (73) + 5 more.
    strong = _file("a_strong.log", *(_finding("printed-rows.sas-put", n) for n in range(1, 6)))
    weaker = _file("b_weaker.log", *(_finding("hardcoded-id.selection", n) for n in range(1, 7)))
    data = _build(weaker, strong)
    assert [f["risk"]["score"] for f in data["files"]] == [78, 78]
    assert [f["path"] for f in data["files"]] == ["a_strong.log", "b_weaker.log"]
    assert [f["risk"]["strongest"] for f in data["files"]] == [74, 73]


def test_suppressed_findings_do_not_break_ties() -> None:
    plain = _file("a.log", _finding("small-cell.count", 1))
    excused = _file("b.log", _finding("small-cell.count", 1), _finding("cpr.number", 2, suppressed="test data"))
    data = _build(excused, plain)
    assert [f["path"] for f in data["files"]] == ["a.log", "b.log"]
    assert data["files"][1]["risk"]["rules"] == 1


def _summary_text(data: dict[str, Any]) -> str:
    out = io.StringIO()
    summary(data, out, [])
    return out.getvalue()


def test_summary_in_colour_on_a_terminal_and_plain_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _build(_file("a.log", _finding("cpr.number", 9)))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")  # what a terminal gets
    coloured = _summary_text(data)
    assert "\x1b[1;31mNOT READY TO GO HOME\x1b[0m" in coloured
    assert "\x1b[1;31mcritical\x1b[0m" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", _summary_text(data))  # no colour at all
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b" not in _summary_text(data)  # a pipe or a file: plain text


def test_progress_shows_rate_and_time_left_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    terminal = io.StringIO()
    progress = ScanProgress(enabled=True, stream=terminal, delay=0)
    for done in range(0, 41, 10):
        progress(done, 40)
        time.sleep(0.05)
    progress.close()
    shown = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", terminal.getvalue())
    assert "scanning" in shown and "40/40 files" in shown and "files/s" in shown and "left" in shown
    monkeypatch.delenv("FORCE_COLOR")
    pipe = io.StringIO()
    quiet = ScanProgress(enabled=True, stream=pipe, delay=0)
    quiet(1, 2)
    quiet.close()
    assert pipe.getvalue() == ""
