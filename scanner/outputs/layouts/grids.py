"""Tables ruled into a grid of `|` bars, in any text file: SAS PROC TABULATE and PROC REPORT boxes (FORMCHAR
already read as ASCII by the SAS reader's translation, or printed in ASCII), Markdown and knitr `kable()` tables
(`|region | n|` over `|:---|--:|`), psql-like output. Rows before the first row with a number are the header; a
column is named by the header text above it (its last header line names the statistic: `N`, `PctN`, `Mean`)."""

from __future__ import annotations

from collections.abc import Generator, Iterator

from ...config import Settings
from ...frontends.logs.common import is_number
from ...model import Fact
from ..table import Cell, Column, Medium, Row, TableBuilder
from . import regex, statistic

ORDER = 25

_FORMCHAR = str.maketrans("\u2502\u2500\u253c\u251c\u2524\u252c\u2534\u250c\u2510\u2514\u2518", "|-+++++++++")


def _segments(line: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the text between consecutive bars."""
    bars = [i for i, ch in enumerate(line) if ch == "|"]
    return list(zip([b + 1 for b in bars[:-1]], bars[1:], strict=True))


class Grids:
    def __init__(self, settings: Settings, medium: Medium) -> None:
        self.medium = medium
        self.header: list[str] = []  # header lines, until the first row of numbers
        self.bounds: list[tuple[int, int]] = []  # the columns of the last header line
        self.table: TableBuilder | None = None

    def feed(self, number: int, line: str) -> Generator[Fact, None, bool]:
        if not line.isascii():
            line = line.translate(_FORMCHAR)
        if ("-" in line or "=" in line) and regex("grids", "rule").match(line):
            return self.table is not None  # a rule inside the grid, or a border
        if "|" in line and regex("grids", "row").match(line):
            return (yield from self._row(number, line))
        yield from self.close()
        return False

    def _row(self, number: int, line: str) -> Generator[Fact, None, bool]:
        segments = _segments(line)
        texts = [line[a:b].strip() for a, b in segments]
        if self.table is None and not any(is_number(t) for t in texts[1:]):
            self.header.append(line)
            self.bounds = segments
            return False
        if self.table is None:
            self.table = TableBuilder("text.grid", medium=self.medium, columns=self._columns())
        cells = [
            Cell(text, number, a + 1 + len(line[a:b]) - len(line[a:b].lstrip()), a + 1 + len(line[a:b].rstrip()), i)
            for text, (a, b) in zip(texts[1:], segments[1:], strict=True)
            if text
            for i in [self._column(a, b)]
        ]
        yield from self.table.add(Row(number, line, texts[0] if texts else "", cells))
        return True

    def _columns(self) -> list[Column]:
        columns = []
        for a, b in self.bounds[1:]:
            words = [h[a:b].strip() for h in self.header if len(h) > a and h[a:b].strip()]
            name = " ".join(words)
            kind = statistic(name) or (statistic(words[-1]) if words else None)
            columns.append(Column(name, kind, 0, a + 1, b + 1))
        return columns

    def _column(self, start: int, end: int) -> int:
        """The header column a segment stands under: the one it overlaps most."""
        best, most = -1, 0
        for i, (a, b) in enumerate(self.bounds[1:]):
            overlap = min(end, b) - max(start, a)
            if overlap > most:
                best, most = i, overlap
        return best

    def idle(self) -> bool:
        return self.table is None and not self.header

    def skip(self, number: int) -> Iterator[Fact]:
        yield from self.close()

    def close(self) -> Iterator[Fact]:
        if self.table is not None:
            yield from self.table.close()
        self.table, self.header, self.bounds = None, [], []


def recogniser(settings: Settings, medium: Medium) -> Grids:
    return Grids(settings, medium)
