"""What the table checks share (not a rule module): which labels name totals, which cells were masked by the
researcher, and the count cells of a table. The words are data: patterns/checks.toml."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from .. import mask
from ..model import Fact
from ..outputs.layouts import normal, statistic
from ..outputs.table import Cell, Row, Table
from ..resources import load_toml


@cache
def words() -> dict[str, Any]:
    return load_toml("patterns", "checks.toml")


@cache
def _masked() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in words()["masked"]["patterns"]), re.IGNORECASE)


@cache
def _public() -> dict[str, Any]:
    return load_toml("patterns", "public_data.toml")


def public(table: Table) -> bool:
    """A well-known public teaching data set (patterns/public_data.toml), known by its column names: every named
    column is one of the data set's or a common name, and at least two are the data set's own. Its rows are not
    persons of a study and its values are no counts of them."""
    data = _public()
    named = {normal(c.label) for c in table.columns} - {""}
    own = named - set(data["shared"])
    return any(len(own) >= 2 and own <= set(columns) for columns in data["datasets"].values())


@lru_cache(maxsize=8192)  # asked for every row and column of every table
def is_total(label: str) -> bool:
    return normal(label) in words()["totals"]["labels"]


def is_masked(cell: Cell) -> bool:
    return bool(_masked().match(cell.text.strip()))


def counts(table: Table, row: Row) -> list[Cell]:
    """The cells of `row` that hold counts (by the row's or their column's statistic), masked ones included: a
    masked cell is a count whose value is hidden."""
    return [cell for cell in row.cells if table.statistic(row, cell) == "count"]


def total_column(table: Table) -> int | None:
    """The index of the column that holds each row's total, if there is one."""
    return next((i for i, column in enumerate(table.columns) if is_total(column.label)), None)


def place(row: str, column: str) -> tuple[str, str]:
    """A cell named by its row and column labels, in clear and masked (labels may name a person or a place)."""
    row, column = (row or "?")[:80], (column or "?")[:80]
    return f"row '{row}', column '{column}'", f"row '{mask.text(row)}', column '{mask.text(column)}'"


def at(cell: Cell) -> Fact:
    """A fact spanning one cell: where a finding about that cell points."""
    return Fact("table", cell.line, cell.start, cell.line, cell.end, cell.text)


def numbering(table: Table, column: int) -> bool:
    """The first column of values, named by a word, runs 1, 2, 3... down the rows that name no statistic (at least
    three): it numbers them (a procedure's function or observation numbers), it counts nothing. A crosstab's
    column headed by a category (`3`) whose counts happen to run 1, 2, 3 is still counts."""
    cells = [cell for row in table.rows if row.statistic is None for cell in row.cells if cell.column >= 0]
    named = 0 <= column < len(table.columns) and any(map(str.isalpha, table.columns[column].label))
    if not named or not cells or min(cell.column for cell in cells) != column:
        return False
    values = [cell.integer() for cell in cells if cell.column == column]
    return len(values) >= 3 and values == list(range(1, len(values) + 1))


def levels(table: Table, column: int) -> bool:
    """The first column of values of a crosstab whose other columns are named by position (`Col1`, `Col2`: SAS
    Viya's crosstab action, patterns/checks.toml [crosstab]) holds the row variable's levels, not counts."""
    used = sorted({cell.column for row in table.rows for cell in row.cells if cell.column >= 0})
    if not used or column != used[0] or column >= len(table.columns):
        return False
    positional = _positional()
    others = [table.columns[i].label.strip() for i in used[1:] if i < len(table.columns)]
    named = table.columns[column].label.strip()
    if statistic(named) is not None:  # a column headed `N` or `Total` counts
        return False
    return len(others) >= 2 and all(positional.fullmatch(o) for o in others) and not positional.fullmatch(named)


def codes(table: Table, column: int) -> bool:
    """A column whose header names no statistic, read as counts for standing before a column of shares, that has a
    0 beside a share above 0 in some row: a count of nobody has no share, so it holds codes (a partition
    indicator's 1 and 0 beside 70% and 30%), not the counts of the `n, %` layout."""
    if not 0 <= column < len(table.columns) - 1 or statistic(table.columns[column].label) is not None:
        return False
    if table.columns[column + 1].statistic != "percent":
        return False
    for row in table.rows:
        if row.statistic is not None:
            continue
        value = next((cell.integer() for cell in row.cells if cell.column == column), None)
        share = next((cell.number() for cell in row.cells if cell.column == column + 1), None)
        if value == 0 and share is not None and share > 0:
            return True
    return False


@cache
def _positional() -> re.Pattern[str]:
    return re.compile(words()["crosstab"]["positional"])


def fractions(table: Table, column: int) -> bool:
    """The column holds fractions in the rows that name no statistic (shares, times, rates: numbers that are not
    whole), so a total row under it sums those, not persons."""
    numbers = [
        value
        for row in table.rows
        if row.statistic is None
        for cell in row.cells
        if cell.column == column and (value := cell.number()) is not None
    ]
    return bool(numbers) and all(not value.is_integer() for value in numbers)
