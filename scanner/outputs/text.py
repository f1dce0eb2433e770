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
from .layouts import recognisers

FENCE = "```"


def read(lines: Iterable[str], settings: Settings, text_lines: bool = True) -> Iterator[Fact]:
    """Facts of lines of text: the tables every recogniser finds, and (with `text_lines`) the text itself."""
    readers = recognisers(settings)
    fenced = False
    for number, raw in enumerate(lines, start=1):
        if text_lines and raw.strip():
            yield Fact("text", number, 1, number, len(raw) + 1, raw)
        line = raw[:LINE_LIMIT].rstrip()
        if line.startswith(FENCE):
            fenced = not fenced
        elif fenced and line.startswith("## "):
            line = "   " + line[3:]
        taken = False
        for reader in readers:
            if taken:
                yield from reader.skip(number)
            else:
                taken = yield from reader.feed(number, line)
    for reader in readers:
        yield from reader.close()


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    return read(doc.lines, settings)
