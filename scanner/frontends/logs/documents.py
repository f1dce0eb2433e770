"""Documents that carry tables: HTML (knitted reports, SAS ODS HTML, saved DataFrames), LaTeX (esttab,
stargazer, kable `.tex`), RTF (ODS RTF, putdocx) and SVG graphs. Each medium's reader finds its tables, which
are judged like every other table (counts, extremes, rows of individuals); the document's text is free text for
the detectors: HTML and LaTeX line by line as stored, RTF as its paragraphs and cells (its control words are not
text), SVG as its labels. A graph label `n = 3` is a count; so is a number in the at-risk table under a
survival curve. Markdown and any other document are plain text, read by every plain-text layout."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ...config import Settings
from ...model import Fact
from ...outputs import text
from ...outputs.readers import Cell, Grid, html, latex, rtf, svg
from ...outputs.readers.tabulate import Tabulator
from ...outputs.table import Cell as Value
from ...outputs.table import Column, Medium, Row, TableBuilder
from .. import Document
from .common import text_fact

_N_LABEL = re.compile(r"(?<![\w.])[nN]\s*=\s*(\d+)(?![\d.,])")
_AT_RISK = re.compile(r"(?i)\bat risk\b|\bi risiko\b")
# An image embedded in the text itself (markdown `![](data:...)`, HTML `<img src="data:...">`).
DATA_URI = re.compile(r"data:image/([\w.+-]+)[;,]")


def images(line: int, column: int, text: str) -> Iterator[Fact]:
    """An `image` fact for each data-URI image in a line of text (its place in the file: `line`, `column`)."""
    for found in DATA_URI.finditer(text):
        start = column + found.start()
        yield Fact("image", line, start, line, start + len(found.group()), "", {"what": f"image/{found[1]} data URI"})


def _lines(doc: Document) -> Iterator[Fact]:
    for number, line in enumerate(doc.lines, start=1):
        fact = text_fact(number, line)
        if fact:
            yield fact
            if "data:image/" in line:
                yield from images(number, 1, line)


def _described(grids: Iterable[Grid], medium: Medium, name: str) -> Iterator[Fact]:
    tables = Tabulator(f"{medium}.table", medium, name)
    for grid in grids:
        yield from tables.grid(grid)


def _cell_text(cell: Cell) -> Fact:
    return Fact("text", cell.line, cell.column, cell.end_line, cell.end_column, cell.text)


def _svg(doc: Document) -> Iterator[Fact]:
    name = Path(doc.rel).name
    labels = svg.labels(doc.text)
    # Only the labels are text; the drawing (points, bars) must be looked at.
    line, column = svg.drawing(doc.text)
    yield Fact("image", line, column, line, column + 4, "", {"what": "SVG graph"})
    counts = TableBuilder("svg.labels", medium="svg", title=name, columns=[Column("n", "count")])
    for label in labels:
        yield _cell_text(label.cell)
        cell = label.cell
        for found in _N_LABEL.finditer(cell.text):
            start = cell.column + found.start(1)
            value = Value(found.group(1), cell.line, start, start + len(found.group(1)), 0)
            yield from counts.add(Row(cell.line, cell.text, cell.text, [value]))
    yield from counts.close()
    if not any(_AT_RISK.search(label.cell.text) for label in labels):
        return
    # The numbers at risk under a survival curve: a row per stratum, a count per time point.
    at_risk = TableBuilder("svg.at-risk", medium="svg", title=f"{name}: number at risk")
    for grid in svg.tables(doc.text):
        for row in grid.rows:
            if row[0].text.strip() and not row[0].text.strip().isdigit():
                values = [Value(c.text, c.line, c.column, c.end_column) for c in row[1:]]
                yield from at_risk.add(Row(row[0].line, " ".join(c.text for c in row), row[0].text, values, "count"))
    yield from at_risk.close()


def _rtf(doc: Document, settings: Settings) -> Iterator[Fact]:
    read = rtf.read(doc.text)
    for paragraph in read.paragraphs:
        end = paragraph.column + len(paragraph.text)
        yield Fact("text", paragraph.line, paragraph.column, paragraph.line, end, paragraph.text)
    for grid in read.grids:
        for row in grid.rows:
            yield from (_cell_text(cell) for cell in row if cell.text.strip())
    yield from _described(read.grids, "rtf", Path(doc.rel).name)


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    suffix = Path(doc.rel).suffix.lower()
    if suffix == ".svg":
        yield from _svg(doc)
    elif suffix == ".rtf":
        yield from _rtf(doc, settings)
    elif suffix in (".html", ".htm"):
        yield from _lines(doc)
        yield from _described(html.tables(doc.text), "html", Path(doc.rel).name)
    elif suffix == ".tex":
        yield from _lines(doc)
        yield from _described(latex.tables(doc.text), "latex", Path(doc.rel).name)
    else:  # markdown and other prose: plain text, whose printed tables every plain-text layout reads
        yield from text.read(doc.lines, settings)
        for number, line in enumerate(doc.lines, start=1):
            if "data:image/" in line:
                yield from images(number, 1, line)
