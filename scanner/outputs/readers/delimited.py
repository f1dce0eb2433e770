"""Delimited text (.csv, .tsv, a .txt that sniffs as delimited) read as CSV over the whole stream: a quoted
field may hold the delimiter, doubled quotes and line breaks, so one record can span several lines. The
delimiter is the one of `;`, tab, `|`, `,` that splits the first lines into the same number of fields (Danish
Excel writes `;` and decimal commas, `3,5`); `.tsv` is always tab.

Rows are yielded as they end, each cell with the line and column of its text (inside the quotes), so memory
holds one record at a time whatever the file's size. A field is cut at `MAX_FIELD` characters."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import cache
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


_REST = re.compile(r"()(.*)", re.DOTALL)


@cache
def _field(delimiter: str) -> re.Pattern[str]:
    """One field and the delimiter after it: quoted (doubled quotes inside, line breaks allowed) or plain."""
    d = re.escape(delimiter)
    return re.compile(rf'[ \t]*"((?:[^"]|"")*)"[ \t]*(?:{d}|$)|([^{d}\n]*)(?:{d}|$)')


# A record on one line without quotes: its line number and text, not yet split into cells.
Plain = tuple[int, str]


def fields(line: str, delimiter: str) -> list[tuple[str, int, int]]:
    """The fields of a record on one line without quotes: each value (stripped) with its 1-based start and end
    column, end exclusive. A split gives them and their offsets."""
    found = []
    at = 1
    for raw in line.split(delimiter):
        value = raw.strip()
        if value == raw:  # most fields have no blanks around them
            found.append((value[:MAX_FIELD], at, at + len(value)))
        else:
            a = at + (len(raw) - len(raw.lstrip()) if value else 0)
            found.append((value[:MAX_FIELD], a, a + len(value)))
        at += len(raw) + 1
    return found


def plain_cells(record: Plain, delimiter: str) -> list[Cell]:
    """The cells of a record on one line without quotes."""
    number = record[0]
    return [Cell(value, number, a, number, b) for value, a, b in fields(record[1], delimiter)]


def _record(text: str, starts: list[int], first: int, delimiter: str) -> list[Cell]:
    """The cells of one record, `text` its physical lines joined by newlines, `first` the first line's number."""
    cells: list[Cell] = []
    if '"' not in text:  # the common case: one line, no quoting
        return plain_cells((first, text), delimiter)
    at = 0
    pattern = _field(delimiter)
    while at <= len(text):
        m = pattern.match(text, at)
        if m is None:  # a stray quote inside a plain field: the rest of the record is one field
            m = _REST.match(text, at)
            assert m is not None
        if m.group(1) is not None and m.re is not _REST:
            value, a, b = m.group(1).replace('""', '"')[:MAX_FIELD], m.start(1), m.end(1)
        else:
            raw = m.group(2)
            value = raw.strip()[:MAX_FIELD]
            a = m.start(2) + len(raw) - len(raw.lstrip())
            b = a + len(raw.strip())
        cells.append(_cell(value, a, b, starts, first))
        # the last field: nothing after it, or an empty field after a final delimiter
        if m.end() == at or (m.end() >= len(text) and not text.endswith(delimiter, 0, m.end())):
            break
        at = m.end()
    return cells


def _cell(value: str, a: int, b: int, starts: list[int], first: int) -> Cell:
    if len(starts) == 1:
        return Cell(value, first, a + 1, first, b + 1)
    line = bisect_right(starts, a) - 1
    end = bisect_right(starts, max(a, b - 1)) - 1
    return Cell(value, first + line, a - starts[line] + 1, first + end, b - starts[end] + 1)


def rows(lines: Iterable[str], delimiter: str) -> Iterator[list[Cell]]:
    """Records of the stream, each a list of cells; a blank line is an empty record (it ends a table). A line
    that ends inside a quoted field is continued by the next lines."""
    for record in records(lines, delimiter):
        yield plain_cells(record, delimiter) if isinstance(record, tuple) else record


def records(lines: Iterable[str], delimiter: str) -> Iterator[list[Cell] | Plain]:
    """`rows`, but a record on one line without quotes is left unsplit (`Plain`): the tabulator builds a table
    body's row from its fields without a grid cell per value."""
    held: list[str] = []
    first = 0
    for number, line in enumerate(lines, start=1):
        if not held:
            if not line.strip():
                yield []
                continue
            if '"' not in line:  # a record on one line, no quoting
                yield number, line
                continue
            if not _open(line, delimiter):  # quoted fields, all closed on the line
                yield _record(line, [0], number, delimiter)
                continue
            first = number
        held.append(line)
        if not _open("\n".join(held), delimiter) or sum(map(len, held)) > MAX_FIELD:
            yield _joined(held, first, delimiter)
            held = []
    if held:  # a quote never closed: what was read is still a record (fail closed)
        yield _joined(held, first, delimiter)


def _open(text: str, delimiter: str) -> bool:
    """Whether `text` ends inside a quoted field. A quote opens a field only at its start (after blanks); one
    inside a plain field is a character like any other."""
    i, n = 0, len(text)
    while i <= n:
        j = i
        while j < n and text[j] in " \t":
            j += 1
        if j < n and text[j] == '"':
            k = j + 1
            while True:
                k = text.find('"', k)
                if k < 0:
                    return True
                if not text.startswith('""', k):
                    break
                k += 2
            i = k + 1
        following = text.find(delimiter, i)
        if following < 0:
            return False
        i = following + 1
    return False


def _joined(held: list[str], first: int, delimiter: str) -> list[Cell]:
    starts, at = [], 0
    for part in held:
        starts.append(at)
        at += len(part) + 1
    return _record("\n".join(held), starts, first, delimiter)


def delimiter(lines: Iterable[str], suffix: str) -> str:
    """The delimiter of a stream, sniffed from its first lines."""
    return sniff(list(islice(iter(lines), _SAMPLE)), suffix)


def read(lines: Iterable[str], suffix: str) -> Iterator[list[Cell]]:
    """Rows of a delimited stream; `lines` may be a stream that is read afresh on each iteration."""
    return rows(lines, delimiter(lines, suffix))
