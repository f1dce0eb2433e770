"""How the `printed-rows.*` rules of printed tables are found (what they flag: patterns/rules/printed-rows.toml).

Reads `table` facts (scanner/outputs/table.py) and decides here whether a table's rows are individuals: a listing
command printed it (the echoed command's intent is `print`), its layout lists records by nature (PROC PRINT, Stata
`list`, a printed data frame; patterns/outputs.toml [printed-rows]), or it has a person-key column, or per-row
dates, or many distinct rows of plain values and no aggregate statistic (not in a result file: CSV, XLSX, HTML,
LaTeX, RTF, whose tables are distinct by design). Model output never lists individuals.
One finding per printed table, at its first row, its message naming the last line: a reviewer removes the
statement that printed it once, so one finding per row would only bury the other findings. A long table arrives in
parts; the last part carries the whole table's first line and row count.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from ..model import Fact, Finding
from ..outputs.table import MODEL_STATISTICS, Statistic, Table
from ..resources import load_toml
from .context import Context

CONSUMES = ("table",)
# Statistics of aggregates: a table holding them shows groups, not persons (unless it also shows a person key).
_AGGREGATES: frozenset[Statistic] = frozenset(
    {"count", "cumulative", "percent", "mean", "median", "sd", "min", "max", "range", "quantile"}
)


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = load_toml("patterns", "outputs.toml")["printed-rows"]
    return data


def rule_for(table: Table) -> str:
    """The catalogue id for a listing of this medium and layout: the medium's own (patterns/outputs.toml
    [printed-rows.media]), else the one of the layout's longest dotted prefix ([printed-rows.rules])."""
    media: dict[str, str] = _data()["media"]
    if table.medium in media:
        return media[table.medium]
    rules: dict[str, str] = _data()["rules"]
    parts = table.layout.split(".")
    for end in range(len(parts), 0, -1):
        key = ".".join(parts[:end])
        if key in rules:
            return rules[key]
    raise KeyError(f"no printed-rows rule for layout {table.layout!r}: map it in patterns/outputs.toml")


def individuals(table: Table) -> bool:
    """Whether the table's rows are individuals' records."""
    if table.model:
        return False
    if table.command is not None and table.command.intent is not None:
        return table.command.intent == "print"
    statistics = table.statistics()
    # a column of person keys, observation numbers or dates (a row so labelled is a statistic, not a record)
    columns = {c.statistic for c in table.columns}
    if columns & {"key", "obs"}:
        return True
    if statistics & _AGGREGATES:
        return False
    if table.layout in _data()["layouts"] or "date" in columns:
        return True
    if table.medium not in _data()["distinct_media"] or table.layout in _data()["results"]:
        return False
    if statistics & MODEL_STATISTICS:
        return False  # many distinct rows of estimates are not records
    distinct = {row.text.strip() for row in table.rows}
    return len(distinct) >= int(_data()["distinct_rows"]) and len(table.columns) >= 2


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    table = fact.table
    if table is not None and table.complete and table.total_rows and individuals(table):
        at = Fact("table", table.first_line, 1, table.first_line, len(table.first_text) + 1, table.first_text)
        yield _finding(at, ctx, rule_for(table), table.total_rows, table.last_line, table.first_text)


def _finding(at: Fact, ctx: Context, rule: str, rows: int, last: int, text: str) -> Finding:
    where = f"lines {at.line}-{last}" if last > at.line else f"line {at.line}"
    message = f"{rows} printed row{'s' if rows != 1 else ''} of individual data ({where})"
    return ctx.finding(rule, at, message, text.strip()[:200])
