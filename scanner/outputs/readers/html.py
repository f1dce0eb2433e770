"""HTML tables (`<table>` with `<th>`/`<td>`, `rowspan`/`colspan`, `<caption>`, `<thead>`): pandas DataFrame
renders (the index as `<th>` cells, a `<p>N rows x M columns</p>` footer when rows are elided), SAS ODS HTML,
knitted R tables. The standard library's tolerant parser reads it; nested tables are read each on their own.
And the console output an HTML report keeps preformatted (`preformatted`): knitted R Markdown's
`<pre><code>## ...`, a notebook saved as HTML.

Every cell keeps the line and column where its text starts and ends in the text given to `tables`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from . import Cell, Grid

# pandas writes `5 rows x 3 columns` (with U+00D7 or x) after a frame it shortened.
_SHAPE = re.compile(r"^\s*([\d,]+)\s+rows\s*[\u00d7x]\s*[\d,]+\s+columns\s*$")
_SECTIONS = ("thead", "tbody", "tfoot")
# A preformatted block: its opening tags (`<pre>`, and a `<code>` right inside), its text, its closing tags.
_PRE = re.compile(r"<pre\b([^>]*)>(?:<code\b([^>]*)>)?(.*?)(?:</code>)?</pre>", re.IGNORECASE | re.DOTALL)
# The words of a tag's `class` attribute
_CLASS = re.compile(r"""\bclass\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
# R code as knitr and pandoc mark it: a class `r` (`sourceCode r`) or `language-r` on the `<pre>` or its `<code>`.
_R_CLASSES = frozenset(("r", "language-r"))
_TAG = re.compile(r"<[^>]*>")
# The `<div>` a block stands right inside (only white space between): its classes (Quarto's `cell-output ...`).
_WITHIN = re.compile(r"<div\b([^>]*)>\s*$", re.IGNORECASE)
# How far before a block its `<div>` is looked for
_WITHIN_REACH = 400


@dataclass
class _Open:
    """A table being read: its rows so far and the spans that reach into later rows."""

    grid: Grid
    row: list[Cell] | None = None
    # column -> (cell, rows still to fill) for rowspans
    pending: dict[int, tuple[Cell, int]] = field(default_factory=dict)
    in_head: bool = False
    head_rows: int = 0
    caption: list[str] | None = None


@dataclass
class _CellText:
    parts: list[str]
    start: tuple[int, int] | None
    end: tuple[int, int] | None
    header: bool
    colspan: int
    rowspan: int


def _span(value: str | None) -> int:
    digits = re.match(r"\s*(\d+)", value or "")
    return max(1, min(int(digits.group(1)), 1000)) if digits else 1


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.done: list[Grid] = []
        self.stack: list[_Open] = []
        self.cell: _CellText | None = None
        self.after: Grid | None = None  # the last closed table, for a pandas shape footer right after it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._close_cell()
            classes = (dict(attrs).get("class") or "").split()
            self.stack.append(_Open(Grid("html", frame="dataframe" in classes)))
            self.after = None
            return
        if not self.stack:
            return
        table = self.stack[-1]
        if tag == "br" and self.cell is not None:
            self.cell.parts.append(" ")  # `Cumulative<br>Frequency` is two words
        elif tag == "caption":
            table.caption = []
        elif tag == "thead":
            table.in_head = True
        elif tag in ("tbody", "tfoot"):
            self._close_row()  # a row left open in the head (swat's header cells outside a `<tr>`) ends with it
            table.in_head = False
        elif tag == "tr":
            self._close_row()
            table.row = []
        elif tag in ("td", "th"):
            self._close_cell()
            if table.row is None:  # a cell outside a row: browsers open one
                table.row = []
            named = dict(attrs)
            self.cell = _CellText(
                [], None, None, tag == "th" or table.in_head, _span(named.get("colspan")), _span(named.get("rowspan"))
            )

    def handle_endtag(self, tag: str) -> None:
        if not self.stack:
            return
        table = self.stack[-1]
        if tag in ("td", "th"):
            self._close_cell()
        elif tag == "tr":
            self._close_row()
        elif tag == "caption" and table.caption is not None:
            table.grid.title = " ".join("".join(table.caption).split())
            table.caption = None
        elif tag == "thead":
            self._close_row()
            table.in_head = False
        elif tag == "table":
            self._close_row()
            grid = self.stack.pop().grid
            self.done.append(grid)
            self.after = grid

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1].caption is not None:
            self.stack[-1].caption.append(data)
            return
        if self.cell is None:
            shape = _SHAPE.match(data)
            if shape and self.after is not None:
                self.after.total_rows = int(shape.group(1).replace(",", ""))
            if data.strip():
                self.after = None
            return
        if not data.strip():
            return
        line, offset = self.getpos()
        lead = len(data) - len(data.lstrip())
        before = data[:lead]
        start_line = line + before.count("\n")
        start_col = (lead - before.rfind("\n") - 1 if "\n" in before else offset + lead) + 1
        body = data.rstrip()
        end_line = line + body.count("\n")
        end_col = (len(body) - body.rfind("\n") - 1 if "\n" in body else offset + len(body)) + 1
        if self.cell.start is None:
            self.cell.start = (start_line, start_col)
        self.cell.end = (end_line, end_col)
        self.cell.parts.append(data)

    def _close_cell(self) -> None:
        cell, self.cell = self.cell, None
        if cell is None or not self.stack or self.stack[-1].row is None:
            return
        table = self.stack[-1]
        row = table.row
        assert row is not None
        line, column = cell.start or self.getpos()
        if cell.start is None:
            column += 1
        end_line, end_column = cell.end or (line, column)
        made = Cell(" ".join("".join(cell.parts).split()), line, column, end_line, end_column, cell.header)
        for copy in range(cell.colspan):
            self._fill_pending(table, row)
            placed = made if copy == 0 else _copy(made)
            if cell.rowspan > 1:
                table.pending[len(row)] = (made, cell.rowspan - 1)
            row.append(placed)

    def _fill_pending(self, table: _Open, row: list[Cell]) -> None:
        """Put the cells of earlier rows that span into this row at their columns."""
        while len(row) in table.pending:
            cell, left = table.pending.pop(len(row))
            row.append(_copy(cell))
            if left > 1:
                table.pending[len(row) - 1] = (cell, left - 1)

    def _close_row(self) -> None:
        self._close_cell()
        if not self.stack or self.stack[-1].row is None:
            return
        table = self.stack[-1]
        row = table.row
        assert row is not None
        self._fill_pending(table, row)
        for column in sorted(c for c in table.pending if c >= len(row)):
            while len(row) < column:
                row.append(Cell("", 0, 0, 0, 0, spanned=True))
            self._fill_pending(table, row)
        table.row = None
        if row:
            table.grid.rows.append(row)
            if table.in_head:
                table.head_rows += 1
                table.grid.header_rows = table.head_rows

    def close(self) -> None:
        super().close()
        self._close_cell()
        while self.stack:  # an unclosed table still counts (fail closed)
            self._close_row()
            self.done.append(self.stack.pop().grid)


def _copy(cell: Cell) -> Cell:
    return Cell(cell.text, cell.line, cell.column, cell.end_line, cell.end_column, cell.header, spanned=True)


def tables(text: str) -> Iterator[Grid]:
    """The tables of an HTML text, in the order they end (an inner table before the one around it)."""
    reader = _Reader()
    reader.feed(text)
    reader.close()
    for grid in reader.done:
        if grid.header_rows < 0:
            # without <thead>, the rows of only <th> cells at the top are the header (SAS ODS, hand-written HTML)
            heads = next((i for i, row in enumerate(grid.rows) if not all(c.header for c in row)), len(grid.rows))
            grid.header_rows = heads if heads else -1
        if grid.rows:
            yield grid


@dataclass(frozen=True, slots=True)
class Preformatted:
    """The text of a `<pre>` block as lines, the first on line `line` of the HTML text from column `column`
    (1-based; the opening tags stand before it), the others from column 1. `code`: R code knitr echoed, its lines
    as R reads them (tags dropped, entities read), so its columns are not the file's. `start`, `end`: the offsets of
    the whole block in the text. `within`: the classes of the `<div>` it stands right inside."""

    line: int
    column: int
    lines: list[str]
    code: bool = False
    start: int = 0
    end: int = 0
    within: tuple[str, ...] = ()


def preformatted(text: str) -> Iterator[Preformatted]:
    """The `<pre>` blocks of an HTML text that hold plain text (console output), and those of R code; any other
    block with markup inside (code of another language highlighted in `<span>`s) is left out. Entities of output
    stay as written (`&lt;5`): a masked cell then reads as no number, and every column after it keeps its place."""
    line, counted = 1, 0  # the line of offset `counted`: lines are counted on from the block before, not from the top
    for found in _PRE.finditer(text):
        body = found.group(3)
        code = not _R_CLASSES.isdisjoint(classes(found.group(1) + " " + (found.group(2) or "")))
        if "<" in body and not code:
            continue
        start = found.start(3)
        line, counted = line + text.count("\n", counted, start), start
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        lines = unescape(_TAG.sub("", body)).split("\n") if code else body.split("\n")
        div = _WITHIN.search(text, max(0, found.start() - _WITHIN_REACH), found.start())
        within = tuple(classes(div[1])) if div else ()
        yield Preformatted(line, column, lines, code, found.start(), found.end(), within)


def classes(markup: str) -> list[str]:
    """The words of every `class` attribute in a piece of markup (a tag, its attributes, or a line of tags)."""
    return [name for found in _CLASS.finditer(markup) for name in found[1].split()]


def adjacent(text: str, before: Preformatted, after: Preformatted) -> bool:
    """Whether only markup and white space stand between two blocks (a knitted chunk's code and its output)."""
    return not _TAG.sub("", text[before.end : after.start]).strip()
