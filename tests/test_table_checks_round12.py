"""Round 12's cheaper table checks (docs/performance.md "Round 12: the table checks") read what the reference paths
read: the view's reads of all rows in one loop with the smallest whole number found on the way (`cells._reads`),
differencing's rows and columns in one pass over the body, and its rounding test asked only of a table whose lines
give a finding. All data are synthetic (the project's fixtures and tables built here)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_stata_round8 import _columns_reference, _recorded_tables
from test_table_view import tables

from sdcscan import engine
from sdcscan.config import Settings, settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.model import Fact, Finding
from sdcscan.outputs.table import Table
from sdcscan.rules import Context, cells, differencing
from sdcscan.rules.cells import Read, is_total, reads, view

FIXTURES = Path(__file__).parent / "fixtures"
Line = tuple[str, bool, Read, list[tuple[str, Read]]]


def _rows_reference(table: Table) -> list[Line]:
    """Differencing's rows as read before one pass read them with the columns: each row's count cells (also those
    of no known statistic, unless counts are named beside the total), its cell in the total column and the rest."""
    seen = view(table)
    column = seen.total_column
    if column is None:
        return []
    typed = any(kind == "count" for i, kind in enumerate(seen.header.kinds) if i != column)
    found = []
    for row, counted, loose in zip(table.rows, seen.rows, seen.loose, strict=True):
        if is_total(row.label) or row.statistic not in ("count", None) or (typed and loose):
            continue
        read = reads(table, row) if not typed and row.statistic is None and loose else counted
        cells = [r for r in read if r.masked or r.value is not None]
        total = next((r for r in cells if r.cell.column == column), None)
        rest = [(table.header(r.cell), r) for r in cells if r.cell.column != column]
        if total is not None and rest:
            found.append((row.label, True, total, rest))
    return found


def _lines(table: Table) -> list[Line]:
    return [(c.name, c.across, c.total, c.cells) for c in differencing._lines(table, view(table))]


def _findings_reference(fact: Fact, ctx: Context) -> list[Finding]:
    """Differencing's findings as found before the rounding test waited for a finding: rounded tables first."""
    assert fact.table is not None
    seen = view(fact.table)
    if not fact.table.complete or seen.model or (seen.total_column is None and not seen.totals) or seen.blank:
        return []
    lines = differencing._lines(fact.table, seen)
    if not lines or differencing._rounded(lines, ctx.settings.round_to or 5):
        return []
    found: list[Finding] = []
    for line in lines:
        finding = differencing._judge(line, ctx)
        if finding is not None and all((f.line, f.column) != (finding.line, finding.column) for f in found):
            found.append(finding)
    return found


def _same(table: Table) -> None:
    seen = cells.View(table)
    # the rows read before `least` is asked (a fresh view asks `blank` first)
    values = [r.value for row in seen.rows for r in row if r.value is not None]
    assert cells.View(table).least == seen.least == (min(values) if values else None)
    assert _lines(table) == _rows_reference(table) + _columns_reference(table)
    fact = Fact("table", 1, 1, max(table.last_line, 1), 2, "x", table=table)
    for profile in (Settings(), settings_for("dst"), Settings(round_to=3)):
        ctx = Context(engine.Document("t.lst", "output", None, "", "utf-8"), profile)
        assert list(differencing.check(fact, ctx)) == _findings_reference(fact, ctx)


@settings(max_examples=400, deadline=None)
@given(tables(), st.booleans(), st.integers(0, 4))
def test_generated_tables_give_the_least_and_differencing_the_lines_and_findings_of_the_reference(
    table: Table, total_row: bool, total_column: int
) -> None:
    if total_row:
        table.rows[-1].label = "Total"
    if total_column < len(table.columns):
        table.columns[total_column].label = "Total"
    _same(table)


@pytest.mark.slow
def test_every_fixture_table_gives_the_least_and_differencing_the_lines_and_findings_of_the_reference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = _recorded_tables(monkeypatch)
    for path in sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix not in (".expect", ".toml")):
        scan_file(Task(str(path), path.name, Settings()))
    lined = [t for t in seen if _rows_reference(t) or _columns_reference(t)]
    assert len(lined) >= 20  # crosstabs with margins: SAS, Stata, R, CSV
    for table in seen:
        _same(table)
