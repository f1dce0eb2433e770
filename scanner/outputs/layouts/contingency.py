"""R contingency tables in any text file (sink files, knitted output, a .txt of a console): `table()`, `xtabs()`
and `ftable()` printed without the command that made them. Their counts stand right-aligned under category
labels, and the lines around the labels say which layout it is (patterns/layouts/text.toml [contingency]):

- one-way: the variable's name alone on a line, the category labels under it, the counts under those
  (`koen` / `   1    2 ` / ` 475    3 `); R wraps a long one into further label/count line pairs;
- two-way: the column variable's name indented alone on a line, then the row variable's name with the column
  labels, then a row per category (`      region` / `koen   H  S  B` / `  1    412 535  3`);
- `ftable()`: the column variable's name and labels on one line, the row variables' names under it, then rows.

A named vector printed without a name line (`colSums(is.na(df))`) has the one-way shape but holds no counts of
persons: without the name line it is left alone. Every count is typed `count`; the rule decides what is small."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from functools import cache

from ...config import Settings
from ...frontends.logs.common import Span, is_int, words
from ...model import Fact
from ...resources import load_toml
from ..table import Cell, Column, Medium, Row, TableBuilder
from . import KNITTED, regex

ORDER = 35


def _cell(number: int, span: Span, column: int) -> Cell:
    return Cell(span.text, number, span.start + 1, span.end + 1, column)


@cache
def _masked() -> re.Pattern[str]:
    """A cell the researcher masked (`<5`, `.`, `*`; patterns/checks.toml [masked]): it stands where a count
    would, and is no count."""
    patterns = load_toml("patterns", "checks.toml")["masked"]["patterns"]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _counts(tokens: list[Span]) -> bool:
    """Whole numbers, or masked cells among them."""
    return any(is_int(t.text) for t in tokens) and all(is_int(t.text) or _masked().match(t.text) for t in tokens)


def _under(line: str, labels: str) -> list[Span] | None:
    """The counts of `line`, when each stands right-aligned under one of the words of `labels`."""
    tokens, header = words(line), words(labels)
    if not tokens or len(tokens) != len(header) or not _counts(tokens):
        return None
    return tokens if [t.end for t in tokens] == [h.end for h in header] else None


def _split(line: str, header: list[Span]) -> tuple[str, list[Span]] | None:
    """A row's labels (left of the first column label) and its counts (each right-aligned under a column label)."""
    tokens = words(line)
    labels = [t for t in tokens if t.end <= header[0].start]
    values = tokens[len(labels) :]
    ends = {h.end for h in header}
    if not labels or not values or not all(v.end in ends for v in values) or not _counts(values):
        return None
    return " ".join(t.text for t in labels), values


# A blank line of knitted output (the prefix right-stripped): first in a block, it is the empty name line R prints
# above a table of unnamed vectors (`table(d$region)`, `table(d$koen, d$region)`); a named vector (`colSums(...)`)
# prints none.
_KNITTED_BLANK = KNITTED.rstrip()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _name(line: str) -> bool:
    """A line holding only a variable's name (one word, not a number, not an R index like `[1]`)."""
    return bool(regex("contingency", "name").match(line))


class Contingency:
    def __init__(self, settings: Settings, medium: Medium) -> None:
        self.medium = medium
        self.lines: list[tuple[int, str]] = [(0, ""), (0, "")]  # the two lines before this one
        self.mode: str | None = None
        self.header: list[Span] = []
        self.table = TableBuilder("r.table", medium=medium)
        # a one-way table's counts wait for the next line: a third line of the same shape, or a Series footer,
        # makes them a column of values (a pandas Series under its index name), not labels over counts
        self.pending: Row | None = None

    def feed(self, number: int, line: str) -> Generator[Fact, None, bool]:
        (n2, line2), (n1, line1) = self.lines
        self.lines = [(n1, line1), (number, line)]
        if self.pending is not None:
            row, self.pending = self.pending, None
            if _under(line, row.text) or ("dtype:" in line and regex("series", "footer").match(line)):
                self.mode = None
                return False
            yield from self.table.add(row)
        if self.mode == "one":
            if (yield from self._oneway(number, line, n1, line1)):
                return False
            if line.strip() and self.table.last_line == number - 1:
                return False  # the labels of the next block of a wrapped one-way table
            yield from self.close()
        elif self.mode == "two":
            if (yield from self._row(number, line)):
                return True
            yield from self.close()
        if n1 != number - 1 or not line1.strip():
            return False
        near = n2 == number - 2
        named = near and _name(line2)
        # Indented as far as the labels or less, the name is a one-way table's; further, a two-way table's column
        # variable over its row variable. Relative, not absolute: knitted output is indented by its blanked `## `.
        blank = near and line2 == _KNITTED_BLANK
        if (named and _indent(line2) <= _indent(line1)) or blank:
            if (yield from self._oneway(number, line, n1, line1)) or not blank:
                return False  # not taken: a Series recogniser may still own the line
            # a two-way table of unnamed vectors: no variable's name over or before the column labels
            return (yield from self._begin(number, line, words(line1)))
        if named:
            return (yield from self._begin(number, line, words(line1)[1:]))
        if near and line2.strip() and regex("contingency", "row_names").match(line1):
            # the column variable's name heads the labels and has no count under it (a pandas frame's first
            # column, under an index name on the line above its rows, has values)
            return (yield from self._begin(number, line, words(line2), named=True))
        return False

    def _oneway(self, number: int, line: str, above: int, labels: str) -> Generator[Fact, None, bool]:
        """Counts right-aligned under the labels of the line above, one under each."""
        tokens = _under(line, labels) if above == number - 1 else None
        if tokens is None:
            return False
        yield from self.table.close()
        columns = [Column(h.text, "count", above, h.start + 1, h.end + 1) for h in words(labels)]
        self.table = TableBuilder("r.table", medium=self.medium, title="table", columns=columns)
        self.pending = Row(number, line, "", [_cell(number, t, i) for i, t in enumerate(tokens)])
        self.mode = "one"
        return True

    def _begin(self, number: int, line: str, header: list[Span], named: bool = False) -> Generator[Fact, None, bool]:
        """A two-way table or an ftable() whose first row is `line` and whose column labels are `header` (after
        the column variable's name when `named`)."""
        if len(header) < 1 + named or (named and any(t.end == header[0].end for t in words(line))):
            return False
        if _split(line, header) is None:
            return False
        self.header, self.mode = header, "two"
        columns = [Column(h.text, "count", 0, h.start + 1, h.end + 1) for h in header]
        self.table = TableBuilder("r.table", medium=self.medium, title="table", columns=columns)
        return (yield from self._row(number, line))

    def _row(self, number: int, line: str) -> Generator[Fact, None, bool]:
        split = _split(line, self.header)
        if split is None:
            return False
        label, values = split
        ends = {h.end: i for i, h in enumerate(self.header)}
        yield from self.table.add(Row(number, line, label, [_cell(number, v, ends[v.end]) for v in values]))
        return True

    def idle(self) -> bool:
        return self.mode is None and self.pending is None

    def skip(self, number: int) -> Iterator[Fact]:
        self.lines = [(0, ""), (0, "")]
        yield from self.close()

    def close(self) -> Iterator[Fact]:
        if self.pending is not None:
            yield from self.table.add(self.pending)
            self.pending = None
        yield from self.table.close()
        self.mode, self.header = None, []


def recogniser(settings: Settings, medium: Medium) -> Contingency:
    return Contingency(settings, medium)
