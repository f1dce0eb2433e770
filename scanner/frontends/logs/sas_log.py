"""SAS logs: echoed program lines are read as SAS code (marked as echo: identifiers and personal data in them are
findings, listing statements are not); NOTE/WARNING/ERROR messages are free text (their observation counts are
messages, not table cells); data-step error dumps and `put` output are printed rows; output captured in the log
(PROC PRINTTO, -print to the log) goes through the listing parser.

The echoed step, typed by the SAS front end's facts (grammars/sas/output.scm) in one place
(scanner/outputs/echo.py), is attached to the output after it, macro code echoed as MPRINT lines included: a
`put` statement makes the lines after it put output, and every table read there names the step that printed it."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...config import Settings
from ...model import Fact
from ...outputs import echo
from ...outputs.table import Command, TableBuilder
from ...outputs.text import Reader
from .. import Document
from ..embedded import program_facts
from .common import LINE_LIMIT, run, text_fact
from .sas_listing import ListingParser, page_break

ECHO = re.compile(r"^(\d+)(?:\s+!)?(\s+)(?=\S)")
# An echoed blank program line: SAS pads its number with spaces; a bare number counts as echo only right after
# other echo (else it may be `put` output).
PADDED_BLANK_ECHO = re.compile(r"^\d+ +$")
BLANK_ECHO = re.compile(r"^\d+$")
MACRO_ECHO = re.compile(r"^MPRINT\([^)]*\):\s+(?=\S)")
MESSAGE = re.compile(r"^(?:NOTE|WARNING|ERROR|INFO)(?:\s*\d+-\d+)?:|^(?:SYMBOLGEN|MLOGIC|MACROGEN)\b")
# A put statement that writes its own `WARNING:`/`NOTE:` lines (to be seen in the log): those lines are put output.
PUT_MESSAGE = re.compile(r"[\"'](NOTE|WARNING|ERROR|INFO)\s*:", re.IGNORECASE)
DUMP_END = re.compile(r"\b_ERROR_=\d+\s+_N_=\d+")
NAME_VALUE = re.compile(r"^[A-Za-z_]\w*=")
RULE_LINE = re.compile(r"^RULE:\s")
RECORD = re.compile(r"^\d+\s")
STEP = re.compile(r"^\s*(?:data|proc)\b", re.IGNORECASE)
MACRO_PUT = re.compile(r"%put\b", re.IGNORECASE)
# The resource lines that continue a step's `NOTE: ... used (Total process time):`, also when a page break and its
# header come between (FULLSTIMER adds the lines after cpu time): text, never put output.
STEP_TIMES = re.compile(
    r"^\s+(?:real time|(?:user |system )?cpu time|memory|OS Memory|Timestamp|Step Count|Switch Count"
    r"|Page (?:Faults|Reclaims|Swaps)|(?:Voluntary|Involuntary) Context Switches|Block (?:Input|Output) Operations)\b",
    re.IGNORECASE,
)
# An error dump can wrap over a few lines before `_ERROR_=1 _N_=5`; look back no further than this.
DUMP_LINES = 64


class SasLogParser:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.listing = ListingParser(settings)
        self.others = Reader(settings, "listing", without=("sas",))
        self.code: list[str] = []
        self.origin: list[tuple[int, int]] = []
        self.step_puts = False
        self.put_messages: set[str] = set()  # the message words the step's put statements write
        self.macro_put = False
        self.in_message = False
        self.in_record = False
        self.pending: list[tuple[int, str]] = []
        self.put_block = TableBuilder("sas.put", medium="log", title="put")
        self.last_echo = 0
        # Output lines were read since the readers were last closed: every echoed line closes them, and closing
        # every recogniser after each line of a long run of echo was a tenth of a log's time.
        self.open = False

    def feed(self, number: int, line: str) -> Iterator[Fact]:
        padded_blank = PADDED_BLANK_ECHO.match(line[:LINE_LIMIT])
        line = line[:LINE_LIMIT].rstrip()
        if page_break(line):
            yield from self._flush_code()
            yield from self._output(number, line)
            return
        echo = None if self.in_record else ECHO.match(line) or MACRO_ECHO.match(line)
        if not echo and (padded_blank or (self.last_echo == number - 1 and BLANK_ECHO.match(line))):
            self.last_echo = number
            return
        if echo:
            self.last_echo = number
            yield from self._flush_output()
            code = line[echo.end() :]
            self.code.append(code)
            self.origin.append((number, echo.end()))
            if STEP.match(code):
                # a new step: what the last one printed no longer types the output (its echo may have been
                # split by a page break, so a chunk without a step keeps it)
                self.step_puts, self.put_messages = False, set()
                self._type(None)
            self.macro_put = bool(MACRO_PUT.search(code))
            self.in_message = False
            return
        yield from self._flush_code()
        if RULE_LINE.match(line):
            # `RULE:` heads a dump of the raw input record that failed: those lines are data, not echoed code.
            self.in_record = True
            self.pending.append((number, line))
            return
        if self.in_record and RECORD.match(line):
            self.pending.append((number, line))
            return
        self.in_record = False
        if DUMP_END.search(line):
            self.pending.append((number, line))
            block = TableBuilder("sas.error-dump", medium="log", title="error dump")
            for at, text in self.pending:
                block.record(at, text)
            self.pending = []
            yield from block.close()
            return
        if NAME_VALUE.match(line) and not self.macro_put:
            self.pending.append((number, line))
            if len(self.pending) > DUMP_LINES:
                yield from self._flush_pending()
            return
        yield from self._flush_pending()
        if MESSAGE.match(line) and line.partition(":")[0].upper() in self.put_messages:
            self.open = True
            self.put_block.record(number, line)
            return
        if MESSAGE.match(line):
            self.in_message = True
            yield from _text(number, line)
            return
        if not line.strip():
            self.in_message = False
            yield from self._output(number, line)
            return
        if (self.in_message and line[:1].isspace()) or STEP_TIMES.match(line):
            yield from _text(number, line)
            return
        self.in_message = False
        if self.macro_put:
            yield from _text(number, line)
        elif self.step_puts:
            self.open = True
            self.put_block.record(number, line)
        else:
            yield from self._output(number, line)

    def close(self) -> Iterator[Fact]:
        yield from self._flush_code()
        yield from self._flush_pending()
        yield from self._flush_output()

    def _output(self, number: int, line: str) -> Iterator[Fact]:
        self.open = True
        # an empty block has nothing to close: closing it at every output line was ~3% of reading a log
        if self.put_block.total:
            yield from self.put_block.close()
        if (yield from self.listing.feed(number, line)):
            yield from self.others.skip(number)
        else:
            yield from self.others.feed(number, line)

    def _flush_output(self) -> Iterator[Fact]:
        yield from self._flush_pending()
        if not self.open:
            return
        self.open = False
        yield from self.put_block.close()
        yield from self.listing.close()
        yield from self.others.close()

    def _flush_pending(self) -> Iterator[Fact]:
        """`name=value` lines that did not end in `_ERROR_=`: output of a `put` statement, or text."""
        pending, self.pending = self.pending, []
        for number, line in pending:
            if self.step_puts:
                self.open = True
                self.put_block.record(number, line)
            else:
                yield from _text(number, line)

    def _flush_code(self) -> Iterator[Fact]:
        if self.code:
            code, origin = "\n".join(self.code), self.origin
            self.code, self.origin = [], []
            found = list(program_facts(code, "sas", self.settings, origin=origin, echo=True))
            yield from found
            typed = echo.command(found, code, None)
            if typed is not None:
                self._type(typed)
            # a `put` statement (not the put() function, not %put) writes the lines after it
            puts = [f.text for f in found if f.attrs.get("rule", "").startswith("sas.put")]
            self.step_puts = self.step_puts or bool(puts)
            self.put_messages.update(m[1].upper() for text in puts for m in PUT_MESSAGE.finditer(text))

    def _type(self, command: Command | None) -> None:
        """The tables read from here on were printed by `command` (the readers hold nothing open now)."""
        self.listing.command = self.others.command = command
        self.put_block = TableBuilder("sas.put", medium="log", title="put", command=command)


def _text(number: int, line: str) -> Iterator[Fact]:
    fact = text_fact(number, line)
    if fact:
        yield fact


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    return run(SasLogParser(settings), doc.lines)
