"""Result tables: delimited text (.csv, .tsv, a .txt that sniffs as delimited) and .xlsx workbooks, read by the
readers in scanner/outputs/readers and described as tables of the model for the rules to judge.

Every line of a delimited file, every row of a sheet, every sheet name and every cell comment is also free text
for the detectors (a CPR number or a name typed anywhere in a workbook is found). In a workbook a position is a
row and a column, and the sheet is named in `attrs["where"]`, so the same cell on two sheets is two places."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ...config import Settings
from ...discover import NotText
from ...model import Fact
from ...outputs.readers import delimited, xlsx
from ...outputs.readers.tabulate import Tabulator
from .. import Document
from .common import text_runs


def _xlsx(doc: Document, settings: Settings) -> Iterator[Fact]:
    for sheet in xlsx.sheets(doc.path):
        where = {"where": f"sheet '{sheet.name}'"}
        yield Fact("text", 1, 1, 1, len(sheet.name) + 1, sheet.name, {**where, "source": "sheet-name"})
        for note in sheet.comments:
            yield Fact("text", note.line, note.column, note.line, note.end_column, note.text, dict(where))
        tables = Tabulator("xlsx.table", "xlsx", where["where"], attrs=where, cell_names=True)
        for row in sheet.rows:
            line = "\t".join(cell.text for cell in row)
            if line.strip():
                yield Fact("text", row[0].line, 1, row[0].line, len(line) + 1, line, dict(where))
            yield from tables.feed(row)
        yield from tables.close()


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    suffix = Path(doc.path or doc.rel).suffix.lower()
    if doc.path and suffix in (".xlsx", ".xlsm"):
        yield from _xlsx(doc, settings)
        return
    if doc.binary:
        raise NotText("unscanned.binary", "binary content in a table file")
    yield from text_runs(doc.lines)
    tables = Tabulator("delimited.table", "delimited", Path(doc.rel).name)
    delimiter = delimited.delimiter(doc.lines, suffix)
    for record in delimited.records(doc.lines, delimiter):
        yield from tables.plain(record, delimiter) if isinstance(record, tuple) else tables.feed(record)
    yield from tables.close()
