"""The SAS listing reader's shortcuts and the table rules' early exits (issue 15, issue 11's throughput clause)
change nothing: a line the reader passes over without a generator (a PROC PRINT row, a blank line between tables)
gives the same facts and findings as the same line read in full, and tables ruled out by their totals are the ones
that could not be found. All data are synthetic (the project's fixtures and tables built here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from listings import listing_facts, listing_findings, listing_paths

from sdcscan.config import settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.frontends.logs import sas_listing

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


def test_shortcuts_change_no_fact_and_no_finding(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    paths = listing_paths(tmp_path, BUILT)
    assert len(paths) > 30
    # findings of the listings (a SAS log's listing output is read by the same parser: its facts are compared)
    quick = {p: (listing_facts(p), listing_findings(p) if p.suffix != ".log" else []) for p in paths}
    assert sum(len(facts) for facts, _ in quick.values()) > 500
    monkeypatch.setattr(sas_listing.ListingParser, "listed", lambda self, number, line: None)
    assert {p: (listing_facts(p), listing_findings(p) if p.suffix != ".log" else []) for p in paths} == quick


def test_built_listing_is_read(tmp_path: Path) -> None:
    # the listing above holds what the shortcuts pass over: the test before would pass on a listing of nothing
    tables = [f.table for f in listing_facts(listing_paths(tmp_path, BUILT)[-1]) if f.table is not None]
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
