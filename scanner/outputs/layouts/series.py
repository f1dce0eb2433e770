"""A printed pandas Series in any text file: `value_counts()` (named `count` in pandas 2, `proportion` when
normalised), `groupby(...).size()` (no name, an integer dtype, its index named above the rows), each line a label
and a value, closed by a `Name: ..., dtype: ...` footer. An unnamed Series over an unnamed index (`isna().sum()`,
per-column counts of missing values) holds no counts of persons. Lines wait in a bounded buffer until the footer
says what they were."""

from __future__ import annotations

from collections.abc import Generator, Iterator

from ...config import Settings
from ...model import Fact
from ..table import Cell, Column, Medium, Row, Statistic, TableBuilder
from . import patterns, regex, statistic

ORDER = 50
# A row's value is its last word (`-?\d[\d.eE+-]*`): a line that ends in anything else needs no regex.
_VALUE_END = frozenset("0123456789.eE+-")


class Series:
    # A blank line fed after `skip`, then `skip` again, leave it as `skip` alone did (outputs/text.py
    # `Reader.blank_skipped`): `skip` empties the rows and the line before; a blank line matches no row and empties
    # the rows, and is itself an empty line before.
    BLANK_AFTER_SKIP_INERT = True

    def __init__(self, settings: Settings, medium: Medium) -> None:
        self.medium = medium
        self.rows: list[Row] = []
        self.data = patterns("series")
        self.prev = ""
        self.named = False  # the index has a name, printed alone above the rows (value_counts(), groupby())

    def feed(self, number: int, line: str) -> Generator[Fact, None, bool]:
        prev, self.prev = self.prev, line
        if "dtype:" in line:
            footer = regex("series", "footer").match(line)
            if footer and self.rows:
                yield from self._emit(footer["name"], footer["dtype"])
                return True
        match = regex("series", "row").match(line) if line.rstrip()[-1:] in _VALUE_END else None
        if match and len(self.rows) < self.data["max_rows"]:
            if not self.rows:
                self.named = bool(regex("series", "index_names").match(prev))
            value = Cell(match["value"], number, match.start("value") + 1, match.end("value") + 1, 0)
            self.rows.append(Row(number, line, match["label"].strip(), [value]))
            return False
        if line.strip() in ("...", "…") and self.rows:
            return False
        # a multi-index Series prints its index names alone above the rows (`koen  region`): keep waiting
        self.rows = []
        return False

    def _emit(self, name: str | None, dtype: str) -> Iterator[Fact]:
        rows, self.rows = self.rows, []
        label = (name or "").strip()
        kind: Statistic | None
        if label.lower() in self.data["counts"]:
            kind = "count"
        elif not label and self.named and dtype.startswith(("int", "Int", "uint")):
            # groupby().size(): counts under named groups; an unnamed index (isna().sum()) is per column
            kind = "count"
        elif label.lower() in self.data["percents"]:
            kind = "percent"
        else:
            kind = statistic(label) if label else None
        table = TableBuilder(
            "pandas.series", title=label or "Series", columns=[Column(label or "value", kind)], medium=self.medium
        )
        for row in rows:
            yield from table.add(row)
        yield from table.close()

    def skip(self, number: int) -> Iterator[Fact]:
        self.rows, self.prev = [], ""
        return iter(())

    def close(self) -> Iterator[Fact]:
        self.rows = []
        return iter(())


def recogniser(settings: Settings, medium: Medium) -> Series:
    return Series(settings, medium)
