"""SAS PROC PLOT line-printer plots whose points carry a label variable (`plot y*x $ lbnr;`): under the title
`Plot of surv*maaned$lbnr.` every labelled point prints its record's value of that variable beside its mark
(`> A1001`, `A1012 <`), down to the plot's horizontal axis. The labels become a one-column table named after the
label variable; the printed-rows rule decides whether they are persons (a key such as `lbnr`) or groups (`region`).
Plots without a label variable print letters for the number of points (`A = 1 obs`) and are not read here."""

from __future__ import annotations

from collections.abc import Generator, Iterator

from ...config import Settings
from ...model import Fact
from ..table import Cell, Column, Medium, Row, TableBuilder
from . import regex, statistic

ORDER = 40
# Lines of one plot at most.
MAX_LINES = 200


class Plot:
    def __init__(self, settings: Settings, medium: Medium) -> None:
        self.medium = medium
        self.table: TableBuilder | None = None
        self.lines = 0

    def feed(self, number: int, line: str) -> Generator[Fact, None, bool]:
        if self.table is None:
            if "Plot of" not in line:
                return False
            title = regex("plots", "title").search(line)
            if title is None:
                return False
            label = title["label"]
            column = Column(label, statistic(label), number, title.start("label") + 1, title.end("label") + 1)
            self.table = TableBuilder("sas.plot", medium=self.medium, title=f"PLOT {label}", columns=[column])
            self.lines = 0
            return True
        self.lines += 1
        if regex("plots", "axis").match(line) or self.lines > MAX_LINES:
            yield from self.close()
            return True
        if line.strip() and not regex("plots", "body").match(line):
            yield from self.close()  # not a plot after all: the line is left to the other recognisers
            return False
        for point in regex("plots", "point").finditer(line):
            name = "left" if point["left"] else "right"
            cell = Cell(point[name], number, point.start(name) + 1, point.end(name) + 1, 0)
            yield from self.table.add(Row(number, line, "", [cell]))
        return True

    def idle(self) -> bool:
        """Nothing open: only a title (`Plot of`, its signature) can start a plot."""
        return self.table is None

    def skip(self, number: int) -> Iterator[Fact]:
        yield from self.close()

    def close(self) -> Iterator[Fact]:
        if self.table is not None:
            yield from self.table.close()
        self.table = None


def recogniser(settings: Settings, medium: Medium) -> Plot:
    return Plot(settings, medium)
