"""From the cells of a table to the facts the rules consume, the same for every medium: which row is the header,
which columns (or rows) hold counts, minima and maxima, and whether the rows are individuals.

Rows are fed one at a time, so a delimited file or a sheet of a million rows is judged in bounded memory: only
the header and the first row of a block of printed records are held. A blank row ends a table; rows of a single
cell above a header are its title (a putexcel or Excel title row), below the body its notes.

- Counts: a column whose header names a count (patterns/outputs.toml), an unnamed column right before a percent
  column, or a row whose label names one (SAS ODS crosstabs: Frequency / Percent rows). Whole numbers only, so
  masked cells pass; small or not is decided by the profile.
- Extremes: a Min/Max column or row; a value of 0 or 1 is an indicator's, not a person's.
- Rows of individuals: a person-key column (patterns/identifiers.toml) with values in it, or a column of dates
  in a table without counts or statistics; in a rendered data frame (`frames`), any table without counts or
  statistics, as the notebook reader has always judged them. One `listing.row` fact per block of such rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ...config import Settings
from ...frontends.logs.common import Block, column_class, is_number, small
from ...model import Fact
from ...rules.hardcoded_id import is_identifier
from . import Cell, Grid

# Dates as registers and statistics programs print them: 1987-03-05, 05.03.1987, 05/03/1987, 05MAR1987.
_DATE = re.compile(r"^(?:\d{4}-\d{2}-\d{2}(?:[ T][\d:.]+)?|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{2}[A-Za-z]{3}\d{2,4})$")
_DATE_NAMES = ("dato", "date", "dob", "fdato", "foedselsdato", "fødselsdato", "birth", "foed", "død", "doed")
_AGGREGATE = frozenset(("count", "percent", "statistic"))
# A key cell that shows nothing of a person: suppressed or empty markers.
_MASKED = re.compile(r"^\s*(?:[<≤]\s*\d+|n\s*[<≤]\s*\d+|[.*\-\u2013])?\s*$|^(?i:na|n/a|nan|masked|suppressed)$")


def count_columns(header: list[str]) -> list[bool]:
    """Which columns hold counts: named as counts, or of no known kind and right before a percentage column (the
    `n, %` layout of a results table; a category code left of it would be a false alarm, so not the first column)."""
    classes = [column_class(name) for name in header]
    return [
        kind == "count" or (kind is None and 0 < i < len(classes) - 1 and classes[i + 1] == "percent")
        for i, kind in enumerate(classes)
    ]


def _dated(name: str) -> bool:
    key = name.lower()
    return any(part in key for part in _DATE_NAMES)


def _cell_fact(cell: Cell, kind: str, attrs: dict[str, str]) -> Fact:
    return Fact(kind, cell.line, cell.column, cell.end_line, max(cell.end_column, cell.column), cell.text, attrs)


@dataclass
class Judge:
    """Judges the tables of one medium as their rows arrive. `name` names a table in messages (a file, a sheet);
    `rule` is the printed-rows id for a block of records; `frames`: the tables are rendered data frames."""

    settings: Settings
    name: str
    rule: str
    frames: bool = False
    extra_identifiers: tuple[str, ...] = ()
    header: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    _counts: list[bool] = field(default_factory=list)
    _classes: list[str | None] = field(default_factory=list)
    _keys: list[int] = field(default_factory=list)
    _dates: list[int] = field(default_factory=list)
    _aggregate: bool = False
    _summary: bool = False
    _block: Block | None = None
    _header_rows: int = -1
    _seen: int = 0

    def start(self, grid: Grid | None = None) -> Iterator[Fact]:
        """A new table begins (a grid, or a blank row in a stream of rows): close what the last one left open."""
        yield from self._close_block()
        self.header, self.title, self._seen, self._summary = [], [], 0, False
        self._header_rows = grid.header_rows if grid is not None else -1
        if grid is not None and grid.title:
            self.title = [grid.title]

    def grid(self, grid: Grid) -> Iterator[Fact]:
        yield from self.start(grid)
        # describe() and other summaries label their rows with statistics: such a frame is not records.
        summary = any(row and column_class(row[0].text) for row in grid.rows[max(grid.header_rows, 1) :])
        self._summary = summary
        for row in grid.rows:
            yield from self.feed(row)
        yield from self._close_block()

    def feed(self, row: list[Cell]) -> Iterator[Fact]:
        filled = [c for c in row if c.text.strip() and not c.spanned]
        if not filled:
            if self._seen and self._header_rows < 0:
                yield from self.start()
            return
        self._seen += 1
        if self._header_rows >= 0:
            if self._seen <= self._header_rows:
                self._add_header(row)
                return
        elif not self.header:
            if len(filled) == 1 and not is_number(filled[0].text):
                self.title.append(filled[0].text)
                return
            if not all(is_number(c.text) for c in filled):
                self._add_header(row)
                return
            # no header: every row is data
        yield from self._body(row)

    def _add_header(self, row: list[Cell]) -> None:
        labels = [c.text.strip() for c in row]
        if self.header:
            # a second header row (pandas' index names, a spanning group above): the lower label names the column
            labels = [low or high for high, low in zip(self.header + [""] * len(labels), labels, strict=False)]
        self.header = labels
        self._classes = [column_class(name) for name in labels]
        self._counts = count_columns(labels)
        self._keys = [i for i, name in enumerate(labels) if name and is_identifier(name, self.extra_identifiers)]
        self._dates = [i for i, name in enumerate(labels) if name and _dated(name)]
        self._aggregate = any(kind in _AGGREGATE for kind in self._classes) or any(self._counts)

    def _body(self, row: list[Cell]) -> Iterator[Fact]:
        if not self.header:
            self._add_header([Cell("", 0, 0, 0, 0) for _ in row])
        label = next((c.text for c in row if c.text.strip() and not is_number(c.text)), "")
        row_kind = column_class(row[0].text) if row and not is_number(row[0].text) else None
        statistic = "statistic" in self._classes
        for i, cell in enumerate(row):
            if cell.spanned or not cell.text.strip():
                continue
            column = self.header[i] if i < len(self.header) else ""
            kind = self._classes[i] if i < len(self._classes) else None
            counted = (i < len(self._counts) and self._counts[i]) or (row_kind == "count" and i > 0)
            if counted and not statistic and small(cell.text, self.settings):
                where = {"count": cell.text.strip(), "row": label, "column": column, "table": self.name}
                yield _cell_fact(cell, "table.cell", where)
            extreme = kind == "extreme" or (row_kind == "extreme" and i > 0)
            if extreme and is_number(cell.text) and cell.text.strip() not in ("0", "1", "0.0", "1.0"):
                what = f"{label} {column}".strip() if row_kind != "extreme" else f"{row[0].text} {column}".strip()
                yield _cell_fact(cell, "extreme.value", {"rule": "extreme-value.min-max", "label": what})
        if self._record(row):
            if self._block is None:
                self._block = Block(self.rule, extra={"table": self.name})
            cells = [c for c in row if not c.spanned]
            self._block.add(cells[0].line, " | ".join(c.text for c in cells))

    def _record(self, row: list[Cell]) -> bool:
        """Whether this body row is one individual's record."""
        if "statistic" in self._classes:
            return False
        for i in self._keys:
            if i < len(row) and row[i].text.strip() and not _MASKED.match(row[i].text):
                return True
        if self._aggregate or self._summary:
            return False
        dated = self._dates or range(len(row))
        if any(i < len(row) and _DATE.match(row[i].text.strip()) for i in dated):
            return True
        return self.frames

    def _close_block(self) -> Iterator[Fact]:
        if self._block is not None:
            yield from self._block.close()
            self._block = None

    def close(self) -> Iterator[Fact]:
        yield from self._close_block()
