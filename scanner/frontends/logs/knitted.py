"""Knitted reports: R Markdown rendered to Markdown (`github_document`, `md_document`) or HTML is an R transcript
in blocks. Each block of R code is code knitr ran, and the plain block after it (`## ` lines) is what that code
printed, so the output is read as an R transcript's is (rout.py): typed by the command that printed it
(`summarise()` prints results, `head(d)` rows, `table()` counts). With `collapse = TRUE` the output stands in the
code's own block, as `#> ` lines. The rest of a document (prose, kable tables, other blocks) is read as before:
plain text for Markdown, the HTML readers for HTML (documents.py). A document with no R output is read as plain
text only."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ...config import Settings
from ...model import Fact
from ...outputs import text
from ...outputs.layouts import KNITTED
from ...outputs.table import Medium
from ..embedded import languages
from .rout import RoutParser

# A fence opens or closes a block (up to three spaces in, three or more backticks or tildes); what follows an opening
# fence names the block's language (```` ``` r ````, ```` ```r ````, ```` ```{r} ````).
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*\{?\s*([\w+-]*)")
# knitr's output prefixes: `## ` in its own block (the default: layouts.KNITTED), `#> ` inside the code's block
# (`collapse = TRUE`, reprex); alone on a line, an empty line of output
_COLLAPSED_PREFIX = "#> "
_OUTPUT = re.compile(rf"^{re.escape(KNITTED.rstrip())}(?: |$)")
_COLLAPSED = re.compile(rf"^{re.escape(_COLLAPSED_PREFIX.rstrip())}(?: |$)")
# An R line ending so continues on the next: an operator, a pipe, an opening bracket, a comma.
_CONTINUED = re.compile(r"(?:%[^%\s]*%|\|>|<-|[-+*/^&|~,=<>!(\[{])\s*$")

# A block of a knitted report: "r" (code) or "output", and its (line number, text) lines.
Part = tuple[str, list[tuple[int, str]]]


def facts(lines: list[str], settings: Settings) -> Iterator[Fact]:
    """A Markdown document: its knitted R code and output read as a transcript, the rest as plain text."""
    blocks = list(_blocks(lines))
    parts = [(kind, [(n, lines[n - 1]) for n in range(first, last + 1)]) for kind, first, last in blocks]
    if not any(kind == "output" or any(_COLLAPSED.match(line) for _, line in part) for kind, part in parts):
        yield from text.read(lines, settings)
        return
    yield from transcript(parts, settings, "text", code_facts=True)
    routed = {n for _, first, last in blocks for n in range(first - 1, last + 2)}  # the blocks and their fences
    # prose, tables written as Markdown, blocks of other languages: plain text at the lines they stand on
    yield from text.read(["" if number in routed else line for number, line in enumerate(lines, start=1)], settings)


def transcript(parts: Iterable[Part], settings: Settings, medium: Medium, code_facts: bool) -> Iterator[Fact]:
    """Facts of a knitted report's blocks of R code and output, read as one transcript; `code_facts`: whether the
    facts of the code are the document's (else the code only types its output)."""
    parser = RoutParser(settings, medium, code_facts)
    for kind, lines in parts:
        if kind == "r":
            yield from _code(parser, lines)
        else:
            for number, line in lines:
                yield from parser.output(number, _printed(line))
            yield from parser.ended()
    yield from parser.close()


def _printed(line: str) -> str:
    """An output line as R printed it: the prefix blanked (spaces keep the columns), a prefix alone an empty line."""
    stripped = line.rstrip()
    if stripped in (KNITTED.rstrip(), _COLLAPSED_PREFIX.rstrip()):
        return ""
    return " " * len(KNITTED) + stripped[len(KNITTED) :]


def is_output(lines: list[str]) -> bool:
    """Whether a block's lines are knitr's output: every one `##`-prefixed or blank, one at least."""
    return any(line.strip() for line in lines) and all(_OUTPUT.match(line) or not line.strip() for line in lines)


def _blocks(lines: list[str]) -> Iterator[tuple[str, int, int]]:
    """The blocks read as a transcript: ("r", first, last) for R code, ("output", first, last) for knitted output
    right after R code or its output, by the 1-based numbers of the lines between the fences."""
    fence = ""
    language = ""
    start = 0
    after_r = False  # the last block was R code, or output of it
    for number, line in enumerate(lines, start=1):
        opened = _FENCE.match(line)
        if not fence:
            if opened:
                fence, language, start = opened[1], opened[2].lower(), number + 1
            elif line.strip():
                after_r = False  # prose between code and a block: the block is not that code's output
            continue
        if opened and opened[1].startswith(fence[0]) and len(opened[1]) >= len(fence) and not opened[2]:
            if languages("chunks").get(language) == "r":
                yield "r", start, number - 1
                after_r = True
            elif not language and after_r and is_output(lines[start - 1 : number - 1]):
                yield "output", start, number - 1
            else:
                after_r = False
            fence = ""


def _code(parser: RoutParser, lines: list[tuple[int, str]]) -> Iterator[Fact]:
    """An R block's lines to the transcript: a line at the margin after a complete line starts a command; `#> `
    lines are the output of the commands above them."""
    previous = ""
    for number, raw in lines:
        line = raw.rstrip()
        if _COLLAPSED.match(line):
            yield from parser.output(number, _printed(line))
            previous = ""
            continue
        starts = bool(line[:1].strip()) and line[:1] not in ")]}" and not _CONTINUED.search(previous)
        yield from parser.echoed(number, line, 0, starts or not parser.code)
        if line.strip():
            previous = line
