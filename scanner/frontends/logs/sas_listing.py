"""SAS listing output (.lst, and output captured in a log or .txt): PROC PRINT listings, PROC FREQ one-way and
crosstab tables, PROC MEANS/SUMMARY statistics, PROC UNIVARIATE quantiles and extreme observations, PROC SQL
output. One forward pass; state is the current procedure, the current table's header and the open printed block."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator

from ...config import Settings
from ...model import Fact
from .. import Document
from .common import (
    LINE_LIMIT,
    Block,
    Span,
    cell_fact,
    cells,
    column_class,
    extreme_fact,
    is_number,
    nearest,
    run,
    small,
    text_fact,
    words,
)

# A page starts with a form feed, or its title line ends in SAS's date stamp and page number.
PAGE = re.compile(r"\f|\d{1,2}:\d{2}\s+\w+,\s+\w+\s+\d{1,2},\s+\d{4}(?:\s+\d+)?\s*$")
PROC = re.compile(r"^\s*The (\w+) Procedure\s*$")
DASHES = re.compile(r"^\s*-{3,}[-\s]*$")
CROSS_SEP = re.compile(r"^\s*-+\+[-+]*\s*$")
TABLE_OF = re.compile(r"^\s*Table (?:\d+ )?of \S+ by \S+")
OBS_HEADER = re.compile(r"^\s*Obs(?:\s{2,}\S.*)?$")
OBS_ROW = re.compile(r"^\s*\d+(?:\s{2,}\S|\s*$)")
QUANTILE = re.compile(r"^\s*(100% Max|0% Min)\s+(\S+)")
EXTREME_TITLE = re.compile(r"^\s*Extreme (?:Observations|Values)\s*$")
# Procedures whose headed, ruled tables list observations unless a count column makes them a table of results.
ROW_PROCS = (None, "SQL", "PRINT", "REPORT")
STAT_PROCS = ("MEANS", "SUMMARY")
# SAS on Windows draws table rules with the SAS Monospace FORMCHAR (bytes 0x82-0x8C, which cp1252 reads as quote
# marks, a florin and daggers), other setups with Unicode box drawing; one character for one keeps the columns.
FORMCHAR = str.maketrans(
    "\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152"  # 0x82-0x8C in cp1252
    "\u2502\u2500\u253c\u251c\u2524\u252c\u2534\u250c\u2510\u2514\u2518",  # box drawing
    "|-+++++++++|-+++++++++",
)


def page_break(line: str) -> bool:
    # Most lines of a table end in a digit too: the title's clock (HH:MM) is looked for before the regex runs.
    if "\f" in line:
        return True
    tail = line[-80:]
    return tail[-1:].isdigit() and ":" in tail and bool(PAGE.search(tail))


class ListingParser:
    """Feed lines in order with `feed(number, line)`, then `close()`; both yield facts."""

    def __init__(self, settings: Settings, text_lines: bool = True) -> None:
        self.settings = settings
        self.text_lines = text_lines
        self.proc: str | None = None
        self.mode: str | None = None
        self.page_top = False
        self.block = Block("printed-rows.sas-listing")
        self.prev: tuple[int, str] = (0, "")
        self.prev2: tuple[int, str] = (0, "")
        # the current table: header columns, their classes, crosstab key and column labels
        self.columns: list[Span] = []
        self.classes: list[str | None] = []
        self.key: list[str] = []
        self.stat = 0
        self.row = ""
        self.separated = False
        self.extreme_first = 0
        self.extreme_last: tuple[int, str] = (0, "")

    # --- driving ------------------------------------------------------------------------------------------

    def feed(self, number: int, line: str) -> Iterator[Fact]:
        line = line[:LINE_LIMIT].rstrip()
        if not line.isascii():  # FORMCHAR maps only non-ASCII characters; most lines need no translate
            line = line.translate(FORMCHAR)
        consumed = yield from self._line(number, line)
        if not consumed and self.text_lines:
            fact = text_fact(number, line)
            if fact:
                yield fact
        if line.strip():
            self.prev2, self.prev = self.prev, (number, line)
        else:
            self.prev2, self.prev = self.prev, (number, "")

    def close(self) -> Iterator[Fact]:
        yield from self.block.close()
        yield from self._end_extreme()
        self.mode = None

    def _line(self, number: int, line: str) -> Generator[Fact, None, bool]:
        """Yields facts of the line; returns whether the line belonged to a table or listing."""
        if self.mode == "print" and OBS_ROW.match(line):  # the bulk of a big listing: one regex per row
            self.page_top = False
            self.block.add(number, line)
            return True
        if page_break(line):
            # A listing continues over page breaks: the page's titles and repeated header do not end it.
            # A new page names its procedure again if it has one (PRINT and SQL output has none).
            self.page_top, self.proc = True, None
            if self.mode != "print":
                yield from self.close()
            return False
        match = PROC.match(line)
        if match:
            yield from self.close()
            self.proc = match[1].upper()
            return False
        if QUANTILE.match(line):
            yield from self._quantile(number, line)
            return True
        if EXTREME_TITLE.match(line):
            yield from self.close()
            self.mode, self.extreme_first = "extreme", 0
            return False
        if TABLE_OF.match(line):
            yield from self.close()
            self.mode, self.key, self.columns, self.separated = "crosstab", [], [], False
            return False
        if self.mode == "print":
            return (yield from self._print(number, line))
        if self.mode == "crosstab":
            return (yield from self._crosstab(number, line))
        if self.mode == "extreme":
            return (yield from self._extreme(number, line))
        if self.mode in ("stats", "rows"):
            done = yield from self._table_row(number, line)
            if done is not None:
                return done
        if OBS_HEADER.match(line):
            yield from self.close()
            self.mode, self.columns = "print", cells(line)
            self.block = Block("printed-rows.sas-listing")
            return True
        if DASHES.match(line) and self.prev[1] and self.prev[0] == number - 1:
            return (yield from self._start_table(number, line))
        return False

    # --- PROC PRINT ---------------------------------------------------------------------------------------

    def _print(self, number: int, line: str) -> Generator[Fact, None, bool]:
        if not line.strip():
            return True
        if OBS_ROW.match(line):
            self.page_top = False
            self.block.add(number, line)
            return True
        if self.page_top and OBS_HEADER.match(line):
            return True
        if self.page_top:
            return False
        yield from self.close()
        return (yield from self._line(number, line))

    # --- headed, ruled tables: FREQ one-way, MEANS/SUMMARY, SQL -------------------------------------------

    def _start_table(self, number: int, line: str) -> Generator[Fact, None, bool]:
        header = cells(self.prev[1])
        if not header or all(is_number(c.text) for c in header):
            return False
        above = cells(self.prev2[1]) if self.prev2[0] == number - 2 else []
        classes: list[str | None] = []
        for col in header:
            prefix = " ".join(a.text for a in above if a.start < col.end and col.start < a.end)
            name = f"{prefix} {col.text}".strip()
            kind = column_class(name)
            if "cumulative" in prefix.lower():
                kind = "cumulative"
            elif col.text.lower() == "obs" and self.proc in STAT_PROCS:
                kind = "count"
            classes.append(kind)
        yield from self.block.close()
        self.columns, self.classes = header, classes
        informative = any(k in ("count", "extreme") for k in classes)
        if informative:
            self.mode = "stats"
        elif self.proc in ROW_PROCS and not any(k == "statistic" for k in classes):
            self.mode = "rows"
            self.block = Block("printed-rows.sas-listing")
        else:
            self.mode = None
        return self.mode is not None

    def _table_row(self, number: int, line: str) -> Generator[Fact, None, bool | None]:
        """None when the line ends the table and must be read afresh; else whether it was consumed."""
        if not line.strip():
            yield from self.block.close()
            self.mode = None
            return True
        if DASHES.match(line):
            yield from self.block.close()
            self.mode = None
            return True
        if self.mode == "rows":
            self.block.add(number, line)
            return True
        values = cells(line)
        if not any(is_number(v.text) for v in values):
            self.mode = None
            return None
        if len(values) == len(self.columns):
            placed = list(enumerate(values))
        else:
            placed = [(nearest(v, self.columns) or 0, v) for v in values]
        label = " ".join(v.text for i, v in placed if self.classes[i] is None)
        extremes: list[Span] = []
        for i, value in placed:
            kind, name = self.classes[i], self.columns[i].text
            if kind == "count" and small(value.text, self.settings):
                yield cell_fact(number, value, label, name, self.proc or "SAS")
            elif kind == "extreme" and is_number(value.text):
                extremes.append(value)
        if extremes:
            span = Span(line[extremes[0].start : extremes[-1].end], extremes[0].start, extremes[-1].end)
            names = ", ".join(self.columns[i].text for i, v in placed if v in extremes)
            yield extreme_fact(number, span, "extreme-value.min-max", f"{label}: {names}".strip(": "))
        return True

    # --- PROC FREQ crosstabs ------------------------------------------------------------------------------

    def _crosstab(self, number: int, line: str) -> Generator[Fact, None, bool]:
        if CROSS_SEP.match(line):
            self.separated, self.stat = True, 0
            return True
        if "|" in line:
            parts = _pipe_parts(line)
            label = parts[0].text
            if not self.separated:
                if label:
                    self.key.append(label.lower())
                if any(p.text for p in parts[1:]):
                    # a column owns its whole segment between bars: totals below are right-aligned in it
                    self.columns = _pipe_parts(line, whole=True)[1:]
                return True
            stat = (self.key or ["frequency"])[min(self.stat, len(self.key or ["frequency"]) - 1)]
            if label:
                self.row = label
            if stat == "frequency":
                for i, part in enumerate(parts[1:]):
                    if small(part.text, self.settings):
                        column = self.columns[i].text if i < len(self.columns) else "Total"
                        yield cell_fact(number, part, self.row, column, "FREQ")
            self.stat += 1
            return True
        tokens = words(line)
        if self.separated and tokens and tokens[0].text == "Total":
            if self.stat == 0 or not self.key or self.key[0] == "frequency":
                for token in tokens[1:]:
                    if small(token.text, self.settings):
                        at = nearest(token, self.columns)
                        column = self.columns[at].text if at is not None and self.columns else "Total"
                        yield cell_fact(number, token, "Total", column, "FREQ")
            self.stat = 1
            return True
        if self.separated and tokens and all(is_number(t.text) for t in tokens):
            return True
        if tokens and self.separated:
            self.mode = None
        return False

    # --- PROC UNIVARIATE ----------------------------------------------------------------------------------

    def _quantile(self, number: int, line: str) -> Iterator[Fact]:
        match = QUANTILE.match(line)
        assert match
        value = Span(match[2], match.start(2), match.end(2))
        if is_number(value.text):
            yield extreme_fact(number, value, "extreme-value.quantile", match[1])

    def _extreme(self, number: int, line: str) -> Generator[Fact, None, bool]:
        tokens = words(line)
        if tokens and all(is_number(t.text) for t in tokens):
            self.extreme_first = self.extreme_first or number
            self.extreme_last = (number, line)
            return True
        if not tokens and not self.extreme_first:
            return True
        if not tokens or self.extreme_first:
            yield from self._end_extreme()
            self.mode = None
            return not tokens
        return True

    def _end_extreme(self) -> Iterator[Fact]:
        if self.mode == "extreme" and self.extreme_first:
            number, line = self.extreme_last
            span = Span(line.strip(), len(line) - len(line.lstrip()), len(line))
            rule = "extreme-value.extreme-observations"
            yield extreme_fact(self.extreme_first, span, rule, "Extreme Observations", end_line=number)
        self.extreme_first = 0


def _pipe_parts(line: str, whole: bool = False) -> list[Span]:
    """The pieces of a `|`-ruled line, stripped, with their offsets (with `whole`, the offsets of the segment)."""
    parts, start = [], 0
    for piece in line.split("|"):
        stripped = piece.strip()
        offset = start + (len(piece) - len(piece.lstrip()))
        if whole:
            parts.append(Span(stripped, start, start + len(piece)))
        else:
            parts.append(Span(stripped, offset, offset + len(stripped)))
        start += len(piece) + 1
    return parts


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    return run(ListingParser(settings), doc.lines)
