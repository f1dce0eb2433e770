"""The cheaper per-row paths of the table readers (issue 15, docs/performance.md "Round 4: lazy tables") read what
the slower ones read: a count cell's value, a CSV cell's place, the column a Stata bar-table value stands under,
and a Stata log leaves a layout out only when none of its tables can be in it. All data are synthetic."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdcscan.config import settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.frontends import Document
from sdcscan.frontends.logs import stata_log
from sdcscan.outputs import table
from sdcscan.outputs.layouts.boxes import Boxes
from sdcscan.outputs.readers import delimited
from sdcscan.outputs.readers.tabulate import Tabulator
from sdcscan.outputs.table import Cell


@pytest.mark.parametrize(
    "text",
    ["3", "0", "007", " 3", "3 ", "+3", "3.000000", "3.5", "3,0", "<5", ".", "", "-3", "\u0663", "\u00b2", "12" * 7,
     "1" * 15, "1" * 16, "1e3", "3%"],
)  # fmt: skip
def test_a_cell_reads_the_whole_number_its_pattern_reads(text: str) -> None:
    # the pattern itself, not `_integer` (which the fast path stands in front of)
    match = table._INT.match(text)
    assert Cell(text, 1, 1, 2).integer() == (int(match[1]) if match else None)


def _cells(csv: str) -> list[list[tuple[str, int, int, int]]]:
    tables = Tabulator("delimited.table", "delimited", "t.csv")
    found = []
    for row in delimited.read(csv.split("\n"), ".csv"):
        found += list(tables.feed(row))
    found += list(tables.close())
    return [[(c.text, c.line, c.start, c.end) for c in r.cells] for f in found if f.table for r in f.table.rows]


def test_csv_cells_keep_their_place_with_and_without_blanks_around_them() -> None:
    csv = 'region,n,pct\nNord,12,3.5\nSyd ,  4 , 7.5\nVest,,2\nØst ,"3\n", "7,5"'
    assert _cells(csv) == [
        [("12", 2, 6, 8), ("3.5", 2, 9, 12)],
        [("4", 3, 8, 9), ("7.5", 3, 12, 15)],
        [("2", 4, 7, 8)],
        [("3\n", 5, 7, 9), ("7,5", 6, 5, 8)],
    ]


def test_bar_table_values_stand_under_their_header_whatever_the_rows_before() -> None:
    lines = [
        "           |         diab",
        "      koen |         0          1 |     Total",
        "-----------+----------------------+----------",
        "         1 |         3     71,239 |    71,242 ",
        "         2 |    64,604          4 |    64,608 ",
        "     Total |    64,607     71,243 |   135,850 ",
        "",
        # another table: its columns stand elsewhere, so what the first one's rows fell under says nothing here
        "   koen |   N    Total",
        "--------+-------------",
        "      1 |   3   71,242 ",
        "",
    ]
    boxes = Boxes(settings_for("dhda"), "log")
    facts = []
    for number, line in enumerate(lines, start=1):
        feeding = boxes.feed(number, line)
        try:
            while True:
                facts.append(next(feeding))
        except StopIteration:
            pass
    facts += list(boxes.close())
    assert [[[(c.text, c.column) for c in r.cells] for r in f.table.rows] for f in facts if f.table] == [
        [
            [("3", 0), ("71,239", 1), ("71,242", 2)],
            [("64,604", 0), ("4", 1), ("64,608", 2)],
            [("64,607", 0), ("71,243", 1), ("135,850", 2)],
        ],
        [[("3", 0), ("71,242", 1)]],
    ]


SERIES = ". python:\n>>> df.region.value_counts()\nregion\nNord     120\nSyd        3\nName: count, dtype: int64\n"


def test_a_stata_log_leaves_out_only_layouts_it_cannot_hold(tmp_path: Path) -> None:
    def left_out(text: str, rel: str = "a.log") -> tuple[str, ...]:
        return stata_log._left_out(Document(rel, "log", None, text, "utf-8"), rel.endswith(".smcl"))

    assert left_out(". tabulate koen\n") == ("series",)
    assert left_out(SERIES) == ()
    # SMCL markup could split `dtype:`: such a log is read by every layout
    assert left_out("{smcl}\n{txt}Name: count, dty{res}pe: int64\n") == ()
    assert left_out(". tabulate koen\n", "a.smcl") == ()
    # and the Series a Stata python block prints is still read and judged
    path = tmp_path / "py.log"
    path.write_text(SERIES, encoding="utf-8")
    findings = scan_file(Task(str(path), path.name, settings_for("dhda"))).findings
    assert [(f.rule, f.line) for f in findings] == [("small-cell.count", 5)]
