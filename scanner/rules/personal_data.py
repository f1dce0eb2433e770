"""How the `personal-data.*` rules are found (what they flag: patterns/rules/personal-data.toml): the detectors of
scanner/detectors/personal.py read comments, string literals and free text, never code itself.

What a program says about the people who make it is no research subject's data (docs/detectors.md, "Who wrote
it"): a comment block that credits an author is credits throughout, and an e-mail address written into a program
(a comment, a string, the prose of a notebook or R Markdown file) is its authors' or recipients' contact; research
subjects' addresses come from data, so they are looked for in outputs, logs and plain text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from ..config import Settings
from ..detectors import Hit, personal
from ..model import Fact, Finding, line_fact
from . import gate
from .context import Context

CONSUMES = ("comment", "literal.string", "text")
# Text facts the program front ends mark as the program's own words, not data or output.
_PROSE = ("prose", "front-matter")
_EMAIL = "personal-data.email"
# What a program's own words say about the people who make it: a name or a phone number there is a research
# subject's only beside a subject word or other personal data of another kind on its line.
_ALONE = frozenset(("personal-data.name", "personal-data.phone"))
_ALONGSIDE = frozenset(
    ("personal-data.name", "personal-data.address", "personal-data.phone", "personal-data.birth-date")
)


def _position(fact: Fact, offset: int) -> tuple[int, int]:
    """File line and column of `offset` into the fact's text (a block comment may span lines)."""
    newlines = fact.text.count("\n", 0, offset)
    if not newlines:
        return fact.line, fact.column + offset
    return fact.line + newlines, offset - fact.text.rfind("\n", 0, offset)


class _Last(NamedTuple):
    """The fact read before: its kind and source, last line and text, and whether it was credits (None: not
    worked out, for a line of text that had no name, e-mail address or phone number)."""

    what: tuple[str, str]
    end_line: int
    text: str
    credit: bool | None


def _credited(fact: Fact, ctx: Context, needed: bool) -> bool:
    """The fact is part of a comment block (or an R Markdown header) that credits an author: a block comment, or
    line comments on consecutive lines, holding a credit line from that line on. Any other line is a credit when it
    holds one, or continues the credit line right above it; worked out only when `needed` (most log lines)."""
    names = ctx.settings.extra_names
    source = fact.attrs.get("source", "")
    last = ctx.state.get(__name__)
    if isinstance(last, Fact):  # a line the gate skipped, kept as it was: its credit is not worked out
        last = _Last((last.kind, last.attrs.get("source", "")), last.end_line, last.text, None)
    before = last if isinstance(last, _Last) and last.what == (fact.kind, source) else None
    before = before if before is not None and before.end_line >= fact.line - 1 else None
    credit: bool | None
    if fact.kind == "comment" or source == "front-matter":
        credit = personal.credits(fact.text, names) or bool(before and before.credit)
    elif needed:
        credit = personal.credits(fact.text, names) or bool(
            before
            and personal.continues(fact.text, names)
            and (before.credit if before.credit is not None else personal.credits(before.text, names))
        )
    else:
        credit = None
    ctx.state[__name__] = _Last((fact.kind, source), fact.end_line, fact.text, credit)
    return bool(credit)


def _subject(text: str, hit: Hit, hits: list[Hit], names: tuple[str, ...]) -> bool:
    """A name or phone number in a program's own words is a research subject's when its line says so (`patient`,
    `case`, ...) or holds personal data of another kind (a name beside a phone number, an address, a birth date)."""
    first = text.rfind("\n", 0, hit.start) + 1
    last = text.find("\n", hit.end)
    last = len(text) if last < 0 else last
    if any(o.rule in _ALONGSIDE and o.rule != hit.rule and first <= o.start < last for o in hits):
        return True
    return personal.about_subject(text, first, last, names)


def _gate(text: str, settings: Settings) -> Iterator[int]:
    return personal.marked(text, settings.extra_names)


gate.register(__name__, _gate)


def check(fact: Fact, ctx: Context) -> Iterable[Finding]:
    passed = gate.passed(ctx, __name__)
    if passed:  # the engine passed over the line before (gate.quiet): as kept below
        ctx.state[__name__] = line_fact(*passed[-1])
    if not gate.skipped(fact, ctx, __name__):
        return _check(fact, ctx)
    # Still the line before the next one, whose credit may continue from it: kept as it is, and read as a record
    # only if the next line needs it. A front-matter line's credit carries on down its block, so it is worked out.
    if fact.attrs.get("source") == "front-matter":
        _credited(fact, ctx, False)
    else:
        ctx.state[__name__] = fact
    return ()


def _check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    names = ctx.settings.extra_names
    text = fact.text
    hits = list(personal.find(text, names))
    credited = _credited(fact, ctx, any(hit.rule in personal.CREDITED for hit in hits))
    contact = fact.kind in ("comment", "literal.string") or fact.attrs.get("source") in _PROSE
    own_words = fact.kind == "comment" or fact.attrs.get("source") in _PROSE
    for hit in hits:
        if (credited and hit.rule in personal.CREDITED) or (contact and hit.rule == _EMAIL):
            continue
        if own_words and hit.rule in _ALONE and not _subject(text, hit, hits, names):
            continue
        line, column = _position(fact, hit.start)
        end_line, end_column = _position(fact, hit.end)
        at = Fact(fact.kind, line, column, end_line, end_column, hit.text)
        first = text.rfind("\n", 0, hit.start) + 1
        last = text.find("\n", hit.start)
        source = text[first : len(text) if last < 0 else last].strip()
        # Masked as any evidence of this kind of file (digits of printed output too): a reviewer sees what kind of
        # text it was, never the values.
        yield ctx.finding(hit.rule, at, hit.message, source)
