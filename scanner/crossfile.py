"""small-cell.cross-file: the same table in two output files of one project, for two nested populations whose
counts differ in total by fewer persons than the threshold (all patients in one file, all but one municipality in
another): subtracting one from the other gives the small group, though neither file has a small cell.

Tables of one file are compared by `rules/subtraction.py`; tables of two files are read by different workers, so
this is a project-level step (like provenance) after every file is back, before `engine.settle`. A worker keeps
only each table's margins (`keep`: the shape's digest, and per row the sum of its counts and where it stands) in
`FileResult.margins`, bounded per file; `link` then compares tables of the same shape from different files, each
with at most the last `_RECENT` of its shape. Pure function of the results, sorted first: deterministic.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from . import mask
from .config import Settings
from .model import FileResult, Finding
from .registry import get

if TYPE_CHECKING:
    from .outputs.table import Table
    from .rules.cells import Counts, View

RULE = "small-cell.cross-file"
_TABLES = 50  # tables kept per file
_ROWS = 50  # rows kept per table (a longer table is kept by its first rows only)
_RECENT = 16  # earlier tables of one shape a table is compared with

# (digest of the shape, the table's first line, [(row label, margin, line, column, end column), ...])
Margins = tuple[str, int, list[tuple[str, int, int, int, int]]]


def keep(table: Table, kept: list[Margins]) -> None:
    """Record a complete table's row margins (the sum of each row's counts, totals left out)."""
    if len(kept) >= _TABLES or not table.complete or table.part:
        return
    view, shape_and_counts = _readers()
    if view(table).model:
        return

    shape, counts = shape_and_counts(table)
    if len(counts) < 2:
        return
    rows: dict[str, tuple[str, int, int, int, int]] = {}
    for (row, _), (value, cell, label, _) in counts.items():
        if row in rows:
            first = rows[row]
            rows[row] = (first[0], first[1] + value, *first[2:])
        elif len(rows) < _ROWS:
            rows[row] = (label, value, cell.line, cell.start, cell.end)
    digest = hashlib.sha256(repr(shape).encode()).hexdigest()[:16]
    kept.append((digest, table.first_line or next(iter(rows.values()))[2], list(rows.values())))


@cache
def _readers() -> tuple[Callable[[Table], View], Callable[[Table], tuple[tuple[object, ...], Counts]]]:
    """The table checks' readers, imported once (an import statement per table cost 2% of a Stata log's scan) by
    the workers that read tables; the main process links results (a rescan) without the table rules."""
    from .rules.cells import view
    from .rules.subtraction import shape_and_counts

    return view, shape_and_counts


def link(results: Sequence[FileResult], settings: Settings) -> list[FileResult]:
    """Add a finding to the later file (in path order) of each pair of same-shape tables in two files whose margins
    are nested and differ in total by 1 .. min_cell - 1; the files that got one."""
    if not settings.rule_enabled(RULE, "small-cell"):
        return []
    seen: dict[str, deque[tuple[str, int, list[tuple[str, int, int, int, int]], int]]] = defaultdict(
        lambda: deque(maxlen=_RECENT)
    )
    changed: dict[str, FileResult] = {}
    for result in sorted(results, key=lambda r: r.path):
        for digest, line, rows in result.margins:
            total = sum(row[1] for row in rows)
            for path, earlier_line, earlier, earlier_total in seen[digest]:
                # Nested margins differ in all by the difference of their totals: most pairs end here, cheaply.
                if path == result.path or not 0 < abs(total - earlier_total) < settings.min_cell:
                    continue
                finding = _compare(earlier, rows, path, earlier_line, settings)
                if finding is not None:
                    result.findings.append(finding)
                    changed[result.path] = result
                    break
            seen[digest].append((result.path, line, rows, total))
    return list(changed.values())


def _compare(
    earlier: list[tuple[str, int, int, int, int]],
    rows: list[tuple[str, int, int, int, int]],
    path: str,
    line: int,
    settings: Settings,
) -> Finding | None:
    if len(earlier) != len(rows):
        return None
    pairs = [(a[1], b[1]) for a, b in zip(earlier, rows, strict=True)]
    nested = all(b <= a for a, b in pairs) or all(a <= b for a, b in pairs)
    difference = sum(abs(a - b) for a, b in pairs)
    if not nested or not 0 < difference < settings.min_cell:
        return None
    label, value, at_line, column, end = next(r for r, (a, b) in zip(rows, pairs, strict=True) if a != b)
    from .rules.cells import place

    clear, hidden = place(label, "all columns")
    other = path if settings.unmask else mask.path(path, settings.extra_names)
    message = (
        f"this table and the same table in {other} (line {line}) differ by fewer than {settings.min_cell} persons"
        f" in all (first at {clear if settings.unmask else hidden}): subtracting one from the other gives a small"
        " group's counts; export only one of them, or mask the cells that differ"
    )
    rule = get(RULE)
    return Finding(
        rule=rule.id,
        category=rule.category,
        severity=settings.severity_of(rule.id, rule.category, rule.severity),
        line=at_line,
        column=column,
        end_line=at_line,
        end_column=end,
        message=message,
        evidence=f"{hidden}: {settings.cell_mask}",
        clear=f"{clear}: {value} (differs by {difference})",
    )
