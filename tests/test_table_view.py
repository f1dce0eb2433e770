"""The table checks' shared view of a table (scanner/rules/cells.py `view`, issue 11's throughput clause): every
cell read once (its statistic, whole number, masked flag) instead of once per check, and a table with no small
count (`quiet`) skipped by small-cell and denominator. The view must read what the reference path reads
(`Table.statistic`, `Cell.integer`, `is_masked`), and the two checks must find nothing on a quiet table when made to
read it: on every table of the fixtures (three profiles) and on generated tables. All data are synthetic."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sdcscan import engine
from sdcscan.config import Settings, settings_for
from sdcscan.crossfile import keep
from sdcscan.engine import Task, scan_file
from sdcscan.model import Fact, Finding
from sdcscan.outputs.table import _INT, Cell, Column, Row, Statistic, Table
from sdcscan.rules import Context, cells, denominator, differencing, small_cell, subtraction
from sdcscan.rules.cells import Read, is_masked, quiet, view

FIXTURES = Path(__file__).parent / "fixtures"
FILES = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix.lower() not in (".expect", ".toml"))
PROFILES = (settings_for("dhda"), settings_for("dst"), settings_for("strict"), Settings(zero_is_small=True))
SKIPPED = (small_cell, denominator)  # the checks that pass a quiet table over


def _reference(table: Table) -> list[list[Read]]:
    """The view's reads, cell by cell, as the checks read them before the view: the count cells."""
    return [
        [
            Read(cell, kind, value := cell.integer(), value is None and is_masked(cell))
            for cell in row.cells
            if (kind := table.statistic(row, cell)) == "count"
        ]
        for row in table.rows
    ]


def _judged_unskipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """The two checks read every table, quiet or not."""
    for module in SKIPPED:
        monkeypatch.setattr(module, "quiet", lambda table, given: False)


def _quiet_findings(fact: Fact, ctx: Context) -> list[Finding]:
    """What small-cell and denominator (reading every table) find on the fact's table, under each profile where
    the table is quiet: must be nothing."""
    found: list[Finding] = []
    assert fact.table is not None
    for profile in PROFILES:
        if quiet(fact.table, profile):
            judged = Context(ctx.doc, profile)
            found += [f for module in SKIPPED for f in module.check(fact, judged)]
    return found


@pytest.mark.slow
def test_every_fixture_table_reads_as_before_and_a_quiet_one_gives_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    _judged_unskipped(monkeypatch)
    tables: list[Table] = []
    wrong: list[tuple[str, int]] = []
    found: list[Finding] = []

    def record(fact: Fact, ctx: Context) -> Iterable[Finding]:
        # judged as the engine gives it, between the other checks: the table as they see it
        assert fact.table is not None
        tables.append(fact.table)
        if view(fact.table).rows != _reference(fact.table):
            wrong.append((ctx.doc.rel, fact.line))
        found.extend(_quiet_findings(fact, ctx))
        return ()

    real = engine.fact_rules

    def with_record() -> dict[str, list[Callable[[Fact, Context], Iterable[Finding]]]]:
        checks = real()
        return {**checks, "table": [*checks["table"], record]}

    monkeypatch.setattr(engine, "fact_rules", with_record)
    for path in FILES:
        scan_file(Task(str(path), path.relative_to(FIXTURES).as_posix(), Settings()))
    assert len(tables) > 300  # the fixtures' tables were all seen
    assert sum(quiet(t, Settings()) for t in tables) > 200  # and most are quiet
    assert not wrong
    assert not found


_STATISTICS: tuple[Statistic | None, ...] = (None, "count", "percent", "mean", "sd", "label", "min")
_TEXTS = st.one_of(
    st.integers(0, 12).map(str),
    st.integers(0, 10**6).map(str),
    st.sampled_from(["<5", "< 3", ".", "*", "x", "[c]", "3.5", "+4", " 7 ", "12.000", "0.0", "n<5", "Hans", "-"]),
)
_LABELS = st.sampled_from(["", "Total", "Nord", "Syd", "N", "n", "Frequency", "Mean", "All"])


@st.composite
def tables(draw: st.DrawFn) -> Table:
    width = draw(st.integers(1, 5))
    columns = [Column(draw(_LABELS), draw(st.sampled_from(_STATISTICS))) for _ in range(width)]
    rows = []
    for line in range(1, draw(st.integers(1, 6)) + 1):
        texts = draw(st.lists(_TEXTS, min_size=1, max_size=width + 1))
        row_cells = [Cell(t, line, 1 + 9 * i, 1 + 9 * i + len(t), i if i < width else -1) for i, t in enumerate(texts)]
        statistic = draw(st.sampled_from((None, None, "count", "percent", "mean")))
        rows.append(Row(line, " ".join(texts), draw(_LABELS), row_cells, statistic))
    return Table("sas.freq", "listing", "FREQ", columns=columns, rows=rows, first_line=1, last_line=len(rows))


@settings(max_examples=300, deadline=None)
@given(tables())
def test_generated_tables_read_as_before_and_a_quiet_one_gives_nothing(table: Table) -> None:
    assert view(table).rows == _reference(table)
    fact = Fact("table", 1, 1, table.last_line, 2, "x", table=table)
    ctx = Context(engine.Document("t.lst", "output", None, "", "utf-8"), Settings())
    with pytest.MonkeyPatch.context() as patch:
        _judged_unskipped(patch)
        assert _quiet_findings(fact, ctx) == []


@settings(max_examples=300)
@given(st.from_regex(_INT, fullmatch=True))
def test_no_whole_number_is_masked(text: str) -> None:
    """The view asks the masked patterns only about cells that are not whole numbers."""
    assert Cell(text, 1, 1, 2).integer() is not None
    assert not is_masked(Cell(text, 1, 1, 2))


def _counts(*values: str) -> Table:
    row = Row(
        3, " ".join(values), "Nord", [Cell(v, 3, 10 * i + 1, 10 * i + 1 + len(v), i) for i, v in enumerate(values)]
    )
    return Table(
        "sas.freq", "listing", columns=[Column("Frequency", "count"), Column("Percent", "percent")], rows=[row]
    )


def test_quiet_means_no_count_below_the_threshold_nor_zero() -> None:
    five = Settings(min_cell=5)
    assert quiet(_counts("5", "1.0"), five)  # the percentage is no count
    assert not quiet(_counts("4", "40.0"), five)
    assert not quiet(_counts("0", "0.0"), Settings(min_cell=1))  # a zero is never quiet
    assert quiet(_counts("<5", "12.5"), five)  # a masked count is compared by neither check
    assert quiet(_counts("9", "12.5"), five) and not quiet(_counts("9", "12.5"), Settings(min_cell=10))


def test_a_small_count_is_still_found_and_a_quiet_table_is_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = Context(engine.Document("t.lst", "output", None, "", "utf-8"), Settings())
    small = _counts("3", "12.5")
    assert [f.rule for f in small_cell.check(Fact("table", 3, 1, 3, 2, "x", table=small), ctx)] == ["small-cell.count"]
    read: list[Table] = []
    monkeypatch.setattr(small_cell, "public", lambda table: read.append(table) or False)
    large = _counts("30", "12.5")
    assert list(small_cell.check(Fact("table", 3, 1, 3, 2, "x", table=large), ctx)) == []
    assert read == []  # passed over before it was read cell by cell


def test_the_view_is_read_once_per_table() -> None:
    first, second = _counts("30", "1.0"), _counts("30", "1.0")
    assert view(first) is view(first)
    assert view(second) is not view(first)  # an equal table is another table
    assert view(second).table is second
    assert cells._last[0].table is second


def test_a_table_without_counts_has_no_cell_read() -> None:
    """A data file's tables hold values, not counts: no check reads their cells (CSV, round 7)."""
    row = Row(2, "Hans  41", "", [Cell("Hans", 2, 1, 5, 0), Cell("41", 2, 7, 9, 1)])
    table = Table("delimited.table", "delimited", columns=[Column("navn"), Column("alder", "value")], rows=[row])
    ctx = Context(engine.Document("t.csv", "output", None, "", "utf-8"), Settings())
    fact = Fact("table", 2, 1, 2, 9, "Hans  41", table=table)
    for module in (small_cell, denominator, differencing, subtraction):
        assert list(module.check(fact, ctx)) == []
    keep(table, [])
    assert view(table)._rows is None
