"""From the cells of a grid to the table model (scanner/outputs/table.py), the same for every medium: which rows
are the header, what each column or row holds (patterns/layouts/statistics.toml), which cells label a row and
which hold values. Nothing is judged here: small cells, extremes and rows of individuals are the rules' to decide.

Rows are fed one at a time and tables are emitted in parts (`TableBuilder`), so a delimited file or a sheet of a
million rows is described in bounded memory. When the medium does not mark its header, a blank row ends a table,
rows of a single text cell above a header are its title (a putexcel or Excel title row), and a first row of
numbers only means there is no header.

- A column is of the kind its header names, else of the kind the label above it names (`Antal` over `Mænd |
  Kvinder`); an unnamed column right before a percent column holds counts (the `n, %` layout of result tables).
- Row labels are the `<th>` cells of a row, else its first cell when that is text; a label that names a statistic
  (`count`, `min`, `Frequency`, `25%`) makes the row hold it.
- `counting`: the statement behind the table makes counts (a crosstab, `value_counts()`), so every value column
  of no named kind holds counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ...model import Fact
from ..layouts import column_statistic, level, statistic
from ..table import Cell, Column, Command, Medium, Row, Statistic, TableBuilder
from . import Cell as GridCell
from . import Grid, column_name
from .delimited import Plain, fields, plain_cells

ROW_STATISTICS: frozenset[Statistic] = frozenset(
    ("count", "cumulative", "percent", "mean", "median", "sd", "min", "max", "range", "quantile", "smallest", "largest")
)
_NUMBER = re.compile(r"^\s*[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?%?\s*$")


# What `cell_names` adds to a sheet's labels: `pnr (column A)`, `Hovedstaden (row 3)`.
_CELL_NAME = re.compile(r" \((?:column [A-Z]+|row \d+)\)$")


def unnamed(label: str) -> str:
    """A label as the sheet has it, without the cell name `cell_names` adds."""
    return _CELL_NAME.sub("", label)


def _number(text: str) -> bool:
    return bool(_NUMBER.match(text))


def _row_statistic(label: str) -> Statistic | None:
    """The statistic a row label names. Only as summaries print them (`count`, `min`, `Frequency`, `25%`): a
    category called `B` or `P` is no coefficient or p-value."""
    kind = statistic(label) if label else None
    return kind if kind in ROW_STATISTICS else None


def kinds(labels: list[str], above: list[Statistic | None]) -> list[Statistic | None]:
    """What each column holds: its own label's kind, else the one above; an unnamed column right before a
    percentage column holds counts (not the first column: a category code left of it would be a false alarm)."""
    found = [column_statistic(label) if label else None for label in labels]
    found = [own or (above[i] if i < len(above) else None) for i, own in enumerate(found)]
    return [
        "count" if kind is None and 0 < i < len(found) - 1 and found[i + 1] == "percent" else kind
        for i, kind in enumerate(found)
    ]


@dataclass
class Tabulator:
    """Describes the tables of one medium as their rows arrive. `layout` names them (`html.table`,
    `pandas.frame`, `xlsx.table`, ...), `name` titles a table that has no title of its own (a file, a sheet);
    `attrs` go on every fact (a workbook's `where`); `cell_names` names rows and columns as a spreadsheet does."""

    layout: str
    medium: Medium
    name: str = ""
    counting: bool = False
    command: Command | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    cell_names: bool = False
    _builder: TableBuilder | None = None
    _labels: list[str] = field(default_factory=list)
    _kinds: list[Statistic | None] = field(default_factory=list)
    _header_rows: int = -1
    _seen: int = 0
    _title: list[str] = field(default_factory=list)
    _layout: str = ""
    _header_cells: list[GridCell] = field(default_factory=list)

    def start(self, grid: Grid | None = None) -> Iterator[Fact]:
        """A new table begins (a grid, or a blank row in a stream of rows): what the last one held is emitted."""
        yield from self.close()
        self._labels, self._kinds, self._seen, self._header_cells = [], [], 0, []
        self._header_rows = grid.header_rows if grid is not None else -1
        self._title = [grid.title] if grid is not None and grid.title else []
        self._layout = "pandas.frame" if grid is not None and grid.frame else self.layout

    def grid(self, grid: Grid) -> Iterator[Fact]:
        yield from self.start(grid)
        for row in grid.rows:
            yield from self.feed(row)
        yield from self.close()

    def feed(self, row: list[GridCell]) -> Iterator[Fact]:
        if self._builder is not None:  # in a table's body (a CSV's every row): only a blank row ends it
            made = self._row(row)
            if made is None:
                if self._header_rows < 0:
                    yield from self.start()
                return
            self._seen += 1
            yield from self._add(made)
            return
        filled = [c for c in row if c.text.strip() and not c.spanned]
        if not filled:
            if self._seen and self._header_rows < 0:
                yield from self.start()
            return
        self._seen += 1
        if self._header_rows >= 0:
            if self._seen <= self._header_rows:
                self._header(row)
                return
        elif not self._labels:
            if len(filled) == 1 and not _number(filled[0].text):
                self._title.append(filled[0].text)
                return
            if not all(_number(c.text) for c in filled):
                self._header(row)
                return
        made = self._row(row)
        assert made is not None  # a filled row
        yield from self._add(made)

    def plain(self, record: Plain, delimiter: str) -> Iterable[Fact]:
        """A delimited record on one line without quotes (`delimited.records`): in a table's body (a CSV's every
        row) its row is built straight from its fields, without a grid cell per value and without a generator
        (nothing to yield but every `MAX_ROWS` rows); elsewhere, and for a medium that names its cells, as `feed`
        reads its cells."""
        builder = self._builder
        if builder is None or self.cell_names:
            return self.feed(plain_cells(record, delimiter))
        number = record[0]
        found = fields(record[1], delimiter)
        label = ""
        values: list[Cell] = []
        for i, (text, start, end) in enumerate(found):
            if not text:
                continue
            if i == 0 and not _NUMBER.match(text):  # a first cell of text labels the row
                label = text
                continue
            values.append(Cell(text, number, start, end, i))  # a value is never empty: end > start
        if not label and not values:  # as `_row` finds no cell holding anything: a blank row
            return self.start() if self._header_rows < 0 else ()
        kind = _row_statistic(label)
        text = " | ".join([field[0] for field in found])
        self._seen += 1
        if builder.put(Row(number, text, label, values, kind, level(label) if kind == "quantile" else None)):
            return map(self._tag, builder.flush())
        return ()

    def _header(self, row: list[GridCell]) -> None:
        labels = [c.text.strip() for c in row]
        if self.cell_names:
            labels = [
                f"{text} (column {column_name(c.column)})" if text else "" for text, c in zip(labels, row, strict=True)
            ]
        above = self._kinds
        if self._labels:
            # a second header row (pandas' index names, labels under a spanning one): the lower label names it
            upper = self._labels + [""] * len(labels)
            labels = [low or high for high, low in zip(upper, labels, strict=False)]
        self._kinds = kinds([c.text.strip() for c in row], above)
        self._labels = labels
        self._header_cells = row

    def _open(self) -> TableBuilder:
        if self._builder is None:
            kinds_ = self._kinds
            if self.counting:
                kinds_ = [kind or "count" for kind in kinds_]
            columns = [
                Column(label, kind, *self._place(i), level(label) if kind == "quantile" else None)
                for i, (label, kind) in enumerate(zip(self._labels, kinds_, strict=False))
            ]
            title = " ".join(self._title) or self.name
            self._builder = TableBuilder(
                self._layout or self.layout, medium=self.medium, title=title, command=self.command, columns=columns
            )
        return self._builder

    def _place(self, i: int) -> tuple[int, int, int]:
        cells = self._header_cells
        if i < len(cells) and cells[i].line:
            return cells[i].line, cells[i].column, cells[i].end_column
        return 0, 0, 0

    def _row(self, row: list[GridCell]) -> Row | None:
        """The row of the table model; None when no cell holds anything. The hot path of every CSV row and sheet
        row: one pass over the cells, no per-cell calls but the Cell."""
        labels: list[str] = []
        values: list[Cell] = []
        cells: list[GridCell] = []
        last = 0
        for i, c in enumerate(row):
            if c.spanned:
                continue
            cells.append(c)
            if c.end_line > last:
                last = c.end_line
            text = c.text
            if not text.strip():
                continue
            # row labels: <th> cells, else a first cell of text
            if c.header or (i == 0 and not _NUMBER.match(text)):
                labels.append(text)
                continue
            start = c.column
            end = (c.end_column if c.end_column > start else start + 1) if c.end_line == c.line else start + 1
            values.append(Cell(text, c.line, start, end, i))
        if not labels and not values:
            return None
        label = " ".join(labels)
        kind = _row_statistic(label)
        first = cells[0]
        if self.cell_names:
            label = f"{label} (row {first.line})".strip()
        text = " | ".join([c.text for c in cells])
        made = Row(first.line, text, label, values, kind, level(label) if kind == "quantile" else None)
        if last > first.line:
            made.end_line = last
        return made

    def _add(self, made: Row) -> Iterator[Fact]:
        for fact in self._open().add(made):
            yield self._tag(fact)

    def _tag(self, fact: Fact) -> Fact:
        fact.attrs.update(self.attrs)
        return fact

    def close(self) -> Iterator[Fact]:
        if self._builder is not None:
            for fact in self._builder.close():
                yield self._tag(fact)
            self._builder = None
