"""How `small-cell.survival` is found (what it flags: patterns/rules/small-cell.toml).

The layouts (R `summary(survfit)`, PROC LIFETEST's product-limit table, Stata `sts list`, lifelines' event table)
are columns of numbers under a header of one to three lines; which header words name the number at risk and the
events is data (patterns/checks.toml [survival]). No layout recogniser of the table model reads them yet, so this
rule reads the lines of logs and outputs itself: a run of rows of numbers under a header
naming such a column is a survival table. It reads the `text` facts the front ends emit for the lines that no
recogniser took, in their line order, so the file is not read twice. One finding per table, at its first row
below the threshold.

Its gate (scanner/rules/gate.py) marks the lines that start with three numbers, a superset of its rows, so that the
engine need not give it the other lines (`quiet`). The lines passed over are no rows: each would only end a table
and be kept as a header line, which the rule does with them when it is next given a line (`gate.passed`), so it
judges as if it had read every line.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from .. import mask
from ..config import Settings
from ..detectors.prefilter import Loose, Prefilter, default_engine
from ..frontends import Document
from ..frontends.logs.common import LINE_LIMIT, Span, words
from ..model import Fact, Finding
from ..outputs.layouts import normal
from . import gate
from .cells import words as checks
from .context import Context

CONSUMES = ("text",)
KINDS = frozenset(("log", "listing", "other", "document"))
# A value of a survival table: a number, a censored time (`44.000*`, SAS), or a missing value.
_VALUE = re.compile(r"^(?:[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\*?|\.)$")
_RULE = re.compile(r"^[\s\-=+|]*$")  # a separator line (dashes), or blank
_HEADER_LINES = 3
# The lines before a row that `_start` may read: a separator, the header and the blank that ends a gap.
_RECENT = _HEADER_LINES + 2
_NUMBERS = re.compile(r"^[\s\d.eE+\-*]+$")
# A line that starts with three pieces that each start as a number does: every row (`_row`) is one, whole or cut
# at LINE_LIMIT (its first three values start before the cut). `[^\S\n]` is `\s` within a line of the window; the
# line break before the line, and the possessive quantifiers (the classes next to each other are disjoint, so
# nothing is lost), make the search three times as fast.
_THREE = re.compile(r"\n[^\S\n]*+(?:[-+]?[\d.]\S*+[^\S\n]++){2}[-+]?[\d.]")


@cache
def _columns() -> dict[str, str]:
    """Header label (normalised) -> `at risk` or `events`."""
    survival = checks()["survival"]
    return {**{w: "events" for w in survival["events"]}, **{w: "at risk" for w in survival["at_risk"]}}


@cache
def _hint() -> re.Pattern[str]:
    """A word of a survival column's header, as a whole word of four letters or more (so `at` in `data` does not
    count), in a lower-cased line: lines without one cannot head a survival table. (Lower-casing first and matching
    case-sensitively is several times faster than an IGNORECASE search.)"""
    parts = {part for label in _columns() for part in label.split() if len(part) >= 4}
    alternatives = "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w.])")


@dataclass(slots=True)
class _Table:
    width: int  # values per row
    watched: list[tuple[int, str, str]]  # (value index, header label, at risk | events)
    reported: bool = False


@dataclass(slots=True)
class _Reader:
    """The lines of one file seen so far, as its `text` facts arrive in line order (kept on the rule context)."""

    recent: deque[str] = field(default_factory=lambda: deque(maxlen=_RECENT))
    last: int = 0  # the line of the previous text fact
    table: _Table | None = None


def idle(doc: Document) -> bool:
    """Nothing to read in this document (scanner/rules/gate.py `quiet`): not a log or an output."""
    return doc.kind not in KINDS


# `_THREE` as Hyperscan can search it (scanner/detectors/prefilter.py), a superset on the text as Hyperscan reads
# it, Latin-1 with every character above U+00FF a `?`: `re`'s `\s` within a line is `_SPACE` (and some characters
# above U+00FF), its `\d` 0-9 (and some above U+00FF), so a `?` may stand for either.
_SPACE = r"\t\x0b\x0c\r \x1c-\x1f\x85\xa0"
_LOOSE_THREE = rf"^[{_SPACE}?]*(?:[-+]?[0-9.?][^\n{_SPACE}]*[{_SPACE}?]+){{2}}[-+]?[0-9.?]"


@cache
def _rows(engine: str) -> Prefilter:
    return Prefilter([Loose("survival", _LOOSE_THREE)], engine)


def _gate(text: str, settings: Settings) -> Iterator[int]:
    """The starts of the lines `_THREE` matches. With Hyperscan, only the lines `_LOOSE_THREE` marks are searched
    by `_THREE` (the whole window in `re` cost 6% of a listing's scan); otherwise the window is searched whole."""
    rows = _rows(default_engine())
    if rows.engine != "hyperscan":
        # a match starts at the line break before its line: in the text after one more at the front, the line's start
        return (match.start() for match in _THREE.finditer("\n" + text))
    return (start for start, end, _ in rows.spans(text) if _THREE.match("\n" + text[start:end]))


gate.register(__name__, _gate)


def _row(line: str) -> list[Span] | None:
    """The values of a row of numbers (three or more), None for any other line."""
    # Most lines of a log are not rows of numbers: one match tells, before the line is split.
    values = words(line) if _NUMBERS.match(line) else []
    return values if len(values) >= 3 and all(_VALUE.match(v.text) for v in values) else None


def _next(reader: _Reader, number: int) -> None:
    """Line `number` is read: blank lines (no text fact) before it end a table, and are kept as one blank."""
    if number > reader.last + 1:
        reader.recent.append("")
        reader.table = None
    reader.last = number


def _other(reader: _Reader, number: int, line: str) -> None:
    """A line that is no row: it ends a table, and may head the next."""
    _next(reader, number)
    reader.table = None
    reader.recent.append(line)


def check(fact: Fact, ctx: Context) -> tuple[Finding, ...]:
    # Called for every line of text of every log the engine does not pass over: a plain function, no generator,
    # and little work for most lines.
    if idle(ctx.doc):
        return ()
    reader = ctx.state.get(__name__)
    if not isinstance(reader, _Reader):
        reader = ctx.state[__name__] = _Reader()
    for number, text in gate.passed(ctx, __name__):
        _other(reader, number, text[:LINE_LIMIT])
    line = fact.text[:LINE_LIMIT]
    values = _row(line)
    if values is None:
        _other(reader, fact.line, line)
        return ()
    _next(reader, fact.line)
    found: tuple[Finding, ...] = ()
    if reader.table is not None and len(values) != reader.table.width:
        reader.table = None
    if reader.table is None:
        reader.table = _start(list(reader.recent), values)
    if reader.table is not None and not reader.table.reported:
        finding = _judge(reader.table, values, fact.line, ctx)
        if finding is not None:
            reader.table.reported = True
            found = (finding,)
    reader.recent.append(line)
    return found


def _start(recent: list[str], row: list[Span]) -> _Table | None:
    """A survival table if the lines above the first row (one blank or dashed line may come between) head a column
    of numbers at risk or of events."""
    lines = list(recent)
    if lines and _RULE.match(lines[-1]):
        lines.pop()
    header: list[str] = []
    while lines and not _RULE.match(lines[-1]) and len(header) < _HEADER_LINES:
        header.insert(0, lines.pop())
    if not header or not any(_hint().search(h.lower()) for h in header):
        return None
    # Per column, its header words on each header line; a label may span lines ("Number" over "Left"), and a title
    # line above the header may lend words to a column, so every run of consecutive lines is tried.
    parts: list[list[str]] = [["" for _ in header] for _ in row]
    for k, text in enumerate(header):
        for word in words(text):
            column = parts[_nearest(word, row)]
            column[k] = f"{column[k]} {word.text}".strip()
    known = _columns()
    watched = []
    for i, lines in enumerate(parts):
        runs = (" ".join(w for w in lines[a:b] if w) for a in range(len(lines)) for b in range(len(lines), a, -1))
        label = next((run for run in runs if normal(run) in known), None)
        if label is not None:
            watched.append((i, label, known[normal(label)]))
    return _Table(len(row), watched) if watched else None


def _nearest(word: Span, row: list[Span]) -> int:
    """The column a header word belongs to: numbers are right-aligned under their header, so the value whose
    extent overlaps the word most, then the nearest right edge."""
    return min(
        range(len(row)),
        key=lambda i: (-(min(word.end, row[i].end) - max(word.start, row[i].start)), abs(word.end - row[i].end)),
    )


def _judge(table: _Table, row: list[Span], number: int, ctx: Context) -> Finding | None:
    for index, label, kind in table.watched:
        value = row[index].text
        if not value.isdigit() or not 0 < int(value) < ctx.settings.min_cell:
            continue
        # The time of the row stays masked: at the tail of a curve it is a person's time of event.
        clear = f"time {row[0].text}, column '{label}'"
        hidden = f"time {mask.digits(row[0].text)}, column '{label}'"
        what = "persons at risk" if kind == "at risk" else "events"
        message = (
            f"survival table: {what} below {ctx.settings.min_cell} at {clear if ctx.settings.unmask else hidden}; "
            "from here each row is a few persons' times of event"
        )
        at = Fact("text", number, row[index].start + 1, number, row[index].end + 1, value)
        return ctx.finding(
            "small-cell.survival", at, message, f"{clear}: {value}", masked=f"{hidden}: {ctx.settings.cell_mask}"
        )
    return None
