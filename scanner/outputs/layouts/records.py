"""Records printed one variable (or one observation) per line, in any text file: R `str()` and dplyr
`glimpse()` of a data set (each line the first values of a variable across individuals), `dput()` of a data frame
(`structure(list(...))`), and `name=value` dumps (SAS `put _all_;`, `put pnr= alder=;`) in a log saved as text.
Each becomes a table whose layout lists records by nature; a row per printed line."""

from __future__ import annotations

from collections.abc import Generator, Iterator

from ...config import Settings
from ...model import Fact
from ..table import Column, Medium, Row, TableBuilder
from . import regex, statistic

ORDER = 40


class Records:
    def __init__(self, settings: Settings, medium: Medium) -> None:
        self.medium = medium
        self.mode: str | None = None
        self.table = TableBuilder("r.str", medium=self.medium)
        self.puts: list[tuple[int, str]] = []  # a first `name=value` line, until a second makes a dump

    def feed(self, number: int, line: str) -> Generator[Fact, None, bool]:
        if self.mode in ("str", "glimpse"):
            match = regex("records", f"{self.mode}_row").match(line)
            if match:
                name = match["name"].strip()
                yield from self.table.add(Row(number, line, name))
                self.table.columns.append(Column(name, statistic(name), number))
                return True
            if self.mode == "glimpse" and line.startswith("Columns:"):
                return True
            yield from self.close()
        if "=" in line and regex("records", "put").match(line):
            if self.mode == "put":
                self.table.record(number, line)
                return True
            if self.puts:  # a second record line: the two begin a dump
                self.mode, self.table = "put", TableBuilder("sas.records", title="put", medium=self.medium)
                for at, text in [*self.puts, (number, line)]:
                    self.table.record(at, text)
                self.puts = []
                return True
            self.puts = [(number, line)]
            return False
        if self.mode == "put":
            yield from self.close()
        self.puts = []
        if regex("records", "str_header").match(line):
            return self._begin("str", "r.str", "str()")
        if line.startswith("Rows:") and regex("records", "glimpse_header").match(line):
            return self._begin("glimpse", "r.glimpse", "glimpse()")
        if "structure(list(" in line and regex("records", "dput").match(line):
            table = TableBuilder("r.dput", title="dput()", medium=self.medium)
            table.record(number, line)
            yield from table.close()
            return True
        return False

    def _begin(self, mode: str, layout: str, title: str) -> bool:
        self.mode, self.table = mode, TableBuilder(layout, title=title, medium=self.medium)
        return True

    def idle(self) -> bool:
        return self.mode is None and not self.puts

    def skip(self, number: int) -> Iterator[Fact]:
        yield from self.close()

    def close(self) -> Iterator[Fact]:
        yield from self.table.close()
        self.mode, self.puts = None, []


def recogniser(settings: Settings, medium: Medium) -> Records:
    return Records(settings, medium)
