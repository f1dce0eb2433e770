"""SAS: re-reading what the grammar could not parse.

The grammar stumbles on macro code, inline data and dataset options: each statement of an ERROR region is parsed
again on its own in the context of its step, and read at token level when even that fails, so no statement is
lost; a region is reported only if something in it stayed unreadable.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from functools import cache

import regex

from ..model import Fact
from . import sas_statements
from .tokens import THEN, Positions, compare_facts
from .tsquery import Reparse, Unreadable

_SUBQUERY = regex.compile(r"(?P<group>\((?:[^()'\"]|'[^']*'|\"[^\"]*\"|(?&group))*\))")
_SELECT = regex.compile(r"\(\s*select\b", regex.IGNORECASE)
_TOKEN_LITERAL = regex.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*\"""")


def recover(
    reparse: Reparse, data: bytes, positions: Positions, regions: list[tuple[int, int]]
) -> Generator[Fact, None, list[tuple[int, int]]]:
    """Re-read every statement that overlaps an error region; returns the regions where something stayed
    unreadable."""
    text = data.decode("utf-8", errors="replace")
    regions = list(regions)  # a region that opens a quoting call is widened to its end
    unread: list[tuple[int, int]] = []
    chars = offset = 0  # a character offset into text and its byte offset
    index = 0
    for seg in sas_statements.segments(text):
        offset += positions.width(text[chars : seg.start])
        seg_start, chars = offset, seg.start
        seg_end = seg_start + positions.width(text[seg.start : seg.end])
        while index < len(regions) and regions[index][1] <= seg_start:
            index += 1
        if index == len(regions):
            break
        start, end = regions[index]
        if seg_end <= start:
            continue
        if seg.closes >= 0:
            # The grammar reads no statement of a quoting call in its step (`%str(proc sql; select pnr ...;)`
            # leaves the select outside any step): once the call is re-read, so is all of it, to its parenthesis.
            close = seg_start + positions.width(text[seg.start : seg.closes])
            if close > end:
                end = close
                regions[index] = (start, end)
        piece = text[seg.start : seg.end]
        if seg.kind == "comment":
            yield positions.fact("comment", seg_start, seg_end, piece)
            continue
        if seg.kind == "data":
            yield positions.fact("text", seg_start, seg_end, piece, {"source": "inline-data"})
            continue
        found, readable = _reread(reparse, seg, piece, seg_start, positions)
        # A statement that never prints may stay unread, unless it runs to the end of the file: its `;` was lost in
        # an unclosed quote (`label a = 'it''s;`), which took every statement after it.
        plain = seg.keyword in _sas_plain() and not seg.unended
        if not readable and not plain and (not unread or unread[-1] != (start, end)):
            unread.append((start, end))
        yield from found
    return unread


def _reread(
    reparse: Reparse, seg: sas_statements.Segment, piece: str, offset: int, positions: Positions
) -> tuple[list[Fact], bool]:
    """Facts of one statement parsed on its own; whether the grammar could read it (subqueries aside)."""
    prefix, suffix = sas_statements.wrapper(seg)
    shift = offset - len(prefix.encode())
    span = range(offset, offset + positions.width(piece))
    try:
        return reparse((prefix + piece + suffix).encode("utf-8", errors="surrogatepass"), shift, span), True
    except Unreadable:
        found = list(_token_facts(piece, offset, positions))
    # Subqueries trip the grammar: read the statement again with each `(select ...)` blanked (same length, so
    # positions hold), keeping what it says about the statement itself; the subquery's literals and conditions
    # came from the token-level reading.
    blanked = _SUBQUERY.sub(lambda m: _blank(m.group()) if _SELECT.match(m.group()) else m.group(), piece)
    if blanked == piece:
        return found, False
    try:
        again = reparse((prefix + blanked + suffix).encode("utf-8", errors="surrogatepass"), shift, span)
    except Unreadable:
        return found, False
    for fact in again:
        if fact.kind == "output.print":
            fact.text = piece.strip()
            found.append(fact)
    return found, True


def _blank(text: str) -> str:
    return "x" + "".join(c if c == "\n" else " " for c in text[1:])


@cache
def _sas_plain() -> frozenset[str]:
    """The statements that never print, and the text of a quoting call around statements (`%str(` and `);`)."""
    return frozenset(sas_statements.table()["plain"]) | {sas_statements.QUOTING_CALL}


@cache
def _condition() -> regex.Pattern[str]:
    """Where a statement's condition starts: a condition keyword (grammars/sas/statements.toml) or a `where=(`
    dataset option. The subquery, literal and `(select` patterns above are SAS tokens and stay in code."""
    return regex.compile(rf"\b{sas_statements.words('conditions')}\b|\bwhere\s*=\s*\(", regex.IGNORECASE)


def _token_facts(statement: str, offset: int, positions: Positions) -> Iterator[Fact]:
    """The least a statement yields when no grammar reads it: its string literals and its comparisons."""
    for m in _TOKEN_LITERAL.finditer(statement):
        start = offset + positions.width(statement[: m.start()])
        yield positions.fact("literal.string", start, start + positions.width(m.group()), m.group())
    condition = _condition().search(statement)
    if condition:
        tail = THEN.split(statement[condition.start() :], maxsplit=1)[0]
        yield from compare_facts(tail, offset + positions.width(statement[: condition.start()]), positions)
