"""Rows that are no persons by what a printed table itself shows (issue 12): the steps of one time series, counts
of persons per place or time, or places. A description of the table, read by the printed-rows rule and by the notebook
reader (which tells the rule of the statement that printed the table); words in patterns/outputs.toml [groups].

- **Time steps**: every row is at a time, read from the row labels (a DatetimeIndex: `2021-03-01 00:00:00`) or
  from columns of date parts (`year`, `month`, `day`), at least `min_steps` distinct times, in order, at a constant
  step (an hour, a day, a week; business days: a price series) and the same number of rows at each (births per day
  and sex: two). A listing of persons sorted by a date has days with many persons and days with none.
- **Counts per place or time**: a column that counts persons in groups (`population`, `births`) holding a number
  no one person has (`big_count`), beside a column naming a place or a time (`kommune`, `state`, `year`).
- **Places and what they have**: every column named by a place or by what a place has (`area`, `abbreviation`),
  a different place on every row (a table of municipalities' areas). A person's columns (age, name) are neither.

None holds when a column is a person key or a person's date (`pnr`, `birth_date`): a time series per person,
persons with a `population` flag (0/1) stay rows of persons.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from itertools import groupby, pairwise
from typing import Any

from ..identifiers import is_identifier
from ..resources import load_toml
from .layouts import normal
from .table import Table, is_date


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = load_toml("patterns", "outputs.toml")["groups"]
    return data


@cache
def _vocabulary(key: str) -> frozenset[str]:
    return frozenset(_data()[key])


@cache
def _time_parts() -> dict[str, frozenset[str]]:
    """The words that head a column of each date part (`year`: year, aar, ...)."""
    return {part: frozenset(words.split()) for part, words in (name.split(":") for name in _data()["time_parts"])}


def groups(table: Table) -> bool:
    """Whether the table's rows are steps of time or groups of persons, not persons (module docstring)."""
    labels = [c.label for c in table.columns]
    if any(c.statistic in ("key", "date") or is_identifier(normal(c.label)) for c in table.columns):
        return False
    return _steps(table, labels) or _counted(table, labels) or _places(table, labels)


def _words(label: str) -> set[str]:
    return set("".join(ch if ch.isalnum() else " " for ch in normal(label)).split())


def _steps(table: Table, labels: list[str]) -> bool:
    times = _times(table, labels)
    if times is None:
        return False
    runs = [(t, len(list(same))) for t, same in groupby(times)]
    distinct = [t for t, _ in runs]
    if len(distinct) < int(_data()["min_steps"]) or len(set(distinct)) < len(distinct):
        return False
    # the same number of rows at each time; head() and tail() may cut the first and the last short
    widest = max(n for _, n in runs)
    if any(n != widest for _, n in runs[1:-1]) or widest > int(_data()["max_per_step"]):
        return False
    steps = [b - a for a, b in pairwise(distinct)]
    if len(set(steps)) == 1 and steps[0] != 0:
        return True
    days = all(isinstance(t, date) and not isinstance(t, datetime) for t in distinct)
    return days and _business_days(distinct)


def _business_days(days: list[Any]) -> bool:
    """Each day the weekday after the one before (a market's days: Friday, then Monday), ascending or descending."""
    if any(d.weekday() >= 5 for d in days):
        return False
    ahead = days if days[0] < days[-1] else days[::-1]
    for a, b in pairwise(ahead):
        following = a + timedelta(days=1)
        while following.weekday() >= 5:
            following += timedelta(days=1)
        if b != following:
            return False
    return True


def _times(table: Table, labels: list[str]) -> list[Any] | None:
    """The time of every row: its label as an ISO date or datetime, else the date its date-part columns make (a
    number counting the step's unit: months, years, hours); None when a row has none."""
    rows = [row for row in table.rows if row.text.strip()]
    if not rows:
        return None
    if all(is_date(row.label) for row in rows):
        try:
            stamps = [datetime.fromisoformat(row.label.strip()) for row in rows]
        except ValueError:  # shaped as a date, no day of the calendar (`2019-02-30`)
            return None
        if all(s.time() == datetime.min.time() for s in stamps):
            return [s.date() for s in stamps]
        return stamps
    parts: dict[str, int] = {}
    for part, words in _time_parts().items():
        for index, label in enumerate(labels):
            if normal(label) in words:
                parts.setdefault(part, index)
    if "year" not in parts:
        return None
    times: list[Any] = []
    for row in rows:
        value = {table.header(c): c.integer() for c in row.cells}
        numbers = {part: value.get(labels[index]) for part, index in parts.items()}
        if any(n is None for n in numbers.values()):
            return None
        times.append(_time(numbers))
    return None if any(t is None for t in times) else times


def _time(numbers: dict[str, int | None]) -> Any:
    year, month, day, hour = (numbers.get(p) for p in ("year", "month", "day", "hour"))
    assert year is not None  # _times: a year column or no times
    if month is None:
        return year
    if day is None:
        return 12 * year + month
    try:
        at = datetime(year, month, day, hour or 0)
    except ValueError:
        return None
    return at if hour is not None else at.date()


def _counters(labels: list[str]) -> list[int]:
    """The columns that count persons in groups, by a word of their label."""
    return [i for i, label in enumerate(labels) if _words(label) & _vocabulary("population_counts")]


def flags(table: Table) -> bool:
    """Whether the columns named as counts of persons in groups hold only 0 and 1 (at least 3 of them): flags per
    row, as persons with a `population` flag, not counts."""
    labels = [c.label for c in table.columns]
    named = {labels[i] for i in _counters(labels)}
    values = [c.integer() for row in table.rows for c in row.cells if named and table.header(c) in named]
    return len(values) >= 3 and all(v in (0, 1) for v in values)


def _counted(table: Table, labels: list[str]) -> bool:
    counters = _counters(labels)
    placed = any(_words(label) & _vocabulary("places") for label in labels)
    timed = any(normal(label) in words for label in labels for words in _time_parts().values())
    if not counters or not (placed or timed):
        return False
    big = int(_data()["big_count"])
    named = {labels[i] for i in counters}
    return any(
        table.header(c) in named and (n := c.integer()) is not None and n >= big
        for row in table.rows
        for c in row.cells
    )


def _places(table: Table, labels: list[str]) -> bool:
    places, attributes = _vocabulary("places"), _vocabulary("place_attributes")
    named = [(i, _words(label)) for i, label in enumerate(labels) if normal(label)]
    placed = [i for i, words in named if words & places]
    if not placed or any(not words & (places | attributes) for _, words in named):
        return False
    rows = [row for row in table.rows if row.text.strip()]
    column = labels[placed[0]]
    values = [c.text.strip() for row in rows for c in row.cells if table.header(c) == column]
    return len(values) == len(rows) >= int(_data()["min_steps"]) and len(set(values)) == len(values)
