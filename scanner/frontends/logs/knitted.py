"""Markdown knitted from R Markdown (`github_document`, `md_document`): an R transcript in fenced blocks. Each
```` ``` r ```` block is code knitr ran, and the plain fenced block after it (`## ` lines) is what that code printed,
so the output is read as an R transcript's is (rout.py): typed by the command that printed it (`summarise()` prints
results, `head(d)` rows, `table()` counts), the code marked as echo. With `collapse = TRUE` the output stands in the
code's own block, as `#> ` lines. The rest of the document (prose, kable tables, other blocks) is plain text, read
by every plain-text layout as any Markdown is. A document with no R output in it is read as plain text only."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...config import Settings
from ...model import Fact
from ...outputs import text
from .rout import RoutParser

# A fence opens or closes a block (up to three spaces in, three or more backticks or tildes); what follows an opening
# fence names the block's language (```` ``` r ````, ```` ```r ````, ```` ```{r} ````).
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*\{?\s*([\w+-]*)")
_R = frozenset({"r", "rout"})
# knitr's output prefixes: `## ` in its own block (the default), `#> ` inside the code's block (`collapse = TRUE`,
# reprex)
_OUTPUT = re.compile(r"^##(?: |$)")
_COLLAPSED = re.compile(r"^#>(?: |$)")
# An R line ending so continues on the next: an operator, a pipe, an opening bracket, a comma.
_CONTINUED = re.compile(r"(?:%[^%\s]*%|\|>|<-|[-+*/^&|~,=<>!(\[{])\s*$")


def facts(lines: list[str], settings: Settings) -> Iterator[Fact]:
    blocks = list(_blocks(lines))
    if not any(kind == "output" for kind, _, _ in blocks) and not any(
        _COLLAPSED.match(lines[n - 1]) for kind, first, last in blocks if kind == "r" for n in range(first, last + 1)
    ):
        yield from text.read(lines, settings)
        return
    parser = RoutParser(settings, "text")
    routed: set[int] = set()
    for kind, first, last in blocks:
        routed.update((first - 1, last + 1))  # the fences
        if kind == "r":
            yield from _code(parser, lines, first, last)
        else:
            for number in range(first, last + 1):
                yield from parser.output(number, _printed(lines[number - 1]))
            yield from parser.ended()
        routed.update(range(first, last + 1))
    yield from parser.close()
    # prose, tables written as Markdown, blocks of other languages: plain text at the lines they stand on
    view = ["" if number in routed else line for number, line in enumerate(lines, start=1)]
    yield from text.read(view, settings)


def _printed(line: str) -> str:
    """An output line as R printed it: the prefix blanked (spaces keep the columns), a prefix alone an empty line."""
    stripped = line.rstrip()
    return "" if len(stripped) == 2 else " " * 3 + stripped[3:]


def _blocks(lines: list[str]) -> Iterator[tuple[str, int, int]]:
    """The blocks read as a transcript: ("r", first, last) for R code, ("output", first, last) for knitted output
    after R code (every line of it `##`-prefixed or blank), by the 1-based numbers of the lines between the fences."""
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
            body = lines[start - 1 : number - 1]
            if language in _R:
                yield "r", start, number - 1
                after_r = True
            elif not language and after_r and body and all(_OUTPUT.match(b) or not b.strip() for b in body):
                yield "output", start, number - 1
            else:
                after_r = False
            fence = ""


def _code(parser: RoutParser, lines: list[str], first: int, last: int) -> Iterator[Fact]:
    """An R block's lines to the transcript: a line at the margin after a complete line starts a command; `#> `
    lines are the output of the commands above them."""
    previous = ""
    for number in range(first, last + 1):
        line = lines[number - 1].rstrip()
        if _COLLAPSED.match(line):
            yield from parser.output(number, _printed(line))
            previous = ""
            continue
        starts = bool(line[:1].strip()) and line[:1] not in ")]}" and not _CONTINUED.search(previous)
        yield from parser.echoed(number, line, 0, starts or not parser.code)
        if line.strip():
            previous = line
