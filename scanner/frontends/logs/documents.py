"""Documents that carry tables: HTML (knitted reports, SAS ODS HTML, saved DataFrames), LaTeX (esttab,
stargazer, kable `.tex`), RTF (ODS RTF, putdocx) and SVG graphs. Each medium's reader finds its tables, which
are judged like every other table (counts, extremes, rows of individuals); the document's text is free text for
the detectors: HTML and LaTeX line by line as stored, RTF as its paragraphs and cells (its control words are not
text), SVG as its labels. A graph label `n = 3` is a count; so is a number in the at-risk table under a
survival curve. Markdown and any other document are plain text, read by every plain-text layout."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

from ...config import Settings
from ...discover import NotText
from ...model import Fact
from ...outputs import text
from ...outputs.readers import Cell, Grid, html, latex, pdf, rtf, svg
from ...outputs.readers.tabulate import Tabulator
from ...outputs.table import Cell as Value
from ...outputs.table import Column, Medium, Row, TableBuilder
from .. import Document
from . import knitted
from .common import text_fact

_N_LABEL = re.compile(r"(?<![\w.])[nN]\s*=\s*(\d+)(?![\d.,])")
# A row of the numbers at risk as a PDF's text layer gives it: a stratum's label, then counts.
_RISK_ROW = re.compile(r"^\s*(\S.*?)\s+((?:\d+\s+)*\d+)\s*$")
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
    for label in labels:
        yield _cell_text(label.cell)
    yield from _n_labels([label.cell for label in labels], "svg", name)
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


def _n_labels(cells: Iterable[Cell], medium: Medium, title: str) -> Iterator[Fact]:
    """`n = 3` labels of a graph, as a table of counts."""
    counts = TableBuilder(f"{medium}.labels", medium=medium, title=title, columns=[Column("n", "count")])
    for cell in cells:
        for found in _N_LABEL.finditer(cell.text):
            start = cell.column + found.start(1)
            value = Value(found.group(1), cell.line, start, start + len(found.group(1)), 0)
            yield from counts.add(Row(cell.line, cell.text, cell.text, [value]))
    yield from counts.close()


def _pdf(doc: Document, settings: Settings) -> Iterator[Fact]:
    """A PDF's text layer, its pages one after another: a position is a line of that text (counted over the whole
    document) and its page is named in `where`. The drawing is always to be looked at."""
    yield Fact("image", 1, 1, 1, 1, "", {"what": "PDF drawing (its text layer was read)"})
    lines: list[str] = []
    starts: list[int] = []  # the first line of each page (0-based into `lines`)
    for page in pdf.pages(doc.path):  # bounded by pdf.MAX_TEXT
        starts.append(len(lines))
        lines.extend(page.lines)
    for fact in _pdf_text(lines, Path(doc.rel).name, settings):
        fact.attrs["where"] = f"page {bisect_right(starts, fact.line - 1)}"
        yield fact


def _pdf_text(lines: list[str], name: str, settings: Settings) -> Iterator[Fact]:
    at_risk = TableBuilder("pdf.at-risk", medium="pdf", title=f"{name}: number at risk")
    risk = False
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        yield Fact("text", number, 1, number, len(line) + 1, line)
        row = _RISK_ROW.match(line) if risk else None
        if row is not None and not row[1].replace(" ", "").isdigit():
            offset = row.start(2)
            values = [
                Value(v.group(), number, offset + v.start() + 1, offset + v.end() + 1)
                for v in re.finditer(r"\d+", row[2])
            ]
            yield from at_risk.add(Row(number, line, row[1], values, "count"))
        else:
            yield from at_risk.close()
            risk = bool(_AT_RISK.search(line))
    yield from at_risk.close()
    yield from _n_labels((Cell(line, n, 1, n, len(line) + 1) for n, line in enumerate(lines, start=1)), "pdf", name)
    # Printed tables in the text (a report's frequency table), read by the plain-text layouts.
    for fact in text.read(lines, settings, "pdf"):
        if fact.kind != "text":  # the lines were given as text above
            yield fact


def _preformatted(source: str, settings: Settings) -> Iterator[Fact]:
    """The console output of an HTML report (`<pre>` blocks: knitted R Markdown, a notebook saved as HTML), read at
    the lines it stands on (every other line blank). Output right after a block of R code is read as a transcript,
    typed by that code (knitted.py; the code's own text is the document's, read as text); any other output by the
    plain-text layouts. A block's first line starts after its opening tags: it is read from column 1, in line with
    the lines below it, and what is found on it is moved to its real columns."""
    blocks = list(html.preformatted(source))
    echoed = _echoed(source, blocks)
    moved = {block.line: block.column - 1 for block in blocks}
    parts = [
        ("r" if block.code else "output", [(block.line + i, line) for i, line in enumerate(block.lines)])
        for index, block in enumerate(blocks)
        if block.code or index in echoed
    ]
    found = knitted.transcript(parts, settings, "html", code_facts=False) if echoed else iter(())
    view = _view(source, _plain(blocks, echoed))
    for fact in chain(found, text.read(view, settings, "html") if view else ()):
        if fact.kind == "text":
            continue  # the document's lines were given as text (`_lines`)
        _move(fact, moved)
        yield fact


def _echoed(source: str, blocks: list[html.Preformatted]) -> set[int]:
    """The indexes of the blocks knitr printed for R code: `##` or `#>` output, or a Quarto cell's output (any
    prefix), right after a block of R code or of its output, with only markup (and a cell's messages) between."""
    echoed: set[int] = set()
    after = False  # the block before is R code, or its output
    for index, block in enumerate(blocks):
        inside = knitted.marked(block.within)
        follows = after and html.adjacent(source, blocks[index - 1], block)
        if block.code:
            after = True
        elif follows and (inside == "printed" or knitted.is_output(block.lines)):
            echoed.add(index)
        else:
            after = follows and inside == "messages"
    return echoed


def preformatted_view(source: str) -> list[str]:
    """The lines of an HTML text as the plain-text layouts are given them: the lines of its `<pre>` blocks of output
    that no R code above types (`_preformatted`), every other line blank."""
    blocks = list(html.preformatted(source))
    return _view(source, _plain(blocks, _echoed(source, blocks)))


def _plain(blocks: list[html.Preformatted], echoed: set[int]) -> list[html.Preformatted]:
    """The blocks of output no R code types: read by the plain-text layouts."""
    return [block for index, block in enumerate(blocks) if not block.code and index not in echoed]


def _view(source: str, blocks: list[html.Preformatted]) -> list[str]:
    """`source`'s lines blank but those of `blocks` (right-stripped, knitted output's prefix blanked as in a fenced
    block: `## ` alone is `##`); empty without blocks."""
    view = [""] * (source.count("\n") + 1) if blocks else []
    for block in blocks:
        for index, line in enumerate(block.lines):
            view[block.line - 1 + index] = text.knitted(line.rstrip())
    return view


def _move(fact: Fact, moved: dict[int, int]) -> None:
    """Put what a fact holds on a block's first line at its real columns (`moved`: line -> columns of tags)."""
    if fact.line in moved:
        fact.column += moved[fact.line]
        if fact.end_line == fact.line:
            fact.end_column += moved[fact.line]
    table = fact.table
    if table is None:
        return
    for column in table.columns:
        if column.line in moved:
            column.column += moved[column.line]
            column.end_column += moved[column.line]
    for row in table.rows:
        for cell in row.cells:
            if cell.line in moved:
                cell.start += moved[cell.line]
                cell.end += moved[cell.line]


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
    if suffix == ".pdf" and doc.path:
        yield from _pdf(doc, settings)
        return
    if doc.binary:
        raise NotText("unscanned.binary", "binary content in a document file")
    if suffix == ".svg":
        yield from _svg(doc)
    elif suffix == ".rtf":
        yield from _rtf(doc, settings)
    elif suffix in (".html", ".htm"):
        yield from _lines(doc)
        yield from _described(html.tables(doc.text), "html", Path(doc.rel).name)
        yield from _preformatted(doc.text, settings)
    elif suffix == ".tex":
        yield from _lines(doc)
        yield from _described(latex.tables(doc.text), "latex", Path(doc.rel).name)
    else:  # markdown and other prose: plain text, whose printed tables every plain-text layout reads
        if suffix in (".md", ".markdown") and not doc.streamed:
            yield from knitted.facts(list(doc.lines), settings)  # knitted R output is read as a transcript's
        else:
            yield from text.read(doc.lines, settings)
        for number, line in enumerate(doc.lines, start=1):
            if "data:image/" in line:
                yield from images(number, 1, line)
