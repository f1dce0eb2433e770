"""XLSX workbooks, after the zip container has been checked (sizes and compression ratios bounded, so a zip
bomb or a corrupt file ends as `unscanned.invalid` in bounded time and memory). Each sheet gives its name, its
rows (read-only, streamed by openpyxl) and its cell comments (read from the sheet's comments part, which the
read-only reader skips). A cell's position is its row (`line`) and column number; the sheet is named apart."""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree

from ...discover import NotText
from ...fileio import open_regular
from . import Cell

# Bounds for a spreadsheet's zip container: total unpacked size, per-member ratio, and number of members.
MAX_UNPACKED = 256 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 10_000
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclass
class Sheet:
    name: str
    rows: Iterator[list[Cell]]
    comments: list[Cell] = field(default_factory=list)


def checked_zip(path: str) -> None:
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


def _reference(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha()).upper()
    digits = "".join(ch for ch in ref if ch.isdigit())
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - 64
    return int(digits or 1), column or 1


def _targets(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target path) of a package part."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if rels not in archive.namelist():
        return {}
    root = ElementTree.fromstring(archive.read(rels))
    out = {}
    for rel in root.iter(f"{_REL}Relationship"):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id", "")] = (rel.get("Type", ""), path)
    return out


def comments(path: str) -> dict[str, list[Cell]]:
    """Sheet name -> its cell comments, each at its cell, text as shown (author lines included)."""
    out: dict[str, list[Cell]] = {}
    with open_regular(path) as raw, zipfile.ZipFile(raw) as archive:
        book = "xl/workbook.xml"
        if book not in archive.namelist():
            return out
        sheets = _targets(archive, book)
        root = ElementTree.fromstring(archive.read(book))
        for sheet in root.iter(f"{_MAIN}sheet"):
            part = sheets.get(sheet.get(f"{_DOC_REL}id", ""), ("", ""))[1]
            for kind, target in _targets(archive, part).values() if part else ():
                if kind.endswith("/comments") and target in archive.namelist():
                    found = out.setdefault(sheet.get("name", ""), [])
                    for note in ElementTree.fromstring(archive.read(target)).iter(f"{_MAIN}comment"):
                        text = " ".join("".join(t.text or "" for t in note.iter(f"{_MAIN}t")).split())
                        row, column = _reference(note.get("ref", "A1"))
                        found.append(Cell(text, row, column, row, column + 1))
    return out


def _rows(sheet: Any) -> Iterator[list[Cell]]:
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield [Cell("" if v is None else str(v), number, col, number, col + 1) for col, v in enumerate(values, 1)]


def sheets(path: str) -> Iterator[Sheet]:
    from openpyxl import load_workbook

    checked_zip(path)
    try:
        notes = comments(path)
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl and the XML parser raise many kinds for a broken workbook
        raise NotText("unscanned.invalid", f"spreadsheet could not be opened ({type(err).__name__})") from None
    try:
        for sheet in book.worksheets:
            yield Sheet(sheet.title, _rows(sheet), notes.get(sheet.title, []))
    finally:
        book.close()
