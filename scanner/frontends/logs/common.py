"""What every output parser shares: reading columns by position and driving a line parser. What the columns
hold is the table model's business (scanner/outputs/)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import partial
from typing import NamedTuple, Protocol

from ...model import Fact, lines_fact

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


# A Span built straight from its tuple: the named tuple's own __new__ is a Python function, a frame per cell.
span = partial(tuple.__new__, Span)


def _pieces(found: Iterator[re.Match[str]], offset: int) -> list[Span]:
    out: list[Span] = []
    for m in found:
        start, end = m.span()
        out.append(span((m[0], start + offset, end + offset)))
    return out


def cells(line: str, offset: int = 0) -> list[Span]:
    """The pieces of `line` separated by two or more spaces."""
    return _pieces(_CELL.finditer(line), offset)


def words(line: str, offset: int = 0) -> list[Span]:
    """The pieces of `line` separated by any whitespace."""
    return _pieces(_WORD.finditer(line), offset)


# Whether a cell's text (a piece `cells` or `words` cut: no blank around it) is a number: `is_number` without its strip.
number_cell = _NUMBER.match


def is_int(text: str) -> bool:
    return bool(_INT.match(text.strip()))


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))


def nearest(span: Span, columns: list[Span]) -> int | None:
    """Index of the header column a printed value belongs to: numbers are right-aligned under their header, text
    left-aligned, so the column whose extent overlaps the value most wins, then the nearest right edge, then the
    first. Called for every printed cell: plain comparisons, no key tuples (3x faster)."""
    best: int | None = None
    start, end = span.start, span.end
    top = far = 0
    for i, col in enumerate(columns):
        overlap = (end if end < col.end else col.end) - (start if start > col.start else col.start)
        if best is None or overlap > top or (overlap == top and abs(end - col.end) < far):
            best, top, far = i, overlap, abs(end - col.end)
    return best


def text_fact(number: int, line: str) -> Fact | None:
    if not line.strip():
        return None
    return Fact("text", number, 1, number, len(line) + 1, line)


# Lines of text a `text.lines` fact holds at most: a file that is all text is passed on in bounded pieces.
RUN_LINES = 1000


def text_runs(lines: Iterable[str]) -> Iterator[Fact]:
    """The lines as `text.lines` facts of at most RUN_LINES each (a blank line empty in them), for the lines that
    `text_fact` would give one by one: the engine makes a `text` fact only of the lines a gate marked
    (grammars/facts.toml), so that a table's hundreds of thousands of lines make no fact each."""
    run: list[str] = []
    first = 1
    shown = False  # whether the run holds a line that is not blank
    for number, line in enumerate(lines, start=1):
        if len(run) == RUN_LINES:
            if shown:
                yield lines_fact(first, run)
            run, first, shown = [], number, False
        if line.strip():
            run.append(line)
            shown = True
        else:
            run.append("")
    if shown:
        yield lines_fact(first, run)


class LineParser(Protocol):
    """A parser of one output format: fed every line in order, then told the input ended."""

    def feed(self, number: int, line: str) -> Iterator[Fact]: ...

    def close(self) -> Iterator[Fact]: ...


def run(parser: LineParser, lines: Iterable[str]) -> Iterator[Fact]:
    """One forward pass: the same for a file held in memory and one streamed from disk."""
    for number, line in enumerate(lines, start=1):
        yield from parser.feed(number, line)
    yield from parser.close()
