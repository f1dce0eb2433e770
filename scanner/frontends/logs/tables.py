"""Result tables: delimited text (.csv, .tsv, a .txt that sniffs as delimited) read row by row, and .xlsx read
with openpyxl after the zip container has been checked (sizes and compression ratios bounded, so a zip bomb or a
corrupt file ends as `unscanned.invalid` in bounded time and memory).

A count column is one whose header names a count (n, N, count, antal, freq, frekvens, ...) or an unnamed-kind
column right before a percentage column; only whole numbers in it are counts, so masked cells (`<5`, `.`, `-`, `*`,
`n<5`) and decimals pass."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from ...config import Settings
from ...discover import NotText
from ...fileio import open_regular
from ...model import Fact
from .. import Document
from .common import Span, cell_fact, column_class, small, text_fact

# Bounds for a spreadsheet's zip container: total unpacked size, per-member ratio, and number of members.
MAX_UNPACKED = 256 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 10_000
MAX_FIELD = 1024 * 1024


def count_columns(header: list[str]) -> list[bool]:
    """Which columns hold counts: named as counts, or of no known kind and right before a percentage column (the
    `n, %` layout of a results table; a category code left of it would be a false alarm, so not the first column)."""
    classes = [column_class(name) for name in header]
    return [
        kind == "count" or (kind is None and 0 < i < len(classes) - 1 and classes[i + 1] == "percent")
        for i, kind in enumerate(classes)
    ]


def _delimiter(first: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    return max(",;\t|", key=first.count)


Row = tuple[int, list[tuple[str, int]], str]


def rows_facts(rows: Iterable[Row], settings: Settings, table: str) -> Iterator[Fact]:
    """Facts of a table given as (line, [(cell text, column offset)], line text) rows; the first non-empty row is
    the header. Each line is also free text for the personal-data detectors (names typed into a result table)."""
    header: list[str] = []
    counts: list[bool] = []
    for number, row, line in rows:
        fact = text_fact(number, line)
        if fact:
            yield fact
        values = [value for value, _ in row]
        if not header:
            if any(v.strip() for v in values):
                header, counts = [v.strip() for v in values], count_columns([v.strip() for v in values])
            continue
        label = next((v.strip() for v, is_count in zip(values, counts, strict=False) if not is_count and v), "")
        for i, (value, offset) in enumerate(row):
            if i < len(counts) and counts[i] and small(value, settings):
                span = Span(value.strip(), offset, offset + len(value))
                yield cell_fact(number, span, label, header[i], table)


def _delimited(doc: Document) -> Iterator[Row]:
    csv.field_size_limit(MAX_FIELD)
    delimiter = ""
    for number, line in enumerate(doc.lines, start=1):
        if not line.strip():
            continue
        delimiter = delimiter or _delimiter(line, Path(doc.rel).suffix.lower())
        fields = next(csv.reader([line[:MAX_FIELD]], delimiter=delimiter), [])
        row, offset = [], 0
        for value in fields:
            at = line.find(value, offset) if value else offset
            at = offset if at < 0 else at
            row.append((value, at))
            offset = at + len(value) + 1
        yield number, row, line


def _checked_zip(path: str) -> None:
    try:
        with open_regular(path) as raw, zipfile.ZipFile(raw) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise NotText("unscanned.invalid", f"not a readable spreadsheet ({err})") from None
    if len(members) > MAX_MEMBERS:
        raise NotText("unscanned.invalid", f"spreadsheet zip has {len(members):,} members")
    total = sum(m.file_size for m in members)
    if total > MAX_UNPACKED:
        raise NotText("unscanned.invalid", f"spreadsheet unpacks to {total:,} bytes (zip bomb?)")
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(1, member.compress_size):
            raise NotText("unscanned.invalid", f"spreadsheet member {member.filename} is compressed beyond reason")


def _xlsx(doc: Document, settings: Settings) -> Iterator[Fact]:
    from openpyxl import load_workbook

    _checked_zip(doc.path)
    try:
        book = load_workbook(doc.path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a broken workbook
        raise NotText("unscanned.invalid", f"spreadsheet could not be opened ({type(err).__name__})") from None
    try:
        for sheet in book.worksheets:
            # A sheet's name leaves with the workbook: it is read as text like its cells (a CPR there is found).
            yield Fact("text", 1, 1, 1, 1, f"sheet name: {sheet.title}")
            rows = (
                (number, cells, "\t".join(value for value, _ in cells))
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
                for cells in [[("" if v is None else str(v), col) for col, v in enumerate(values)]]
            )
            for fact in rows_facts(rows, settings, f"sheet '{sheet.title}'"):
                # A spreadsheet has no lines: `line` is the row, `column` the column, and the message names both.
                if fact.kind == "table.cell":
                    fact.attrs["row"] = f"{fact.attrs['row']} (cell {_cell_name(fact.column, fact.line)})"
                yield fact
    finally:
        book.close()


def _cell_name(column: int, row: int) -> str:
    name = ""
    while column:
        column, rest = divmod(column - 1, 26)
        name = chr(65 + rest) + name
    return f"{name}{row}"


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    if doc.path and Path(doc.path).suffix.lower() in (".xlsx", ".xlsm"):
        yield from _xlsx(doc, settings)
        return
    if doc.encoding == "binary":
        raise NotText("unscanned.binary", "binary content in a table file")
    yield from rows_facts(_delimited(doc), settings, Path(doc.rel).name)
