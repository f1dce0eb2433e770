"""Prints of frames read from files of the project (issue 12, round 6): the measuring script's matching, and the
decision it led to: such a print stays a finding even when the file it reads is scanned too and is clean
(docs/realworld.md "Round 6: prints of files that go home")."""

from __future__ import annotations

import sys
from pathlib import Path

from sdcscan.config import Settings
from sdcscan.engine import scan_tree

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks" / "realworld"))
from read_sources import printed_source, resolve

TREE = ["data/cohort.csv", "old/data/cohort.csv", "tables/region.csv", "a/lookup.csv", "b/lookup.csv"]


def test_a_written_path_names_one_file_by_its_longest_tail_and_a_tie_or_a_url_none() -> None:
    assert resolve('"region.csv"', TREE) == "tables/region.csv"
    assert resolve(r"'E:\projekt\tables\region.csv'", TREE) == "tables/region.csv"
    assert resolve('"old/data/cohort.csv"', TREE) == "old/data/cohort.csv"
    # both cohort.csv files end in data/cohort.csv, and two folders hold a lookup.csv: no match
    assert resolve(r"'E:\projekt\data\cohort.csv'", TREE) is None
    assert resolve('"lookup.csv"', TREE) is None
    assert resolve('"https://example.org/tables/region.csv"', TREE) is None
    assert resolve('"missing.csv"', TREE) is None


def test_the_printed_name_is_traced_to_its_last_read_above_the_print(tmp_path: Path) -> None:
    program = tmp_path / "analysis.R"
    program.write_text(
        'cohort <- read.csv("data/first.csv")\ncohort <- readr::read_csv("data/cohort.csv")\ncohort\n'
        "made <- data.frame(a = 1)\nmade\n",
        encoding="utf-8",
    )
    assert printed_source(program, {"rule": "r.autoprint", "evidence": "cohort", "line": 3}) == "data/cohort.csv"
    assert printed_source(program, {"rule": "r.autoprint", "evidence": "made", "line": 5}) is None
    assert printed_source(program, {"rule": "r.autoprint", "evidence": "cohort", "line": 1}) == "data/first.csv"


def test_a_print_of_a_scanned_clean_file_stays_a_finding(tmp_path: Path) -> None:
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "region.csv").write_text(
        "aldersgruppe,antal,procent\n18-29,1200,30.0\n30-49,1800,45.0\n50+,1000,25.0\n", encoding="utf-8"
    )
    (tmp_path / "analysis.R").write_text('region <- read.csv("tables/region.csv")\nregion\n', encoding="utf-8")
    results = {r.path: r for r in scan_tree(tmp_path, [tmp_path], Settings(), jobs=0)}
    assert results["tables/region.csv"].status == "scanned"
    assert results["tables/region.csv"].findings == []
    assert [(f.rule, f.line) for f in results["analysis.R"].findings] == [("r.autoprint", 2)]
