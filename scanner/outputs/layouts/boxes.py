"""Stata output in any text file: `list` boxes (numbered `  1. | ... |` rows) and bar tables (`tabulate`,
`summarize`, `tabstat`, `table`: a header with a `|`, a `---+---` rule, rows of `label | values`).

A bar table's columns are typed by their header words; a crosstab's category columns have none, so when no column
names a statistic, whole numbers under a table with a Total row or column are counts."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator

from ...config import Settings
from ...frontends.logs.common import Span, cells, nearest
from ...model import Fact
from ..table import Cell, Column, Medium, Row, Statistic, TableBuilder
from . import regex, statistic

ORDER = 20

LIST_ROW = re.compile(r"^\s*\d+\. \|")
BOX = re.compile(r"^\s*\+-[-+]*\+\s*$|^\s*\|-[-+|]*\|\s*$")
HEADER_ROW = re.compile(r"^\s*\|\s*[^\s|-][^|]*\|\s*$")
BAR_RULE = re.compile(r"^\s*-+\+[-+]*\s*$")
# a whole number as Stata prints it, with thousands separators (`5,891`)
_INT = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")
# A crosstab's rows wait for its Total before their cells are typed; a longer table is typed without it.
MAX_PENDING = 1000


class Boxes:
    def __init__(self, settings: Settings, medium: Medium) -> None:
        self.medium = medium
        self.prev: tuple[int, str] = (0, "")
        self.mode: str | None = None
        self.header: list[Span] = []
        # a bar table's values are aligned, so the same extent falls under the same header column on every row
        self.under: dict[tuple[int, int], int | None] = {}
        self.table = TableBuilder("stata.list", medium=self.medium)
        self.pending: list[Row] = []  # bar-table rows kept until the table says whether it is a crosstab
        self.box_header: tuple[int, str] = (0, "")
        self.by: tuple[int, str] = (0, "")  # the last `-> group` line of a `by` prefix

    def feed(self, number: int, line: str) -> Generator[Fact, None, bool]:
        prev, self.prev = self.prev, (number, line)
        if self.mode == "list":
            if LIST_ROW.match(line):
                self.table.record(number, line)
                return True
            if BOX.match(line) or (line.strip().startswith("|") and line.rstrip().endswith("|")):
                return True
            yield from self.close()
        elif self.mode == "bar":
            if BAR_RULE.match(line):
                return True
            if "|" in line and line.partition("|")[0].strip():
                yield from self._bar_row(number, line)
                return True
            if "|" in line:  # a percentage line under a row (tabulate, row/col options)
                return True
            yield from self.close()
        if LIST_ROW.match(line):
            self.mode = "list"
            # the box's header row: `| pnr   alder |`, a rule line above the first row
            at, head = self.box_header
            names = cells(head.replace("|", " ")) if at >= number - 3 else []
            columns = [Column(n.text, statistic(n.text), at, n.start + 1, n.end + 1) for n in names]
            self.table = TableBuilder("stata.list", title="list", columns=columns, medium=self.medium)
            self.table.record(number, line)
            return True
        if HEADER_ROW.match(line):
            self.box_header = (number, line)
        if line.startswith("-> ") and (by := regex("boxes", "by_line").match(line)):
            self.by = (number, by["group"])
        if BAR_RULE.match(line) and "|" in prev[1] and prev[0] == number - 1:
            label, _, rest = prev[1].partition("|")
            self.header = cells(rest.replace("|", " "), len(label) + 1)
            self.under = {}
            if self.header:
                self.mode = "bar"
                columns = [Column(h.text, statistic(h.text), prev[0], h.start + 1, h.end + 1) for h in self.header]
                # the group line sits a blank line above the header
                group = self.by[1] if self.by[0] >= prev[0] - 3 else ""
                self.table = TableBuilder(
                    "stata.table", title=label.strip(), columns=columns, medium=self.medium, group=group
                )
                return True
        return False

    def _bar_row(self, number: int, line: str) -> Iterator[Fact]:
        label, _, rest = line.partition("|")
        under, placed = self.under, []  # an extent is placed once per table (inline: no two calls per value)
        for value in cells(rest.replace("|", " "), len(label) + 1):
            extent = (value.start, value.end)
            if extent in under:
                column = under[extent]
            else:
                column = under[extent] = nearest(value, self.header)
            placed.append(Cell(value.text, number, value.start + 1, value.end + 1, -1 if column is None else column))
        self.pending.append(Row(number, line, label.strip(), placed))
        if len(self.pending) >= MAX_PENDING:
            yield from self._flush()

    def _flush(self) -> Iterator[Fact]:
        kinds = [c.statistic for c in self.table.columns]
        rows, self.pending = self.pending, []
        columns = self.table.columns
        crosstab = (
            all(k is None or c.label == "Total" for c, k in zip(columns, kinds, strict=True))
            and rows
            and all(_INT.match(c.text) for r in rows for c in r.cells)
            and (any(r.label == "Total" for r in rows) or any(c.label == "Total" for c in columns))
        )
        if crosstab:
            count: Statistic = "count"
            self.table.columns[:] = [Column(c.label, count, c.line, c.column, c.end_column) for c in self.table.columns]
        for row in rows:
            yield from self.table.add(row)

    def idle(self) -> bool:
        return self.mode is None

    def skip(self, number: int) -> Iterator[Fact]:
        self.prev = (number, "")
        yield from self.close()

    def close(self) -> Iterator[Fact]:
        if self.mode == "bar":
            yield from self._flush()
        yield from self.table.close()
        self.mode, self.header = None, []


def recogniser(settings: Settings, medium: Medium) -> Boxes:
    return Boxes(settings, medium)
