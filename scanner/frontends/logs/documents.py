"""Documents that carry tables: HTML (knitted reports, SAS ODS HTML, saved DataFrames), LaTeX (esttab,
stargazer, kable `.tex`), RTF (ODS RTF, putdocx) and SVG graphs. Each medium's reader finds its tables, which
are judged like every other table (counts, extremes, rows of individuals); the document's text is free text for
the detectors: HTML and LaTeX line by line as stored, RTF as its paragraphs and cells (its control words are not
text), SVG as its labels. A graph label `n = 3` is a count; so is a number in the at-risk table under a
survival curve. Markdown and any other document are read as text only."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ...config import Settings
from ...model import Fact
from ...outputs.readers import Cell, Grid, html, latex, rtf, svg
from ...outputs.readers.judge import Judge
from .. import Document
from .common import small, text_fact

RULE = "printed-rows.table"
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


def _judged(grids: Iterable[Grid], settings: Settings, name: str) -> Iterator[Fact]:
    judge = Judge(settings, name, RULE, extra_identifiers=settings.extra_identifiers)
    for grid in grids:
        yield from judge.grid(grid)


def _cell_text(cell: Cell) -> Fact:
    return Fact("text", cell.line, cell.column, cell.end_line, cell.end_column, cell.text)


def _count(cell: Cell, start: int, end: int, row: str, column: str, table: str) -> Fact:
    attrs = {"count": cell.text[start:end], "row": row, "column": column, "table": table}
    line = cell.line
    return Fact("table.cell", line, cell.column + start, line, cell.column + end, cell.text[start:end], attrs)


def _svg(doc: Document, settings: Settings) -> Iterator[Fact]:
    name = Path(doc.rel).name
    labels = svg.labels(doc.text)
    # Only the labels are text; the drawing (points, bars) must be looked at.
    line, column = svg.drawing(doc.text)
    yield Fact("image", line, column, line, column + 4, "", {"what": "SVG graph"})
    at_risk = any(_AT_RISK.search(label.cell.text) for label in labels)
    for label in labels:
        yield _cell_text(label.cell)
        for found in _N_LABEL.finditer(label.cell.text):
            if small(found.group(1), settings):
                yield _count(label.cell, found.start(1), found.end(1), label.cell.text, "n", name)
    if not at_risk:
        return
    for grid in svg.tables(doc.text):
        for row in grid.rows:
            if row[0].text.strip() and not row[0].text.strip().isdigit():
                for cell in row[1:]:
                    if small(cell.text, settings):
                        yield _count(cell, 0, len(cell.text), row[0].text, "at risk", name)


def _rtf(doc: Document, settings: Settings) -> Iterator[Fact]:
    read = rtf.read(doc.text)
    for paragraph in read.paragraphs:
        end = paragraph.column + len(paragraph.text)
        yield Fact("text", paragraph.line, paragraph.column, paragraph.line, end, paragraph.text)
    for grid in read.grids:
        for row in grid.rows:
            yield from (_cell_text(cell) for cell in row if cell.text.strip())
    yield from _judged(read.grids, settings, Path(doc.rel).name)


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    suffix = Path(doc.rel).suffix.lower()
    if suffix == ".svg":
        yield from _svg(doc, settings)
    elif suffix == ".rtf":
        yield from _rtf(doc, settings)
    else:
        yield from _lines(doc)
        if suffix in (".html", ".htm"):
            yield from _judged(html.tables(doc.text), settings, Path(doc.rel).name)
        elif suffix == ".tex":
            yield from _judged(latex.tables(doc.text), settings, Path(doc.rel).name)
