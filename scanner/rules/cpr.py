"""How `cpr.number` is found (what it flags: patterns/rules/cpr.toml): the detector reads the whole text once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..detectors import Hit
from ..detectors import cpr as detector
from ..frontends import Document
from ..model import Fact, Finding
from .context import Context

# Streamed files are read in blocks of about this many characters, each repeating the last lines of the one before.
_BLOCK = 4 * 1024 * 1024
_OVERLAP = 60
_KEPT_LINE = 65536
# Characters of the line shown either side of a hit.
_REACH = 150


def _in_text(text: str, extra: tuple[str, ...]) -> Iterator[tuple[int, int, str, Hit]]:
    """(line number, column, the hit's part of its line, hit) for a file held in memory: one pass over the whole
    text (the hot path on large logs); hits come in order, so lines are counted forward from the previous hit and
    each line's bounds are found once. The part shown is a window around the hit, so a line of 200,000 numbers
    costs linear time, not a copy of the line per hit."""
    number, counted = 1, 0
    start, end = 0, -1
    for hit in detector.find(text, extra):
        number += text.count("\n", counted, hit.start)
        counted = hit.start
        if hit.start > end:
            start = text.rfind("\n", 0, hit.start) + 1
            end = text.find("\n", hit.start)
            end = len(text) if end < 0 else end
        yield number, hit.start - start + 1, _window(text, start, end, hit), hit


def _window(text: str, start: int, end: int, hit: Hit) -> str:
    """The hit with up to `_REACH` characters either side, widened to whole tokens (a number cut in two could
    show digits that masking no longer recognises), within its line."""
    first, last = max(start, hit.start - _REACH), min(end, hit.end + _REACH)
    while first > start and not text[first - 1].isspace() and hit.start - first < 2 * _REACH:
        first -= 1
    while last < end and not text[last].isspace() and last - hit.end < 2 * _REACH:
        last += 1
    return text[first:last].removesuffix("\r").strip()


def _in_lines(lines: Iterable[str], extra: tuple[str, ...]) -> Iterator[tuple[int, int, str, Hit]]:
    """The same for a streamed file: blocks of lines, each starting with the last `_OVERLAP` lines of the block
    before, so table headers and neighbouring rows stay in view; hits on those repeated lines are not repeated.
    Every later block is also given the file's first line on top, as the detector reads a delimited file's header
    from the first line of its text: without it a block's first line would pass for the header. Only lines of up
    to `_KEPT_LINE` characters are repeated or kept as the header (the detector reads no longer line as a table
    row or header), so a file of huge lines, or one huge line cut in pieces, holds one piece at a time."""
    block: list[str] = []
    head: list[str] | None = None
    first, carried, size = 1, 0, 0
    for line in lines:
        if head is None:
            head = [line] if len(line) <= _KEPT_LINE else []
        block.append(line)
        size += len(line) + 1
        if size >= _BLOCK:
            yield from _in_block(block, first, carried, extra, head if first > 1 else [])
            kept = _overlap(block)
            first, carried, size = first + len(block) - len(kept), len(kept), sum(len(k) + 1 for k in kept)
            block = kept
    if len(block) > carried:
        yield from _in_block(block, first, carried, extra, head if head and first > 1 else [])


def _overlap(block: list[str]) -> list[str]:
    """The last lines of a block to repeat at the top of the next: up to `_OVERLAP`, back to the first line
    longer than `_KEPT_LINE` (not repeated; it was read whole in this block)."""
    kept: list[str] = []
    for line in reversed(block[-_OVERLAP:]):
        if len(line) > _KEPT_LINE:
            break
        kept.append(line)
    return kept[::-1]


def _in_block(
    block: list[str], first: int, carried: int, extra: tuple[str, ...], head: list[str]
) -> Iterator[tuple[int, int, str, Hit]]:
    skip = carried + len(head)
    for number, column, line, hit in _in_text("\n".join(head + block), extra):
        if number > skip:
            yield number - len(head) + first - 1, column, line, hit


# A document read by its own front end (a spreadsheet) has no text for `check_text`: its cells come as text facts.
CONSUMES = ("text",)


def idle(doc: Document) -> bool:
    """No `text` fact to read (scanner/rules/gate.py `quiet`): the whole text is read by `check_text`."""
    return not doc.binary


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    if idle(ctx.doc):
        return
    for hit in detector.find(fact.text, ctx.settings.extra_identifiers):
        at = Fact("text", fact.line, fact.column + hit.start, fact.line, fact.column + hit.end, hit.text)
        yield ctx.finding(hit.rule, at, hit.message, fact.text.strip(), severity=hit.severity)


def check_text(doc: Document, ctx: Context) -> Iterator[Finding]:
    extra = ctx.settings.extra_identifiers
    found = _in_lines(doc.lines, extra) if doc.streamed else _in_text(doc.text, extra)
    for number, column, line, hit in found:
        at = Fact("text", number, column, number, column + len(hit.text), hit.text)
        yield ctx.finding(hit.rule, at, hit.message, line.strip(), severity=hit.severity)
