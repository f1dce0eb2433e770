"""How `printed-rows.inline-data` is found (what it flags: patterns/rules/printed-rows.toml).

The literal is read as a table (scanner/outputs/readers/inline.py) and judged here. Its rows are records when
- it has at least 2 rows and a column named as a person key or a date (patterns/layouts/statistics.toml,
  patterns/identifiers.toml), or a column of dates; or
- it has at least `MIN_ROWS` rows, a column of follow-up times and one of event status named so
  (patterns/outputs.toml `survival_times`, `survival_events`) and no count column; or
- it has at least `MIN_ROWS` rows, at least 3 columns and at least 2 measure columns: numbers that are not codes
  (decimals, or more distinct values than half the rows; not a first column of distinct whole numbers in
  ascending order, which numbers the rows of a lookup).
Lookup tables of codes and labels (ICD-10 to text, municipality to region), `proc format` values and short code
lists have no key, no dates and at most one measure, and stay quiet. One finding per block, on its first line;
evidence is the first row with its letters and digits masked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import pairwise

from .. import mask
from ..identifiers import is_identifier
from ..model import Fact, Finding
from ..outputs.layouts import statistic
from ..outputs.readers import inline
from ..resources import load_toml
from .context import Context

CONSUMES = ("inline.data",)
MIN_ROWS = 5
_DATE = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{2}[A-Za-z]{3}\d{2,4})$")
_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")


def _column(rows: list[list[str]], i: int) -> list[str]:
    return [row[i] for row in rows if i < len(row) and row[i] not in ("", ".", "NA", "None")]


@cache
def _survival() -> tuple[frozenset[str], frozenset[str]]:
    words = load_toml("patterns", "outputs.toml")["printed-rows"]
    return frozenset(words["survival_times"]), frozenset(words["survival_events"])


def _numbering(values: list[str]) -> bool:
    """Distinct whole numbers in ascending order: the codes that number a lookup's rows (101, 147, 151, ...)."""
    if not all(v.lstrip("-+").isdigit() for v in values):
        return False
    numbers = [int(v) for v in values]
    return all(a < b for a, b in pairwise(numbers))


def records(data: inline.Data, extra: tuple[str, ...] = ()) -> bool:
    rows = [row for row in data.rows if row]
    if len(rows) < 2:
        return False
    width = max(len(row) for row in rows)
    named = any(statistic(n) in ("key", "date") or is_identifier(n, extra) for n in data.names)
    dated = any((values := _column(rows, i)) and all(_DATE.match(v) for v in values) for i in range(width))
    if named or dated:
        return True
    if len(rows) < MIN_ROWS:
        return False
    times, events = _survival()
    lowered = {n.lower() for n in data.names}
    if lowered & times and lowered & events and not any(statistic(n) == "count" for n in data.names):
        return True  # (with a count column it is a life table: persons per time and status)
    if width < 3:
        return False
    measures = 0
    for i in range(width):
        values = _column(rows, i)
        if values and all(_NUMBER.match(v) for v in values) and not (i == 0 and _numbering(values)):
            decimals = any("." in v.lstrip("-+").rstrip("0").rstrip(".") for v in values if "." in v)
            measures += decimals or len(set(values)) > len(rows) / 2
    return measures >= 2


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    data = inline.read(fact.text, fact.attrs.get("form", "lines"), fact.attrs.get("columns", ""))
    if not records(data, ctx.settings.extra_identifiers):
        return
    rows = len(data.rows)
    first = " ".join(data.rows[0])
    offset = data.lines[0] if data.lines else 0
    line = fact.line + offset
    # The span is the first row's line as written (a column-wise literal spreads a row over lines: its first line).
    start = fact.column if offset == 0 else 1
    written = fact.text.split("\n")[offset].rstrip()
    at = Fact("inline.data", line, start, line, start + max(len(written), 1), first)
    where = f"lines {fact.line}-{fact.end_line}" if fact.end_line > fact.line else f"line {fact.line}"
    message = f"{rows} rows of individual data typed into the program ({where}); keep microdata out of programs"
    hidden = " ".join(mask.literals(f'"{value}"')[1:-1] for value in data.rows[0])
    yield ctx.finding("printed-rows.inline-data", at, message, first, masked=mask.text(hidden))
