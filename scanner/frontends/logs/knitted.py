"""Knitted reports: R Markdown or Quarto rendered to Markdown (`github_document`, `md_document`, Quarto's `gfm` and
`markdown`) or HTML is an R transcript in blocks. Each block of R code is code knitr ran, and the plain block after
it (`## ` or `#> ` lines) is what that code printed, so the output is read as an R transcript's is (rout.py): typed
by the command that printed it (`summarise()` prints results, `head(d)` rows, `table()` counts). With
`collapse = TRUE` the output stands in the code's own block, as `#> ` lines. Quarto marks a cell's output by the
class of the div around it (patterns/layouts/text.toml `[knitted]`), with or without a prefix. `md_document` indents
code and output by four spaces, in one block: its runs of `## ` lines are the output. The rest of a document (prose,
kable tables, other blocks) is read as before: plain text for Markdown, the HTML readers for HTML (documents.py). A
document with no R output is read as plain text only."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from ...config import Settings
from ...model import Fact
from ...outputs import text
from ...outputs.layouts import KNITTED, patterns
from ...outputs.readers import html
from ...outputs.table import Medium
from ..embedded import languages
from .rout import RoutParser

# A fence opens or closes a block (up to three spaces in, three or more backticks or tildes); what follows an opening
# fence names the block's language (```` ``` r ````, ```` ```r ````, ```` ```{r} ````, Quarto's ```` ```{.r .cell-code}
# ````).
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*\{?\s*\.?([\w+-]*)")
# An indented block's lines (`md_document`, Quarto's gfm output): four spaces or a tab in
_INDENTED = re.compile(r"^(?: {4}|\t)")
# knitr's output prefixes: `## ` (the default: layouts.KNITTED) or `#> ` (`comment = "#>"`, the tidyverse's), in a
# block of its own or, with `collapse = TRUE`, inside the code's block as `#> `; alone on a line, an empty line of
# output. Indented in an indented block; in HTML output, whose entities stay as written, `#&gt; `.
_COLLAPSED_PREFIX = "#> "
_PREFIX = rf"(?:{re.escape(KNITTED.rstrip())}|{re.escape(_COLLAPSED_PREFIX.rstrip())}|#&gt;)(?: |$)"
_OUTPUT = re.compile(rf"^{_PREFIX}")
_COLLAPSED = re.compile(rf"^{re.escape(_COLLAPSED_PREFIX.rstrip())}(?: |$)")
_PREFIXED = re.compile(rf"^\s*{_PREFIX}")
# A line of markup only, which leaves the blocks around it in one cell: a fenced div's fence (`::: {.cell}`, `:::`,
# `:::: cell`, its words the classes) or HTML tags alone (`<div class="cell-output cell-output-stdout">`, `</div>`)
_DIV_FENCE = re.compile(r"^ {0,3}:{3,}\s*(.*?)\s*:*\s*$")
_TAGS = re.compile(r"^\s*(?:<[^>]*>\s*)+$")
_DOTTED = re.compile(r"\.([\w-]+)")  # a class in a fenced div's attributes (`{.cell-output .cell-output-stdout}`)
# An R line ending so continues on the next: an operator, a pipe, an opening bracket, a comma.
_CONTINUED = re.compile(r"(?:%[^%\s]*%|\|>|<-|[-+*/^&|~,=<>!(\[{])\s*$")

# A block of a knitted report: "r" (code) or "output", and its (line number, text) lines.
Part = tuple[str, list[tuple[int, str]]]
# A block found in a Markdown document: its kind ("r", "output"), its first and last lines (1-based) and whether it
# stands between fences.
_Block = tuple[str, int, int, bool]


@cache
def _classes() -> dict[str, str]:
    """What a Quarto output div's class says its block is: "printed" or "messages" (text.toml `[knitted]`)."""
    return {name: kind for kind in ("printed", "messages") for name in patterns("knitted")[kind]}


def marked(classes: Iterable[str]) -> str:
    """What the classes of a div say the block inside is: "printed" (a cell's output), "messages", or ""."""
    return next((_classes()[name] for name in classes if name in _classes()), "")


def facts(lines: list[str], settings: Settings) -> Iterator[Fact]:
    """A Markdown document: its knitted R code and output read as a transcript, the rest as plain text."""
    blocks = list(_blocks(lines))
    parts = [(kind, [(n, lines[n - 1]) for n in range(first, last + 1)]) for kind, first, last, _ in blocks]
    if not any(kind == "output" or any(_COLLAPSED.match(line.lstrip()) for _, line in part) for kind, part in parts):
        yield from text.read(lines, settings)
        return
    yield from transcript(parts, settings, "text", code_facts=True)
    # the blocks and their fences
    routed = {n for _, first, last, fenced in blocks for n in range(first - fenced, last + 1 + fenced)}
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
    """An output line as R printed it: its prefix, if any, blanked (spaces keep the columns), a prefix alone an
    empty line."""
    stripped = line.rstrip()
    prefix = _PREFIXED.match(stripped)
    if prefix is None:
        return stripped
    if prefix.end() == len(stripped):
        return ""
    return " " * prefix.end() + stripped[prefix.end() :]


def is_output(lines: list[str]) -> bool:
    """Whether a block's lines are knitr's output: every one `##`- or `#>`-prefixed or blank, one at least."""
    return any(line.strip() for line in lines) and all(_OUTPUT.match(line) or not line.strip() for line in lines)


def _markup(line: str) -> str | None:
    """What a line of markup only says the next block is (`marked`: "printed", "messages" or ""); None: not markup."""
    div = _DIV_FENCE.match(line)
    if div:
        return marked(_DOTTED.findall(div[1]) if "{" in div[1] else div[1].split())
    if _TAGS.match(line):
        return marked(html.classes(line))
    return None


def _segments(lines: list[str]) -> Iterator[tuple[str, str, int, int]]:
    """A Markdown document in segments: ("fenced", language, first, last) for the lines between two fences,
    ("indented", "", first, last) for an indented block (after a blank line, up to its last indented line), and
    ("line", "", n, n) for any other line, up to a fence left open."""
    number = 0
    while number < len(lines):
        line = lines[number]
        opened = _FENCE.match(line)
        if opened:
            close = next((n for n in range(number + 1, len(lines)) if _closes(lines[n], opened[1])), None)
            if close is None:
                return  # a fence left open holds the rest of the document: no block after it
            yield "fenced", opened[2].lower(), number + 2, close
            number = close + 1
            continue
        elif _INDENTED.match(line) and line.strip() and (number == 0 or not lines[number - 1].strip()):
            last = number
            for n in range(number + 1, len(lines)):
                if lines[n].strip() and not _INDENTED.match(lines[n]):
                    break
                if lines[n].strip():
                    last = n
            yield "indented", "", number + 1, last + 1
            number = last + 1
            continue
        yield "line", "", number + 1, number + 1
        number += 1


def _closes(line: str, fence: str) -> bool:
    closing = _FENCE.match(line)
    return bool(closing and closing[1].startswith(fence[0]) and len(closing[1]) >= len(fence) and not closing[2])


def _blocks(lines: list[str]) -> Iterator[_Block]:
    """The blocks read as a transcript: ("r", ...) for R code, ("output", ...) for knitted output right after R code
    or its output (only markup between), by the 1-based numbers of their lines."""
    after_r = False  # the last block was R code, or output of it
    inside = ""  # what the div the next block stands in says it is (`marked`)
    for segment, language, first, last in _segments(lines):
        block = lines[first - 1 : last]
        if segment == "line":
            markup = _markup(lines[first - 1])
            if markup is None and lines[first - 1].strip():
                after_r, inside = False, ""  # prose between code and a block: the block is not that code's output
            elif markup:
                inside = markup
            continue
        if segment == "fenced" and languages("chunks").get(language) == "r":
            yield "r", first, last, True
            after_r = True
        elif after_r and not language and (inside == "printed" or (segment == "fenced" and is_output(block))):
            yield "output", first, last, segment == "fenced"
        elif after_r and inside == "messages":
            pass  # a message between code and its output
        elif segment == "indented":
            runs = list(_runs(lines, first, last, after_r))
            after_r = any(kind == "output" for kind, *_ in runs)
            if after_r:
                yield from runs
        else:
            after_r = False
        inside = ""


def _runs(lines: list[str], first: int, last: int, after_r: bool) -> Iterator[_Block]:
    """An indented block of code and output (`md_document`) in runs between blank lines: a run of prefixed lines is
    output (of the code before it, in the block or, `after_r`, above it), any other run code."""
    start = first
    for number in range(first, last + 2):
        if number <= last and lines[number - 1].strip():
            continue
        if start < number:
            output = is_output([line.strip() for line in lines[start - 1 : number - 1]])
            if after_r or not output:
                yield ("output" if output else "r"), start, number - 1, False
                after_r = True
        start = number + 1


def _code(parser: RoutParser, lines: list[tuple[int, str]]) -> Iterator[Fact]:
    """An R block's lines to the transcript: a line at the block's margin after a complete line starts a command;
    `#> ` lines are the output of the commands above them."""
    margin = min((len(raw) - len(raw.lstrip()) for _, raw in lines if raw.strip()), default=0)
    previous = ""
    for number, raw in lines:
        line = raw[margin:].rstrip()
        if _COLLAPSED.match(line):
            yield from parser.output(number, _printed(raw))
            previous = ""
            continue
        starts = bool(line[:1].strip()) and line[:1] not in ")]}" and not _CONTINUED.search(previous)
        yield from parser.echoed(number, line, margin, starts or not parser.code)
        if line.strip():
            previous = line
