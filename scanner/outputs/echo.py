"""Echoed commands type the output after them: one place that turns the facts of an echoed command (from the
program front ends: `output.print`, `output.extreme`, `output.table`, from tree-sitter queries and
grammars/stata/commands.toml) into the `Command` a log reader attaches to the tables it reads next.

Log readers do not re-derive what a command prints with regexes of their own: they pass the facts of the echoed
code here. A block of several commands (a loop, a `quietly {` block, echoed as numbered `  2. ` lines) prints what
its strongest command prints: a listing outranks extremes, extremes outrank a table of counts, and a table of
counts outranks results known not to be records (a test, a model's parts). A fact marked
`quiet` (a command under `quietly`) prints nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Fact
from .table import STATISTICS, Command, Intent, Statistic

# The facts that type an echoed command's output, and what each says it prints.
INTENTS: dict[str, Intent] = {
    "output.print": "print",
    "output.extreme": "extreme",
    "output.table": "table",
    "output.results": "results",
}
# Strongest first: when in doubt, read the output as the more disclosive kind (results only when nothing else prints).
_ORDER: tuple[Intent, ...] = ("print", "extreme", "table", "results")
_STATISTICS: dict[str, Statistic] = {s: s for s in STATISTICS}


def command(facts: Iterable[Fact], text: str, line: int | None, since: int = 0) -> Command | None:
    """The command echoed at `line` with text `text`, typed by the facts of its code that start at or after line
    `since`; None when no fact says it prints anything. Without `line` (a run of echoed code holding several
    statements: a SAS step, a macro's MPRINT lines), the command is the statement of the fact that types it."""
    typed: dict[Intent, Fact] = {}
    for fact in facts:
        if fact.kind in INTENTS and fact.line >= since and not fact.quiet:
            intent = INTENTS[fact.kind]
            # a fact that says what its numbers are outranks one that does not: prop.table(table(x)) prints shares
            if intent not in typed or "statistic" not in typed[intent].attrs:
                typed[intent] = fact
    strongest = next((i for i in _ORDER if i in typed), None)
    if strongest is None:
        return None
    fact = typed[strongest]
    statistic = _STATISTICS.get(fact.attrs.get("statistic", ""))
    if line is None:
        text, line = fact.text, fact.line
    drawn = strongest == "results" and fact.attrs.get("drawn") == "yes"
    return Command(text.strip()[:200], line, strongest, statistic, drawn)
