"""How `small-cell.unrounded` is found (what it flags: patterns/rules/small-cell.toml). One finding per table
(part), at its first unrounded count, saying how many there are: the fix is to round the whole table, not one
cell."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Fact, Finding
from .cells import at, counts, place, view
from .context import Context

CONSUMES = ("table",)


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    base = ctx.settings.round_to
    table = fact.table
    if not base or table is None or view(table).model:
        return
    unrounded = [
        (row, cell)
        for row in table.rows
        for cell in counts(table, row)
        if (value := cell.integer()) is not None and value % base
    ]
    if not unrounded:
        return
    row, cell = unrounded[0]
    clear, hidden = place(row.label, table.header(cell))
    total = sum(cell.integer() is not None for row in table.rows for cell in counts(table, row))
    shown = clear if ctx.settings.unmask else hidden
    message = f"{len(unrounded)} of {total} counts are not multiples of {base} (first at {shown}); round them"
    yield ctx.finding("small-cell.unrounded", at(cell), message, f"{clear}: {cell.text.strip()}")
