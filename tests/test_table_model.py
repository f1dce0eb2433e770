"""The table model and the rules that judge it: what is small, what is a person's extreme, what lists persons is
decided in the rules, from tables a recogniser only describes."""

from __future__ import annotations

from sdcscan.config import settings_for
from sdcscan.frontends import Document
from sdcscan.frontends.embedded import program_facts
from sdcscan.model import Finding
from sdcscan.outputs import echo
from sdcscan.outputs.layouts import recognisers
from sdcscan.outputs.table import Cell, Column, Command, Row, Statistic, Table, TableBuilder, relocate
from sdcscan.outputs.text import read
from sdcscan.registry import catalogue
from sdcscan.resources import load_toml
from sdcscan.rules import Context, extreme_value, printed_rows, small_cell


def _rows(values: list[list[str]], start: int = 10, label: bool = True) -> list[Row]:
    rows = []
    for i, row in enumerate(values):
        line = start + i
        text = "  ".join(row)
        cells, offset = [], 1
        for j, value in enumerate(row):
            cells.append(Cell(value, line, offset, offset + len(value), column=j))
            offset += len(value) + 2
        rows.append(Row(line, text, label=row[0] if label else "", cells=cells[1:] if label else cells))
    return rows


def _judge(module, layout: str, header: list[tuple[str, Statistic | None]], values, profile="dhda", label=True, **kw):
    builder = TableBuilder(layout, columns=[Column(name, stat) for name, stat in header], **kw)
    facts = [fact for row in _rows(values, label=label) for fact in builder.add(row)] + list(builder.close())
    doc = Document("out.txt", "other", None, "", "utf-8")
    ctx = Context(doc, settings_for(profile))
    found: list[Finding] = [f for fact in facts for f in module.check(fact, ctx)]
    return found


FREQ = [("region", "label"), ("Frequency", "count"), ("Percent", "percent")]


def test_small_count_is_judged_in_the_rule_with_the_profile_threshold() -> None:
    values = [["Hovedstaden", "120", "95.2"], ["Bornholm", "4", "3.2"], ["Ærø", "<5", "1.6"], ["Fanø", "0", "0"]]
    (finding,) = _judge(small_cell, "sas.freq", FREQ, values)
    assert (finding.rule, finding.line, finding.column) == ("small-cell.count", 11, 11)
    assert "4" not in finding.evidence and "<5" in finding.evidence
    assert _judge(small_cell, "sas.freq", FREQ, values, profile="dst") == []  # dst: below 3


def test_percent_mean_and_model_tables_have_no_small_cells() -> None:
    assert _judge(small_cell, "x", [("g", "label"), ("Percent", "percent")], [["a", "2"]]) == []
    model = [("term", "label"), ("DF", "count"), ("Estimate", "coefficient"), ("Pr > ChiSq", "p")]
    assert _judge(small_cell, "sas.logistic", model, [["age", "1", "0.03", "0.01"]]) == []


def test_row_statistic_outranks_the_column() -> None:
    builder = TableBuilder("sas.crosstab", columns=[Column("1"), Column("2")])
    row = Row(5, "Frequency | 3 | 40", "a", [Cell("3", 5, 13, 14, 0), Cell("40", 5, 17, 19, 1)], statistic="count")
    pct = Row(6, "Percent | 2.1 | 40", "a", [Cell("2", 6, 13, 14, 0)], statistic="percent")
    facts = [*builder.add(row), *builder.add(pct), *builder.close()]
    ctx = Context(Document("a.lst", "listing", "sas", "", "utf-8"), settings_for("dhda"))
    assert [(f.line, f.column) for fact in facts for f in small_cell.check(fact, ctx)] == [(5, 13)]


def test_min_max_of_a_person_level_variable_but_not_of_an_indicator() -> None:
    header = [("Variable", "label"), ("N", "count"), ("Mean", "mean"), ("Minimum", "min"), ("Maximum", "max")]
    values = [["alder", "950", "51.2", "18", "104"], ["doed", "950", "0.1", "0", "1"]]
    (finding,) = _judge(extreme_value, "sas.means", header, values)
    assert (finding.rule, finding.line) == ("extreme-value.min-max", 10)
    assert "104" not in finding.evidence


def test_only_the_0_and_100_quantiles_are_extremes() -> None:
    builder = TableBuilder("sas.univariate")
    for line, (label, level, value) in enumerate([("100% Max", 100.0, "98"), ("50% Median", 50.0, "41")], 3):
        cell = Cell(value, line, 20, 20 + len(value))
        facts = list(builder.add(Row(line, label, label, [cell], statistic="quantile", level=level)))
        assert not facts
    ctx = Context(Document("a.lst", "listing", "sas", "", "utf-8"), settings_for("dhda"))
    found = [f for fact in builder.close() for f in extreme_value.check(fact, ctx)]
    assert [(f.rule, f.line) for f in found] == [("extreme-value.quantile", 3)]


def test_smallest_and_largest_are_one_finding_per_table() -> None:
    header = [("Smallest", "smallest"), ("Largest", "largest")]
    found = _judge(extreme_value, "stata.summarize", header, [["18", "97"], ["19", "99"]], label=False)
    assert [(f.rule, f.line, f.end_line) for f in found] == [("extreme-value.extreme-observations", 10, 11)]


def test_a_listing_layout_a_person_key_or_a_print_command_makes_rows_individuals() -> None:
    records = [["1", "Jens", "54"], ["2", "Anna", "61"]]
    header: list[tuple[str, Statistic | None]] = [("Obs", "obs"), ("navn", None), ("alder", None)]
    (finding,) = _judge(printed_rows, "sas.print", header, records)
    assert (finding.rule, finding.line, finding.message) == (
        "printed-rows.sas-listing",
        10,
        "2 printed rows of individual data (lines 10-11)",
    )
    keyed = [("pnr", "key"), ("n", "count")]
    assert len(_judge(printed_rows, "sas.report", keyed, [["a1", "3"], ["b2", "4"]])) == 1
    plain: list[tuple[str, Statistic | None]] = [("nr", None), ("navn", None), ("alder", None)]
    listed = _judge(printed_rows, "r.table", plain, records, command=Command("print(d)", 9, "print"))
    assert [f.rule for f in listed] == ["printed-rows.r-data-frame"]


def test_a_print_command_over_aggregates_without_a_key_lists_no_individuals() -> None:
    # a list after collapse, predicted rates with their limits (issue 12): the columns say what the rows are
    values = [["Hovedstaden", "120", "95.2"], ["Bornholm", "4", "3.2"]]
    assert _judge(printed_rows, "stata.list", FREQ, values, command=Command("list", 9, "print")) == []
    keyed = [("pnr", "key"), ("n", "count")]
    listed = _judge(printed_rows, "stata.list", keyed, [["a1", "3"]], command=Command("list", 9, "print"))
    assert [f.rule for f in listed] == ["printed-rows.stata-list"]


def test_aggregate_and_model_tables_do_not_list_individuals() -> None:
    values = [["Hovedstaden", "120", "95.2"], ["Bornholm", "4", "3.2"]]
    assert _judge(printed_rows, "sas.freq", FREQ, values) == []
    model = [("term", "label"), ("Estimate", "coefficient"), ("SE", "se"), ("pnr", "key")]
    assert _judge(printed_rows, "stata.list", model, [["age", "0.1", "0.01", "x"]]) == []
    # one model-like header alone (a variable called `p`) does not make a listing a model
    assert len(_judge(printed_rows, "stata.list", [("p", "p"), ("alder", None)], [["1", "50"], ["2", "60"]])) == 1


def test_a_long_table_is_held_in_parts_and_reported_once() -> None:
    header: list[tuple[str, Statistic | None]] = [("Obs", "obs"), ("alder", None)]
    values = [[str(i), str(20 + i % 50)] for i in range(1, 2501)]
    builder = TableBuilder("sas.print", columns=[Column(n, s) for n, s in header], max_rows=1000)
    facts = [fact for row in _rows(values, label=False) for fact in builder.add(row)] + list(builder.close())
    assert [(f.table.part, len(f.table.rows), f.table.complete) for f in facts if f.table] == [
        (0, 1000, False),
        (1, 1000, False),
        (2, 500, True),
    ]
    ctx = Context(Document("a.lst", "listing", "sas", "", "utf-8"), settings_for("dhda"))
    (finding,) = [f for fact in facts for f in printed_rows.check(fact, ctx)]
    assert finding.message == "2500 printed rows of individual data (lines 10-2509)"


# --- reading text by layout -------------------------------------------------------------------------------


def _tables(text: str) -> list[Table]:
    return [f.table for f in read(text.split("\n"), settings_for("dhda")) if f.table is not None]


def test_every_printed_rows_id_in_the_data_is_a_catalogue_rule() -> None:
    data = load_toml("patterns", "outputs.toml")["printed-rows"]
    ids = {*data["rules"].values(), *data["media"].values()}
    assert ids <= set(catalogue()), ids - set(catalogue())


def test_recognisers_are_found_by_walking_the_package_in_their_order() -> None:
    names = [type(r).__name__ for r in recognisers(settings_for("dhda"))]
    expected = ["ListingParser", "Boxes", "Grids", "Summaries", "Contingency", "Plot", "Records", "Series", "Fixed"]
    expected.append("Data")
    assert names == expected


def test_a_pandas_frame_is_known_by_its_size_footer() -> None:
    text = "   lbnr  alder\n0  A1001     52\n1  A1002     47\n\n[950 rows x 2 columns]\nnext"
    (table,) = _tables(text)
    assert (table.layout, table.first_line, table.total_rows) == ("pandas.frame", 2, 2)
    assert [(c.label, c.statistic) for c in table.columns] == [("lbnr", "key"), ("alder", None)]


def test_prose_and_a_single_summary_line_are_not_tables() -> None:
    text = "Results  for the cohort\nWe saw  12 cases  in 2020\n\nMin 1Q Median 3Q Max\n-2.1 -0.5 0.1 0.6 3.2"
    assert _tables(text) == []


def test_an_unnamed_series_over_an_unnamed_index_holds_no_counts() -> None:
    (series,) = _tables("lbnr      0\nalder     3\ndtype: int64")
    assert series.layout == "pandas.series" and series.statistics() == set()
    (counts,) = _tables("koen\n1    475\n9      4\ndtype: int64")
    assert counts.statistics() == {"count"}


def test_relocate_moves_rows_and_cells_to_the_file() -> None:
    builder = TableBuilder("pandas.series", columns=[Column("count", "count")])
    facts = [*builder.add(Row(2, "a    3", "a", [Cell("3", 2, 6, 7, 0)])), *builder.close()]
    (table,) = [f.table for f in facts if f.table]
    relocate(table, lambda n: (n + 40, 8))
    assert (table.first_line, table.last_line, table.rows[0].line) == (42, 42, 42)
    assert (table.rows[0].cells[0].line, table.rows[0].cells[0].start) == (42, 14)


def test_an_echoed_block_prints_what_its_strongest_command_prints() -> None:
    settings = settings_for("dhda")
    block = "foreach k in 1 2 {\n    tab koen\n    list pnr in 1/2\n}"
    typed = echo.command(program_facts(block, "stata", settings, echo=True), block, 10)
    assert typed is not None and typed.intent == "print"
    quiet = "quietly list pnr"
    assert echo.command(program_facts(quiet, "stata", settings, echo=True), quiet, 1) is None


def test_an_r_table_printed_as_text_is_read_by_its_name_lines() -> None:
    (one,) = _tables("koen\n   1    2 \n 475    3 \n")
    assert (one.layout, [c.text for c in one.rows[0].cells], one.statistics()) == ("r.table", ["475", "3"], {"count"})
    (two,) = _tables("      region\nkoen   H   S\n  1   12   3\n  2   40  55\n")
    assert [(r.label, [c.text for c in r.cells]) for r in two.rows] == [("1", ["12", "3"]), ("2", ["40", "55"])]


def test_a_column_of_values_under_a_name_is_no_one_way_table() -> None:
    assert all(t.layout != "r.table" for t in _tables("koen\n1    475\n2    471\n9      4\n"))
    assert all(t.layout != "r.table" for t in _tables("alder  vaegt\n    0      2\n"))


def test_rows_that_start_with_digits_int_cannot_read_are_still_judged() -> None:
    # superscripts are digits to str.isdigit but not to int(): the grid check must not raise on them
    header: list[tuple[str, Statistic | None]] = [("fod", None), ("alder", None), ("by", None)]
    values = [[f"{mark}", "5", "Aarhus"] for mark in ("¹", "²", "³")]
    assert len(_judge(printed_rows, "text.frame", header, values, label=False)) == 1
