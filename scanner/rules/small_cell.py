"""small-cell.count: an unmasked count below the profile's threshold in a table of a log, listing or result file.

What it flags: a frequency, a cell of a crosstab, a row or column total, a subgroup N, a count column of a CSV
or spreadsheet, whose value is 1 .. min_cell-1 (dhda: below 5; dst: below 3).
Why: a small cell can single out a person, or lets a reader subtract their way to one.
Zero counts are not small cells unless `zero_is_small` is set: an empty cell discloses nothing about a person
in most tables (set it where a structural zero would).
Masked cells (`<5`, `.`, `-`, `*`, `n<5`) are the remedy and never flagged. The count itself is never shown:
evidence names the cell and shows the profile's mask.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import mask
from ..model import Fact, Finding
from . import Context

CONSUMES = ("table.cell",)


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    row = fact.attrs.get("row", "") or "?"
    column = fact.attrs.get("column", "") or "?"
    table = fact.attrs.get("table", "")
    clear = f"row '{row[:80]}', column '{column[:80]}'"
    hidden = f"row '{mask.text(row[:80])}', column '{mask.text(column[:80])}'"
    message = f"{table + ' ' if table else ''}count below {ctx.settings.min_cell} at {clear}; mask it"
    # The count itself is never shown masked: the profile's mask (`<5`) stands in for it.
    count = fact.attrs.get("count", "")
    yield ctx.finding(
        "small-cell.count", fact, message, f"{clear}: {count}", masked=f"{hidden}: {ctx.settings.cell_mask}"
    )
