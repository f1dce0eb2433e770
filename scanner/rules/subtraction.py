"""How `small-cell.subtraction` is found (what it flags: patterns/rules/small-cell.toml).

Two tables are the same table when they have the same column headers and the same row labels. They are nested
when every count of one is at most the matching count of the other; they disclose when the counts differ in
total by 1 .. min_cell-1. Totals are left out of the sum (they would count the difference twice). Tables of two
disjoint groups (men and women) are not nested in every cell and stay quiet. Within one file only (tables of two
files are compared by `scanner/crossfile.py` after the scan), and against the last 16 tables of the same shape.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import NamedTuple

from ..model import Fact, Finding
from ..outputs.table import Table
from .cells import Counts, View, at, place, view
from .context import Context

CONSUMES = ("table",)
_RECENT = 16  # earlier tables of one shape a table is compared with
_SHAPES = 1000  # shapes remembered per file


class _Seen(NamedTuple):  # not a frozen dataclass: one is kept per table of counts, and its fields cost a call each
    line: int
    counts: Counts  # (row, column) -> value, cell, row and column labels
    total: int  # the counts' sum


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    table = fact.table
    # only count cells are compared (`shape_and_counts`): a table holding none has nothing to compare
    if table is None or not table.complete or table.part:
        return
    judged = view(table)
    if "count" not in judged.statistics or judged.model:
        return
    shape, counts = shape_and_counts(table)
    if len(counts) < 2:
        return
    kept = ctx.state.setdefault(__name__, {})
    assert isinstance(kept, dict)
    total = sum([info[0] for info in counts.values()])
    least = ctx.settings.min_cell
    recent: deque[_Seen] | None = kept.get(shape)
    for earlier in recent or ():
        # The cells differ in all by at least the totals' difference: most tables of a shape are ruled out here.
        if abs(earlier.total - total) >= least:
            continue
        finding = _compare(earlier, counts, ctx)
        if finding is not None:
            yield finding
            break
    # Bounded work and memory for a log of thousands of by-group tables: the last few of each shape, so many shapes.
    if recent is None and len(kept) < _SHAPES:
        recent = kept[shape] = deque(maxlen=_RECENT)
    if recent is not None:
        recent.append(_Seen(fact.line, counts, total))


def shape_and_counts(table: Table) -> tuple[tuple[object, ...], Counts]:
    """The table's identity (headers and row labels) and its counts outside totals, by row and column; no counts
    when a count cell cannot be read (numbers run together, `98018 98018`): a comparison of the rest would take
    part of a table for all of it. Read once per table (the cross-file margins ask first, then this rule)."""
    seen = view(table)
    if seen.shape is None or seen.counts is None:
        seen.shape, seen.counts = _shape_and_counts(seen)
    return seen.shape, seen.counts


def _shape_and_counts(seen: View) -> tuple[tuple[object, ...], Counts]:
    if seen.blank:
        return (), {}  # no count cell holds a number: nothing to compare, as for one that cannot be read
    table, header, names, totals = seen.table, seen.header, seen.names, seen.totals
    labels, width, total_columns = header.labels, len(header.labels), header.totals
    counts: Counts = {}
    # a cell's statistic is its row's or its column's: a table whose rows and columns name no count has no count
    # cell, and its cells are not read
    read = seen.rows if "count" in seen.statistics else ()
    for index, (row, reads) in enumerate(zip(table.rows, read, strict=False)):
        if index in totals:
            continue
        name = names[index]
        for cell, _, value, masked in reads:  # the count cells
            column = cell.column
            if masked or column in total_columns:
                continue
            if value is None:
                return (), {}
            counts[(name, column)] = (value, cell, row.label, labels[column] if 0 <= column < width else "")
    return (header.names, tuple(names)), counts


def _compare(earlier: _Seen, counts: Counts, ctx: Context) -> Finding | None:
    if earlier.counts.keys() != counts.keys():
        return None
    least = ctx.settings.min_cell
    pairs = []
    difference = 0
    for key, info in counts.items():
        a, b = earlier.counts[key][0], info[0]
        difference += abs(a - b)
        if difference >= least:  # most pairs of tables differ by more than a small group: stop at once
            return None
        pairs.append((a, b, info))
    nested = all(b <= a for a, b, _ in pairs) or all(a <= b for a, b, _ in pairs)
    if not nested or difference == 0:
        return None
    _, cell, row, column = next(info for a, b, info in pairs if a != b)
    clear, hidden = place(row, column)
    message = (
        f"this table and the same table at line {earlier.line} differ by fewer than {ctx.settings.min_cell} persons "
        f"in all (first at {clear if ctx.settings.unmask else hidden}): subtracting one from the other gives a small "
        "group's counts; show only one of them, or mask the cells that differ"
    )
    return ctx.finding(
        "small-cell.subtraction",
        at(cell),
        message,
        f"{clear}: {difference}",
        masked=f"{hidden}: {ctx.settings.cell_mask}",
    )
