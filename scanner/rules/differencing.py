"""How `small-cell.differencing` and `small-cell.implied` are found: what the margins of one table give back
(what they flag and why: patterns/rules/small-cell.toml).

Counts are the cells whose row or column holds counts; in a row or column with a total, cells of no known
statistic count too (a crosstab's category columns are named after the categories, not after counts). Label-like
text is ignored; a decimal number means the line is not a line of counts. A table whose counts are all multiples
of the rounding base (the profile's, else 5) is taken as rounded: its margins give nothing back exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Fact, Finding
from ..outputs.table import Row, Table
from .cells import Read, View, at, place, reads, view
from .context import Context

CONSUMES = ("table",)

# Fewer counts than this and "all multiples of 5" says nothing about rounding.
_ROUNDED_MIN = 4


@dataclass(slots=True)
class _Line:
    """A row (`across` True) or column of counts with its total; each cell with the label of the other dimension."""

    name: str
    across: bool
    total: Read
    cells: list[tuple[str, Read]]

    def place(self, label: str) -> tuple[str, str]:
        return place(self.name, label) if self.across else place(label, self.name)


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    table = fact.table
    if table is None or not table.complete:
        return
    seen = view(table)
    # a line needs a total, in a column or a row so labelled (most tables have neither), and a cell that holds a
    # number or a mask (`_counts`): a blank table has none
    if seen.model or (seen.total_column is None and not seen.totals) or seen.blank:
        return
    lines = _lines(table, seen)
    # most tables' lines give nothing (their cells add up to their totals): only a table whose lines give a finding
    # is asked whether it is rounded (that test reads every count again)
    findings = [finding for line in lines if (finding := _judge(line, ctx)) is not None]
    if not findings or _rounded(lines, ctx.settings.round_to or 5):
        return
    found: set[tuple[int, int]] = set()
    for finding in findings:
        if (finding.line, finding.column) not in found:
            found.add((finding.line, finding.column))
            yield finding


def _judge(line: _Line, ctx: Context) -> Finding | None:
    total = line.total.value
    if total is None:
        return None
    masked = []
    shown = 0
    for label, read in line.cells:
        if read.masked:
            masked.append((label, read.cell))
        elif read.value is not None:
            shown += read.value
    if len(masked) == 1:
        label, cell = masked[0]
        clear, hidden = line.place(label)
        # Values stay out of the message (it is shown masked or not alike): the clear evidence holds them.
        others = ", ".join(f"{lab} {r.cell.text.strip()}" for lab, r in line.cells if r.cell is not cell)
        message = (
            f"masked cell at {clear if ctx.settings.unmask else hidden} is the total of its "
            f"{'row' if line.across else 'column'} minus its other {_cells(len(line.cells) - 1)}; mask a second "
            "cell of this line too"
        )
        recovered = f"{clear}: {total - shown} (total {line.total.cell.text.strip()} minus {others})"
        return ctx.finding("small-cell.differencing", at(cell), message, recovered, masked=f"{hidden}: {cell.text}")
    if not masked and 0 < total - shown < ctx.settings.min_cell:
        clear, hidden = line.place("total")
        message = (
            f"total at {clear if ctx.settings.unmask else hidden} exceeds the cells shown by fewer than "
            f"{ctx.settings.min_cell}: the persons left out form a small cell; mask it or show them masked"
        )
        implied = f"{clear}: {total - shown}"
        return ctx.finding(
            "small-cell.implied", at(line.total.cell), message, implied, masked=f"{hidden}: {ctx.settings.cell_mask}"
        )
    return None


def _counts(table: Table, row: Row, counted: list[Read], loose: bool) -> list[Read]:
    """The count cells of a row (`counted`: the view's), masked ones included: cells whose row or column holds
    counts, and also cells of no known statistic (a row that names its statistic has none; a row without such a
    cell, not `loose`, reads as `counted`). Other statistics, decimals and label-like text are left out."""
    found = reads(table, row) if row.statistic is None and loose else counted
    return [r for r in found if r.masked or r.value is not None]


def _lines(table: Table, seen: View) -> list[_Line]:
    """The rows with a cell in the total column, then the columns with a cell in the one row labelled total, each
    with its count cells: one pass over the rows reads each row's count cells once for both."""
    column = seen.total_column
    labelled = seen.totals
    totals = [i for i in labelled if table.rows[i].statistic in ("count", None)]
    header = seen.header
    labels, width = header.labels, len(header.labels)
    # Columns named as counts beside the total: only those add up to it. Otherwise (a crosstab whose columns are
    # named after categories) every column of whole numbers does; a row read as counts then holds the same cells
    # for its row as for its columns (with counts named, a row of no `loose` cell reads only its count cells).
    typed = column is not None and any(kind == "count" for i, kind in enumerate(header.kinds) if i != column)
    # the body's count cells by column, in the order of the rows, when one row holds the columns' totals
    by_column: dict[int, list[tuple[str, Read]]] | None = {} if len(totals) == 1 else None
    across = []
    total_cells: list[Read] = []
    for index, (row, counted, loose) in enumerate(zip(table.rows, seen.rows, seen.loose, strict=True)):
        if row.statistic not in ("count", None):
            continue
        cells = _counts(table, row, counted, loose)
        if index in labelled:
            if by_column is not None and index == totals[0]:
                total_cells = cells
            continue
        label = row.label
        # with counts named and a cell of no known statistic beside them (`cases`, `controls`, `total`), the row
        # does not tell which of its cells add up to the total
        if column is not None and not (typed and loose):
            total = None
            rest = []
            for read in cells:
                at = read.cell.column
                if at != column:
                    rest.append((labels[at] if 0 <= at < width else "", read))
                elif total is None:
                    total = read
            if total is not None and rest:
                across.append(_Line(label, True, total, rest))
        if by_column is not None:
            for read in cells:
                at = read.cell.column
                if at in by_column:
                    by_column[at].append((label, read))
                else:
                    by_column[at] = [(label, read)]
    if by_column is None:
        return across
    down = []
    for total in total_cells:
        at = total.cell.column
        found = by_column.get(at) if at >= 0 else None
        if found:
            down.append(_Line(labels[at] if at < width else "", False, total, found))
    return across + down


def _rounded(lines: list[_Line], base: int) -> bool:
    if any(read.value % base for line in lines for read in (line.total, *(r for _, r in line.cells)) if read.value):
        return False  # a count that is no multiple of the base (most tables), whatever their number
    values = {
        (read.cell.line, read.cell.start): value
        for line in lines
        for read in (line.total, *(r for _, r in line.cells))
        if (value := read.value) is not None
    }
    return len(values) >= _ROUNDED_MIN and all(v % base == 0 for v in values.values())


def _cells(n: int) -> str:
    return f"{n} cell" if n == 1 else f"{n} cells"
