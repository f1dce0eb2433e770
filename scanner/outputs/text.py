"""The plain-text reader: any text file, whatever its extension (.txt, .out, .log, .lst, .md, sink files), read
line by line by every layout recogniser (scanner/outputs/layouts/), so a table is read by its layout wherever it
was printed. Every non-blank line is also a `text` fact for the detectors, as in any other file.

Knitted documents print output inside fenced blocks with a `## ` prefix; it is blanked (three spaces keep the
columns) so the output below it reads as printed. A Python console transcript echoes each command after `>>> `
(continued by `... `): the command, typed by its facts in one place (scanner/outputs/echo.py), is attached to the
tables printed below it, as the log readers do with the commands they echo."""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator

from ..config import Settings
from ..frontends import Document, treesitter
from ..frontends.logs.common import LINE_LIMIT
from ..model import Fact
from . import echo
from .layouts import Recogniser, recognisers
from .table import Command, Medium

FENCE = "```"
PROMPT, CONTINUED = ">>> ", "... "


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
        self.echoed: list[str] = []  # the lines of a console command echoed after `>>> `, until its output
        self.echo_line = 0
        self.command: Command | None = None  # the echoed command whose output is being read

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
                    skipped = reader.skip(number)
                    yield from self._typed(skipped) if self.command is not None else skipped
            elif (yield from self._taken(reader.feed(number, line))):
                taker = i
        self.taker = taker
        if line.startswith(PROMPT) or (self.echoed and line.startswith(CONTINUED)):
            if line.startswith(PROMPT):
                self.echoed, self.echo_line = [], number
            self.echoed.append(line[len(PROMPT) :])
            self.command = None
        elif self.echoed:
            code, self.echoed = "\n".join(self.echoed), []
            program = Document("<console>", "program", "python", code, "utf-8", embedded=True)
            self.command = echo.command(treesitter.facts(program, self.settings), code, self.echo_line)

    def close(self) -> Iterator[Fact]:
        for reader in self.readers:
            yield from self._typed(reader.close())
        self.command = None

    def _attach(self, fact: Fact) -> Fact:
        """A table printed under an echoed command is typed by it (when there is one)."""
        if fact.table is not None and fact.table.command is None:
            fact.table.command = self.command
        return fact

    def _typed(self, facts: Iterator[Fact]) -> Iterator[Fact]:
        return map(self._attach, facts)

    def _taken(self, facts: Generator[Fact, None, bool]) -> Generator[Fact, None, bool]:
        """`_typed` of a recogniser's `feed`, passing on whether it took the line."""
        if self.command is None:  # most text has no console echo: no wrapping on the common path
            return (yield from facts)
        while True:
            try:
                fact = next(facts)
            except StopIteration as stop:
                return bool(stop.value)
            yield self._attach(fact)


def read(lines: Iterable[str], settings: Settings, medium: Medium = "text") -> Iterator[Fact]:
    """Facts of lines of text, read in one forward pass (see `Reader`)."""
    reader = Reader(settings, medium)
    for number, raw in enumerate(lines, start=1):
        yield from reader.feed(number, raw)
    yield from reader.close()


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    return read(doc.lines, settings)
