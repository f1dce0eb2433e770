"""How the `extreme-value.*` rules are found (what they flag: patterns/rules/extreme-value.toml).

Reads `table` facts (scanner/outputs/table.py) and decides here what is a person's value: a min/max of a
row whose values are all 0 or 1 is an indicator (or a count of nobody), not a person, and neither is a minimum
equal to its maximum (a constant, such as a total copied to every row), nor a minimum and maximum equal to the
limits of the band a `by` group selects (`-> agegroup = 40-<50`: 40 and 49), nor the extremes of results the
program computes only from values it generates (a notebook cell's `Command.drawn`); model output never has
extremes; of the quantiles only 0% and 100% are one person's value. A range printed as one number is the distance
between two persons' values, no one's value (printed as a pair, `range: [18,97]`, it is read as min and max).
Evidence names the statistic and masks the value's digits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ..model import Fact, Finding
from ..outputs.table import Cell, Row, Statistic, Table
from ..resources import load_toml
from .cells import view
from .context import Context

CONSUMES = ("table",)
# Values an indicator (0/1) or a count of nobody takes: its minimum and maximum belong to no one person.
_NOBODY = frozenset({0.0, 1.0})
# What a cell must hold (by its row or column) to be judged here: a table holding none of them is not read cell by
# cell (most tables of counts and results).
_JUDGED: frozenset[Statistic] = frozenset({"min", "max", "smallest", "largest", "quantile"})


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    table = fact.table
    if table is None:
        return
    seen = view(table)
    if seen.model or not seen.statistics & _JUDGED or (table.command is not None and table.command.drawn):
        return
    observations: list[tuple[Row, Cell]] = []
    indicators = _indicators(table)
    for row in table.rows:
        ranges: list[Cell] = []
        for cell in row.cells:
            if (cell.number() is None and not cell.date()) or (row.statistic is not None and cell.column in indicators):
                continue
            statistic = table.statistic(row, cell)
            if statistic in ("min", "max"):
                ranges.append(cell)
            elif statistic in ("smallest", "largest"):
                observations.append((row, cell))
            elif statistic == "quantile" and table.level(row, cell) in (0.0, 100.0):
                label = row.label if row.statistic == "quantile" else table.header(cell)
                yield _finding(_span(cell, cell), ctx, "extreme-value.quantile", label, cell.text)
        if (
            ranges
            and not all(c.number() in _NOBODY for c in ranges)
            and not _constant(table, row, ranges, ctx.settings.min_cell)
            and not _band_limits(table, row, ranges, ctx.settings.min_cell)
        ):
            names = ", ".join(dict.fromkeys(table.header(c) or row.label for c in ranges))
            label = f"{row.label}: {names}".strip(": ") if row.statistic is None else row.label
            text = ", ".join(c.text for c in ranges)
            yield _finding(_span(ranges[0], ranges[-1]), ctx, "extreme-value.min-max", label, text)
    if observations:
        values = [cell for _, cell in observations]
        if not all(c.number() in _NOBODY for c in values):
            first, last = observations[0][1], observations[-1][1]
            at = Fact("table", first.line, first.start, last.line, last.end, first.text)
            label = table.title or "Extreme Observations"
            yield _finding(at, ctx, "extreme-value.extreme-observations", label, ", ".join(c.text for c in values))


def _constant(table: Table, row: Row, ranges: list[Cell], min_cell: int) -> bool:
    """A minimum equal to the maximum over enough persons: every one holds that value (a total copied to each, a
    constant), so it is no one person's. Over fewer than the profile's threshold (N = 1, or a standard deviation
    that is missing) it is theirs."""
    if not _many(table, row, min_cell):
        return False
    lows = {_value(c) for c in ranges if table.statistic(row, c) == "min"}
    highs = {_value(c) for c in ranges if table.statistic(row, c) == "max"}
    return len(lows) == 1 and lows == highs


def _many(table: Table, row: Row, min_cell: int) -> bool:
    """Whether the row summarises no fewer persons than the profile's threshold, as far as it shows."""
    counts = [c.integer() for c in row.cells if table.statistic(row, c) == "count"]
    if any(n is not None and n < min_cell for n in counts):
        return False
    # a standard deviation that cannot be computed (`.`, NaN) says there was one value: that person's
    return all(c.number() is not None for c in row.cells if table.statistic(row, c) == "sd")


def _band_limits(table: Table, row: Row, ranges: list[Cell], min_cell: int) -> bool:
    """The minimum and maximum of a group a band of values selects (Stata's `-> agegroup = 40-<50`, patterns/
    outputs.toml [extremes]), equal to the band's two limits, over enough persons: what the band's definition says,
    no one's value. The largest value below an excluded upper limit (`<50`) is within one unit of it (49, 49.9).
    Only for the variable the band is of: a `by` variable named after it (`agegroup` of `age`, `bmicat` of `bmi`);
    another variable's range that happens to equal the limits (income 40 to 49 in `agegroup = 40-<50`) is values."""
    if not table.group or not _many(table, row, min_cell):
        return False
    lows = [c.number() for c in ranges if table.statistic(row, c) == "min"]
    highs = [c.number() for c in ranges if table.statistic(row, c) == "max"]
    if len(lows) != 1 or len(highs) != 1 or lows[0] is None or highs[0] is None:
        return False
    low, high = lows[0], highs[0]
    variable = row.label.strip().casefold()
    # `-> sex = 1, agegroup = 40-<50`: each by variable with its value
    selected = " ".join(
        value
        for name, _, value in (p.partition("=") for p in table.group.split(","))
        if variable and name.strip().casefold().startswith(variable)
    )
    for band in _band().finditer(selected):
        lower, upper = float(band["low"]), float(band["high"])
        if low == lower and (upper - 1 <= high < upper if band["below"] else high == upper):
            return True
    return False


@cache
def _band() -> re.Pattern[str]:
    return re.compile(load_toml("patterns", "outputs.toml")["extremes"]["band"])


def _value(cell: Cell) -> float | str:
    """A number, or a date as printed (the same day prints the same)."""
    number = cell.number()
    return cell.text.strip() if number is None else number


def _indicators(table: Table) -> set[int]:
    """Columns that are 0/1 variables, where statistics run along rows (describe(), summary() of a data frame):
    every min or max printed in them is 0 or 1."""
    values: dict[int, set[float | None]] = {}
    for row in table.rows:
        if row.statistic in ("min", "max"):
            for cell in row.cells:
                values.setdefault(cell.column, set()).add(cell.number())
    return {column for column, seen in values.items() if column >= 0 and seen <= _NOBODY}


def _span(first: Cell, last: Cell) -> Fact:
    return Fact("table", first.line, first.start, last.line, last.end, first.text)


def _finding(at: Fact, ctx: Context, rule: str, label: str, text: str) -> Finding:
    label = label[:120]
    message = f"single-person values printed ({label}); remove them or report a robust range"
    return ctx.finding(rule, at, message, f"{label}: {text.strip()[:200]}")
