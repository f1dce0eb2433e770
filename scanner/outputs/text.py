"""The plain-text reader: any text file, whatever its extension (.txt, .out, .log, .lst, .md, sink files), read
line by line by every layout recogniser (scanner/outputs/layouts/), so a table is read by its layout wherever it
was printed. Every non-blank line is also a `text` fact for the detectors, as in any other file.

Knitted documents print output inside fenced blocks with a `## ` prefix; it is blanked (three spaces keep the
columns) so the output below it reads as printed. A Python console transcript echoes each command after `>>> `
(continued by `... `): the command, typed by its facts in one place (scanner/outputs/echo.py), is attached to the
tables printed below it, as the log readers do with the commands they echo."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass

from ..config import Settings
from ..frontends import Document
from ..frontends.logs.common import LINE_LIMIT
from ..model import Fact
from . import echo
from .layouts import KNITTED, Recogniser, Signature, layouts, signed
from .layouts import absent as layouts_absent
from .table import Command, Medium

FENCE = "```"
PROMPT, CONTINUED = ">>> ", "... "


@dataclass(slots=True)
class _Gate:
    """A gated recogniser's sleep (see `layouts.Signature`): asleep, it is given no line; `since` is the last event
    it was given, `until` the last line it stays awake for after a line its signature was found on."""

    signature: Signature
    awake: bool = False
    since: int = -1
    until: int = 0


# An event of the reader, kept to give a waking recogniser the lines it missed: (event, line number, line or None
# for a run of lines a reader outside took, the recogniser that took the line (-1: none), the one that took the
# line before).
Event = tuple[int, int, str | None, int, int]


class Reader:
    """Lines of text fed one at a time: the tables every recogniser finds, read from `medium`, and a `text` fact
    of every non-blank line for the detectors. A log reader feeds the output lines its own readers leave, and
    calls `skip` for the others."""

    def __init__(
        self, settings: Settings, medium: Medium = "text", without: tuple[str, ...] = (), texts: bool = True
    ) -> None:
        self.settings, self.medium, self.without = settings, medium, without
        self.texts = texts  # False: the caller makes the `text` facts of the lines it feeds (a listing's runs)
        self.readers: list[Recogniser] = []  # built at the first line: most files of a big tree are small
        self.gates: list[_Gate | None] = []
        self.events = 0
        self.history: deque[Event] = deque()
        self.signed: Callable[[str], bool] = bool  # whether any gate's signature is on a line (set with the readers)
        # The recognisers by index: all, and the ungated; how many gated ones are awake, and the last line any stays
        # awake for: a line with no signature on it, past that, is given to the ungated ones only.
        self.every: range = range(0)
        self.ungated: list[int] = []
        self.inert = False  # every ungated recogniser is BLANK_AFTER_SKIP_INERT (`blank_skipped`)
        self.awake = 0
        self.until = 0
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
            event = self._event(number, None, -1, -1)
            for reader, gate in zip(self.readers, self.gates, strict=True):
                if gate is None or gate.awake:
                    yield from reader.skip(number)
                    self._rest(reader, gate, number, event)

    def inert_blank(self, number: int) -> bool:
        """Whether a blank line `number` would be given to the ungated recognisers only, take and yield nothing,
        and, with a skip after it, leave every recogniser as it is: the reader skipped (`skip` was its last call), no
        console command is pending, the line is past every line a gated recogniser stays awake for (a blank line
        bears no signature: no gated one is given it or the skip; after a skip every recogniser is idle, so one still
        awake is one whose lines are not past), and every ungated one declares that a blank line and a skip after a
        skip leave it as it was (`BLANK_AFTER_SKIP_INERT`)."""
        return self.skipped and self.inert and not self.echoed and number > self.until

    def blank_skipped(self, number: int) -> None:
        """`feed(number, "")` then `skip(number + 1)` where the blank line is inert (`inert_blank`, asked with no
        call between): what is left of them is the two events the history keeps for a recogniser that wakes later."""
        self._event(number, "", -1, -1)
        self._event(number + 1, None, -1, -1)

    def _event(self, number: int, line: str | None, taker: int, before: int) -> int:
        event, self.events = self.events, self.events + 1
        if self.history.maxlen:
            self.history.append((event, number, line, taker, before))
        return event

    def _build(self) -> None:
        # a layout that reads no table from this medium would be woken by its signature and take nothing
        found = [layout for layout in layouts(self.without) if layout.reads(self.medium)]
        self.readers = [layout.recogniser(self.settings, self.medium) for layout in found]
        self.gates = [None if layout.signature is None else _Gate(layout.signature) for layout in found]
        self.history = deque(maxlen=max((g.signature.before for g in self.gates if g is not None), default=0))
        self.signed = signed(tuple(g.signature for g in self.gates if g is not None))
        self.every = range(len(self.readers))
        self.ungated = [i for i, gate in enumerate(self.gates) if gate is None]
        self.inert = all(getattr(self.readers[i], "BLANK_AFTER_SKIP_INERT", False) for i in self.ungated)

    def _rest(self, reader: Recogniser, gate: _Gate | None, number: int, event: int) -> None:
        """A gated recogniser with nothing open sleeps until its signature is found again."""
        if gate is not None and number >= gate.until and reader.idle():  # type: ignore[attr-defined]
            self.awake -= gate.awake
            gate.awake, gate.since = False, event

    def _wake(self, i: int, reader: Recogniser, gate: _Gate) -> Iterator[Fact]:
        """Give a waking recogniser the events it missed (at most its signature's `before`), as the reader would
        have: an idle recogniser neither takes nor yields anything on them, it only remembers them."""
        self.awake += not gate.awake
        gate.awake = True
        count = gate.signature.before
        missed = [e for e in self.history if e[0] > gate.since][-count:] if count else []
        for _, number, line, taker, before in missed:
            if line is None or 0 <= taker < i:
                if line is None or before != taker:
                    yield from self._typed(reader.skip(number))
            else:
                yield from self._typed(reader.feed(number, line))

    def feed(self, number: int, raw: str) -> Iterator[Fact]:
        if not self.readers:
            self._build()
        self.skipped = False
        if self.texts and raw.strip():
            yield Fact("text", number, 1, number, len(raw) + 1, raw)
        line = raw[:LINE_LIMIT].rstrip()
        if line.startswith(FENCE):
            self.fenced = not self.fenced
        elif self.fenced:
            line = knitted(line)
        taker = -1
        event = self.events
        # no signature is found on a blank line (checked when the layouts load), nor, one by one, on a line where
        # none of them is
        signed = bool(line) and self.signed(line)
        # every gated recogniser asleep and none woken by the line (most lines of output): they would all be passed
        order = self.every if signed or self.awake or number <= self.until else self.ungated
        for i in order:
            reader, gate = self.readers[i], self.gates[i]
            if gate is not None and taker < 0:
                if signed and gate.signature.found(line):
                    gate.until = max(gate.until, number + gate.signature.after)
                    self.until = max(self.until, gate.until)
                    if not gate.awake:
                        yield from self._wake(i, reader, gate)
                elif not gate.awake:
                    if number > gate.until:
                        continue  # asleep: the line cannot start its layout
                    yield from self._wake(i, reader, gate)
            elif gate is not None and not gate.awake:
                continue  # asleep: the skip is in the history
            if taker >= 0:
                if self.taker != taker:
                    skipped = reader.skip(number)
                    yield from self._typed(skipped) if self.command is not None else skipped
            else:
                fed = reader.feed(number, line)
                # most text has no console echo: its facts need no typing, and no generator around them
                if (yield from fed if self.command is None else self._taken(fed)):
                    taker = i
            if gate is not None:
                self._rest(reader, gate, number, event)
        self._event(number, line, taker, self.taker)
        self.taker = taker
        if line.startswith(PROMPT) or (self.echoed and line.startswith(CONTINUED)):
            if line.startswith(PROMPT):
                self.echoed, self.echo_line = [], number
            self.echoed.append(line[len(PROMPT) :])
            self.command = None
        elif self.echoed:
            code, self.echoed = "\n".join(self.echoed), []
            # the program front ends (grammars, queries) are imported at the first console echo: a listing's or a
            # log's reader has none, and a worker would compile them from source for nothing
            from ..frontends import treesitter

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
        while True:
            try:
                fact = next(facts)
            except StopIteration as stop:
                return bool(stop.value)
            yield self._attach(fact)


def knitted(line: str) -> str:
    """A line of knitted output as printed: its `## ` prefix blanked (spaces keep the columns)."""
    return " " * len(KNITTED) + line[len(KNITTED) :] if line.startswith(KNITTED) else line


def read(
    lines: Iterable[str], settings: Settings, medium: Medium = "text", without: tuple[str, ...] = ()
) -> Iterator[Fact]:
    """Facts of lines of text, read in one forward pass (see `Reader`)."""
    reader = Reader(settings, medium, without)
    for number, raw in enumerate(lines, start=1):
        yield from reader.feed(number, raw)
    yield from reader.close()


def absent(doc: Document) -> tuple[str, ...]:
    """The layouts whose document literals are nowhere in `doc` (see `layouts.absent`): one search of the whole
    text, or of a streamed file's lines in blocks."""
    if not doc.streamed:
        return layouts_absent((doc.text,))
    return layouts_absent(_blocks(doc.lines))


def _blocks(lines: Iterable[str], size: int = 1 << 20) -> Iterator[str]:
    block: list[str] = []
    held = 0
    for line in lines:
        block.append(line)
        held += len(line) + 1
        if held >= size:
            yield "\n".join(block)
            block, held = [], 0
    yield "\n".join(block)


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    return read(doc.lines, settings, without=absent(doc))
