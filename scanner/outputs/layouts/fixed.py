"""Fixed-width tables in any text file: a header line of column names, then rows whose values stand under them
(pandas and R data frames with their index column, PROC PRINT with NOOBS, SQL and report output without rules,
any aligned table of results). Columns are split at two or more spaces, or at single spaces when that is what
lines the values up under the header (R separates columns by one space).

The recogniser only describes: columns are typed by their header words (patterns/layouts/statistics.toml), a
table with an index column is a frame (a pandas frame when `[N rows x M columns]` follows it). The rules decide
whether its rows are individuals, its counts small or its extremes a person's."""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterator

from ...config import Settings
from ...frontends.logs.common import Span, cells, is_number, span, words
from ...model import Fact
from ..table import Cell, Column, Medium, Row, Statistic, TableBuilder, is_date
from . import normal, patterns, regex, statistic, untyped

ORDER = 90
_DIGIT = re.compile(r"\d")  # one C search per line instead of a Python generator over its characters
# Every letter (`str.isalpha`) is a word character that is neither a digit nor `_`: a line this finds nothing in
# has no letter, so it names no columns (one C search instead of splitting it two ways first).
_LETTER = re.compile(r"[^\W\d_]")
_PARTS = re.compile(r"[\s_.-]+")  # the words of a column name

Split = Callable[[str], list[Span]]


def _under(value: Span, head: Span) -> bool:
    """A value stands under its header: their extents overlap or touch (left- or right-aligned)."""
    return max(value.start, head.start) <= min(value.end, head.end)


def _owner(token: Span, header: list[Span]) -> int | None:
    """The header column a word stands under, None when under none (or, ambiguous, under two)."""
    under = [i for i, head in enumerate(header) if _under(token, head)]
    return under[0] if len(under) == 1 else None


def _aligned(value: Span, head: Span) -> bool:
    """A value left- or right-aligned with its header."""
    return value.start == head.start or value.end == head.end


def _joined(tokens: list[Span], header: list[Span]) -> list[Span]:
    """A row split at single spaces with more words than columns: the words of one value joined (R separates
    columns by one space, so `Drug A` or `Region Hovedstaden` is two words). A word joins its neighbour one space
    away under the same header, or under none: R right-aligns a data frame's values, so such a word belongs to the
    column on its right; a tibble left-aligns text, so when that does not fit it belongs to the one on its left. A
    joined value is aligned with its header, at its right or left edge (`2016-01-04 11:00:00` under `date_time`,
    not `11:00:00 2016-01-04` under `date`). The row name before the first header is never joined. The caller
    checks the pieces under the header; a row still too long is no row."""
    owners = [_owner(t, header) for t in tokens]
    fixed = 1 if tokens[0].end <= header[0].start + 1 else 0  # a row name stands alone
    for forward in (True, False):
        pieces, owned, joined = list(tokens), list(owners), [False] * len(tokens)
        at = len(pieces) - 2 if forward else fixed
        while fixed <= at < len(pieces) - 1:
            left, right = pieces[at], pieces[at + 1]
            joinable = right.start - left.end == 1 and (
                owned[at] == owned[at + 1] or (owned[at] if forward else owned[at + 1]) is None
            )
            if joinable:
                pieces[at : at + 2] = [span((f"{left.text} {right.text}", left.start, right.end))]
                owned[at : at + 2] = [owned[at] if owned[at] is not None else owned[at + 1]]
                joined[at : at + 2] = [True]
            if forward:
                at -= 1
            elif not joinable:
                at += 1
        aligned = all(
            not was or (owner is not None and _aligned(piece, header[owner]))
            for piece, owner, was in zip(pieces, owned, joined, strict=True)
        )
        if aligned and len(pieces) <= len(header) + 1:
            return pieces
    return tokens


class Fixed:
    # A blank line fed after `skip`, then `skip` again, leave it as `skip` alone did (outputs/text.py
    # `Reader.blank_skipped`): after `skip` nothing is open or ending (`_reset`) and no line is before, so a blank line
    # only sets `blank`, which the second `skip` clears; closing an empty table yields nothing.
    BLANK_AFTER_SKIP_INERT = True

    def __init__(self, settings: Settings, medium: Medium) -> None:
        self.medium = medium
        data = patterns("frames")
        self.min_columns, self.min_rows, self.max_columns = data["min_columns"], data["min_rows"], data["max_columns"]
        self.events = frozenset(data["events"])
        self.kinds: list[Statistic | None] = []  # what each header column holds
        self.wrapped = False  # the table is a part of a frame wrapped by pandas, not its last
        self.prev: tuple[int, str] = (0, "")  # the last non-blank line: a header candidate
        self.types: tuple[int, str] = (0, "")  # a tibble's header, when `prev` is its line of column types
        self.blank = False  # one blank line may stand between a header and its first row (SAS NOOBS)
        self.split: Split | None = None
        self.header: list[Span] = []
        self.index = False
        self.table = TableBuilder("text.fixed", medium=self.medium)
        self.first: list[Row] = []  # rows until `min_rows` make a table
        self.layout = "text.fixed"
        self.ending = False  # a blank line after the rows: the next line may be a pandas footer

    # --- driving ------------------------------------------------------------------------------------------

    def feed(self, number: int, line: str) -> Generator[Fact, None, bool]:
        if self.ending:
            taken = yield from self._after(line)
            if taken:
                return True
        if not line.strip():
            if self.split is not None and self.table.total:
                self.ending = True
                return False
            self.blank = not self.first and self.prev[0] == number - 1
            if self.first:
                self._reset()
            return False
        if self.split is not None:
            row = self._row(number, line, self.split(line))
            if row is not None:
                yield from self._add(row)
                return bool(self.table.total)
            if "dtype:" in line and regex("series", "footer").match(line):
                self.table.discard()  # the rows were a Series (see series.py), not a table
            yield from self.close()
        elif self.prev[1] and self._near(number) and _DIGIT.search(line):
            yield from self._start(number, line)
            if self.split is not None:
                return bool(self.table.total)
        if "<" in line and regex("frames", "tibble_types").match(line):
            self.types = self.prev  # a tibble prints its column types under its header: the header is above
        self.prev, self.blank = (number, line), False
        return False

    def _near(self, number: int) -> bool:
        return self.prev[0] == number - 1 or (self.blank and self.prev[0] == number - 2)

    def _start(self, number: int, line: str) -> Iterator[Fact]:
        tibble = self.types[0] == self.prev[0] - 1 and self.types[1] != ""
        head = self.types[1] if tibble else self.prev[1]
        # pandas wraps a wide frame: ` \` ends the header of each part but the last, not its rows
        self.wrapped = head.rstrip().endswith(" \\")
        if self.wrapped:
            head = head.rstrip()[:-1]
        self.types = (0, "")
        # a header names its columns: a letter somewhere (the pieces of either split hold every non-blank
        # character of the line, so the line is looked at once, not per piece and split)
        letter = _LETTER.search(head)
        if letter is None or not (letter[0].isalpha() or any(map(str.isalpha, head))):
            self.split, self.header = None, []
            return
        split: Split
        for split in (cells, words):
            header = split(head)  # the cheap tests first: most candidates are prose or a model's summary
            if not self.min_columns <= len(header) <= self.max_columns or any(h.text == "=" for h in header):
                continue  # an equation (a test's constraint `( 1)  2.age = 0`) names no columns
            if 2 * sum(not is_number(h.text) for h in header) <= len(header):
                continue  # a header is mostly names; `lbnr  0` is a row of a Series
            self.header, self.split = header, split
            self.kinds = [statistic(h.text) for h in header]
            if tibble:
                self._untyped(words(self.prev[1]))
            tokens = split(line)
            if len(tokens) == len(header) + 1 and is_date(tokens[0].text):
                # a series of days (a date index): a column named by an event counts the persons with it that day
                self.kinds = [
                    k or ("count" if self._event(h.text) else None) for k, h in zip(self.kinds, header, strict=True)
                ]
            row = self._row(number, line, tokens)
            if row is not None:
                columns = [
                    Column(h.text, kind, self.prev[0], h.start + 1, h.end + 1)
                    for h, kind in zip(header, self.kinds, strict=True)
                ]
                self.layout = "r.tibble" if tibble else "text.frame" if self.index else "text.fixed"
                self.table = TableBuilder(self.layout, columns=columns, medium=self.medium)
                yield from self._add(row)
                return
        self.split, self.header = None, []

    def _untyped(self, types: list[Span]) -> None:
        """A tibble's columns of text, factors, flags or dates (its line of types under the header) hold no
        statistic."""
        if len(types) == len(self.kinds):
            plain = untyped(t.text for t in types)
            self.kinds = [None if text else k for k, text in zip(self.kinds, plain, strict=True)]

    def _event(self, label: str) -> bool:
        """A column named by an event, also as a part of its name (`ons_covid_death`, `primary_care_case`)."""
        return not self.events.isdisjoint(_PARTS.split(normal(label)))

    def _row(self, number: int, line: str, tokens: list[Span]) -> Row | None:
        """The line (split into `tokens`) as a row under the header, or None when its values do not stand under
        the header."""
        if regex("frames", "elision").match(line):
            return Row(number, line, "...")
        n = len(self.header)
        if len(tokens) > n + 1 and self.split is words:
            tokens = _joined(tokens, self.header)
        index = len(tokens) == n + 1 and tokens[0].end <= self.header[0].start + 1
        started = bool(self.first) or self.table.total > 0
        if started and index != self.index:  # every row has the index column, or none
            return None
        values = tokens[1:] if index else tokens
        if len(values) != n:
            return None
        kinds = self.kinds
        # a row holds numbers, or dates under a min/max header (agg(["min", "max"]) of date columns)
        ranged = ("min", "max")
        if not any(is_number(v.text) or (k in ranged and is_date(v.text)) for v, k in zip(values, kinds, strict=True)):
            return None
        if not all(_under(v, h) for v, h in zip(values, self.header, strict=True)):
            return None
        self.index = index
        label = next((v.text for v, k in zip(values, kinds, strict=True) if k is None), "")
        typed = [(i, v) for i, (v, k) in enumerate(zip(values, kinds, strict=True)) if k]
        return Row(number, line, label, [Cell(v.text, number, v.start + 1, v.end + 1, i) for i, v in typed])

    def _add(self, row: Row) -> Iterator[Fact]:
        if self.table.total:
            yield from self.table.add(row)
            return
        self.first.append(row)
        if len(self.first) >= self.min_rows:
            if self.layout != "r.tibble":
                self.table.template.layout = "text.frame" if self.index else "text.fixed"
            for kept in self.first:
                yield from self.table.add(kept)
            self.first = []

    def _after(self, line: str) -> Generator[Fact, None, bool]:
        """The line after a blank that followed a table: pandas' size footer, a Series footer, or anything else."""
        self.ending = False
        if regex("frames", "pandas_footer").match(line):
            self.table.template.layout = "pandas.frame"
            yield from self.close()
            return True
        if "dtype:" in line and regex("series", "footer").match(line):
            self.table.discard()  # the rows were a Series (see series.py), not a frame
        yield from self.close()
        return False

    def _reset(self) -> None:
        self.split, self.header, self.first, self.index, self.ending = None, [], [], False, False

    def skip(self, number: int) -> Iterator[Fact]:
        self.prev, self.blank = (0, ""), False
        yield from self.close()

    def close(self) -> Iterator[Fact]:
        yield from self.table.close_part() if self.wrapped else self.table.close()
        self.wrapped = False
        self._reset()


def recogniser(settings: Settings, medium: Medium) -> Fixed:
    return Fixed(settings, medium)
