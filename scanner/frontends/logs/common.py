"""What every output parser shares: reading columns by position, deciding which column holds counts, and
building the facts the small-cell, printed-rows and extreme-value rules consume."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from ...config import Settings
from ...model import Fact
from ...outputs.layouts import statistic

# Parsers look at most this much of a line: a 1 MB line is a data dump, its first part tells what it is.
LINE_LIMIT = 65536

# Columns of printed output are separated by two or more spaces; a single space stays inside a label ("Std Dev").
_CELL = re.compile(r"\S+(?: \S+)*")
_WORD = re.compile(r"\S+")
_INT = re.compile(r"^[+]?\d+$")
_NUMBER = re.compile(r"^[-+]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?%?$")


class Span(NamedTuple):
    """A piece of a line: `start`/`end` are 0-based offsets, `end` exclusive. A named tuple, not a frozen
    dataclass: every cell of every printed table is one, and a tuple is built in half the time."""

    text: str
    start: int
    end: int


def cells(line: str, offset: int = 0) -> list[Span]:
    """The pieces of `line` separated by two or more spaces."""
    return [Span(m.group(), m.start() + offset, m.end() + offset) for m in _CELL.finditer(line)]


def words(line: str, offset: int = 0) -> list[Span]:
    """The pieces of `line` separated by any whitespace."""
    return [Span(m.group(), m.start() + offset, m.end() + offset) for m in _WORD.finditer(line)]


def is_int(text: str) -> bool:
    return bool(_INT.match(text.strip()))


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))


# Legacy classes of a column, for the readers not yet on the table model (tables.py, notebook.py): derived from
# the one vocabulary of statistics (patterns/layouts/statistics.toml).
_CLASSES: dict[str, str] = {
    "count": "count",
    "percent": "percent",
    **dict.fromkeys(("min", "max", "range", "smallest", "largest"), "extreme"),
    **dict.fromkeys(("mean", "median", "sd", "quantile", "coefficient", "se", "t", "p", "ci"), "statistic"),
}


def column_class(name: str) -> str | None:
    """'count', 'percent', 'extreme' or 'statistic' for a header known to hold those, else None."""
    kind = statistic(name)
    return _CLASSES.get(kind) if kind else None


def small(value: str, settings: Settings) -> bool:
    """An unmasked whole count below the profile's threshold (zero only when the settings say so). For the readers
    not yet on the table model; the table model leaves this to the small-cell rule."""
    if not is_int(value):
        return False
    count = int(value)
    return 0 < count < settings.min_cell or (count == 0 and settings.zero_is_small)


def nearest(span: Span, columns: list[Span]) -> int | None:
    """Index of the header column a printed value belongs to: numbers are right-aligned under their header, text
    left-aligned, so the column whose extent overlaps the value most wins, then the nearest right edge."""
    if not columns:
        return None
    best, score = None, None
    for i, col in enumerate(columns):
        overlap = min(span.end, col.end) - max(span.start, col.start)
        key = (-overlap, abs(span.end - col.end))
        if score is None or key < score:
            best, score = i, key
    return best


def cell_fact(line: int, span: Span, row: str, column: str, table: str) -> Fact:
    return Fact(
        "table.cell",
        line,
        span.start + 1,
        line,
        span.end + 1,
        span.text,
        {"count": span.text.strip(), "row": row.strip(), "column": column.strip(), "table": table},
    )


def extreme_fact(line: int, span: Span, rule: str, label: str, end_line: int | None = None) -> Fact:
    return Fact(
        "extreme.value", line, span.start + 1, end_line or line, span.end + 1, span.text, {"rule": rule, "label": label}
    )


def text_fact(number: int, line: str) -> Fact | None:
    if not line.strip():
        return None
    return Fact("text", number, 1, number, len(line) + 1, line)


@dataclass
class Block:
    """A run of printed observation rows, reported as one `listing.row` fact spanning the run: a reviewer fixes
    the statement that printed it once, not every row. Holds only its first row, so memory stays bounded."""

    rule: str
    first: int = 0
    last: int = 0
    rows: int = 0
    sample: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def add(self, number: int, line: str) -> None:
        if not self.rows:
            self.first, self.sample = number, line[:2000]
        self.last, self.rows = number, self.rows + 1

    def close(self) -> Iterator[Fact]:
        """The block as one fact on its first row; `last` names its last line. The fact spans only the first row
        so the report's context lines stay a few lines, even for a listing of a million rows."""
        if self.rows:
            attrs = {"rule": self.rule, "rows": str(self.rows), "last": str(self.last), **self.extra}
            yield Fact("listing.row", self.first, 1, self.first, len(self.sample) + 1, self.sample, attrs)
        self.rows = 0


class LineParser(Protocol):
    """A parser of one output format: fed every line in order, then told the input ended."""

    def feed(self, number: int, line: str) -> Iterator[Fact]: ...

    def close(self) -> Iterator[Fact]: ...


def run(parser: LineParser, lines: Iterable[str]) -> Iterator[Fact]:
    """One forward pass: the same for a file held in memory and one streamed from disk."""
    for number, line in enumerate(lines, start=1):
        yield from parser.feed(number, line)
    yield from parser.close()
