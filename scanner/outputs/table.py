"""The one table model: every printed table, whatever its medium or layout, becomes a `Table`.

A recogniser (a log parser, an HTML or CSV reader, a layout module) describes what it sees and nothing more:

    builder = TableBuilder("sas.freq", title="FREQ", columns=[Column("Frequency", "count", line=12, column=20)])
    yield from builder.add(Row(line=14, text=raw, label="Hovedstaden", cells=[Cell("3", 14, 22, 23, column=0)]))
    yield from builder.close()

`TableBuilder.add`/`close` yield `Fact`s of kind `table` (grammars/facts.toml) whose `table` field holds the
model; the rules small-cell, extreme-value and printed-rows read only that field. Which counts are small (the
profile's threshold), which extremes are a person's and which tables list individuals is decided in the rules.

The model, in brief:
- `Table`: `layout` (e.g. `sas.freq`, `r.tibble`, `stata.list`, `pandas.frame`), `medium` (where it was read),
  `title` (title line or procedure), `command` (the echoed command that printed it, when known), `columns`, `rows`.
- `Column`: its header `label` and the `statistic` its values hold; `Row`: its `label`, the raw line `text` and
  its `cells`, and a `statistic` when the statistic runs along rows (a crosstab's Frequency/Percent lines,
  `summary()` Min./Max., `summarize, detail` Smallest/Largest). A row's statistic outranks its column's.
- `Cell`: the value as printed (`text`, never parsed by the recogniser), its position (1-based line and columns,
  end exclusive) and the index of its column (-1: none known).
- `Statistic`: the closed vocabulary of what a column or row holds (see `STATISTICS`).

Bounded memory: a table holds at most `MAX_ROWS` rows. A longer one is emitted as consecutive parts that share
the header; each part is judged for cells, and the last part (`complete`) carries `first_line` and `total_rows`
of the whole table, so printed-rows reports one finding per table. Rows without cells (the records of a listing,
added with `TableBuilder.record`) are counted, and only the first `SAMPLE_ROWS` of a table are kept: a listing of
a million rows costs a counter, not a million objects.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal, get_args

from ..model import Fact

Statistic = Literal[
    "count",  # a number of persons or observations: frequency, N, n, antal, a row or column total
    "cumulative",  # a cumulative frequency: not a cell of its own
    "percent",  # a percentage or proportion
    "mean",
    "median",
    "sd",  # standard deviation or variance
    "min",
    "max",
    "range",
    "quantile",  # with `Header.level` (0-100) when known: 0 and 100 are the minimum and maximum
    "smallest",  # the n smallest observations (UNIVARIATE Extreme Observations, Stata Smallest)
    "largest",
    "coefficient",  # model output: estimates, odds or hazard ratios
    "importance",  # a model's variable importance (a tree's, a forest's): its rows are the model's inputs
    "se",
    "t",  # a test statistic: t, z, chi-square, F, Wald
    "p",
    "ci",  # a confidence limit
    "df",  # degrees of freedom: never a count
    "key",  # a person key: pnr, cpr, id, lbnr
    "obs",  # an observation number (PROC PRINT's Obs, a data frame's row index)
    "date",  # a per-row date: birth, death, admission
    "label",  # a category or group label
    "value",  # a plain value of a variable, statistic unknown
]
STATISTICS: tuple[Statistic, ...] = get_args(Statistic)
# Statistics that only model output holds: a table with two of them (an estimate and its SE or p) is model output
# and gives no small cells and no extremes; one alone may be a variable that happens to be called `p` or `b`.
MODEL_STATISTICS: frozenset[Statistic] = frozenset({"coefficient", "se", "t", "p", "ci"})
# Statistics of aggregates: a table (or rows of values) holding them shows groups, not persons.
AGGREGATES: frozenset[Statistic] = frozenset(
    {"count", "cumulative", "percent", "mean", "median", "sd", "min", "max", "range", "quantile"}
)

# `results`: estimates, metadata, a handle, an array or a test, never records (see `output.results` in facts.toml)
Intent = Literal["print", "table", "extreme", "results"]
Medium = Literal[
    "text", "log", "listing", "notebook", "html", "latex", "rtf", "svg", "pdf", "delimited", "xlsx", "program"
]

# Rows a table part holds before it is emitted and a new part begins.
MAX_ROWS = 1000
# Rows without cells (printed records) a table keeps for judging; further ones are only counted.
SAMPLE_ROWS = 50
# A row keeps this much of its raw line: enough for evidence and for judging, bounded for a 1 MB line.
ROW_TEXT = 2000


@dataclass(frozen=True, slots=True)
class Command:
    """The echoed command that printed a table (`proc freq data=a;`, `tab x y`, `df.value_counts()`), with what
    the program front ends know it does: `intent` print (rows), table (counts) or extreme (minima/maxima)."""

    text: str
    line: int
    intent: Intent | None = None
    statistic: Statistic | None = None  # what a lone number printed holds (`display r(max)`), when known
    drawn: bool = False  # results computed only from values the program generates: their extremes are no one's


# Not frozen, as `Cell` (treat it as immutable): a crosstab of a Stata log has a header of its own, and building its
# columns frozen cost 6% of the log's reading.
@dataclass(slots=True, unsafe_hash=True)
class Column:
    """A column header. `line`/`column`/`end_column` locate the header text (0 when the medium has none)."""

    label: str
    statistic: Statistic | None = None
    line: int = 0
    column: int = 0
    end_column: int = 0
    level: float | None = None  # the quantile level, 0-100, when statistic is "quantile"


# A whole number, also as a float with zero decimals (pandas prints counts as `3.000000`).
_INT = re.compile(r"^\s*\+?(\d{1,15})(?:\.0*)?\s*$")
_NUMBER = re.compile(r"^\s*([-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?)%?\s*$")
# An ISO date as pandas and R print it (`2019-01-03`, with a time of day in a datetime column).
_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*$")


# Not frozen (treat it as immutable; hashable all the same): a frozen dataclass sets each field through
# object.__setattr__, which made building a cell 4x dearer (1.3 vs 0.33 us), and a CSV has a cell per value.
@dataclass(slots=True, unsafe_hash=True)
class Cell:
    """One printed value: `text` exactly as printed (`3`, `<5`, `.`, `12.5%`); 1-based line and columns, the end
    exclusive; `column` indexes `Table.columns` (-1 when the value has no header)."""

    text: str
    line: int
    start: int
    end: int
    column: int = -1

    def integer(self) -> int | None:
        """The value as a whole number; None for a masked (`<5`, `.`, `*`), decimal or text cell."""
        text = self.text
        # the common case without the regex or the cache (distinct counts thrash it): what `_INT` reads as digits
        if text.isdecimal() and len(text) <= 15:
            return int(text)
        if "," in text:
            return None  # `_INT` takes no comma: without the cache and the regex (Stata's crosstabs print `64,625`)
        return _integer(text)

    def number(self) -> float | None:
        """The value as a number (a decimal comma read as a point); None for anything else."""
        return _number(self.text)

    def date(self) -> bool:
        """Whether the value is an ISO date: a minimum or maximum of dates is one person's day."""
        return is_date(self.text)


def is_date(text: str) -> bool:
    return bool(_DATE.match(text))


# Every table check reads every cell's value again; printed values repeat (counts, percentages), so a small cache
# of the parse pays.
@lru_cache(maxsize=16384)
def _integer(text: str) -> int | None:
    match = _INT.match(text)
    return int(match[1]) if match else None


@lru_cache(maxsize=16384)
def _number(text: str) -> float | None:
    match = _NUMBER.match(text)
    return float(match[1].replace(",", ".")) if match else None


@dataclass(slots=True)
class Row:
    """One printed row: its `label` (the text of its label cells), the raw line (capped at `ROW_TEXT`), its value
    cells, and the statistic it holds when statistics run along rows (`level` as for `Column`)."""

    line: int
    text: str
    label: str = ""
    cells: list[Cell] = field(default_factory=list)
    statistic: Statistic | None = None
    level: float | None = None
    end_line: int = 0  # the last line of a row printed over several lines (0: one line)


@dataclass(slots=True)
class Table:
    """A recognised table, or one part of a long one (see the module docstring)."""

    layout: str
    medium: Medium = "text"
    title: str = ""
    command: Command | None = None
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    first_line: int = 0  # the first row's line of the whole table
    first_text: str = ""  # and that row's text: the evidence of a printed listing
    last_line: int = 0  # the last line of this part
    total_rows: int = 0  # rows of the whole table up to and including this part
    part: int = 0
    complete: bool = True
    group: str = ""  # the group a `by` prefix printed the table for (`agegroup = 40-<50`), when known

    def statistic(self, row: Row, cell: Cell) -> Statistic | None:
        """What a cell holds: its row's statistic, else its column's."""
        if row.statistic is not None:
            return row.statistic
        if 0 <= cell.column < len(self.columns):
            return self.columns[cell.column].statistic
        return None

    def level(self, row: Row, cell: Cell) -> float | None:
        if row.statistic is not None:
            return row.level
        if 0 <= cell.column < len(self.columns):
            return self.columns[cell.column].level
        return None

    def header(self, cell: Cell) -> str:
        return self.columns[cell.column].label if 0 <= cell.column < len(self.columns) else ""

    def statistics(self) -> set[Statistic]:
        """Every statistic the table's columns and rows hold."""
        found = {c.statistic for c in self.columns} | {r.statistic for r in self.rows}
        return {s for s in found if s is not None}

    @property
    def model(self) -> bool:
        """Model output (coefficients, SEs, tests; a column of variable importance, whose rows are the model's
        inputs and whose Count beside it counts splits): never small cells or extremes, whatever else it prints. A
        column headed `importance` of words is a category (how important something was to persons)."""
        return self.model_with(self.statistics())

    def model_with(self, statistics: set[Statistic]) -> bool:
        """`model`, given the table's `statistics()` (read once by the table checks' view)."""
        if len(statistics & MODEL_STATISTICS) >= 2:
            return True
        if "importance" not in statistics:
            return False  # no column of importance (the columns' statistics are among them)
        rated = {i for i, c in enumerate(self.columns) if c.statistic == "importance"}
        return bool(rated) and any(c.column in rated and c.number() is not None for r in self.rows for c in r.cells)


class TableBuilder:
    """Collects the rows of one table and yields it as `table` facts, a part per `MAX_ROWS` rows."""

    def __init__(
        self,
        layout: str,
        *,
        medium: Medium = "text",
        title: str = "",
        command: Command | None = None,
        columns: list[Column] | None = None,
        max_rows: int = MAX_ROWS,
        group: str = "",
    ) -> None:
        self.template = Table(layout, medium, title, command, list(columns or []), group=group)
        self.max_rows = max_rows
        self.rows: list[Row] = []
        self.first_line = 0
        self.first_text = ""
        self.last_line = 0
        self.total = 0
        self.part = 0
        self.sampled = 0

    @property
    def columns(self) -> list[Column]:
        return self.template.columns

    @property
    def layout(self) -> str:
        return self.template.layout

    @property
    def group(self) -> str:
        return self.template.group

    @group.setter
    def group(self, group: str) -> None:
        """The `by` group the next table is printed for (a builder is reused from group to group)."""
        self.template.group = group

    def add(self, row: Row) -> Iterator[Fact]:
        if self.put(row):
            yield from self.flush()

    def put(self, row: Row) -> bool:
        """`add` without a generator, for a reader's row-per-line path: whether the part is now full (its facts,
        `flush()`, are then due)."""
        if len(row.text) > ROW_TEXT:
            row.text = row.text[:ROW_TEXT]
        if not self.total:
            self.first_line, self.first_text = row.line, row.text
        self.rows.append(row)
        self.last_line = max(row.line, row.end_line)
        self.total += 1
        return len(self.rows) >= self.max_rows

    def flush(self) -> Iterator[Fact]:
        """The rows held so far as a part of the table (more rows follow)."""
        return self._emit(complete=False)

    def record(self, line: int, text: str) -> None:
        """A row without cells (a printed record): counted; the first `SAMPLE_ROWS` of the table are kept."""
        if not self.total:
            self.first_line, self.first_text = line, text[:ROW_TEXT]
        self.total += 1
        self.last_line = line
        if self.sampled < SAMPLE_ROWS:
            self.sampled += 1
            self.rows.append(Row(line, text[:ROW_TEXT]))

    def close(self) -> Iterator[Fact]:
        """The last part (or the whole table); an empty table yields nothing. The builder can then be reused."""
        if self.total:  # when the last part filled up exactly, an empty final part marks the table complete
            yield from self._emit(complete=True)
        self.discard()

    def close_part(self) -> Iterator[Fact]:
        """End a table whose rows go on in a table printed after it (pandas wraps a wide frame in parts, each under
        its own header): its cells are judged, and the part that ends the frame stands for its rows."""
        if self.total:
            yield from self._emit(complete=False)
        self.discard()

    def discard(self) -> None:
        """Forget the rows read since the last part (what looked like a table was not one)."""
        self.rows, self.first_line, self.first_text, self.last_line, self.total, self.part = [], 0, "", 0, 0, 0
        self.sampled = 0

    def _emit(self, complete: bool) -> Iterator[Fact]:
        # built field by field, not by `dataclasses.replace` (a table per crosstab of a Stata log: 3x dearer)
        made = self.template
        table = Table(
            layout=made.layout,
            medium=made.medium,
            title=made.title,
            command=made.command,
            columns=made.columns,
            rows=self.rows,
            first_line=self.first_line,
            first_text=self.first_text,
            last_line=self.last_line,
            total_rows=self.total,
            part=self.part,
            complete=complete,
            group=made.group,
        )
        self.rows, self.part = [], self.part + 1
        yield table_fact(table)


def relocate(table: Table, place: Callable[[int], tuple[int, int]]) -> None:
    """Move a table read from a piece of a file (a notebook output, a chunk) to the file's own positions: `place`
    maps a line of the piece to (file line, column offset)."""
    for row in table.rows:
        # each cell by its own line: a row of an HTML table spans several lines
        row.cells = [_moved(c, *place(c.line)) for c in row.cells]
        row.line, row.end_line = place(row.line)[0], place(row.end_line)[0] if row.end_line else 0
    table.columns = [replace(c, line=place(c.line)[0]) if c.line else c for c in table.columns]
    table.first_line = place(table.first_line)[0] if table.first_line else 0
    table.last_line = place(table.last_line)[0] if table.last_line else 0


def _moved(cell: Cell, line: int, offset: int) -> Cell:
    return replace(cell, line=line, start=cell.start + offset, end=cell.end + offset)


def table_fact(table: Table) -> Fact:
    """The fact that carries `table` to the rules: it spans the part's rows and its text is the first row."""
    first = table.rows[0] if table.rows else None
    line = first.line if first else table.first_line
    text = first.text if first else ""
    return Fact("table", line, 1, max(table.last_line, line), len(text) + 1, text, table=table)
