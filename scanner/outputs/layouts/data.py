"""A whitespace-separated data file (what R's `read.table(header = TRUE)` and Stata's `infile` read, and
`write.table()` writes): its first line names the columns, every line under it holds as many values separated by
spaces or tabs (one more when R wrote row names first), to the end of the table. Values need not stand under their
names, which is what sets it apart from a printed table (scanner/outputs/layouts/fixed.py reads those first).

Only a table whose header is a plain text file's first line is read (gated on that header: patterns/layouts/text.toml
[signatures]): further down a text file, lines of words of one count are prose or output that other layouts
describe. Columns are typed by their header words; the printed-rows rule decides from the
values whether the rows are persons (scanner/rules/microdata.py)."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator

from ...config import Settings
from ...model import Fact
from ..table import Cell, Column, Medium, Row, TableBuilder
from . import statistic

ORDER = 95
# Only a plain text file starts with one: a log's or listing's output is not given to it (its gate, a line of two
# words, is found on most lines of output).
MEDIA: tuple[Medium, ...] = ("text",)
# A column name: a word of letters, digits, `.` and `_`, not a number (a header, not a row of values).
_NAME = re.compile(r"^[^\W\d][\w.]*$")
_WORD = re.compile(r"\S+")


class Data:
    def __init__(self, settings: Settings, medium: Medium) -> None:
        self.medium = medium
        self.table: TableBuilder | None = None
        self.width = 0  # the values per row: the header's names, or one more for row names
        self.done = medium not in MEDIA  # only a table that starts a text file is read (not a log's output)

    def feed(self, number: int, line: str) -> Generator[Fact, None, bool]:
        if self.done:
            return False
        if not line.strip():
            if self.table is not None:
                yield from self.close()
            return False
        words = [(m.group(), m.start()) for m in _WORD.finditer(line)]
        if self.table is None:
            self.done = True  # the file's first line is a header, or the file is no data file
            if number == 1 and len(words) >= 2 and all(_NAME.match(word) for word, _ in words):
                self.done = False
                names = [word for word, _ in words]
                columns = [
                    Column(name, statistic(name), number, start + 1, start + 1 + len(name)) for name, start in words
                ]
                self.table = TableBuilder("text.data", medium=self.medium, title=" ".join(names), columns=columns)
            return False
        header = len(self.table.columns)
        if not self.width and len(words) in (header, header + 1):
            self.width = len(words)
        if len(words) != self.width:
            yield from self.close()
            return False
        shift = self.width - header  # R's row names come first and name no column
        cells = [
            Cell(word, number, start + 1, start + 1 + len(word), i - shift)
            for i, (word, start) in enumerate(words)
            if i >= shift
        ]
        yield from self.table.add(Row(number, line, cells=cells))
        return True

    def skip(self, number: int) -> Iterator[Fact]:
        # an earlier layout took the line: the table is a printed one (values under their names), read there
        if self.table is not None:
            self.table.discard()
        self.table, self.done = None, True
        yield from ()

    def idle(self) -> bool:
        return self.table is None

    def close(self) -> Iterator[Fact]:
        if self.table is not None:
            yield from self.table.close()
        self.table, self.done = None, True


def recogniser(settings: Settings, medium: Medium) -> Data:
    return Data(settings, medium)
