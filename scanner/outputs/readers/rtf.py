"""RTF documents (SAS ODS RTF, Stata putdocx/esttab `.rtf`, Word saved as RTF): tables are runs of rows, each
`\\trowd ... text\\cell text\\cell ... \\row`; `\\trhdr` marks a header row. Text outside tables is read as
paragraphs. Control words, font and colour tables, pictures and other destinations are not text; `\\'hh` escapes
are Windows-1252 and `\\uN` escapes Unicode, as RTF writers on Windows use them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import Cell, Grid, Locator

_TOKEN = re.compile(r"\\([a-zA-Z]+)(-?\d+)? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z])|([{}])|([^\\{}\r\n]+)|\r?\n")
# Groups whose content is not document text.
_SKIP = frozenset(
    (
        *("fonttbl", "colortbl", "stylesheet", "info", "pict", "header", "footer", "headerl", "headerr", "footerl"),
        *("footerr", "object", "listtable", "listoverridetable", "rsidtbl", "generator", "xmlnstbl", "themedata"),
        *("datastore", "latentstyles"),
    )
)
_BREAKS = frozenset(("par", "line", "sect", "page"))


@dataclass
class Text:
    """A paragraph of document text with the position where it starts."""

    text: str
    line: int
    column: int


@dataclass
class Document:
    grids: list[Grid] = field(default_factory=list)
    paragraphs: list[Text] = field(default_factory=list)


@dataclass
class _State:
    skip_depth: int = 0  # group depth at which a skipped destination started (0: not skipping)
    uc: int = 1  # characters to drop after a \uN escape
    drop: int = 0


def read(text: str) -> Document:
    at = Locator(text)
    doc = Document()
    grid: Grid | None = None
    row: list[Cell] = []
    header = False
    parts: list[str] = []
    start: int | None = None
    end = 0
    state = _State()
    depth = 0
    fresh_group = False
    intbl = False

    def put(chars: str, a: int, b: int) -> None:
        nonlocal start, end
        if state.drop:
            taken = min(state.drop, len(chars))
            chars, state.drop = chars[taken:], state.drop - taken
            a += taken
        if not chars:
            return
        if start is None and chars.strip():
            start = a + len(chars) - len(chars.lstrip())
        parts.append(chars)
        end = b

    def flush() -> tuple[str, int, int]:
        nonlocal start, parts
        out = (" ".join("".join(parts).split()), start if start is not None else end, end)
        parts, start = [], None
        return out

    def close_grid() -> None:
        nonlocal grid
        if grid is not None and grid.rows:
            doc.grids.append(grid)
        grid = None

    for m in _TOKEN.finditer(text):
        word, number, hexa, symbol, brace, chars = m.groups()
        if brace == "{":
            depth += 1
            fresh_group = True
            continue
        if brace == "}":
            if state.skip_depth and depth <= state.skip_depth:
                state.skip_depth = 0
            depth -= 1
            fresh_group = False
            continue
        if symbol == "*" and fresh_group:  # {\*\destination ...}: ignorable by definition
            state.skip_depth = state.skip_depth or depth
        first, fresh_group = fresh_group, False
        if state.skip_depth:
            continue
        if word is not None:
            if word in _SKIP and first:
                state.skip_depth = depth
            elif word == "uc" and number:
                state.uc = int(number)
            elif word == "u" and number:
                put(chr(int(number) % 0x10000), m.start(), m.end())
                state.drop = state.uc
            elif word == "trowd":
                if grid is None:
                    close_grid()
                    grid = Grid("rtf")
                row, header = [], False
            elif word == "trhdr":
                header = True
            elif word == "cell":
                body, a, b = flush()
                if grid is None:
                    grid = Grid("rtf")
                cell = at.cell(body, a, b, header)
                row.append(cell)
            elif word == "row":
                if grid is not None and row:
                    grid.rows.append(row)
                    if header:
                        grid.header_rows = len(grid.rows)
                row = []
            elif word == "pard":
                intbl = False
            elif word == "intbl":
                intbl = True
            elif word == "tab":
                put("\t", m.start(), m.end())
            elif word in _BREAKS:
                if intbl:
                    put(" ", m.start(), m.end())  # a line break inside a cell
                else:
                    piece = flush()
                    if piece[0]:  # text between tables ends the table before it
                        close_grid()
                        _paragraph(doc, at, piece)
            continue
        if hexa is not None:
            put(bytes.fromhex(hexa).decode("cp1252", errors="replace"), m.start(), m.end())
        elif symbol is not None:
            if symbol in "\\{}":
                put(symbol, m.start(), m.end())
            elif symbol == "~":
                put(" ", m.start(), m.end())
        elif chars is not None:
            put(chars, m.start(), m.end())
    close_grid()
    _paragraph(doc, at, flush())
    return doc


def _paragraph(doc: Document, at: Locator, piece: tuple[str, int, int]) -> None:
    text, a, _ = piece
    if text:
        line, column = at(a)
        doc.paragraphs.append(Text(text, line, column))


def tables(text: str) -> Iterator[Grid]:
    yield from read(text).grids
