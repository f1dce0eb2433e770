"""Readers per medium: each turns the bytes of one medium (HTML, LaTeX, RTF, SVG, delimited text, XLSX) into
`Grid`s, the rows of cells of a table exactly as they stand, each cell with its line and column in the file.

Readers only describe: which cells are headers, what caption or title stands above, what notes below. What a
column holds and whether a value is small is decided later, from the grid, by the code that judges tables.
Positions are 1-based lines and columns of the text the reader was given; a caller that took the text out of a
container (a notebook output, a spreadsheet) maps them back.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(slots=True)
class Cell:
    """One cell as printed. `header`: marked as a heading by the medium (`<th>`, a header row). A cell that spans
    several grid positions (colspan, rowspan, `\\multicolumn`) fills each of them; `spanned` is set on the copies,
    so the cell is judged once."""

    text: str
    line: int
    column: int
    end_line: int
    end_column: int
    header: bool = False
    spanned: bool = False


@dataclass(slots=True)
class Grid:
    """A table as its medium lays it out: rows of cells, the lines around it that name it (`title`: a caption,
    a title row of a sheet) or explain it (`notes`), and where in a container it stands (`where`: a sheet name)."""

    medium: str
    rows: list[list[Cell]] = field(default_factory=list)
    title: str = ""
    notes: list[str] = field(default_factory=list)
    where: str = ""
    # Header rows the medium marks as such (`<thead>`, a LaTeX row before the first rule); -1 when it does not say.
    header_rows: int = -1
    # The medium says this is a rendered data frame (pandas' `class="dataframe"`): its rows are records unless
    # its columns or row labels are statistics.
    frame: bool = False
    # The number of rows the medium says the whole table has when it shows only part (pandas `N rows x M columns`).
    total_rows: int = 0


class Locator:
    """1-based (line, column) of an offset in a text: line starts are found once, each lookup is a bisection."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def cell(self, text: str, start: int, end: int, header: bool = False) -> Cell:
        """A cell of `text` (already cleaned) whose source runs from offset `start` to `end`."""
        line, column = self(start)
        end_line, end_column = self(end)
        return Cell(text, line, column, end_line, end_column, header)


def column_name(column: int) -> str:
    """A spreadsheet's name of a 1-based column number: 1 is A, 27 is AA."""
    name = ""
    while column:
        column, rest = divmod(column - 1, 26)
        name = chr(65 + rest) + name
    return name
