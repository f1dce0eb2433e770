"""How `small-cell.count` is found (what it flags: patterns/rules/small-cell.toml).

Reads `table` facts (the table model, scanner/outputs/table.py): every cell whose row or column holds a count is
compared with the profile's threshold here and nowhere else; masked cells (`<5`, `.`, `*`) are not whole numbers
and pass; model output and well-known public teaching data sets (patterns/public_data.toml) never have small
cells.
The count itself is never shown: evidence names the cell and shows the profile's mask.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import mask
from ..config import Settings
from ..model import Fact, Finding
from ..outputs.table import Cell
from .cells import codes, fractions, levels, numbering, public
from .context import Context

CONSUMES = ("table",)


def small(count: int, settings: Settings) -> bool:
    """Below the profile's threshold; zero only where the profile says a zero discloses."""
    return 0 < count < settings.min_cell or (count == 0 and settings.zero_is_small)


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    table = fact.table
    # only count cells are compared: a table holding none is not read cell by cell
    if table is None or "count" not in table.statistics() or table.model or public(table):
        return
    numbered: dict[int, bool] = {}  # per column, once: whether it numbers the rows, names their levels or codes them
    for row in table.rows:
        for cell in row.cells:
            if table.statistic(row, cell) != "count":
                continue
            count = cell.integer()
            if count is None or not small(count, ctx.settings):
                continue
            if cell.column not in numbered:
                numbered[cell.column] = (
                    numbering(table, cell.column) or levels(table, cell.column) or codes(table, cell.column)
                )
            if numbered[cell.column]:
                continue
            # a total row (its label says count) under a column of fractions sums shares, not persons
            if row.statistic != "count" or not fractions(table, cell.column):
                yield _finding(_at(cell), ctx, row.label, table.header(cell), table.title, cell.text.strip())


def _at(cell: Cell) -> Fact:
    return Fact("table", cell.line, cell.start, cell.line, cell.end, cell.text)


def _finding(at: Fact, ctx: Context, row: str, column: str, table: str, count: str) -> Finding:
    row, column = row or "?", column or "?"
    clear = f"row '{row[:80]}', column '{column[:80]}'"
    hidden = f"row '{mask.text(row[:80])}', column '{mask.text(column[:80])}'"
    message = f"{table + ' ' if table else ''}count below {ctx.settings.min_cell} at {clear}; mask it"
    # The count itself is never shown masked: the profile's mask (`<5`) stands in for it.
    return ctx.finding(
        "small-cell.count", at, message, f"{clear}: {count}", masked=f"{hidden}: {ctx.settings.cell_mask}"
    )
