"""What the table checks share (not a rule module): which labels name totals, which cells were masked by the
researcher, and the count cells of a table. The words are data: patterns/checks.toml."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache, partial
from typing import Any, NamedTuple

from .. import mask
from ..config import Settings
from ..model import Fact
from ..outputs.layouts import normal, statistic
from ..outputs.table import Cell, Row, Statistic, Table
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


# Labels repeat from table to table (a by-group listing prints the same rows and headers thousands of times):
# their spelling in the vocabulary is read once each.
named = lru_cache(maxsize=8192)(normal)


def is_total(label: str) -> bool:
    return named(label) in _totals()


@cache
def _totals() -> frozenset[str]:
    return frozenset(words()["totals"]["labels"])


def is_masked(cell: Cell) -> bool:
    return bool(_masked().match(cell.text.strip()))


class Read(NamedTuple):
    """A cell of counts (its row or column holds counts; in `reads`, also one of no known statistic) as the table
    checks read it: its statistic (`Table.statistic`), its whole number (`Cell.integer`) and whether the
    researcher masked it (`is_masked`; not asked of a whole number, which no pattern of checks.toml masks: a test
    holds the patterns to that)."""

    cell: Cell
    statistic: Statistic | None
    value: int | None
    masked: bool


# A cell that holds neither a whole number nor a mask, for certain: it starts with a digit (a mask never does:
# tests/test_stata_round8.py) and holds a comma (`Cell.integer` reads none: Stata's crosstabs print `64,625`) or a
# decimal that is not zero (`_INT` takes only `.000`). Other cells may hold either (`View.blank` is False).
_NO_COUNT = re.compile(r"\d(?:.*,.*|\d*\.\d*[1-9]\d*%?)", re.DOTALL)


# A Read built straight from its tuple (as `Span`): the named tuple's own __new__ is a Python function.
_read = partial(tuple.__new__, Read)


# A subtraction key: (the row's label, normalised; the cell's column) -> (value, cell, row label, column header)
Counts = dict[tuple[str, int], tuple[int, Cell, str, str]]


def reads(table: Table, row: Row) -> list[Read]:
    """The cells of `row` that may hold counts, its count cells and those of no known statistic (differencing
    reads the latter in a table with margins: a crosstab's columns are named after categories), read afresh."""
    kinds = tuple([column.statistic for column in table.columns])
    return _reads([row], kinds, True, _masked().match)[0][0]


def _reads(
    rows: list[Row], kinds: tuple[Statistic | None, ...], unknown: bool, match: Callable[[str], object]
) -> tuple[list[list[Read]], list[bool], int | None]:
    """Per row, the `Read`s of its count cells (with `unknown`, also of its cells of no known statistic), in order,
    and whether it has a cell of no known statistic; and the smallest whole number read (None: none). `kinds`: the
    statistics of the table's columns. Every cell read as a count is read here, in one loop over the table's rows
    (a call a row was a tenth of the view's reading), so `Table.statistic`, `Cell.integer`'s common case and
    `is_masked` are inline."""
    width = len(kinds)
    found: list[list[Read]] = []
    loose: list[bool] = []
    least: int | None = None
    for row in rows:
        along = row.statistic
        counted: list[Read] = []
        found.append(counted)
        if along is not None and along != "count":
            loose.append(False)  # a row of percentages or means: it holds no count, and no cell of unknown statistic
            continue
        other = False
        for cell in row.cells:
            if along is None:
                column = cell.column
                kind = kinds[column] if 0 <= column < width else None
                if kind is None:
                    other = True
                    if not unknown:
                        continue
                elif kind != "count":
                    continue  # a percentage, a mean, a value: no check reads it as a count
            else:
                kind = along
            text = cell.text
            value = cell.integer()
            if value is None:
                # a mask never starts with a digit (tests/test_stata_round8.py holds checks.toml to it): a number
                # with separators or decimals (Stata's `64,625`) is no mask, without the regex
                text = text.strip()
                counted.append(_read((cell, kind, None, not text[:1].isdigit() and bool(match(text)))))
            else:
                if least is None or value < least:
                    least = value
                counted.append(_read((cell, kind, value, False)))
        loose.append(other)
    return found, loose, least


class Header(NamedTuple):
    """What the table checks read of a header (its columns' labels and statistics), read once per distinct one: a
    by-group listing prints the same header thousands of times."""

    labels: tuple[str, ...]
    kinds: tuple[Statistic | None, ...]  # each column's statistic
    names: tuple[str, ...]  # each label as the vocabulary spells it (`normal`)
    totals: frozenset[int]  # the columns headed as totals
    total_column: int | None  # the column that holds each row's total, if there is one: the first of them
    statistics: frozenset[Statistic]  # the columns' statistics


@lru_cache(maxsize=1024)
def _header(labels: tuple[str, ...], kinds: tuple[Statistic | None, ...]) -> Header:
    names = tuple(map(named, labels))
    totals = [i for i, label in enumerate(labels) if is_total(label)]
    statistics = frozenset(kind for kind in kinds if kind is not None)
    return Header(labels, kinds, names, frozenset(totals), totals[0] if totals else None, statistics)


class View:
    """What the table checks read of one table, read once: every check used to read every cell again (its
    statistic, the masked regex, its number). `header`, `statistics` (`along`: the rows' own), `model` and
    `total_column` are read at once; the rest only when a check asks for it (most tables of a data file have no
    counts, and no check reads their cells): `names`, each row's label as the vocabulary spells it, and `totals`,
    the rows labelled as totals; `rows` holds, per row of `table.rows`, the `Read`s of its count cells, in order,
    and `least` the smallest whole number of a count cell (None: none holds one), and `loose` whether a row has a
    cell of no known statistic (else its `reads` are its count cells' reads: `counted`). `blank`: no cell of the
    table holds a whole number or a mask (a cheap test of every cell's text, no cell read: most crosstabs of a
    register's counts print them with separators); then no `Read` has a value or is masked, `least` is None, and
    the checks that read only those (differencing, subtraction, the cross-file margins) skip the table. `shape` and
    `counts` are subtraction's (`rules/subtraction.py`, also kept for the cross-file comparison), read when first
    asked for."""

    __slots__ = (
        "_blank",
        "_least",
        "_loose",
        "_names",
        "_rows",
        "_totals",
        "along",
        "counts",
        "header",
        "model",
        "shape",
        "statistics",
        "table",
        "total_column",
    )

    def __init__(self, table: Table) -> None:
        self.table = table
        columns = table.columns
        self.header = _header(tuple([c.label for c in columns]), tuple([c.statistic for c in columns]))
        self.along: set[Statistic] = {kind for row in table.rows if (kind := row.statistic) is not None}
        self.statistics = self.along | self.header.statistics
        self.model = table.model_with(self.statistics)
        self.total_column = self.header.total_column
        self.shape: tuple[object, ...] | None = None
        self.counts: Counts | None = None
        self._names: list[str] | None = None
        self._totals: list[int] | None = None
        self._rows: list[list[Read]] | None = None
        self._least: int | None = None
        self._loose: list[bool] = []
        self._blank: bool | None = None

    @property
    def names(self) -> list[str]:
        if self._names is None:
            self._names = list(map(named, [row.label for row in self.table.rows]))
        return self._names

    @property
    def totals(self) -> list[int]:
        if self._totals is None:
            totals = _totals()  # `is_total` of each row's label, its spelling already read
            self._totals = [i for i, name in enumerate(self.names) if name in totals]
        return self._totals

    @property
    def blank(self) -> bool:
        if self._blank is None:
            numeric = _NO_COUNT.fullmatch
            rows = self.table.rows
            # most tables are not: their first whole number ends the test, most often in their first cell (asked
            # without a generator)
            first = rows[0].cells if rows else ()
            self._blank = bool(not first or numeric(first[0].text)) and all(
                numeric(cell.text) for row in rows for cell in row.cells
            )
        return self._blank

    @property
    def rows(self) -> list[list[Read]]:
        if self._rows is None:
            self._rows = self._read()
        return self._rows

    @property
    def loose(self) -> list[bool]:
        if self._rows is None:
            self._rows = self._read()
        return self._loose

    @property
    def least(self) -> int | None:
        if self._rows is None:
            if self.blank:
                return None  # every Read's value is None
            self._rows = self._read()
        return self._least

    def _read(self) -> list[list[Read]]:
        rows, self._loose, self._least = _reads(self.table.rows, self.header.kinds, False, _masked().match)
        return rows


# The view of the table being judged: the engine gives a table fact to every table check in turn (and first to the
# cross-file margins), so one entry is read by all of them. It holds the table itself, so an identity test is
# sound; a table is not changed once its fact is judged.
_last: list[View] = []


def view(table: Table) -> View:
    """The table's `View`, made at the first check that asks for it."""
    if _last and _last[0].table is table:
        return _last[0]
    made = View(table)
    _last[:] = [made]
    return made


def quiet(table: Table, settings: Settings) -> bool:
    """No count cell of the table holds a whole number below the profile's threshold, nor a zero. Then small-cell
    and denominator cannot fire on it, and skip it unread:
    - small-cell flags a count cell whose whole number `n` has 0 < n < min_cell, or n == 0 where a zero discloses;
      every n is at least `least` >= min_cell >= 1 (config.py), so neither holds;
    - denominator flags a statistic beside or below an N with 0 < N < min_cell, and N is always the whole number
      of one count cell of the table (`_n`: one value of the count cells chosen); N >= least >= min_cell.
    Masked, decimal or text count cells hold no whole number: neither check compares them with the threshold.
    (differencing and subtraction are not skipped: a total and cells of large counts can differ by a small one.)"""
    least = view(table).least
    return least is None or least >= settings.min_cell


def counts(table: Table, row: Row) -> list[Cell]:
    """The cells of `row` that hold counts (by the row's or their column's statistic), masked ones included: a
    masked cell is a count whose value is hidden."""
    return [cell for cell in row.cells if table.statistic(row, cell) == "count"]


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
    indicator's 1 and 0 beside 70% and 30%), not the counts of the `n, %` layout; when its values number the rows
    and the shares sum to 100 (the parts of one whole), not beside shares of another base."""
    if not 0 <= column < len(table.columns) - 1 or statistic(table.columns[column].label) is not None:
        return False
    if table.columns[column + 1].statistic != "percent":
        return False
    pairs = [
        (
            next((cell.integer() for cell in row.cells if cell.column == column), None),
            next((cell.number() for cell in row.cells if cell.column == column + 1), None),
        )
        for row in table.rows
        if row.statistic is None
    ]
    if not any(value == 0 and share is not None and share > 0 for value, share in pairs):
        return False
    # ... and the rows are the parts of a whole, each its own code: shares of one base (summing to 100), values
    # numbering the parts 0, 1, 2... or 1, 2, 3... (deaths beside a share of another base are counts)
    values = [value for value, _ in pairs if value is not None]
    shares = [share for _, share in pairs if share is not None]
    if len(values) < len(pairs) or len(shares) < len(pairs):
        return False
    numbered = any(sorted(values) == list(range(first, first + len(values))) for first in (0, 1))
    return numbered and abs(sum(shares) - 100) <= 1


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
