"""Summary blocks in any text file: R `summary()` of a vector (a `Min. ... Max.` header, values under it) and of
a data frame (`Min.   :18.00` cells), `quantile(x, c(0, 1))` (a header of percentages), pandas `describe()` (rows
named count/mean/std/min/.../max), Stata `summarize, detail` (Smallest/Largest columns) and Stata `codebook`
(`range: [18,104]`). Each becomes a table whose columns or rows name their statistic."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator

from ...config import Settings
from ...frontends.logs.common import Span, is_number, nearest, words
from ...model import Fact
from ..table import Cell, Column, Medium, Row, Statistic, TableBuilder
from . import level, patterns, regex, statistic

ORDER = 30


def _cell(number: int, span: Span, column: int | None = None) -> Cell:
    return Cell(span.text, number, span.start + 1, span.end + 1, -1 if column is None else column)


def _span(match: re.Match[str], group: str) -> Span:
    return Span(match[group], match.start(group), match.end(group))


class Summaries:
    def __init__(self, settings: Settings, medium: Medium) -> None:
        self.medium = medium
        self.prev: tuple[int, str] = (0, "")
        self.mode: str | None = None
        self.header: list[Span] = []
        self.table = TableBuilder("r.summary", medium=self.medium)
        self.vector_words = frozenset(patterns("summaries")["vector_words"])

    def _begin(self, mode: str, layout: str, title: str, header: list[Span], kinds: list[Statistic | None]) -> None:
        self.mode, self.header = mode, header
        columns = [Column(h.text, k, 0, h.start + 1, h.end + 1) for h, k in zip(header, kinds, strict=True)]
        self.table = TableBuilder(layout, title=title, columns=columns, medium=self.medium)

    def feed(self, number: int, line: str) -> Generator[Fact, None, bool]:
        prev, self.prev = self.prev, (number, line)
        if self.mode is not None:
            taken = yield from self._continue(number, line)
            if taken:
                return True
            yield from self.close()
        return (yield from self._start(number, line, prev))

    def _continue(self, number: int, line: str) -> Generator[Fact, None, bool]:
        if self.mode in ("vector", "quantile"):
            # one line of values, each right-aligned under its statistic (or quantile level)
            tokens = words(line)
            edges = {h.end: i for i, h in enumerate(self.header)}
            if not tokens or not all(is_number(t.text) for t in tokens) or not {t.end for t in tokens} <= set(edges):
                return False
            yield from self.table.add(Row(number, line, "", [_cell(number, t, edges[t.end]) for t in tokens]))
            self.mode = "done"
            return True
        if self.mode == "frame":
            return (yield from self._frame(number, line))
        if self.mode == "describe":
            match = regex("summaries", "describe_row").match(line)
            if not match:
                return False
            yield from self._describe(number, line, match)
            return True
        if self.mode == "detail":
            return (yield from self._detail(number, line))
        return False

    def _start(self, number: int, line: str, prev: tuple[int, str]) -> Generator[Fact, None, bool]:
        if "Min." in line or "Max." in line:
            if regex("summaries", "frame_cell").search(line):
                self._begin("frame", "r.summary", "summary()", [], [])
                return (yield from self._frame(number, line))
            tokens = words(line)
            if self.vector_words <= {t.text for t in tokens}:
                self._begin("vector", "r.summary", "summary()", tokens, [statistic(t.text) for t in tokens])
                return True
        if "%" in line and regex("summaries", "quantile_header").match(line):
            tokens = words(line)
            self._begin("quantile", "r.quantile", "quantile()", tokens, ["quantile"] * len(tokens))
            self.table.columns[:] = [
                Column(c.label, c.statistic, number, c.column, c.end_column, level(c.label)) for c in self.table.columns
            ]
            return True
        if line.startswith("count") and prev[0] == number - 1:
            match = regex("summaries", "describe_row").match(line)
            if match and match["stat"] == "count":
                names = words(prev[1])
                self._begin("describe", "pandas.describe", "describe()", names, [None] * len(names))
                yield from self._describe(number, line, match)
                return True
        if "Smallest" in line and "Percentiles" in line:
            self._begin("detail", "stata.detail", "summarize, detail", [], [])
            return (yield from self._detail(number, line))
        if "ange:" in line:
            match = regex("summaries", "codebook_range").match(line)
            if match:
                cells = [_cell(number, _span(match, "min"), 0), _cell(number, _span(match, "max"), 1)]
                columns = [Column("min", "min"), Column("max", "max")]
                table = TableBuilder("stata.codebook", title="codebook", columns=columns, medium=self.medium)
                yield from table.add(Row(number, line, "range", cells))
                yield from table.close()
                return True
        return False

    def _frame(self, number: int, line: str) -> Generator[Fact, None, bool]:
        hits = list(regex("summaries", "frame_cell").finditer(line))
        if not hits:
            return bool(line.strip()) and ":" in line  # the other statistics of the block (Median :45.0)
        for name in dict.fromkeys(h["stat"] for h in hits):
            cells = [_cell(number, _span(h, "value")) for h in hits if h["stat"] == name]
            yield from self.table.add(Row(number, line, f"{name}.", cells, statistic(f"{name}.")))
        return True

    def _describe(self, number: int, line: str, match: re.Match[str]) -> Iterator[Fact]:
        values = words(match["values"], match.start("values"))
        cells = [_cell(number, v, nearest(v, self.header)) for v in values]
        stat = match["stat"]
        kind: Statistic | None = "sd" if stat == "std" else statistic(stat)
        yield from self.table.add(Row(number, line, stat, cells, kind, level(stat)))

    def _detail(self, number: int, line: str) -> Generator[Fact, None, bool]:
        """`summarize, detail`: the value right-aligned under Smallest/Largest is an observation's."""
        if not line.strip():
            return self.table.total == 0 or number <= self.table.last_line + 1
        tokens = words(line)
        extreme = next((t for t in tokens if t.text in ("Smallest", "Largest")), None)
        if extreme is not None:
            kind: Statistic = "smallest" if extreme.text == "Smallest" else "largest"
            self.header = [extreme]
            self.table.columns[:] = [Column(extreme.text, kind, number, extreme.start + 1, extreme.end + 1)]
            return True
        if not self.header or not tokens or not re.match(r"^\d{1,2}%$", tokens[0].text):
            return False
        edge = self.header[0].end
        under = [t for t in tokens if abs(t.end - edge) <= 2 and is_number(t.text)]
        yield from self.table.add(Row(number, line, tokens[0].text, [_cell(number, t, 0) for t in under]))
        return True

    def idle(self) -> bool:
        return self.mode is None

    def skip(self, number: int) -> Iterator[Fact]:
        self.prev = (number, "")
        yield from self.close()

    def close(self) -> Iterator[Fact]:
        yield from self.table.close()
        self.mode, self.header = None, []


def recogniser(settings: Settings, medium: Medium) -> Summaries:
    return Summaries(settings, medium)
