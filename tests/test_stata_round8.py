"""Round 8's cheaper paths through a Stata log (docs/performance.md "Round 8: Stata logs") give what the reference
paths give: a crosstab's rule or row read without `feed`'s tests of every line, a command echoed alone typed once,
a model's output lines given to the rules a run at a time, differencing reading the table view's cells, a thousands
separator ruled out before the integer regex. All data are synthetic (the project's fixtures and logs built
here)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields, replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_table_view import tables

from sdcscan import engine
from sdcscan.config import Settings, settings_for
from sdcscan.discover import classify
from sdcscan.engine import Task, scan_file
from sdcscan.frontends import Document
from sdcscan.frontends.logs import common, stata_log
from sdcscan.model import Fact, Finding
from sdcscan.outputs.table import (
    MODEL_STATISTICS,
    Cell,
    Column,
    Command,
    Row,
    Statistic,
    Table,
    TableBuilder,
    _integer,
)
from sdcscan.rules import Context, differencing, gate
from sdcscan.rules.cells import Read, is_masked, is_total, reads, view

from conftest import built_log

FIXTURES = Path(__file__).parent / "fixtures"
LOGS = sorted(
    p
    for p in FIXTURES.rglob("*")
    if p.suffix in (".log", ".smcl") and classify(p, p.read_text("utf-8", "replace")).language == "stata"
)
TAB = """\
. tabulate koen diab

           |         diab
      koen |         0          1 |     Total
-----------+----------------------+----------
         1 |    64,625     71,239 |   135,864
           |     47.57      52.43 |    100.00
         2 |         3     83,708 |    83,711
-----------+----------------------+----------
     Total |    64,628    154,947 |   219,575
"""

# Pieces of Stata logs around crosstabs: commands, headers, rules, rows (with a percentage line, a list box row, a
# `summarize, detail` word, a by-group), model output, names, blank lines.
PIECES = st.sampled_from(
    [
        ". tabulate koen diab", ". tab1 koen", ". summarize alder, detail", ". logit diab alder", ". list in 1/2",
        "", "   ", "           |         diab", "      koen |         0          1 |     Total",
        "-----------+----------------------+----------", "         1 |    64,625          3 |   135,864",
        "           |     47.57      52.43 |    100.00", "     Total |        12         40 |        52",
        "  1. |  a |", "     +------+", "-> koen = 1", "      Percentiles      Smallest", "  1%        3          2",
        "Logistic regression                                     Number of obs =        12",
        "        diab | Odds ratio   Std. err.      z", "    Residual |  12.5    2   6.25", "kontakt: Mette Jensen",
        "  2. }", "> , row", "1 |  3 | 4",
    ]
)  # fmt: skip


def _facts(text: str) -> list[Fact]:
    return list(stata_log.facts(Document("x.log", "log", "stata", text, "utf-8"), settings_for()))


def _texts() -> list[str]:
    return [TAB * 3, *(p.read_text("utf-8", "replace") for p in LOGS)]


def test_the_fixtures_hold_crosstabs() -> None:
    assert len(LOGS) >= 12
    assert sum(f.table is not None and f.table.layout == "stata.tab" for t in _texts() for f in _facts(t)) >= 15


def test_a_crosstab_line_read_at_once_gives_the_facts_of_feed(monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[int] = []
    row = stata_log.StataLogParser._crosstab_line

    def spy(self: stata_log.StataLogParser, number: int, line: str) -> bool:
        done = row(self, number, line)
        taken.extend([number] if done else [])
        return done

    monkeypatch.setattr(stata_log.StataLogParser, "_crosstab_line", spy)
    quick = [_facts(t) for t in _texts()]
    # the first crosstab's second header line, rules and rows (its Total too), not the percentage line; the first
    # header line follows a line the plain-text reader read (the blank line): `feed` tells it
    assert taken[:6] == [4, 5, 6, 8, 9, 10]
    monkeypatch.setattr(stata_log.StataLogParser, "_crosstab_line", lambda self, number, line: False)
    assert [_facts(t) for t in _texts()] == quick


# A crosstab's start, up to its rule: the lines after it are read as its rows.
OPENED = "\n".join(TAB.splitlines()[:5])


# Lines inside a crosstab that are no rows of it: notes and the start of another layout (the plain-text reader's),
# a row that names a `summarize, detail` column.
NOTES = st.sampled_from(
    [
        "a note on the table", "    Variable         Obs        Mean    Std. dev.       Min        Max",
        "         age         12        40.5        3.2          18         77", "  x    y", "  1    2",
        "   Smallest |         3          4 |         7",
    ]
)  # fmt: skip


@given(st.lists(st.one_of(PIECES, PIECES, st.just(OPENED), NOTES), max_size=40))
@settings(max_examples=200, deadline=None)
def test_built_logs_read_the_same_with_and_without_the_crosstab_line_path(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    quick = _facts(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stata_log.StataLogParser, "_crosstab_line", lambda self, number, line: False)
        assert _facts(text) == quick


def test_a_row_after_lines_the_plain_text_reader_read_is_read_by_feed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The plain-text reader must be told that the row was taken by another reader (its table ends there)."""
    summary = "    Variable         Obs        Mean    Std. dev.       Min        Max"
    age = "         age         12        40.5        3.2          18         77"
    text = "\n".join([OPENED, summary, age, "         2 |         3          4 |         7", age, age]) + "\n"
    # a list box printed below a crosstab's rule is read as a list box
    boxed = "\n".join([OPENED, "  1. |  a |", "  2. |  b |", "     +------+"]) + "\n"
    # a header below a count printed alone (`count`, `display r(N)`): that count is a table of its own
    counted = ". tabulate koen\n\n  12\n      koen |      Freq.\n-----------+-----------\n         1 |          3\n"
    quick = [_facts(text), _facts(boxed), _facts(counted)]
    assert sum(f.table is not None for f in quick[2]) == 2
    monkeypatch.setattr(stata_log.StataLogParser, "_crosstab_line", lambda self, number, line: False)
    assert [_facts(text), _facts(boxed), _facts(counted)] == quick


def _given_trace(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int, tuple[tuple[int, str], ...]]]:
    """Each line `gate.given` gives, with what is kept of the lines passed over at that moment, and that state
    after each run."""
    trace: list[tuple[int, int, tuple[tuple[int, str], ...]]] = []
    real = gate.given

    def spy(fact: Fact, ctx: Context) -> Iterator[Fact]:
        kept = gate._kept(ctx)
        for line in real(fact, ctx):
            trace.append((line.line, kept.count, tuple(kept.lines)))
            yield line
        trace.append((-fact.line, kept.count, tuple(kept.lines)))

    monkeypatch.setattr(gate, "given", spy)
    return trace


def _scan(path: Path) -> list[dict[str, object]]:
    return [f.to_dict() for f in scan_file(Task(str(path), path.name, settings_for("dhda"))).findings]


def test_a_run_of_model_output_gives_the_lines_and_keeps_what_line_by_line_does(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    built = tmp_path / "built.log"
    # a blank line and a line with trailing spaces (not the file's own once the reader strips it) inside the runs
    run = ["   Residual |  12.5    2   6.25", "", "kontakt: Mette Jensen  "]
    built.write_text(". regress y x\n" + "\n".join(run * 9), encoding="utf-8")
    paths = [*LOGS, built]
    trace = _given_trace(monkeypatch)
    quick = [_scan(p) for p in paths]
    at_once = list(trace)
    trace.clear()
    monkeypatch.setattr(gate, "_own", lambda fact, window, settings: None)
    assert [_scan(p) for p in paths] == quick
    assert trace == at_once
    assert sum(line < 0 for line, _, _ in at_once) >= 20 and sum(line > 0 for line, _, _ in at_once) >= 10


def test_a_run_is_read_at_once_only_when_its_lines_are_the_files(tmp_path: Path) -> None:
    own: list[bool] = []
    real = gate._own

    def spy(fact: Fact, window: gate._Window, settings: Settings) -> list[str] | None:
        lines = real(fact, window, settings)
        own.append(lines is not None)
        return lines

    path = tmp_path / "x.log"
    path.write_text(". regress y x\n    Residual |  12.5    2   6.25\n\n. regress y x\n    Residual |  1   \n", "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gate, "_own", spy)
        _scan(path)
    assert own == [True, False]  # the second run's line lost its trailing spaces: line by line


@st.composite
def _model_logs(draw: st.DrawFn) -> str:
    names = st.sampled_from(["født 12.03.1956", " and Jens Hansen, Univ."])
    lines = draw(st.lists(st.one_of(PIECES, names), max_size=40))
    return ". regress y x\n" + "\n".join(lines) + "\n"


@given(_model_logs())
@settings(max_examples=60, deadline=None)
def test_built_logs_give_the_same_lines_run_at_once_and_line_by_line(text: str) -> None:
    with built_log(text) as path, pytest.MonkeyPatch.context() as patch:
        trace = _given_trace(patch)
        quick = _scan(path)
        at_once = list(trace)
        trace.clear()
        patch.setattr(gate, "_own", lambda fact, window, settings: None)
        assert _scan(path) == quick
        assert trace == at_once


def _recorded_tables(monkeypatch: pytest.MonkeyPatch) -> list[Table]:
    """Every table the engine gives the table checks, from now on."""
    seen: list[Table] = []
    real = engine.fact_rules

    def record(fact: Fact, ctx: Context) -> Iterable[Finding]:
        assert fact.table is not None
        seen.append(fact.table)
        return ()

    def with_record() -> dict[str, list[Callable[[Fact, Context], Iterable[Finding]]]]:
        checks = real()
        return {**checks, "table": [*checks["table"], record]}

    monkeypatch.setattr(engine, "fact_rules", with_record)
    return seen


def _loose_as_read(table: Table) -> None:
    """A row is `loose` exactly when a cell of it has no known statistic; a row that is not reads as `reads`."""
    seen = view(table)
    for row, counted, loose in zip(table.rows, seen.rows, seen.loose, strict=True):
        assert loose == any(table.statistic(row, cell) is None for cell in row.cells)
        if not loose:
            assert reads(table, row) == counted


@pytest.mark.slow
def test_every_fixture_table_reads_its_loose_rows_as_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _recorded_tables(monkeypatch)
    for path in sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix not in (".expect", ".toml")):
        scan_file(Task(str(path), path.name, Settings()))
    assert len(seen) > 300
    assert sum(any(view(t).loose) for t in seen) > 20 and sum(not any(view(t).loose) for t in seen) > 20
    for table in seen:
        _loose_as_read(table)


@settings(max_examples=300, deadline=None)
@given(tables())
def test_generated_tables_read_their_loose_rows_as_the_reference(table: Table) -> None:
    _loose_as_read(table)


@settings(max_examples=300)
@given(st.one_of(st.text(alphabet=" +.,0123456789", max_size=20), st.integers(0, 10**9).map(lambda n: f"{n:,}")))
def test_a_whole_number_reads_as_the_integer_pattern_reads_it(text: str) -> None:
    assert Cell(text, 1, 1, 2).integer() == _integer(text)


@settings(max_examples=500)
@given(st.from_regex(r"\A\s*\d", fullmatch=False))
def test_no_mask_starts_with_a_digit(text: str) -> None:
    """The view asks the masked patterns (patterns/checks.toml) only about cells that do not start with a digit."""
    assert not is_masked(Cell(text, 1, 1, 2))


def _columns_reference(table: Table) -> list[tuple[str, bool, Read, list[tuple[str, Read]]]]:
    """Differencing's columns as it read them before the body was grouped by column: one pass over the body per
    total."""
    seen = view(table)
    totals = [i for i, row in enumerate(table.rows) if is_total(row.label) and row.statistic in ("count", None)]
    if len(totals) != 1:
        return []
    body = [
        (row, differencing._counts(table, row, counted, loose))
        for row, counted, loose in zip(table.rows, seen.rows, seen.loose, strict=True)
        if not is_total(row.label) and row.statistic in ("count", None)
    ]
    row = totals[0]
    found = []
    for total in differencing._counts(table, table.rows[row], seen.rows[row], seen.loose[row]):
        column = total.cell.column
        cells = [(row.label, r) for row, reads in body for r in reads if r.cell.column == column >= 0]
        if cells:
            found.append((table.header(total.cell), False, total, cells))
    return found


def _columns(table: Table) -> list[tuple[str, bool, Read, list[tuple[str, Read]]]]:
    return [(c.name, c.across, c.total, c.cells) for c in differencing._lines(table, view(table)) if not c.across]


@settings(max_examples=300, deadline=None)
@given(tables())
def test_generated_tables_give_differencing_the_columns_of_the_reference(table: Table) -> None:
    table.rows[-1].label = "Total"  # a total row: the columns are read
    assert _columns(table) == _columns_reference(table)


def test_every_fixture_crosstab_gives_differencing_the_columns_of_the_reference() -> None:
    tables = [f.table for t in _texts() for f in _facts(t) if f.table is not None]
    assert sum(bool(_columns_reference(t)) for t in tables) >= 10
    assert [_columns(t) for t in tables] == [_columns_reference(t) for t in tables]


def test_a_table_emitted_is_its_template_with_the_rows_read() -> None:
    """`TableBuilder._emit` builds the table field by field: every field of the template is carried (a field
    added to `Table` and not passed would come out as its default)."""
    command = Command("tabulate koen", 3, "table", None)
    columns = [Column("Freq.", "count", 4, 10, 15)]
    builder = TableBuilder("stata.tab", medium="log", title="tab", command=command, columns=columns, group="koen = 1")
    builder.template.complete = False  # no field of the template at its default
    row = Row(5, "  1 |  3", "1", [Cell("3", 5, 8, 9, 0)])
    builder.put(row)
    builder.part = 2
    (fact,) = builder.close()
    expected = replace(builder.template, rows=[row], first_line=5, first_text=row.text, last_line=5, total_rows=1)
    expected.part, expected.complete = 2, True
    assert fact.table == expected
    # the fields `_emit` passes: a new one must be passed there too
    passed = "layout medium title command columns rows first_line first_text last_line total_rows part complete group"
    assert [f.name for f in fields(Table)] == passed.split()


def test_a_column_hashes_and_compares_by_value() -> None:
    """`Column` is not frozen (building one frozen cost a crosstab's reading 6%): still hashable, by its fields."""
    assert {Column("koen", "count", 4, 1, 5), Column("koen", "count", 4, 1, 5)} == {Column("koen", "count", 4, 1, 5)}
    assert Column("koen", "count", 4, 1, 5) != Column("koen", "count", 5, 1, 5)


@settings(max_examples=300, deadline=None)
@given(tables(), st.sampled_from([None, "importance", "coefficient", "se"]), st.sampled_from([None, "p", "importance"]))
def test_the_view_reads_model_output_as_the_table_says(
    table: Table, first: Statistic | None, last: Statistic | None
) -> None:
    """`Table.model_with` (the view's, given the statistics it read) answers as the reference `Table.model` read
    before it: the statistics, then a column of importance holding numbers."""
    table.columns[0] = replace(table.columns[0], statistic=first)
    table.rows[-1].statistic = last
    statistics = table.statistics()
    rated = {i for i, c in enumerate(table.columns) if c.statistic == "importance"}
    numbers = any(c.column in rated and c.number() is not None for r in table.rows for c in r.cells)
    reference = len(statistics & MODEL_STATISTICS) >= 2 or (bool(rated) and numbers)
    assert view(table).model == table.model == reference


def test_commands_typed_once_give_the_facts_of_commands_typed_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    typed: list[str] = []
    real = stata_log.StataLogParser._typed

    def spy(found: list[Fact], text: str, since: int) -> stata_log._Typed:
        typed.append(text)
        return real(found, text, since)

    monkeypatch.setattr(stata_log.StataLogParser, "_typed", staticmethod(spy))
    asked: list[str] = []
    parsed = stata_log.parsed

    def parsed_spy(
        text: str, language: str, settings: Settings, known: tuple[tuple[str, str], ...] = ()
    ) -> tuple[Fact, ...]:
        asked.append(text)
        return parsed(text, language, settings, known)

    monkeypatch.setattr(stata_log, "parsed", parsed_spy)
    _facts(TAB * 3)
    # the three crosstabs of the built log: typed once, their code's facts asked of the parse cache once
    assert typed == asked == ["tabulate koen diab"]
    # the same code echoed as one command and as two (its option on a line of its own): typed apart
    summary = (
        "\n    Variable |        Obs        Mean    Std. dev.       Min        Max\n"
        "-------------+---------------------------------------------------------\n"
        "       alder |         12        40.5         3.2         18         77\n"
    )
    texts.append((". summarize alder\n> , detail\n" + summary + ". summarize alder\n. , detail\n" + summary) * 2)
    # the same command after the data were collapsed to aggregates: typed by what the data hold
    box = "\n     +------------+\n     | koen     n |\n     |------------|\n  1. |    1    12 |\n     +------------+\n"
    texts.append(". list\n" + box + ". collapse (count) n=pnr, by(koen)\n\n. list\n" + box)
    kept = [_facts(t) for t in texts]
    monkeypatch.setattr(stata_log, "_TYPED", 0)
    assert [_facts(t) for t in texts] == kept


@given(
    st.lists(st.one_of(PIECES, st.sampled_from([". input str6 pnr", "  1. 010101", "  2. end", ". * x"])), max_size=40)
)
@settings(max_examples=150, deadline=None)
def test_built_logs_read_the_same_with_commands_typed_once_or_afresh(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    kept = _facts(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stata_log, "_TYPED", 0)
        assert _facts(text) == kept


def test_only_short_commands_are_kept_typed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The typing kept is keyed by the code: long code (an echoed loop) is typed afresh, so what is kept stays
    within _TYPED entries of at most _TYPED_CODE characters."""
    long = "tabulate koen diab " + "if x == 1 " * 300
    parser = stata_log.StataLogParser(settings_for())
    list(common.run(parser, [". tabulate koen diab", "", f". {long}", "", ". tabulate koen", ""]))
    assert [code for code, _ in parser.typed] == ["tabulate koen diab", "tabulate koen"]
    assert len(long) > stata_log._TYPED_CODE
