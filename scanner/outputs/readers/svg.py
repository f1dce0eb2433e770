"""SVG graphs (ggplot2 `ggsave(".svg")`, matplotlib, Stata `graph export .svg`): the only readable content of a
graph is its `<text>` elements: axis labels, legends, `n = 3` annotations and the numbers-at-risk table under a
survival curve. Each label keeps its position in the file; labels drawn on one baseline (the same `y`) form a
row of a grid, ordered by `x`, which is how an at-risk table is drawn."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from . import Cell, Grid, Locator

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass
class Label:
    cell: Cell
    x: float
    y: float


def _coordinate(value: str | None) -> float | None:
    found = _NUMBER.match((value or "").strip())
    return float(found.group()) if found else None


def _translate(value: str | None) -> tuple[float, float]:
    found = re.search(r"translate\(\s*(-?[\d.]+)[\s,]+(-?[\d.]+)", value or "")
    return (float(found.group(1)), float(found.group(2))) if found else (0.0, 0.0)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.labels: list[Label] = []
        self._open: Label | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "text":
            dx, dy = _translate(named.get("transform"))
            x, y = _coordinate(named.get("x")), _coordinate(named.get("y"))
            line, offset = self.getpos()
            self._open = Label(Cell("", line, offset + 1, line, offset + 1), (x or 0.0) + dx, (y or 0.0) + dy)

    def handle_endtag(self, tag: str) -> None:
        if tag == "text" and self._open is not None:
            label, self._open = self._open, None
            label.cell.text = " ".join(label.cell.text.split())
            if label.cell.text:
                self.labels.append(label)

    def handle_data(self, data: str) -> None:
        if self._open is None or not data.strip():
            return
        line, offset = self.getpos()
        cell = self._open.cell
        if not cell.text:
            lead = len(data) - len(data.lstrip())
            cell.line, cell.column = line, offset + lead + 1
        cell.text += " " + data
        cell.end_line, cell.end_column = line + data.count("\n"), offset + len(data.rstrip()) + 1


def drawing(text: str) -> tuple[int, int]:
    """Line and column of the `<svg` element: where the picture a person must look at starts."""
    found = re.search(r"<svg\b", text)
    return Locator(text)(found.start()) if found else (1, 1)


def labels(text: str) -> list[Label]:
    reader = _Reader()
    reader.feed(text)
    reader.close()
    return reader.labels


def tables(text: str) -> Iterator[Grid]:
    """Rows of labels on a shared baseline, at least two labels each: an at-risk table, a legend with counts."""
    rows: dict[float, list[Label]] = {}
    for label in labels(text):
        rows.setdefault(round(label.y, 1), []).append(label)
    grid = Grid("svg")
    for y in sorted(rows):
        row = sorted(rows[y], key=lambda label: label.x)
        if len(row) >= 2:
            grid.rows.append([label.cell for label in row])
    if grid.rows:
        yield grid
