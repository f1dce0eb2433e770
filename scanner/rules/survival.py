"""small-cell.survival: a Kaplan-Meier or life table whose number at risk, or whose events between two time points,
fall below the threshold: at the tail of a curve each row is one person's time of event or censoring.

The layouts (R `summary(survfit)`, PROC LIFETEST's product-limit table, Stata `sts list`, lifelines' event table)
are columns of numbers under a header of one to three lines; which header words name the number at risk and the
events is data (patterns/checks.toml [survival]). No layout recogniser of the table model reads them yet, so this
rule reads the lines of logs and outputs itself, in one forward pass: a run of rows of numbers under a header
naming such a column is a survival table. One finding per table, at its first row below the threshold.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from .. import mask
from ..frontends import Document
from ..frontends.logs.common import LINE_LIMIT, Span, words
from ..model import Fact, Finding
from ..outputs.layouts import normal
from . import Context
from .cells import words as checks

KINDS = frozenset(("log", "listing", "other", "document"))
# A value of a survival table: a number, a censored time (`44.000*`, SAS), or a missing value.
_VALUE = re.compile(r"^(?:[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\*?|\.)$")
_RULE = re.compile(r"^[\s\-=+|]*$")  # a separator line (dashes), or blank
_HEADER_LINES = 3


@cache
def _columns() -> dict[str, str]:
    """Header label (normalised) -> `at risk` or `events`."""
    survival = checks()["survival"]
    return {**{w: "events" for w in survival["events"]}, **{w: "at risk" for w in survival["at_risk"]}}


@cache
def _hint() -> re.Pattern[str]:
    """Any header word of a survival column: lines without one cannot head a survival table."""
    parts = {part for label in _columns() for part in label.split()}
    return re.compile("|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True)), re.IGNORECASE)


@dataclass(slots=True)
class _Table:
    width: int  # values per row
    watched: list[tuple[int, str, str]]  # (value index, header label, at risk | events)
    reported: bool = False


def check_text(doc: Document, ctx: Context) -> Iterator[Finding]:
    if doc.kind not in KINDS:
        return
    recent: list[str] = []  # the lines before the current one, newest last
    table: _Table | None = None
    for number, raw in enumerate(doc.lines, start=1):
        line = raw[:LINE_LIMIT].rstrip("\r\n")
        values = words(line)
        is_row = len(values) >= 3 and all(_VALUE.match(v.text) for v in values)
        if table is not None and (not is_row or len(values) != table.width):
            table = None
        if table is None and is_row:
            table = _start(recent, values)
        if table is not None and not table.reported:
            finding = _judge(table, values, number, line, ctx)
            if finding is not None:
                table.reported = True
                yield finding
        recent = [*recent[-(_HEADER_LINES + 1) :], line]


def _start(recent: list[str], row: list[Span]) -> _Table | None:
    """A survival table if the lines above the first row (one blank or dashed line may come between) head a column
    of numbers at risk or of events."""
    lines = list(recent)
    if lines and _RULE.match(lines[-1]):
        lines.pop()
    header: list[str] = []
    while lines and not _RULE.match(lines[-1]) and len(header) < _HEADER_LINES:
        header.insert(0, lines.pop())
    if not header or not any(_hint().search(h) for h in header):
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


def _judge(table: _Table, row: list[Span], number: int, line: str, ctx: Context) -> Finding | None:
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
