"""SAS listing output (.lst, and output captured in a log or .txt): PROC PRINT listings, PROC FREQ one-way and
crosstab tables (and `Frequency Missing = n`), PROC MEANS/SUMMARY statistics, PROC UNIVARIATE quantiles and extreme
observations, PROC SQL output. One forward pass; state is the current procedure and the table being read.

Every table becomes the table model (scanner/outputs/table.py) with the statistic each column or row holds; the
rules decide what is small, extreme or a listing."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterable, Iterator
from functools import cache, lru_cache
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

from ...config import Settings
from ...model import Fact, line_fact, lines_fact
from ...outputs.layouts import level, normal, patterns, statistic
from ...outputs.table import Cell, Column, Command, Row, Statistic, TableBuilder
from ...outputs.text import CONTINUED, FENCE, PROMPT, Reader, absent
from .. import Document
from .common import LINE_LIMIT, RUN_LINES, Span, cells, is_number, nearest, number_cell, span, words

# A line's leading blanks are taken possessively (`\s*+`: what follows them is never a blank): the regex does not
# retry the pattern at each shorter indent of a line that does not match (2-3x faster on an indented line).
# A page starts with a form feed, or its title line ends in SAS's date stamp and page number.
STAMP = re.compile(r"\d{1,2}:\d{2}\s+\w+,\s+\w+\s+\d{1,2},\s+\d{4}(?:\s+\d+)?\s*$")
PROC = re.compile(r"^\s*+The (\w+) Procedure\s*$")
# A rule holds `---`: the hot paths look for it (in C) before they run the regex.
DASHES = re.compile(r"^\s*+-{3,}[-\s]*$")
CROSS_SEP = re.compile(r"^\s*+-+\+[-+]*\s*$")
TABLE_OF = re.compile(r"^\s*+Table (?:\d+ )?of \S+ by \S+")
# PROC PRINT narrows the gaps to one space when a data set is wide: then the header is only names after Obs.
OBS_HEADER = re.compile(r"^\s*+Obs(?:\s{2,}\S.*|(?:\s+[A-Za-z_]\w*){2,}\s*)?$")
OBS_WIDE = re.compile(r"^\s*+Obs(?:\s{2,}\S.*)?$")
OBS_ROW = re.compile(r"^\s*+\d+(?:\s+\S|\s*$)")
QUANTILE = re.compile(r"^\s*+(100% Max|0% Min)\s+(\S+)")
MISSING = re.compile(r"^\s*+(Frequency Missing)\s*=\s*(\S+)\s*$")
EXTREME_TITLE = re.compile(r"^\s*+Extreme (?:Observations|Values)\s*$")
# What PROC, QUANTILE, MISSING, EXTREME_TITLE and TABLE_OF each begin with after the indent (`str.lstrip` strips
# what `\s` matches; the prefixes in C cost half a regex match): one test rules the five out for most lines, and a
# title line (every page has two, `The SAS System` and `The ... Procedure`) runs only the regex its prefix names.
PROC_HEAD = "The "
QUANTILE_HEADS = ("100% Max", "0% Min")
MISSING_HEAD = "Frequency Missing"
EXTREME_HEAD = "Extreme "
TABLE_HEAD = "Table "
TITLES = (PROC_HEAD, *QUANTILE_HEADS, MISSING_HEAD, EXTREME_HEAD, TABLE_HEAD)
# Extents a header keeps the column of (`ListingParser._place`): a header's rows repeat a few of them.
PLACES = 512
# Where a block of model estimates stands (`ListingParser.results`): its title, its header, the rows under it.
TITLE, HEADER, GAP, ROWS = 1, 2, 3, 4
# A row of estimates ends in a number (`<.0001` too); a header line ends in a word (`Pr > ChiSq`, `Limits`).
ROW_END = frozenset("0123456789")
# A cell of a line (as `cells` reads them) with the blanks before it, and the text of such a pair.
_BLANK_CELL = re.compile(r"(\s*+)(\S+(?: \S+)*)")
_SECOND = itemgetter(1)
# Lines the plain-text reader reads as a fenced block or a console prompt: never given to it as text only.
_ECHO = (FENCE, PROMPT, CONTINUED)
# Procedures whose headed, ruled tables list observations unless a count column makes them a table of results.
ROW_PROCS = (None, "SQL", "PRINT", "REPORT")
STAT_PROCS = ("MEANS", "SUMMARY")
# Column statistics that make a headed, ruled table one of results (read cell by cell), not a listing.
INFORMATIVE: frozenset[Statistic] = frozenset({"count", "min", "max", "range", "smallest", "largest"})
AGGREGATE: frozenset[Statistic] = frozenset({"mean", "median", "sd", "quantile", "coefficient", "se", "t", "p", "ci"})
# SAS on Windows draws table rules with the SAS Monospace FORMCHAR (bytes 0x82-0x8C, which cp1252 reads as quote
# marks, a florin and daggers), other setups with Unicode box drawing; one character for one keeps the columns.
FORMCHAR = str.maketrans(
    "\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152"  # 0x82-0x8C in cp1252
    "\u2502\u2500\u253c\u251c\u2524\u252c\u2534\u250c\u2510\u2514\u2518",  # box drawing
    "|-+++++++++|-+++++++++",
)
# The characters FORMCHAR maps (all above U+00FF): most lines that are not ASCII (`Sjælland`) hold none, and a search
# for them costs a tenth of `str.translate` with a table (a dict lookup per character).
RULE_CHARS = re.compile("[" + re.escape("".join(map(chr, FORMCHAR))) + "]")


@cache
def _title_words() -> tuple[str, ...]:
    """The known titles' first words (looked for in a lowered line)."""
    return tuple(sorted({title.split()[0] for title in patterns("sas_titled")}))


def _may_title(line: str) -> bool:
    """The line holds a known title's first word: `normal` (a regex, per line) is worth its cost (it runs on the
    few lines that could be one, not on every indented line of a listing). The words are few: a substring test
    each costs half of one regex search for them all."""
    return any(map(line.lower().__contains__, _title_words()))


@cache
def _results() -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """The model procedures, the titles of their blocks of estimates, and the titles' beginnings that a name
    follows (`error count estimates for *`; patterns/layouts/text.toml)."""
    data = patterns("sas_results")
    named = tuple(t.removesuffix("*") for t in data["titles"] if t.endswith(" *"))
    return frozenset(data["procedures"]), frozenset(data["titles"]), named


def _results_title(line: str) -> bool:
    """The line is the title of a block of estimates: one of the titles, or a beginning and one name."""
    _, titles, named = _results()
    title = normal(line)
    return title in titles or any(title.startswith(n) and " " not in title[len(n) :] for n in named)


def page_break(line: str) -> bool:
    # Most lines of a table end in a digit too: the title's clock (HH:MM) is looked for before the regex runs.
    if "\f" in line:
        return True
    return line[-1:].isdigit() and stamped(line[-80:])


def stamped(tail: str) -> bool:
    """Whether `STAMP.search(tail)` finds a stamp, tried at one place (a search tries the regex at every character:
    3-5x dearer on a page's title line): nothing after a stamp's clock holds a colon, so its colon is the last, and
    where a stamp's hour has two digits, the second alone is a match too."""
    colon = tail.rfind(":")
    return colon > 0 and STAMP.match(tail, colon - 1) is not None


def _cell(number: int, piece: Span, column: int = -1) -> Cell:
    return Cell(piece.text, number, piece.start + 1, piece.end + 1, column)


class ListingParser:
    """Feed lines in order with `feed(number, line)`, then `close()`; both yield facts. A layout recogniser
    (scanner/outputs/layouts/sas.py) as well as the reader of listing files."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.proc: str | None = None
        self.command: Command | None = None  # the echoed step that printed what is read (in a log)
        self.mode: str | None = None
        self.page_top = False
        self.table = TableBuilder("sas.print", medium="listing")
        self.out: list[Fact] = []  # the facts of the line being read (`step`), until `drained()`
        self.prev: tuple[int, str] = (0, "")
        self.prev2: tuple[int, str] = (0, "")
        # the current table's header columns (their spans), and a crosstab's stacked statistics
        self.columns: list[Span] = []
        self.kinds: list[Statistic | None] = []  # a headed table's column statistics (set once, read per row)
        self.places: dict[tuple[int, int], int] = {}  # and where its values stand (its header's, kept with it)
        self.key: list[str] = []
        self.stat = 0
        self.row = ""
        self.separated = False
        self.rule = 0  # the line of the rule under a headed table's header
        # a table known by its title (patterns/layouts/text.toml [sas_titled]): its columns' statistics by header,
        # and the header lines read so far
        self.titled: dict[str, Statistic] = {}
        self.header: list[str] = []
        # In a block of a model procedure's estimates (patterns/layouts/text.toml [sas_results]): where (TITLE ..
        # ROWS), 0 outside one, and the header lines read so far.
        self.results = 0
        self.heads = 0
        # The last line that is a title of the listing's own (a page's dated title, a procedure's, a crosstab's):
        # free text that no other layout's table holds.
        self.heading = 0

    # --- driving ------------------------------------------------------------------------------------------

    def listed(self, number: int, line: str) -> bool | None:
        """The bulk of a big listing, without a generator: a row of the PROC PRINT being read is recorded (not a
        form feed's line: it starts the next page, whose number may stand alone when the title is left out), and
        a blank line between tables (half a listing's lines) is passed over. None: the line needs `feed`."""
        if self.mode == "print" and OBS_ROW.match(line) and "\f" not in line:
            self.page_top = False
            self.table.record(number, line)
            self.prev2, self.prev = self.prev, (number, line)
            return True
        if not line and self.mode is None:
            self.prev2, self.prev = self.prev, (number, "")
            return False
        return None

    def feed(self, number: int, line: str) -> Generator[Fact, None, bool]:
        """Facts of one line (cut and right-stripped); returns whether it belonged to a table or listing."""
        consumed = self.step(number, line)
        if self.out:
            yield from self.drained()
        return consumed

    def step(self, number: int, line: str) -> bool:
        """`feed` without a generator (the listing reader's loop): its facts are left in `out` (`drained()`).
        Facts are few (a table per twenty lines), lines many: the reader makes no generator per line."""
        listed = self.listed(number, line)
        if listed is not None:
            return listed
        if not line.isascii() and RULE_CHARS.search(line):  # most lines hold nothing FORMCHAR maps
            line = line.translate(FORMCHAR)
        consumed = self._line(number, line)
        self.prev2, self.prev = self.prev, (number, line)  # right-stripped: a blank line is empty
        return consumed

    def drained(self) -> list[Fact]:
        """The facts made since the last call, in order."""
        out, self.out = self.out, []
        return out

    def skip(self, number: int) -> Iterator[Fact]:
        """The line was another recogniser's: what was being read ends."""
        self.prev2, self.prev = self.prev, (number, "")
        if self.mode is not None:
            self._close()
        return iter(self.drained())

    def close(self) -> Iterator[Fact]:
        self._close()
        return iter(self.drained())

    def _close(self) -> None:
        if self.table.total:  # an empty builder yields nothing and holds nothing to forget (`TableBuilder.close`)
            self.out += self.table.close()
        self.mode = None

    def _add(self, row: Row) -> None:
        if self.table.put(row):
            self.out += self.table.flush()

    def _begin(self, layout: str, mode: str, columns: list[Column] | None = None, title: str = "") -> None:
        self._close()
        self.mode = mode
        self.table = TableBuilder(
            layout, medium="listing", title=title or self.proc or "SAS", command=self.command, columns=columns
        )

    def _line(self, number: int, line: str) -> bool:
        """Yields facts of the line; returns whether the line belonged to a table or listing."""
        if page_break(line):
            # A listing continues over page breaks: the page's titles and repeated header do not end it.
            # A new page names its procedure again if it has one (PRINT and SQL output has none).
            self.page_top, self.proc, self.results = True, None, 0
            if self.mode != "print":
                self._close()
            if "\f" not in line:
                self.heading = number
                return False
            # The form feed may start the page's first line ("\fThe FREQ Procedure"): read what follows it.
            rest = line.rpartition("\f")[2]
            if rest.strip().isdigit():  # the page's number, its title left out: no row
                return False
            if stamped(rest[-80:]):
                self.heading = number
            line = " " * (len(line) - len(rest)) + rest
        head = line.lstrip()
        if head.startswith(TITLES):
            # the prefixes exclude one another: at most one of the regexes can match
            if head.startswith(PROC_HEAD):
                match = PROC.match(line)
                if match:
                    self._close()
                    self.proc, self.results, self.heading = match[1].upper(), 0, number
                    return False
            elif head.startswith(QUANTILE_HEADS):
                if QUANTILE.match(line):
                    self._quantile(number, line)
                    return True
            elif head.startswith(MISSING_HEAD):
                missing = MISSING.match(line)
                if missing:
                    self._missing(number, missing)
                    return True
            elif head.startswith(EXTREME_HEAD):
                if EXTREME_TITLE.match(line):
                    self._begin("sas.univariate.extremes", "extreme", title="Extreme Observations")
                    return False
            elif TABLE_OF.match(line):  # the last prefix, TABLE_HEAD
                self._begin("sas.crosstab", "crosstab", title="FREQ")
                self.key, self.columns, self.separated, self.heading = [], [], False, number
                return False
        if self.mode == "print":
            return self._print(number, line)
        if self.mode == "crosstab":
            return self._crosstab(number, line)
        if self.mode == "extreme":
            return self._extreme(number, line)
        if self.mode == "titled":
            return self._titled(number, line)
        if self.mode in ("stats", "rows"):
            done = self._table_row(number, line)
            if done is not None:
                return done
        if not self.results and self.proc in _results()[0] and _results_title(line):
            self.results, self.heads = TITLE, 0
        titled = patterns("sas_titled").get(normal(line)) if line.startswith(" ") and _may_title(line) else None
        if titled:
            self._begin(f"sas.{(self.proc or 'table').lower()}", "titled", title=line.strip())
            self.titled, self.header = titled, []
            return True
        if "Obs" in line and OBS_HEADER.match(line):
            # names after Obs are words when SAS narrowed the gaps to one space
            header = cells(line) if OBS_WIDE.match(line) else words(line)
            columns = [self._column(number, c, "obs" if i == 0 else statistic(c.text)) for i, c in enumerate(header)]
            self._begin("sas.print", "print", columns)
            self.columns = header
            return True
        if "---" in line and DASHES.match(line) and self.prev[1] and self.prev[0] == number - 1:
            return self._start_table(number, line)
        return False

    @staticmethod
    def _column(number: int, span: Span, kind: Statistic | None, label: str = "") -> Column:
        return Column(label or span.text, kind, number, span.start + 1, span.end + 1)

    def estimates(self, line: str) -> bool:
        """Whether a line this reader left belongs to the block of estimates being read (its title, blank lines,
        up to three header lines, one blank line, the rows): model output, given to the text rules only. The first
        line that does not fit ends the block and is read as any other line."""
        state = self.results
        if not state:
            return False
        if state == TITLE:  # the title itself
            self.results = HEADER
            return True
        if not line:
            if state == HEADER and self.heads:
                self.results = GAP
            elif state != HEADER:
                self.results = 0
            return bool(self.results)
        if line.startswith(_ECHO):
            self.results = 0
        elif line[-1] in ROW_END:
            self.results = ROWS
        elif state == HEADER and self.heads < 3:
            self.heads += 1
        else:
            self.results = 0
        return bool(self.results)

    # --- PROC PRINT ---------------------------------------------------------------------------------------

    def _print(self, number: int, line: str) -> bool:
        if not line.strip():
            return True
        if OBS_ROW.match(line):
            self.page_top = False
            self.table.record(number, line)
            return True
        if self.page_top and OBS_HEADER.match(line):
            return True
        if self.page_top:
            return False
        self._close()
        return self._line(number, line)

    # --- headed, ruled tables: FREQ one-way, MEANS/SUMMARY, SQL -------------------------------------------

    def _start_table(self, number: int, line: str) -> bool:
        above = self.prev2[1] if self.prev2[0] == number - 2 else None
        found = _header(self.proc, self.prev[1], above)
        if found is None:
            return False
        if found.mode is None:
            self._close()
            return False
        at = self.prev[0]
        self._begin(
            found.layout, found.mode, [Column(n, kind, at, start, end) for n, kind, start, end in found.columns]
        )
        self.columns, self.rule = list(found.header), 0 if found.boxed else number
        self.kinds = [kind for _, kind, _, _ in found.columns]
        self.places = found.places
        return True

    def _table_row(self, number: int, line: str) -> bool | None:
        """None when the line ends the table and must be read afresh; else whether it was consumed."""
        # the line is right-stripped (`step`): blank only when empty
        if not line and number == self.rule + 1:
            return True  # PROC REPORT's HEADSKIP: a blank line between the header rule and the rows
        if not line or ("---" in line and DASHES.match(line)):
            self._close()
            return True
        if self.mode == "rows":
            self.table.record(number, line)
            return True
        # the row's cells, each after its blanks: Cells made with 1-based offsets, without a Span or a match each
        found = _BLANK_CELL.findall(line)
        # a row's last value is a number but in a few tables: the others are looked at only when it is not
        if not (found and number_cell(found[-1][1])) and not any(map(number_cell, map(_SECOND, found))):
            self._close()
            return None
        kinds = self.kinds
        places = self.places if len(found) != len(self.columns) else None
        label = []
        row_cells = []
        end = 1
        for i, (blanks, text) in enumerate(found):
            start = end + len(blanks)
            end = start + len(text)
            at = i if places is None else places.get((start, end))
            if at is None:
                at = self._place(text, start, end)
            if kinds[at] is None:
                label.append(text)
            else:
                row_cells.append(Cell(text, number, start, end, at))
        self._add(Row(number, line, " ".join(label), row_cells))
        return True

    def _place(self, text: str, start: int, end: int) -> int:
        """`nearest` header column of a value (1-based offsets) not in `places`: by its extent, the same in the rows
        of every table under the header (a MEANS row's `N Obs` and `N` stand one space apart, read as one cell, and
        are placed by extent)."""
        place = nearest(span((text, start - 1, end - 1)), self.columns) or 0
        if len(self.places) < PLACES:
            self.places[start, end] = place
        return place

    # --- one-row tables known by their title: PHREG's and LIFETEST's event summaries -------------------------

    def _titled(self, number: int, line: str) -> bool:
        """Header lines (a word above a column prefixes its label), then rows of numbers; a blank line after the
        rows or any other text ends the table. A dashed rule above a Total row belongs to it."""
        tokens = words(line)
        if not tokens or DASHES.match(line):
            if self.table.total and not tokens:
                self._close()
            return True
        if not self.table.total and not any(is_number(t.text) for t in tokens):
            self.header.append(line)
            if len(self.header) > 2:  # not the table the title announced
                self._close()
                return False
            self.table.columns[:] = self._titled_columns(number)
            return True
        if not self.table.columns or not any(is_number(t.text) for t in tokens):
            self._close()
            return False
        spans = [Span(c.label, c.column - 1, c.end_column - 1) for c in self.table.columns]
        placed = [(nearest(t, spans), t) for t in tokens]
        kinds = [c.statistic for c in self.table.columns]
        label = " ".join(t.text for i, t in placed if i is None or kinds[i] is None)
        row_cells = [_cell(number, t, i) for i, t in placed if i is not None and kinds[i] is not None]
        self._add(Row(number, line, label, row_cells))
        return True

    def _titled_columns(self, number: int) -> list[Column]:
        header = cells(self.header[-1])
        above = cells(self.header[-2]) if len(self.header) > 1 else []
        columns = []
        for col in header:
            prefix = " ".join(a.text for a in above if a.start < col.end and col.start < a.end)
            name = f"{prefix} {col.text}".strip()
            columns.append(self._column(number, col, self.titled.get(normal(name)), name))
        return columns

    # --- PROC FREQ crosstabs ------------------------------------------------------------------------------

    def _crosstab(self, number: int, line: str) -> bool:
        if "-+" in line and CROSS_SEP.match(line):  # the regex on the rules only, not on the rows of values
            self.separated, self.stat = True, 0
            return True
        bar = line.find("|")
        if bar >= 0:
            label = line[:bar].strip()
            if not self.separated:
                if label:
                    self.key.append(label.lower())
                if line[bar:].replace("|", "").strip():
                    # a column owns its whole segment between bars: totals below are right-aligned in it
                    self.columns = _segments(line)[1:]
                    self.table.columns[:] = [self._column(number, c, None) for c in self.columns]
                return True
            stat = (self.key or ["frequency"])[min(self.stat, len(self.key or ["frequency"]) - 1)]
            if label:
                self.row = label
            # each value stripped between its bars, its index the segment's, its offsets 1-based (str methods: 2x
            # faster than a match per segment)
            values = []
            start = bar + 2
            for i, piece in enumerate(line[bar + 1 :].split("|")):
                value = piece.lstrip()
                if value:
                    begin = start + len(piece) - len(value)
                    value = value.rstrip()
                    values.append(Cell(value, number, begin, begin + len(value), i))
                start += len(piece) + 1
            self._add(Row(number, line, self.row, values, statistic(stat) or "value"))
            self.stat += 1
            return True
        tokens = words(line)
        if self.separated and tokens and tokens[0].text == "Total":
            kind: Statistic = "count" if self.stat == 0 or not self.key or self.key[0] == "frequency" else "percent"
            at = [nearest(t, self.columns) for t in tokens[1:]]
            values = [_cell(number, t, -1 if i is None else i) for t, i in zip(tokens[1:], at, strict=True)]
            self._add(Row(number, line, "Total", values, kind))
            self.stat = 1
            return True
        if self.separated and tokens and all(is_number(t.text) for t in tokens):
            return True
        if tokens and self.separated:
            self._close()
        return False

    # --- PROC FREQ's missing count, PROC UNIVARIATE -------------------------------------------------------

    def _missing(self, number: int, match: re.Match[str]) -> None:
        self._close()
        table = TableBuilder(
            f"sas.{(self.proc or 'freq').lower()}", medium="listing", title=self.proc or "FREQ", command=self.command
        )
        value = _cell(number, Span(match[2], match.start(2), match.end(2)))
        table.put(Row(number, match.string, match[1], [value], "count"))
        self.out += table.close()

    def _quantile(self, number: int, line: str) -> None:
        match = QUANTILE.match(line)
        assert match
        table = TableBuilder("sas.univariate.quantiles", medium="listing", title="UNIVARIATE", command=self.command)
        value = _cell(number, Span(match[2], match.start(2), match.end(2)))
        table.put(Row(number, line, match[1], [value], "quantile", level(match[1])))
        self.out += table.close()

    def _extreme(self, number: int, line: str) -> bool:
        tokens = words(line)
        if tokens and all(is_number(t.text) for t in tokens):
            # Lowest and highest values with their observation numbers: every one an individual's.
            self._add(Row(number, line, "", [_cell(number, t) for t in tokens], "smallest"))
            return True
        started = self.table.total > 0
        if not tokens and not started:
            return True
        if not tokens or started:
            self._close()
            return not tokens
        return True


class _Header(NamedTuple):
    """What a header line above a rule makes of the table under it: its column spans, each column's (label,
    statistic, 1-based start, end), the table's layout and mode (None: no table), and whether the header is a box's
    title."""

    header: tuple[Span, ...]
    columns: tuple[tuple[str, Statistic | None, int, int], ...]
    layout: str
    mode: str | None
    boxed: bool
    places: dict[tuple[int, int], int]  # the header column of a value's extent (`ListingParser._place`)


# By-group output prints the same header over each of thousands of tables: it is read once per procedure.
@lru_cache(maxsize=4096)
def _header(proc: str | None, text: str, above: str | None) -> _Header | None:
    """The header `text` of procedure `proc`, with the line right above it (None: not right above); None when the
    line names no columns."""
    header = cells(text)
    # A header names its columns; a label with a colon (`Time:  Time` above a Stata test's box) names a value.
    if not header or any(is_number(c.text) or c.text.endswith(":") for c in header):
        return None
    spans = cells(above) if above is not None else []
    columns = []
    for col in header:
        prefix = " ".join(a.text for a in spans if a.start < col.end and col.start < a.end)
        name = f"{prefix} {col.text}".strip()
        kind = statistic(name) or statistic(col.text)
        if "cumulative" in prefix.lower():
            kind = "cumulative"
        elif col.text.lower() == "obs" and proc in STAT_PROCS:
            kind = "count"
        columns.append((name, kind, col.start + 1, col.end + 1))
    kinds = {kind for _, kind, _, _ in columns}
    layout, mode = "", None
    if kinds & INFORMATIVE:
        layout, mode = f"sas.{(proc or 'table').lower()}", "stats"
    elif proc in ROW_PROCS and not kinds & AGGREGATE and len(header) >= 2:  # one column: a heading
        layout, mode = "sas.rows", "rows"
    # a header between two rules is a box's title (Stata's codebook), a ruled one a grid's: not REPORT's HEADLINE
    # (and a header with digits is a row of a box above its closing rule: Stata's merge report)
    boxed = "|" in text or any(map(str.isdigit, text)) or (above is not None and DASHES.match(above) is not None)
    return _Header(tuple(header), tuple(columns), layout, mode, boxed, {})


def _segments(line: str) -> list[Span]:
    """The segments of a `|`-ruled line, stripped, with the offsets of the whole segment."""
    parts, start = [], 0
    for piece in line.split("|"):
        size = len(piece)
        parts.append(span((piece.strip(), start, start + size)))
        start += size + 1
    return parts


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    """A listing: this reader first, then every other layout recogniser on the lines it leaves (PROC PRINT with
    NOOBS, data frames printed by a script run from SAS) but the listing's own titles; the lines no table takes
    are free text (`_Texts`)."""
    return _facts(doc, settings)


class _Texts:
    """The free text of the lines the readers leave. With `runs`, each run of them between two other facts is one
    `text.lines` fact (the lines between them empty, at most RUN_LINES): the engine makes a `text` fact only of the
    lines a gate marked (grammars/facts.toml), and a listing's 75,000 leftover lines are page and table titles no
    gate marks; no fact is made of a line on the way. Without, a `text` fact a line, as the plain-text reader gives
    them (the reference the runs are tested against). The order of the facts is kept either way."""

    __slots__ = ("first", "lines", "runs")

    def __init__(self, runs: bool) -> None:
        self.runs = runs
        self.first = 0
        self.lines: list[str] = []

    def add(self, number: int, text: str) -> Fact | None:
        """Line `number` (not blank) is free text: the fact to yield before going on, if any."""
        if not self.runs:
            return line_fact(number, text)
        lines = self.lines
        at = number - self.first
        done = None
        if lines and at >= RUN_LINES:
            done, lines = lines_fact(self.first, lines), []
            self.lines = lines
        if not lines:
            self.first = number
        elif at > len(lines):
            lines += [""] * (at - len(lines))
        lines.append(text)
        return done

    def flush(self) -> Fact:
        """The run gathered so far (asked when there is one: `lines` not empty), to yield before another fact."""
        done, self.lines = lines_fact(self.first, self.lines), []
        return done


def _facts(doc: Document, settings: Settings, runs: bool = True) -> Iterator[Fact]:
    parser = ListingParser(settings)
    others = _Others(Reader(settings, "listing", without=("sas", *absent(doc)), texts=False))
    texts = _Texts(runs)
    for number, raw in enumerate(doc.lines, start=1):
        line = raw[:LINE_LIMIT].rstrip()
        consumed = parser.step(number, line)
        if parser.out:
            if texts.lines:
                yield texts.flush()
            yield from parser.drained()
        if consumed:
            if others.skipping:
                continue  # the reader knows of the run of lines the parser takes: no call per line
            fed = others.skip(number)
        else:
            # a title of the listing's own, a model's estimates (no table rule judges them, so no layout reads
            # them): the text rules still read them, no other layout does
            own = (parser.results and not others.echoed and parser.estimates(line)) or parser.heading == number
            if raw.strip():
                done = texts.add(number, raw)
                if done is not None:
                    yield done
            fed = others.skip(number) if own else others.feed(number, line)
        for fact in fed:
            if texts.lines:
                yield texts.flush()
            yield fact
    for fact in chain(parser.close(), others.close()):
        if texts.lines:
            yield texts.flush()
        yield fact
    if texts.lines:
        yield texts.flush()


class _Others:
    """The plain-text reader of the lines the listing parser leaves, told of the lines it does not get (`skip`).
    A blank line right after a skipped one is held: when the next line is skipped too (a page's and a procedure's
    titles stand between blank lines), both are done at once (`Reader.blank_skipped`), which calls no recogniser;
    otherwise the blank line is fed before the next one. Held or not, the reader is given the same lines in the
    same order. `skipping`: the last call was `skip` (the reader was told, and no blank line is held), so another
    is nothing to do."""

    __slots__ = ("blank", "reader", "skipping")

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.blank = 0
        self.skipping = False

    @property
    def echoed(self) -> list[str]:
        return self.reader.echoed

    def skip(self, number: int) -> Iterable[Fact]:
        if self.skipping:
            return ()
        self.skipping = True
        if self.blank:
            self.blank = 0
            self.reader.blank_skipped(number - 1)
            return ()
        return self.reader.skip(number)

    def feed(self, number: int, line: str) -> Iterable[Fact]:
        self.skipping = False
        reader = self.reader
        if not line and not self.blank and reader.inert_blank(number):
            self.blank = number
            return ()
        if self.blank:
            return self._held(number, line)
        return reader.feed(number, line)

    def _held(self, number: int, line: str) -> Iterator[Fact]:
        blank, self.blank = self.blank, 0
        yield from self.reader.feed(blank, "")
        yield from self.reader.feed(number, line)

    def close(self) -> Iterator[Fact]:
        if self.blank:
            blank, self.blank = self.blank, 0
            yield from self.reader.feed(blank, "")
        yield from self.reader.close()
