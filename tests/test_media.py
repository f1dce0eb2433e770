"""Tables in every medium: spreadsheets built at run time (sheet names, comments, titles, several tables on a
sheet, the same cell on two sheets), delimited streams, and the readers' positions."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment

from sdcscan.config import settings_for
from sdcscan.engine import Task, scan_file, scan_tree
from sdcscan.outputs.readers import delimited, html, latex, rtf, svg
from sdcscan.report import build


def scan(path: Path, profile: str = "dhda"):
    return scan_file(Task(str(path), path.name, settings_for(profile)))


def rules(path: Path) -> list[tuple[str, int, int, str]]:
    return [(f.rule, f.line, f.column, f.where) for f in scan(path).findings]


# --- spreadsheets ---------------------------------------------------------------------------------------------


def test_cpr_in_a_sheet_name_is_found_and_masked(tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "udtræk 0101011239"
    book.active.append(["region", "antal"])
    path = tmp_path / "navn.xlsx"
    book.save(path)
    result = scan(path)
    assert [(f.rule, f.line) for f in result.findings] == [("cpr.number", 1)]
    report = json.dumps([f.to_dict() for f in result.findings])
    assert "0101011239" not in report and "010101" not in report


def test_cpr_in_a_cell_comment_is_found(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["region", "antal"])
    sheet.append(["Nord", 120])
    sheet["B2"].comment = Comment("checked against 010101-1239", "A. Checker")
    path = tmp_path / "noter.xlsx"
    book.save(path)
    assert [(rule, line) for rule, line, _, _ in rules(path)] == [("cpr.number", 2)]


def test_the_same_cell_on_two_sheets_keeps_both_findings(tmp_path: Path) -> None:
    book = Workbook()
    first = book.active
    first.title = "Mænd"
    second = book.create_sheet("Kvinder")
    for sheet in (first, second):
        sheet.append(["region", "antal"])
        sheet.append(["Bornholm", 3])
    path = tmp_path / "to.xlsx"
    book.save(path)
    found = [(rule, line, column, where) for rule, line, column, where in rules(path) if rule == "small-cell.count"]
    assert found == [("small-cell.count", 2, 2, "sheet 'Kvinder'"), ("small-cell.count", 2, 2, "sheet 'Mænd'")]
    assert len({f.id for f in scan(path).findings}) == 2


def test_title_row_and_two_tables_on_one_sheet(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    rows = [
        ["Tabel 1. Indlæggelser efter region"],
        ["region", "antal", "pct"],
        ["Nord", 120, 97.6],
        ["Syd", 3, 2.4],
        [],
        ["Tabel 2. Efter køn"],
        ["koen", "n"],
        ["1", 2],
        ["2", 250],
        ["Note: kilde LPR"],
    ]
    for row in rows:
        sheet.append(row)
    path = tmp_path / "titler.xlsx"
    book.save(path)
    assert [(rule, line, column) for rule, line, column, _ in rules(path)] == [
        ("small-cell.count", 4, 2),
        ("small-cell.count", 8, 2),
    ]


def test_person_level_sheet_is_printed_rows_and_a_results_sheet_is_not(tmp_path: Path) -> None:
    book = Workbook()
    people = book.active
    people.title = "data"
    for row in (["lbnr", "alder", "koen"], [1001, 34, 1], [1002, 56, 2], [1003, 71, 1]):
        people.append(row)
    results = book.create_sheet("model")
    for row in (["term", "estimate", "p.value"], ["alder", 0.12, 0.03], ["koen", -0.4, 0.2]):
        results.append(row)
    path = tmp_path / "udtraek.xlsx"
    book.save(path)
    found = scan(path).findings
    assert [(f.rule, f.line, f.where) for f in found] == [("printed-rows.table", 2, "sheet 'data'")]
    assert "3 printed rows" in found[0].message


# --- delimited ------------------------------------------------------------------------------------------------


def test_quoted_cells_over_several_lines_keep_their_positions() -> None:
    lines = ["region;n", '"Region', 'Nord";3', '"a ""b""";12']
    rows = list(delimited.read(lines, ".csv"))
    assert [[c.text for c in row] for row in rows] == [["region", "n"], ["Region\nNord", "3"], ['a "b"', "12"]]
    assert (rows[1][1].line, rows[1][1].column) == (3, 7)
    assert (rows[2][0].line, rows[2][0].column, rows[2][0].end_column) == (4, 2, 9)


def test_semicolon_beats_decimal_commas_and_comma_wins_alone() -> None:
    assert delimited.sniff(["a;b;c", "1,5;2;3,25", "2;3;4"], ".csv") == ";"
    assert delimited.sniff(["2105551740,44", "0303601234,51"], ".csv") == ","
    assert delimited.sniff(["Tabel 1", "a\tb", "1\t2"], ".txt") == "\t"


# --- readers --------------------------------------------------------------------------------------------------


def test_html_spans_fill_their_columns_once() -> None:
    text = "<table><tr><th rowspan=2>A</th><th colspan=2>B</th></tr>\n<tr><td>1</td><td>2</td></tr></table>"
    (grid,) = html.tables(text)
    assert [[(c.text, c.spanned) for c in row] for row in grid.rows] == [
        [("A", False), ("B", False), ("B", True)],
        [("A", True), ("1", False), ("2", False)],
    ]
    assert (grid.rows[1][1].line, grid.rows[1][1].column) == (2, 9)


def test_html_header_cells_outside_a_row_end_with_the_head() -> None:
    """swat's `sas-dataframe` tables put their column headers in `<thead>` without a `<tr>`: the row a browser
    opens for them ends with the head, so they are header cells, not the first body row."""
    text = '<table class="sas-dataframe"><thead><tr><th colspan="2">Model Information</th></tr>\n'
    text += "<th>Description</th><th>Value</th></thead>\n"
    text += "<tbody><tr><td>Data Source</td><td>CARS</td></tr></tbody></table>"
    (grid,) = html.tables(text)
    assert [[c.text for c in row] for row in grid.rows] == [
        ["Model Information", "Model Information"],
        ["Description", "Value"],
        ["Data Source", "CARS"],
    ]
    assert grid.header_rows == 2


def test_latex_rows_cells_and_multicolumn() -> None:
    text = "\\begin{tabular}{lcc}\n\\hline\n & \\multicolumn{2}{c}{Men} \\\\\nRegion & N & \\% \\\\\n\\hline\n"
    text += "Nord & \\textbf{3} & 2.5 \\\\\n\\hline\n\\end{tabular}\n"
    (grid,) = latex.tables(text)
    expected = [["", "Men", "Men"], ["Region", "N", "%"], ["Nord", "3", "2.5"]]
    assert [[c.text for c in row] for row in grid.rows] == expected
    assert grid.header_rows == 2
    assert (grid.rows[2][1].line, grid.rows[2][1].column) == (6, 8)


def test_rtf_rows_and_escapes() -> None:
    text = "{\\rtf1{\\fonttbl{\\f0 Arial;}}\n\\trowd\\trhdr\\cellx1\\pard\\intbl Region\\cell N\\cell\\row\n"
    text += "\\trowd\\cellx1\\pard\\intbl S\\'f8nderborg\\cell 3\\cell\\row\n\\pard Note\\par}"
    doc = rtf.read(text)
    (grid,) = doc.grids
    assert [[c.text for c in row] for row in grid.rows] == [["Region", "N"], ["Sønderborg", "3"]]
    assert grid.header_rows == 1
    assert [p.text for p in doc.paragraphs] == ["Note"]


def test_svg_labels_on_one_baseline_form_a_row() -> None:
    text = '<svg>\n<text x="5" y="9">A</text><text x="50" y="9">12</text>\n<text x="9" y="1">n = 3</text></svg>'
    assert [label.cell.text for label in svg.labels(text)] == ["A", "12", "n = 3"]
    (grid,) = svg.tables(text)
    assert [[c.text for c in row] for row in grid.rows] == [["A", "12"]]


def test_empty_fields_stray_and_unclosed_quotes_keep_every_character() -> None:
    rows = list(delimited.rows(["a;;b;", 'x"y;2', '"open;3', "more"], ";"))
    assert [[c.text for c in row] for row in rows] == [["a", "", "b", ""], ['x"y', "2"], ['"open', "3\nmore"]]
    assert [(c.column, c.end_column) for c in rows[0]] == [(1, 2), (3, 3), (4, 5), (6, 6)]


def test_a_category_named_like_a_statistic_is_still_a_category(tmp_path: Path) -> None:
    (tmp_path / "cell.csv").write_text("region,n\nA,120\nB,3\nP,88\n", encoding="utf-8")
    assert [(rule, line) for rule, line, _, _ in rules(tmp_path / "cell.csv")] == [("small-cell.count", 3)]


def test_a_notebook_whose_only_finding_is_a_plot_must_be_checked_by_hand(tmp_path: Path) -> None:
    cell = {
        "cell_type": "code",
        "execution_count": 1,
        "metadata": {},
        "source": ["df.alder.hist()"],
        "outputs": [{"data": {"image/png": "iVBORw0KGgo=\n"}, "metadata": {}, "output_type": "display_data"}],
    }
    notebook = {"cells": [cell], "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    text = json.dumps(notebook, indent=1)
    (tmp_path / "plot.ipynb").write_text(text, encoding="utf-8")
    stored = next(n for n, line in enumerate(text.splitlines(), start=1) if '"image/png"' in line)
    settings = settings_for("dhda")
    report = build("p", scan_tree(tmp_path, [tmp_path], settings, jobs=0), settings)
    (found,) = report["files"][0]["findings"]
    assert (found["rule"], found["severity"], found["line"]) == ("unscanned.image", "medium", stored)
    assert report["summary"]["verdict"] == "check-by-hand"
