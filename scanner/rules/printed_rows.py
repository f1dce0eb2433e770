"""printed-rows.*: individual-level rows printed into a log, listing, console transcript or notebook output.

What it flags: a run of printed observation rows (a PROC PRINT listing, a data-step error dump, `put` output, a
printed data frame or tibble, a Stata `list` box, a DataFrame rendered in a notebook).
Why: each row is one person's record; it must not leave the research machine.
One finding per printed block, at its first row, its message naming the block's last line: a reviewer removes
the statement that printed the block once, so one finding per row would only bury the other findings.
Evidence shows the first row's layout with every digit masked.
Known limits: a listing without an observation column or header rule (PROC PRINT NOOBS) is read as text.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Fact, Finding
from . import Context

CONSUMES = ("listing.row",)


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    rows = int(fact.attrs.get("rows", "1"))
    last = int(fact.attrs.get("last", fact.end_line))
    where = f"lines {fact.line}-{last}" if last > fact.line else f"line {fact.line}"
    message = f"{rows} printed row{'s' if rows != 1 else ''} of individual data ({where})"
    yield ctx.finding(fact.attrs["rule"], fact, message, fact.text.strip()[:200])
