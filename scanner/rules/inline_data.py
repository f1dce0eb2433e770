"""How `printed-rows.inline-data` is found (what it flags: patterns/rules/printed-rows.toml).

The literal is read as a table (scanner/outputs/readers/inline.py) and judged by the notion of records that data
files share (scanner/rules/microdata.py), from `MIN_ROWS` rows: a person key or date column, follow-up times with
event status, or measure columns (two alone, or one beside a 0/1 flag or among repeated rows). Lookup tables of codes
and labels (ICD-10 to text, municipality to region), `proc format` values and short code lists stay quiet. One
finding per block, on its first line; evidence is the first row with its letters and digits masked.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import mask
from ..model import Fact, Finding
from ..outputs.readers import inline
from .context import Context
from .microdata import records

CONSUMES = ("inline.data",)
MIN_ROWS = 5


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    data = inline.read(fact.text, fact.attrs.get("form", "lines"), fact.attrs.get("columns", ""))
    if not records(data.names, data.rows, MIN_ROWS, ctx.settings.extra_identifiers):
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
