"""Whether rows of plain values are individuals' records, judged by their names and values: the one notion of
"records" that data typed into a program (`printed-rows.inline-data`) and a data file that goes home
(`printed-rows.table` of a CSV, a sheet or a whitespace-separated text file) share.

Rows are records when
- there are at least 2 and a column is named as a person key (patterns/layouts/statistics.toml,
  patterns/identifiers.toml), or, beside another column, one is named as a date or holds dates (not ISO dates in
  ascending order: a series; a lone column of dates is nobody's record, unless named as persons' birth or death
  dates: patterns/outputs.toml `person_dates`); else, from `min_rows`
  rows and with no column named as an aggregate (a count, percentage, mean: a row per group, as a life table's
  persons per time and status), when
- a column of follow-up times and one of event status are named so (patterns/outputs.toml `survival_times`,
  `survival_events`); or
- a measure column (numbers that are not codes: decimals, or more distinct values than half the rows or than 10;
  not a first column of distinct whole numbers in ascending order, which numbers the rows) stands beside a 0/1
  flag (patients' age next to died, shock, frail) or among repeated rows (the same values twice: persons with few
  distinct values each; a table of groups or estimates prints each group once); or
- `by_measures`, rows of at least 3 columns hold 2 measure columns. Typed into a program that is data; a file of
  them may be places, years or estimates, so a data file's reader passes False.
A first column named as a time (`year`) that numbers the rows in order is one unit over time, not persons. Lookup
tables of codes and labels, `proc format` values, short code lists and tables of a row per group stay quiet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from itertools import pairwise
from typing import NamedTuple

from ..identifiers import is_identifier
from ..outputs.layouts import statistic
from ..outputs.table import AGGREGATES
from ..resources import load_toml

_DATE = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{2}[A-Za-z]{3}\d{2,4})$")
_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
_MISSING = frozenset(("", ".", "NA", "None"))
# Repeated rows say records when at least this share of the rows repeats an earlier one.
_REPEATED = 0.1
# A column of more distinct values than this (or than half the rows, whichever is fewer) measures: ages of 735
# persons take 15 values.
_MANY = 10


def _column(rows: list[Sequence[str]], i: int) -> list[str]:
    return [row[i] for row in rows if i < len(row) and row[i] not in _MISSING]


@cache
def _words(name: str) -> frozenset[str]:
    return frozenset(load_toml("patterns", "outputs.toml")["printed-rows"][name])


def _numbering(values: list[str]) -> bool:
    """Distinct whole numbers in ascending order: the codes that number a lookup's rows (101, 147, 151, ...)."""
    if not all(v.lstrip("-+").isdigit() for v in values):
        return False
    numbers = [int(v) for v in values]
    return all(a < b for a, b in pairwise(numbers))


def _dates(values: list[str]) -> bool:
    """A column of dates, unless ISO dates in strictly ascending order: the days of a time series (a yearly
    temperature on 31 December), one row per day, not per person."""
    if not values or not all(_DATE.match(v) for v in values):
        return False
    return not (all(v[4] == "-" for v in values) and all(a < b for a, b in pairwise(values)))


def _named_dates(values: list[str]) -> bool:
    return bool(values) and all(_DATE.match(v) for v in values)


def records(
    names: Sequence[str],
    rows: Sequence[Sequence[str]],
    min_rows: int,
    extra: tuple[str, ...] = (),
    *,
    by_measures: bool = True,
) -> bool:
    kept = [row for row in rows if row]
    if len(kept) < 2:
        return False
    width = max(len(row) for row in kept)
    keyed = any(statistic(n) == "key" or is_identifier(n, extra) for n in names)
    # a date says a record only beside another value of the row: a lone column of dates (the formats a program
    # converts) holds nothing about anyone, unless it is named as persons' birth or death dates
    dated = width >= 2 and (
        any(statistic(n) == "date" for n in names) or any(_dates(_column(kept, i)) for i in range(width))
    )
    born = _words("person_dates")
    dated = dated or any(n.lower() in born and _named_dates(_column(kept, i)) for i, n in enumerate(names[:width]))
    if keyed or dated:
        return True
    if len(kept) < min_rows:
        return False
    said = {statistic(n) for n in names}
    # a column named as an aggregate says the rows are groups; not one named as a model's statistic: one letter
    # names those (`b`, `z`, `p`), and a variable is often called so
    if said & AGGREGATES:
        return False  # a count, a percentage or a mean: a row per group (a life table, a cohort's N)
    lowered = {n.lower() for n in names}
    if lowered & _words("survival_times") and lowered & _words("survival_events"):
        return True
    if names and names[0].lower() in _words("series_columns") and _numbering(_column(kept, 0)):
        return False  # a row per year (month, week) in order: one unit over time
    found = values(kept)
    if by_measures and width >= 3 and found.measures >= 2:
        return True
    return found.measures >= 1 and (found.flags >= 1 or found.repeated)


class Values(NamedTuple):
    """What rows' values say: how many columns measure, how many are 0/1 flags, whether rows repeat."""

    measures: int
    flags: int
    repeated: bool


def values(rows: Sequence[Sequence[str]]) -> Values:
    kept = [row for row in rows if row]
    measures = flags = 0
    for i in range(max((len(row) for row in kept), default=0)):
        column = _column(kept, i)
        if not column or not all(_NUMBER.match(v) for v in column) or (i == 0 and _numbering(column)):
            continue
        distinct = set(column)
        decimals = any("." in v.lstrip("-+").rstrip("0").rstrip(".") for v in column if "." in v)
        if decimals or len(distinct) > min(len(kept) / 2, _MANY):
            measures += 1
        elif distinct == {"0", "1"}:
            flags += 1
    repeated = len(kept) - len({tuple(row) for row in kept}) >= _REPEATED * len(kept)
    return Values(measures, flags, repeated)
