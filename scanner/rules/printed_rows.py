"""How the `printed-rows.*` rules of printed tables are found (what they flag: patterns/rules/printed-rows.toml).

Reads `table` facts (scanner/outputs/table.py) and decides here whether a table's rows are individuals: a listing
command printed it (the echoed command's intent is `print`), its layout lists records by nature (PROC PRINT, Stata
`list`, a printed data frame; patterns/outputs.toml [printed-rows]), or it has a person-key column, or per-row
dates, or many distinct rows of plain values and no aggregate statistic (not in a result file: CSV, XLSX, HTML,
LaTeX, RTF, whose tables are distinct by design), or, in a data file (a CSV, a sheet, a whitespace-separated text
file), values that say persons (scanner/rules/microdata.py: a measure beside a 0/1 flag or among repeated rows;
not a row per category named in words; a long file judged on its first part of 1,000 rows). Model output never
lists individuals, and neither do rows that only look like records (issue 12): descriptions of tables or
variables, SAS statistics data sets, tests and estimates, matrices, a message repeated with a counter, well-known
public teaching data sets (`results`).
One finding per printed table, at its first row, its message naming the last line: a reviewer removes the
statement that printed it once, so one finding per row would only bury the other findings. A long table arrives in
parts; the last part carries the whole table's first line and row count.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from itertools import pairwise
from typing import Any

from ..model import Fact, Finding
from ..outputs.groups import flags, groups
from ..outputs.layouts import normal, statistic
from ..outputs.readers.tabulate import unnamed
from ..outputs.table import AGGREGATES, MODEL_STATISTICS, Table
from ..resources import load_toml
from .cells import public, view
from .context import Context
from .microdata import records

CONSUMES = ("table",)


_NUMBER = re.compile(r"^[-+(]?[\d.,]+%?\)?$")


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
    # time steps, counts per place or time, places (scanner/outputs/groups.py) are no records: the dearest test,
    # and one that only rules out, so asked last, of the few tables the others take for records (a listing's
    # 15,000 tables of counts asked it first: 10% of their scan)
    return _records(table) and not groups(table)


def _records(table: Table) -> bool:
    """`individuals` but for groups of persons or time."""
    intent = table.command.intent if table.command is not None else None
    seen = view(table)
    # model output, or a command known to print no records (a log's crosstab: asked first, being cheap)
    if seen.model or intent not in (None, "print"):
        return False
    statistics = seen.statistics - {"count"} if _flagged(table) else seen.statistics
    columns = seen.header.statistics
    if intent is not None:
        # a listing command prints records, unless what it lists are aggregates or estimates (a list after
        # collapse, predicted rates with their limits) and no person key
        keyed = columns & {"key", "obs"}
        return bool(keyed) or not statistics & (AGGREGATES | MODEL_STATISTICS)
    if statistics & AGGREGATES and not columns & {"key", "obs"}:
        return False  # aggregates and no key (most tables: asked before the label tests, which only rule out too)
    if any(normal(c.label) in _data()["statistics_columns"] for c in table.columns) or _described(table):
        return False  # a SAS statistics data set (`_TYPE_`, `_STAT_`) printed with its Obs column, or metadata
    # a column of person keys, observation numbers or dates (a row so labelled is a statistic, not a record)
    if "key" in columns:
        return True
    if "obs" in columns:  # a printed data set, unless a design or a table of counts: each combination once
        # or a procedure's output data set of estimates: an aggregate beside its standard error or limits
        if columns & {"se", "ci"} and columns & {"count", "mean", "median"}:
            return False
        rows = [row.text.split() for row in table.rows if row.text.strip()]
        return not _grid(table, rows) and not _lattice(_uncounted(rows))
    if results(table) or public(table):
        return False
    if table.layout in _data()["layouts"] or "date" in columns:
        return True
    if statistics & MODEL_STATISTICS:
        return False  # many distinct rows of estimates are not records
    if table.layout in _data()["data_layouts"]:
        # a data file: its rows are persons by their values (no key, no dates: a cohort extract without its pnr)
        names, rows = [unnamed(c.label) for c in table.columns], table_values(table)
        return not _categories(rows) and records(names, rows, int(_data()["data_rows"]), by_measures=False)
    if table.medium not in _data()["distinct_media"] or table.layout in _data()["results"]:
        return False
    distinct = {row.text.strip() for row in table.rows}
    return len(distinct) >= int(_data()["distinct_rows"]) and len(table.columns) >= 2


def _flagged(table: Table) -> bool:
    """A listing of rows by nature whose columns named as counts of persons in groups hold only 0 and 1: flags per
    row (persons with a `population` flag: in the study population or not), not counts."""
    return table.layout in _data()["layouts"] and flags(table)


def table_values(table: Table) -> list[list[str]]:
    """The rows as values by column: a row's label (its first cell of text) first, each cell in its column."""
    width = len(table.columns)
    grid = []
    for row in table.rows:
        values = [""] * max(width, max((c.column + 1 for c in row.cells), default=0))
        if row.label and values:
            values[0] = unnamed(row.label)
        for cell in row.cells:
            if cell.column >= 0:
                values[cell.column] = cell.text.strip()
        grid.append(values)
    return grid


def _categories(rows: list[list[str]]) -> bool:
    """Each row named by a different category in words (municipalities, diagnoses): a row per group, whatever the
    numbers beside it. Persons' ids carry digits."""
    labels = [row[0] if row else "" for row in rows]
    return all(label and not any(ch.isdigit() for ch in label) for label in labels) and len(set(labels)) == len(labels)


def _described(table: Table) -> bool:
    """A description of tables or variables (its `ID` is a variable's number), or a list of settings."""
    named = [label for c in table.columns if (label := normal(c.label))]
    described = sum(label in _data()["metadata"] for label in named)
    if described >= 2 and 2 * described >= len(named):
        return True
    return len(named) == 2 and named[0] in _data()["settings"] and named[1] in _data()["described"]


def results(table: Table) -> bool:
    """Rows that only look like records: model results (three columns of them, as precision, recall and F1, or
    nothing else, or an intercept), a table of tests (degrees of freedom), rows named by statistics (Mean, StD),
    a named vector printed in blocks, estimates (significance stars, bracketed intervals), a matrix whose rows are
    named like its columns (correlations, loadings), one message repeated with a counter (an iteration log, a
    LaTeX log), or every combination of a few categories once (a grid)."""
    named = [c for c in table.columns if c.label.strip()]
    model = sum(c.statistic in MODEL_STATISTICS for c in named)
    if model >= 3 or (model and model == len(named)) or any(c.statistic == "df" for c in named):
        return True
    if any(normal(c.label) in _data()["model_columns"] for c in named):
        return True
    if table.layout == "r.frame" and _unnamed(table):
        return True
    rows = [row.text.split() for row in table.rows if row.text.strip()]
    if not rows:
        return False
    if all(statistic(row[0]) in AGGREGATES for row in rows):
        return True  # each row named by the statistic it holds (Mean, StD)
    estimates = _pattern("estimates")
    numeric = [row for row in rows if any(ch.isdigit() for ch in "".join(row))]
    if numeric and 3 * sum(bool(estimates.search(" ".join(row))) for row in numeric) >= len(numeric):
        return True
    return _matrix(table, rows) or _repeated(table, rows) or _grid(table, rows)


def _grid(table: Table, rows: list[list[str]]) -> bool:
    """Every combination of a few categories, once each (response profiles, expand.grid, predictions over such a
    grid): a design, not persons. The leading columns' values multiply to the number of rows, each combination
    once. Row names or a leading counter (1, 2, 3, ...) are left out, and a header that is the grid's first row (a
    fixed-width reader takes it for one) counts as a row."""
    header = [c.label for c in table.columns]
    width = len(header)
    if len(rows) >= 3 and all(len(row) == width + 1 for row in rows):
        rows = [row[1:] for row in rows]  # R prints row names before the columns
    if len(rows) < 3 or width < 3 or any(len(row) != width for row in rows):
        return False
    if _NUMBER.match(header[0]):
        rows = [header, *rows]
    rows = _uncounted(rows)
    counts = [len({row[i] for row in rows}) for i in range(len(rows[0]))]
    for end in range(len(counts), 1, -1):
        # all columns a grid, or (with enough rows to tell) the first ones a grid and the rest values over it
        enough = end == len(counts) or len(rows) >= 6
        product = math.prod(counts[:end]) if enough and min(counts[:end]) >= 2 else 0
        if product == len(rows) and len({tuple(row[:end]) for row in rows}) == len(rows):
            return True
    return False


def _uncounted(rows: list[list[str]]) -> list[list[str]]:
    """The rows without a leading counter (1, 2, 3, ...: SAS's Obs), when they have one."""
    first = [row[0] for row in rows]
    if (
        first
        and all(x.isdecimal() for x in first)
        and [int(x) for x in first] == list(range(int(first[0]), int(first[0]) + len(first)))
    ):
        return [row[1:] for row in rows]
    return rows


def _lattice(rows: list[list[str]]) -> bool:
    """The two leading columns step by a fraction in nested-loop order (`do y = -2 to 2 by 0.1; do x = -0.5 to 3
    by 0.1;`), the inner one through the same values under each outer one: a function tabulated over a grid for a
    contour or surface plot, not records. Unlike `_grid` it needs only the rows a table keeps (the first of a long
    listing). Whole steps are records: persons' visits run the same way under their subject numbers."""
    try:
        pairs = [(float(row[0]), float(row[1])) for row in rows if len(row) >= 3]
    except ValueError:
        return False
    if len(pairs) < 20 or len(pairs) < len(rows):
        return False
    outer: list[float] = []
    blocks: list[list[float]] = []
    for y, x in pairs:
        if not outer or y != outer[-1]:
            outer.append(y)
            blocks.append([])
        blocks[-1].append(x)
    inner = blocks[0]
    if len(blocks) < 2 or len(inner) < 5 or len(set(outer)) < len(outer):
        return False
    if any(len(b) != len(inner) for b in blocks[:-1]) or any(b != inner[: len(b)] for b in blocks):
        return False
    return _fraction_steps(inner) and _fraction_steps(outer)


def _fraction_steps(values: list[float]) -> bool:
    """Evenly spaced by a step that is no whole number (as printed: to a millionth)."""
    step = values[1] - values[0]
    even = all(abs(b - a - step) < 1e-6 for a, b in pairwise(values))
    return even and step != 0 and abs(step - round(step)) > 1e-6


def _unnamed(table: Table) -> bool:
    """R prints a data frame's rows after their row names, one word more than its header; rows of exactly as
    many words as the header are a named vector (or a matrix without row names) printed in blocks."""
    width = len(table.columns)
    rows = [row.text.split() for row in table.rows if row.text.strip()]
    return bool(rows) and 2 * sum(len(row) == width for row in rows) > len(rows)


def _matrix(table: Table, rows: list[list[str]]) -> bool:
    """Rows named by variables, columns by the same variables (Stata may abbreviate either: `age70p~s`) or by
    components (`Factor1`, `Prin2`)."""
    labels = [word for c in table.columns for word in normal(c.label).split()]
    names = [row[0].lower() for row in rows if not _NUMBER.match(row[0])]
    if len(labels) < 2 or len(names) < len(rows):
        return False
    components = _pattern("components")
    if all(components.match(label) for label in labels):
        return True
    return 2 * sum(any(_same(label, name) for name in names) for label in labels) >= len(labels)


def _same(a: str, b: str) -> bool:
    """Two variable names alike, either abbreviated the way Stata does (`htdiag_or_~p`)."""
    for short, full in ((a, b), (b, a)):
        if "~" in short:
            head, _, tail = short.partition("~")
            return full.startswith(head) and full.endswith(tail)
    return a == b


def _repeated(table: Table, rows: list[list[str]]) -> bool:
    """Most rows say the words of the header line in the same places and differ in a number: one message printed
    again and again (its first line read as the header), not records. Records that share a value (a sorted
    data set) do not repeat their header's names."""
    width = Counter(len(row) for row in rows).most_common(1)[0][0]
    alike = [row for row in rows if len(row) == width]
    if len(alike) < 3 or 2 * len(alike) < len(rows):
        return False
    header = " ".join(c.label for c in table.columns).split()

    def said(i: int) -> bool:
        word = alike[0][i]
        same = len({row[i] for row in alike}) == 1 and not _NUMBER.match(word)
        return same and (header[i] == word if len(header) == width else word in header)

    return 2 * sum(said(i) for i in range(width)) >= width


@cache
def _pattern(name: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in _data()[name]), re.IGNORECASE)


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    table = fact.table
    if table is None or not table.total_rows:
        return
    if table.layout in _data()["data_layouts"] and (table.part or not table.complete):
        # a long data file is judged on its first part (1,000 rows): its last part may hold a handful
        key = f"printed-rows.data:{table.first_line}"
        if table.part == 0:
            ctx.state[key] = individuals(table)
        if not table.complete or not ctx.state.pop(key, False):
            return
    elif not table.complete or not individuals(table):
        return
    at = Fact("table", table.first_line, 1, table.first_line, len(table.first_text) + 1, table.first_text)
    yield _finding(at, ctx, rule_for(table), table.total_rows, table.last_line, table.first_text)


def _finding(at: Fact, ctx: Context, rule: str, rows: int, last: int, text: str) -> Finding:
    where = f"lines {at.line}-{last}" if last > at.line else f"line {at.line}"
    message = f"{rows} printed row{'s' if rows != 1 else ''} of individual data ({where})"
    return ctx.finding(rule, at, message, text.strip()[:200])
