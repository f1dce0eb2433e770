"""The plain-text reader: any text file, whatever its extension (.txt, .out, .log, .lst, .md, sink files), read
line by line by every layout recogniser (scanner/outputs/layouts/), so a table is read by its layout wherever it
was printed. Every non-blank line is also a `text` fact for the detectors, as in any other file.

Knitted documents print output inside fenced blocks with a `## ` prefix; it is blanked (three spaces keep the
columns) so the output below it reads as printed."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..config import Settings
from ..frontends import Document
from ..frontends.logs.common import LINE_LIMIT
from ..model import Fact
from .layouts import Recogniser, recognisers
from .table import Medium

FENCE = "```"


class Reader:
    """Lines of text fed one at a time: the tables every recogniser finds, read from `medium`, and a `text` fact
    of every non-blank line for the detectors. A log reader feeds the output lines its own readers leave, and
    calls `skip` for the others."""

    def __init__(self, settings: Settings, medium: Medium = "text", without: tuple[str, ...] = ()) -> None:
        self.settings, self.medium, self.without = settings, medium, without
        self.readers: list[Recogniser] = []  # built at the first line: most files of a big tree are small
        self.fenced = False
        self.taker = -1  # the recogniser that took the last line: the others have nothing open
        self.skipped = False  # the last line was taken by a reader outside this one

    def skip(self, number: int) -> Iterator[Fact]:
        """A reader outside took the line: what the recognisers read ends (once for a run of such lines)."""
        if not self.skipped:
            self.skipped, self.taker = True, -1
            for reader in self.readers:
                yield from reader.skip(number)

    def feed(self, number: int, raw: str) -> Iterator[Fact]:
        if not self.readers:
            self.readers = recognisers(self.settings, self.medium, self.without)
        self.skipped = False
        if raw.strip():
            yield Fact("text", number, 1, number, len(raw) + 1, raw)
        line = raw[:LINE_LIMIT].rstrip()
        if line.startswith(FENCE):
            self.fenced = not self.fenced
        elif self.fenced and line.startswith("## "):
            line = "   " + line[3:]
        taker = -1
        for i, reader in enumerate(self.readers):
            if taker >= 0:
                if self.taker != taker:
                    yield from reader.skip(number)
            elif (yield from reader.feed(number, line)):
                taker = i
        self.taker = taker

    def close(self) -> Iterator[Fact]:
        for reader in self.readers:
            yield from reader.close()


def read(lines: Iterable[str], settings: Settings, medium: Medium = "text") -> Iterator[Fact]:
    """Facts of lines of text, read in one forward pass (see `Reader`)."""
    reader = Reader(settings, medium)
    for number, raw in enumerate(lines, start=1):
        yield from reader.feed(number, raw)
    yield from reader.close()


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    return read(doc.lines, settings)
