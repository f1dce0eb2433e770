"""A table none of whose cells holds a whole number or a mask (`View.blank`: a Stata crosstab of register counts,
all printed with thousands separators) is skipped by the checks that read only such cells (differencing,
subtraction, the cross-file margins; small-cell and denominator by `least`), docs/performance.md "Round 9: Stata
logs, second pass". The test of the cells' text claims no more than the reading of them gives, and every fixture
and built log finds (and keeps for the cross-file comparison) the same with the test as without it. All data are
synthetic (the project's fixtures and lines built here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import test_stata_round8 as round8
from hypothesis import given, settings
from hypothesis import strategies as st

from sdcscan.config import settings_for
from sdcscan.engine import Task, scan_file
from sdcscan.outputs.table import Cell, Column, Row, Table
from sdcscan.rules import cells

from conftest import built_log

FIXTURES = Path(__file__).parent / "fixtures"
TABLES = sorted(
    p
    for p in FIXTURES.rglob("*")
    if p.is_file() and p.suffix.lower() in (".log", ".smcl", ".lst", ".rout", ".txt", ".out", ".csv", ".md")
)
NEVER = re.compile(r"(?!)")  # `View.blank` False for every table with a cell: every table read as before

# Cell texts near the edge of the test: separators, decimals, zeros after a point, masks, signs, blanks, line
# breaks, digits of other scripts and superscripts.
TEXT = st.one_of(
    st.text(alphabet="0123456789,.%<>*-+ \n\u0663\u00b2ab", max_size=10),
    st.sampled_from(["64,625", "3,0", "1.5", "3.000", "3.50", "12.5%", " 64,625", "<5", ".", "n.a.", "0", "5"]),
)


def _read(text: str) -> cells.Read:
    table = Table("test", columns=[Column("n", "count")], rows=[Row(1, text, "a", [Cell(text, 1, 1, 2, 0)])])
    (read,) = cells.reads(table, table.rows[0])
    return read


@given(TEXT)
@settings(max_examples=500, deadline=None)
def test_a_cell_the_test_passes_holds_no_whole_number_and_no_mask(text: str) -> None:
    if cells._NO_COUNT.fullmatch(text):
        read = _read(text)
        assert read.value is None and not read.masked
        assert not cells.is_masked(read.cell)  # nor by the pattern alone, without the digit shortcut


def test_the_test_passes_separated_and_decimal_numbers_only() -> None:
    assert all(cells._NO_COUNT.fullmatch(t) for t in ["64,625", "1,234,567", "12.5", "0.25%", "3,0"])
    assert not any(cells._NO_COUNT.fullmatch(t) for t in ["3", "3.000", "3.", " 64,625", "<5", ".", "1 2"])


def _tables(text: str, monkeypatch: pytest.MonkeyPatch) -> list[Table]:
    seen = round8._recorded_tables(monkeypatch)
    with built_log(text) as path:
        scan_file(Task(str(path), path.name, settings_for()))
    return seen


def _claims_hold(table: Table) -> None:
    """A blank table's reads (with its cells of no known statistic) have no value and no mask; its least is None."""
    if cells.View(table).blank:
        assert not any(r.value is not None or r.masked for row in table.rows for r in cells.reads(table, row))
        fresh = cells.View(table)
        assert fresh._read() is not None and fresh._least is None


def test_every_fixture_table_that_is_blank_reads_no_number(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = round8._recorded_tables(monkeypatch)
    for path in TABLES:
        scan_file(Task(str(path), path.name, settings_for()))
    blank = [t for t in seen if cells.View(t).blank and any(r.cells for r in t.rows)]
    assert len(blank) >= 3 and len(seen) - len(blank) >= 100
    for table in seen:
        _claims_hold(table)


def _found(path: Path, profile: str) -> tuple[list[dict[str, object]], object]:
    result = scan_file(Task(str(path), path.name, settings_for(profile)))
    return [f.to_dict() for f in result.findings], result.margins


@pytest.mark.parametrize("profile", ["dhda", "dst", "strict"])
def test_the_fixtures_find_and_keep_the_same_with_and_without_the_test(profile: str) -> None:
    quick = {p: _found(p, profile) for p in TABLES}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cells, "_NO_COUNT", NEVER)
        assert {p: _found(p, profile) for p in TABLES} == quick


# A crosstab's rows: counts with and without separators, small ones, a masked one, a total that differs from its
# cells by a few (differencing), the same table twice less a person (subtraction).
ROWS = st.sampled_from(
    [
        "         1 |    64,625     71,239 |   135,864", "         2 |    64,604     83,708 |   148,312",
        "         1 |         3     71,239 |    71,242", "         2 |        <5     83,708 |    83,712",
        "         2 |    64,604          2 |    64,606", "     Total |   129,229    154,947 |   284,176",
        "     Total |   129,229    154,947 |   284,179", "     Total |        12         40 |        52",
        "           |     47.57      52.43 |    100.00", "         1 |        10         30 |        40",
        "         2 |         2         10 |        12", "         2 |         1         10 |        11",
    ]
)  # fmt: skip
RULE = "-----------+----------------------+----------"
HEAD = [". tabulate koen diab", "", "           |         diab", "      koen |         0          1 |     Total"]


@st.composite
def _crosstabs(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        parts += HEAD
        parts += [RULE, *draw(st.lists(ROWS, min_size=1, max_size=5)), RULE, *draw(st.lists(ROWS, max_size=2)), ""]
        parts += draw(st.lists(round8.PIECES, max_size=3))
    return "\n".join(parts) + "\n"


@given(_crosstabs(), st.sampled_from(["dhda", "dst"]))
@settings(max_examples=120, deadline=None)
def test_built_crosstabs_find_and_keep_the_same_with_and_without_the_test(text: str, profile: str) -> None:
    with built_log(text) as path:
        quick = _found(path, profile)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(cells, "_NO_COUNT", NEVER)
            assert _found(path, profile) == quick


@given(_crosstabs())
@settings(max_examples=60, deadline=None)
def test_built_crosstabs_that_are_blank_read_no_number(text: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        for table in _tables(text, patch):
            _claims_hold(table)
