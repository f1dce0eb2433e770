"""Jupyter notebooks (.ipynb). Code cells go through the kernel language's program front end; stored outputs
(stream text, text/plain, text/html DataFrame renders) are read as output; markdown is free text.

Positions are those of the .ipynb file: the raw JSON is tokenised once so every string knows the line and column
where it is stored (nbformat writes each line of a cell or an output as its own JSON string)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...config import Settings
from ...discover import NotText
from ...identifiers import is_identifier, names_identifier
from ...model import Fact
from ...outputs import echo, text
from ...outputs.groups import groups
from ...outputs.readers import html
from ...outputs.readers.tabulate import Tabulator
from ...outputs.table import Cell, Column, Command, Row, TableBuilder, relocate
from .. import Document
from ..embedded import Names, languages, program_facts, python_magics
from ..python_checks import SHOWS_ALL
from .common import is_int, text_fact, words
from .documents import images
from .rout import OutputReader, layout, typed

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
# A cell magic runs a Python notebook's cell as another language (`%%casds` a SAS data step, `%%R`, `%%bash`,
# `%%sql`): its code goes to that language's front end, or is read as text (patterns/filetypes.toml `[embedded]`).
_CELL_MAGIC = re.compile(r"%%([\w-]+)")
# Output types that are pictures, never text to scan.
IMAGES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml", "application/pdf")


@dataclass(frozen=True, slots=True)
class Located:
    """A JSON string with the 1-based line and 0-based column where its text starts in the file."""

    text: str
    line: int
    column: int


def _strings(raw: str) -> list[tuple[int, int]]:
    """(line, column) of the content of every JSON string in the file, in document order."""
    out: list[tuple[int, int]] = []
    line, line_start, pos = 1, 0, 0
    for match in _STRING.finditer(raw):
        gap = raw.count("\n", pos, match.start())
        if gap:
            line += gap
            line_start = raw.rindex("\n", pos, match.start()) + 1
        out.append((line, match.start() + 1 - line_start))
        pos = match.start()
    return out


def _locate(value: Any, places: Iterator[tuple[int, int]]) -> Any:
    """The parsed JSON with every string replaced by a Located string (keys consume their places too)."""
    if isinstance(value, dict):
        located = {}
        for key, item in value.items():
            next(places)
            located[key] = _locate(item, places)
        return located
    if isinstance(value, list):
        return [_locate(item, places) for item in value]
    if isinstance(value, str):
        line, column = next(places)
        return Located(value, line, column)
    return value


def _pieces(value: Any) -> list[Located]:
    """A multiline notebook string (a list of lines or one string) as lines, each with its place in the file."""
    items = value if isinstance(value, list) else [value]
    out: list[Located] = []
    for item in items:
        if isinstance(item, Located):
            text = item.text.removesuffix("\n")  # nbformat ends each stored line with its newline
            out.extend(Located(part, item.line, item.column) for part in text.split("\n"))
    return out


def _plain(value: Any) -> str:
    if isinstance(value, Located):
        return value.text
    if isinstance(value, dict):
        return next((_plain(v) for k, v in value.items() if k in ("language", "name")), "")
    return ""


def load(doc: Document) -> dict[str, Any]:
    raw = doc.text
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError as err:
        raise NotText("unscanned.invalid", f"not valid notebook JSON ({err.msg} at line {err.lineno})") from None
    if not isinstance(parsed, dict) or not isinstance(parsed.get("cells"), list):
        raise NotText("unscanned.invalid", "JSON without a notebook's list of cells")
    places = iter(_strings(raw))
    located: dict[str, Any] | None
    try:
        located = _locate(parsed, places)
    except StopIteration:
        located = None
    if located is None or next(places, None) is not None:
        # only duplicate keys make the parsed strings and the stored ones disagree; nbformat never writes them
        raise NotText("unscanned.invalid", "notebook JSON with duplicate keys: positions cannot be trusted")
    return located


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    notebook = load(doc)
    meta = notebook.get("metadata", {})
    kernel = _plain(meta.get("kernelspec", {})) or _plain(meta.get("language_info", {}))
    language = languages("kernels").get(kernel.lower())
    names = Names(language or "")  # what names hold, after the cells above
    shows_all = ""  # a statement of a cell above that has IPython show every bare expression (python_checks)
    for cell in notebook["cells"]:
        if not isinstance(cell, dict):
            continue
        kind = _plain(cell.get("cell_type"))
        lines = _pieces(cell.get("source", []))
        found: list[Fact] = []
        cell_language = language
        if kind == "code" and language:
            code = "\n".join(p.text for p in lines)
            origin = [(p.line, p.column) for p in lines]
            magic = _CELL_MAGIC.match(code) if language == "python" else None
            if magic and magic[1] not in python_magics():
                cell_language = languages("magics").get(magic[1].lower(), "text")
                # the magic's own line (`%%casds --output out conn`) is not the language's code: blanked in place
                first = code.split("\n", 1)[0]
                code = " " * len(first) + code[len(first) :]
                found = list(program_facts(code, cell_language, settings, origin=origin))
            else:
                found = list(names.run(code, settings, origin, earlier=shows_all))
                if language == "python" and (setting := SHOWS_ALL.search(code)):
                    shows_all = setting[0]
        else:
            code = ""
            yield from _text(lines)
        outputs = cell.get("outputs", []) if kind == "code" else []
        shown = [
            fact
            for output in outputs
            if isinstance(output, dict)
            for fact in _output(output, code, found, cell_language, settings)
        ]
        _mark_shows(found, shown, code)
        yield from found
        yield from shown


# A selection of rows by one value of a column (`d[d.pnr == x]`, `d[d['pnr'] == x]`, `query("pnr == @x")`).
_PICKED_BY = re.compile(r"([A-Za-z_]\w*)['\"]?\]?\s*==")


def _mark_shows(found: list[Fact], shown: list[Fact], code: str) -> None:
    """Marks a cell's one printing statement `shows` `groups` when every table of its stored output is
    the steps of a time series, counts per place or time, or places (scanner/outputs/groups.py): what it printed is
    there to read. Not when the statement names a person key, nor when the cell picks rows by one person key's
    value: one person's series (`ind[ind.pnr == x][['aar', 'income']]`, `one = d[d.pnr == x]` then `one.head()`)."""
    prints = [fact for fact in found if fact.kind == "output.print"]
    tables = [fact.table for fact in shown if fact.table is not None]
    # one person's rows: picked by a key's value in the cell, or named by the statement
    personal = names_identifier(prints[0].text) if len(prints) == 1 else False
    personal = personal or any(is_identifier(m[1]) for m in _PICKED_BY.finditer(code))
    if len(prints) == 1 and tables and all(groups(table) for table in tables) and not personal:
        prints[0].attrs["shows"] = "groups"


def _text(lines: list[Located]) -> Iterator[Fact]:
    for piece in lines:
        fact = text_fact(piece.line, piece.text)
        if fact:
            fact.attrs["source"] = "prose"  # a markdown or raw cell: the author's own words
            fact.column += piece.column
            fact.end_column += piece.column
            yield fact
            if "data:image/" in piece.text:
                yield from images(piece.line, piece.column + 1, piece.text)


def _output(
    output: dict[str, Any], code: str, found: list[Fact], language: str | None, settings: Settings
) -> Iterator[Fact]:
    """One stored output of a cell whose code is `code`, typed by the cell's facts `found` (scanner/outputs/echo.py):
    a Series or crosstab of counts, an R table, summary or frame, or any text for every plain-text layout."""
    data = output.get("data", {})
    for mime in IMAGES:
        if isinstance(data, dict) and mime in data:
            # A graph: a person must look at it. Its place is the first stored line of the picture.
            pieces = _pieces(data[mime])
            line, column = (pieces[0].line, pieces[0].column) if pieces else (1, 1)
            yield Fact("image", line, column, line, column, "", {"what": f"{mime} output"})
    html = _pieces(data["text/html"]) if isinstance(data, dict) and "text/html" in data else []
    command = echo.command(found, code, 0)
    counting = command is not None and command.intent == "table"
    # The value a cell shows (not the text it printed on the way) is results when its code says so; so is what a
    # cell of one statement prints, when that statement prints results (`printed`: `df.info()`).
    printed = any(f.kind == "output.results" and f.attrs.get("printed") for f in found)
    shown = (
        command
        if command is not None
        and command.intent == "results"
        and (printed or _plain(output.get("output_type")) != "stream")
        else None
    )
    if any("<table" in piece.text for piece in html):
        yield from _results(_html(html, command if counting else None), shown)
        return
    lines = _pieces(output.get("text", [])) if "text" in output else _pieces(data.get("text/plain", []))
    if language != "r" and counting:
        yield from _counts(lines, settings)
        return
    # R outputs are typed by the call that printed them; any other text goes to every plain-text layout.
    reader = (
        OutputReader(settings, *typed(found, code, {}), "notebook", layout=layout(found))
        if language == "r"
        else text.Reader(settings, "notebook")
    )
    yield from _results(_read(reader, lines), shown)


def _read(reader: OutputReader | text.Reader, lines: list[Located]) -> Iterator[Fact]:
    # The reader counts lines; map its numbers back to where each output line is stored in the file.
    for index, piece in enumerate(lines, start=1):
        for fact in reader.feed(index, piece.text):
            yield _place(fact, lines)
    for fact in reader.close():
        yield _place(fact, lines)


def _results(found: Iterator[Fact], shown: Command | None) -> Iterator[Fact]:
    """The tables of a cell's value typed by the command that shows results (`shown`), when there is one."""
    for fact in found:
        if shown is not None and fact.table is not None and fact.table.command is None:
            fact.table.command = shown
        yield fact


def _place(fact: Fact, lines: list[Located]) -> Fact:
    if fact.table is not None:
        relocate(fact.table, lambda n: (lines[n - 1].line, lines[n - 1].column))
    first, last = lines[fact.line - 1], lines[fact.end_line - 1]
    fact.line, fact.end_line = first.line, last.line
    fact.column += first.column
    fact.end_column += last.column
    return fact


def _counts(lines: list[Located], settings: Settings) -> Iterator[Fact]:
    """A printed Series of counts (`value_counts()`, `groupby().size()`) or a crosstab: label, then integers; each
    integer a count cell of the table model, at its place in the file."""
    header: list[str] = []
    table = TableBuilder("pandas.series", medium="notebook", title="output", columns=[Column("count", "count")])
    for piece in lines:
        tokens = words(piece.text)
        if not tokens or piece.text.startswith(("Name:", "dtype:")):
            continue
        numbers = [t for t in tokens[1:] if is_int(t.text)]
        if not numbers or len(numbers) < len(tokens) - 1:
            header = [t.text for t in tokens]
            continue
        cells = [Cell(t.text, piece.line, t.start + piece.column + 1, t.end + piece.column + 1, 0) for t in numbers]
        label = f"{tokens[0].text} ({header[-1]})" if header else tokens[0].text
        yield from table.add(Row(piece.line, piece.text, label, cells, "count"))
    yield from table.close()


def _html(lines: list[Located], command: Command | None) -> Iterator[Fact]:
    """A `text/html` output through the HTML reader, of a cell that printed counts when `command` says so; its
    positions map back to the lines of the .ipynb (columns inside a stored string shift by its JSON escapes, lines
    are exact)."""
    tables = Tabulator("pandas.frame", "notebook", "DataFrame", counting=command is not None, command=command)
    for grid in html.tables("\n".join(piece.text for piece in lines)):
        grid.frame = True
        for fact in tables.grid(grid):
            yield _place(fact, lines)
