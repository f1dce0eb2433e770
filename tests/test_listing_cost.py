"""The SAS listing reader's shortcuts and the table rules' early exits (issue 15, issue 11's throughput clause)
change nothing: a line the reader passes over without a generator (a PROC PRINT row, a blank line between tables)
gives the same facts and findings as the same line read in full, and tables ruled out by their totals are the ones
that could not be found. All data are synthetic (the project's fixtures and tables built here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdcscan.config import Settings, settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.frontends import Document
from sdcscan.frontends.logs import sas_listing
from sdcscan.model import Fact
from sdcscan.outputs.table import Cell, Column, Row, Table
from sdcscan.rules import subtraction

FIXTURES = Path(__file__).parent / "fixtures"

# Blank lines between, above and inside tables: a header two lines above its rule is no header, a blank line ends
# a MEANS table and stands between PROC REPORT's header rule and its rows.
BUILT = """\
                                 The SAS System        10:15 Monday, March 2, 2026   1

                                 The MEANS Procedure

              koen    region    N Obs     N            Mean
              ----------------------------------------------
              1       Nord         12    12          3.4000
              2       Syd           3     3          2.1000

              koen     N            Mean         Minimum
              ------------------------------------------
              1       12          3.4000          1.0000
              2        3          2.1000          2.0000

                                 The SAS System        10:15 Monday, March 2, 2026   2

              navn          alder

              --------------------
              Hansen          42

              navn          alder
              --------------------

              Hansen          42
              Jensen          37

 Obs    navn      alder
   1    Hansen      42

   2    Jensen      37
"""


def _listings(tmp_path: Path) -> list[Path]:
    built = tmp_path / "built.lst"
    built.write_text(BUILT, encoding="utf-8")
    found = [p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix.lower() in (".lst", ".log")]
    return [*sorted(found), built]


def _facts(path: Path) -> list[Fact]:
    doc = Document(path.name, "listing", None, path.read_text(encoding="utf-8", errors="replace"), "utf-8")
    return list(sas_listing.facts(doc, Settings()))


def _findings(path: Path) -> list[dict[str, object]]:
    return [f.to_dict() for f in scan_file(Task(str(path), path.name, settings_for("dhda"))).findings]


def test_shortcuts_change_no_fact_and_no_finding(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    paths = _listings(tmp_path)
    assert len(paths) > 30
    # findings of the listings (a SAS log's listing output is read by the same parser: its facts are compared)
    quick = {p: (_facts(p), _findings(p) if p.suffix != ".log" else []) for p in paths}
    assert sum(len(facts) for facts, _ in quick.values()) > 500
    monkeypatch.setattr(sas_listing.ListingParser, "listed", lambda self, number, line: None)
    assert {p: (_facts(p), _findings(p) if p.suffix != ".log" else []) for p in paths} == quick


def test_built_listing_is_read(tmp_path: Path) -> None:
    # the listing above holds what the shortcuts pass over: the test before would pass on a listing of nothing
    tables = [f.table for f in _facts(_listings(tmp_path)[-1]) if f.table is not None]
    assert [(t.layout, t.total_rows) for t in tables] == [
        ("sas.means", 2),
        ("sas.means", 2),
        ("sas.rows", 2),
        ("sas.print", 2),
    ]
    # each MEANS table's label columns are its own (the second has one, the first two)
    rows = [[(r.label, [c.text for c in r.cells]) for r in t.rows] for t in tables[:2]]
    assert rows == [
        [("1 Nord", ["12", "12", "3.4000"]), ("2 Syd", ["3", "3", "2.1000"])],
        [("1", ["12", "3.4000", "1.0000"]), ("2", ["3", "2.1000", "2.0000"])],
    ]


@pytest.mark.parametrize("fewer", [1, 2, 4, 5, 6])
def test_subtraction_found_up_to_the_threshold(tmp_path: Path, fewer: int) -> None:
    """Tables of one shape whose totals differ by `min_cell` or more are not compared cell by cell; those that
    differ by less still are, up to the last person below the threshold."""
    settings = settings_for("dhda")
    # the persons left out taken from one cell after another, so every cell of the second is at most the first's
    cut = [min(fewer, 3), max(fewer - 3, 0)]
    path = tmp_path / "two.Rout"
    path.write_text(
        "> table(all$agegroup, all$sex)\n       \n          1    2\n  0-49  120  131\n  50-69 240  252\n\n"
        "> table(some$agegroup, some$sex)\n       \n          1    2\n"
        f"  0-49  {120 - cut[0]}  131\n  50-69 240  {252 - cut[1]}\n",
        encoding="utf-8",
    )
    found = [f for f in scan_file(Task(str(path), path.name, settings)).findings if f.rule == "small-cell.subtraction"]
    assert len(found) == (1 if fewer < settings.min_cell else 0)


def _table(counts: list[int]) -> Table:
    rows = [
        Row(i + 1, f"r{i}  {n}", f"r{i}", [Cell(str(n), i + 1, 5, 5 + len(str(n)), 0)]) for i, n in enumerate(counts)
    ]
    return Table("text.fixed", columns=[Column("n", "count")], rows=rows)


def test_a_tables_counts_are_read_once_and_only_for_it() -> None:
    """The cross-file margins and subtraction read the same table one after the other: it is read once, and a
    table with the same headers and labels is read afresh."""
    first, second = _table([10, 20]), _table([10, 19])
    found = subtraction.shape_and_counts(first)
    assert subtraction.shape_and_counts(first) is found
    assert [info[0] for info in subtraction.shape_and_counts(second)[1].values()] == [10, 19]
    assert [info[0] for info in subtraction.shape_and_counts(first)[1].values()] == [10, 20]


def test_tables_read_once_change_no_finding(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    paths = [p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix.lower() in (".lst", ".csv", ".rout", ".log")]
    assert len(paths) > 40
    once = {p: _findings(p) for p in paths}
    assert any(f["rule"] == "small-cell.subtraction" for found in once.values() for f in found)
    monkeypatch.setattr(subtraction, "shape_and_counts", subtraction._shape_and_counts)
    assert {p: _findings(p) for p in paths} == once
