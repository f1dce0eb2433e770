"""personal-data.*: names, street addresses, phone numbers, e-mail addresses and birth dates in comments, string
literals and free text (log lines, markdown, plain text). Code itself is not read, so a variable called
`first_name` or a column `Hansen` is no finding; the detectors live in scanner/detectors/personal.py."""

from __future__ import annotations

from collections.abc import Iterator

from ..detectors import personal
from ..model import Fact, Finding
from .context import Context

CONSUMES = ("comment", "literal.string", "text")


def _position(fact: Fact, offset: int) -> tuple[int, int]:
    """File line and column of `offset` into the fact's text (a block comment may span lines)."""
    newlines = fact.text.count("\n", 0, offset)
    if not newlines:
        return fact.line, fact.column + offset
    return fact.line + newlines, offset - fact.text.rfind("\n", 0, offset)


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    names = ctx.settings.extra_names
    text = fact.text
    for hit in personal.find(text, names):
        line, column = _position(fact, hit.start)
        end_line, end_column = _position(fact, hit.end)
        at = Fact(fact.kind, line, column, end_line, end_column, hit.text)
        first = text.rfind("\n", 0, hit.start) + 1
        last = text.find("\n", hit.start)
        source = text[first : len(text) if last < 0 else last].strip()
        # Masked as any evidence of this kind of file (digits of printed output too): a reviewer sees what kind of
        # text it was, never the values.
        yield ctx.finding(hit.rule, at, hit.message, source)
