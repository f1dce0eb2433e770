"""Delimited text (.csv, .tsv, a .txt that sniffs as delimited) read as CSV over the whole stream: a quoted
field may hold the delimiter, doubled quotes and line breaks, so one record can span several lines. The
delimiter is the one of `;`, tab, `|`, `,` that splits the first lines into the same number of fields (Danish
Excel writes `;` and decimal commas, `3,5`); `.tsv` is always tab.

Rows are yielded as they end, each cell with the line and column of its text (inside the quotes), so memory
holds one record at a time whatever the file's size. A field is cut at `MAX_FIELD` characters."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from . import Cell

MAX_FIELD = 1024 * 1024
_CANDIDATES = (";", "\t", "|", ",")
_SAMPLE = 20


def sniff(lines: list[str], suffix: str) -> str:
    """The delimiter: the candidate whose count per line is the same and non-zero on most sample lines (titles
    and notes rows disagree, so the most common count wins, not all of them)."""
    if suffix == ".tsv":
        return "\t"
    best, score = ",", (0, 0)
    for candidate in _CANDIDATES:
        counts = [line.count(candidate) for line in lines if line.strip()]
        counts = [c for c in counts if c]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        key = (counts.count(mode), -_CANDIDATES.index(candidate))
        if key > score:
            best, score = candidate, key
    return best


class _Field:
    __slots__ = ("chars", "column", "end_column", "end_line", "line", "quoted")

    def __init__(self, line: int, column: int) -> None:
        self.chars: list[str] = []
        self.line, self.column = line, column
        self.end_line, self.end_column = line, column
        self.quoted = False

    def cell(self) -> Cell:
        text = "".join(self.chars)
        if not self.quoted:
            text = text.strip()
        return Cell(text, self.line, self.column, self.end_line, self.end_column)


def rows(lines: Iterable[str], delimiter: str) -> Iterator[list[Cell]]:
    """Records of the stream, each a list of cells; a blank line is an empty record (it ends a table)."""
    row: list[Cell] = []
    current: _Field | None = None
    quoted = False  # inside a quoted field, across lines
    size = 0
    for number, line in enumerate(lines, start=1):
        if not quoted and not line.strip():
            yield []
            continue
        i = 0
        if current is None:
            current = _Field(number, 1)
        elif quoted:
            current.chars.append("\n")
        n = len(line)
        while i < n:
            ch = line[i]
            if quoted:
                if ch == '"':
                    if i + 1 < n and line[i + 1] == '"':
                        current.chars.append('"')
                        i += 2
                        continue
                    quoted = False
                    current.end_line, current.end_column = number, i + 1
                    i += 1
                    continue
                if size < MAX_FIELD:
                    current.chars.append(ch)
                    size += 1
                i += 1
                continue
            if ch == delimiter:
                row.append(current.cell())
                current, size = _Field(number, i + 2), 0
                i += 1
                continue
            if ch == '"' and not "".join(current.chars).strip():
                quoted, current.quoted = True, True
                current.chars = []
                current.line, current.column = number, i + 2
                i += 1
                continue
            # plain text runs to the next delimiter or quote
            stop = min((p for p in (line.find(delimiter, i), line.find('"', i)) if p >= 0), default=n)
            stop = max(stop, i + 1)
            if size < MAX_FIELD:
                current.chars.append(line[i:stop])
                size += stop - i
            if line[i:stop].strip():
                lead = len(line[i:stop]) - len(line[i:stop].lstrip())
                if not "".join(current.chars[:-1]).strip():
                    current.column = i + lead + 1
                current.end_line, current.end_column = number, i + len(line[i:stop].rstrip()) + 1
            i = stop
        if not quoted:
            row.append(current.cell())
            yield row
            row, current, size = [], None, 0
    if current is not None:  # a quote never closed: what was read is still a record (fail closed)
        row.append(current.cell())
        yield row


def read(lines: Iterable[str], suffix: str) -> Iterator[list[Cell]]:
    """Rows of a delimited stream; `lines` may be a stream that is read afresh on each iteration."""
    sample = list(islice(iter(lines), _SAMPLE))
    return rows(lines, sniff(sample, suffix))
