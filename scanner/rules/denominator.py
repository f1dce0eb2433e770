"""How `small-cell.denominator` is found (what it flags and why: patterns/rules/small-cell.toml).

Two layouts of the table model:
- a row with its own N (one count column, or the total column) beside statistics (`N Mean Median`): a mean,
  median, standard deviation or quantile of that row with 0 < N < min_cell (a percentage beside N is of the
  table's total);
- statistics along rows (a crosstab's Frequency line followed by its Percent / Row Pct lines, Stata's `tab, row`):
  the statistic lines that follow a count line whose total is below the threshold.
One finding per row (per count line, for statistics along rows), at its first statistic.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import mask
from ..model import Fact, Finding
from ..outputs.layouts import normal
from ..outputs.table import Cell, Statistic, Table
from .cells import Read, View, at, is_masked, place, quiet, view
from .context import Context

CONSUMES = ("table",)

# What is computed over the persons of a row: a mean of 2 persons, or a percentage of 3, gives them away.
_COMPUTED: frozenset[Statistic] = frozenset({"percent", "mean", "median", "sd", "quantile", "range"})
# Beside a row's own N, a percentage is of the table's total (`n pct`): the small N is the small cell itself.
_BESIDE_N = _COMPUTED - {"percent"}


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    table = fact.table
    # A finding is at a computed statistic: along rows, or beside a row's own N in a column. A table with neither
    # (most tables of counts, `n` beside `pct`) is not read row by row, nor one whose counts are none small.
    if table is None:
        return
    seen = view(table)
    if seen.model or not _judged(seen) or quiet(table, ctx.settings):
        return
    column = seen.total_column
    denominator: int | None = None  # the N of the count line the statistic lines below belong to
    for row, counts in zip(table.rows, seen.rows, strict=True):
        if row.statistic == "count":
            denominator = _n(table, counts, column)
            continue
        along = row.statistic in _COMPUTED
        n = denominator if along else _n(table, counts, column)
        if not along:
            denominator = None
        if n is None or not 0 < n < ctx.settings.min_cell:
            continue
        computed = _COMPUTED if along else _BESIDE_N
        shown = next((c for c in row.cells if table.statistic(row, c) in computed and _shown(c)), None)
        if shown is not None:
            denominator = None  # one finding per count line: its percentage lines are one remedy
            clear, hidden = place(row.label, table.header(shown))
            message = (
                f"{table.statistic(row, shown)} at {clear if ctx.settings.unmask else hidden} is computed over "
                f"fewer than {ctx.settings.min_cell} persons; mask it with its N"
            )
            value = shown.text.strip()
            yield ctx.finding(
                "small-cell.denominator",
                at(shown),
                message,
                f"{clear}: {value}, N: {n}",
                masked=f"{hidden}: {mask.digits(value)}, N: {ctx.settings.cell_mask}",
            )


def _judged(seen: View) -> bool:
    return bool(seen.along & _COMPUTED or seen.header.statistics & _BESIDE_N)


def _n(table: Table, counts: list[Read], column: int | None) -> int | None:
    """The persons a row is about (`counts`: its count cells): its total cell, else its count column headed `N`,
    else its count cells when they agree (`N Obs` and `N`); None when that cannot be told."""
    chosen = [r for r in counts if r.cell.column == column] or [
        r for r in counts if normal(table.header(r.cell)) == "n"
    ]
    values = {r.value for r in chosen or counts}
    return values.pop() if len(values) == 1 else None


def _shown(cell: Cell) -> bool:
    return not is_masked(cell) and cell.number() is not None
