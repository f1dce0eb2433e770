"""benchmarks/realworld/positions.py, the check that every corpus finding is where it says, must be able to fail."""

from __future__ import annotations

import sys
from typing import Any

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks" / "realworld"))
from positions import problem

LINES = ["data x;", "  set cohort;", "proc print data=x;", "run;", "n  3"]


def finding(rule: str, category: str, line: int, column: int, end_line: int, end_column: int, evidence: str) -> Any:
    return {
        "rule": rule,
        "category": category,
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
        "evidence": evidence,
    }


def test_a_statement_on_its_line_passes_and_one_line_off_fails() -> None:
    assert problem(finding("sas.proc-print", "listing", 3, 1, 3, 19, "proc print data=x;"), LINES) is None
    assert problem(finding("sas.proc-print", "listing", 4, 1, 4, 4, "proc print data=x;"), LINES) == (
        "evidence not in its span"
    )
    # a statement over two lines is shown on one
    assert problem(finding("sas.proc-print", "listing", 1, 1, 2, 14, "data x; set cohort;"), LINES) is None


def test_backwards_and_outside_spans_and_a_count_off_its_line_fail() -> None:
    assert problem(finding("printed-rows.inline-data", "printed-rows", 2, 12, 2, 2, "1"), LINES) == (
        "span runs backwards"
    )
    assert problem(finding("small-cell.count", "small-cell", 9, 1, 9, 2, "row 'n': 3"), LINES) == (
        "span outside the file"
    )
    assert problem(finding("small-cell.count", "small-cell", 5, 4, 5, 5, "row 'n', column 'N': 3"), LINES) is None
    assert problem(finding("small-cell.count", "small-cell", 4, 1, 4, 2, "row 'n', column 'N': 3"), LINES) == (
        "count not on its line"
    )
