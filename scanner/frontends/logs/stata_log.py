"""Stata logs, plain (.log) and SMCL (.smcl, tags stripped line by line so line numbers stay those of the file).

Commands after `. ` (continued by `> `, and by numbered `  2. ` lines in loops and `{ }` blocks) are read as
Stata code, marked as echo. The echoed command, typed by the Stata front end from grammars/stata/commands.toml
(scanner/outputs/echo.py), says what the output below it is: `list` boxes are printed rows, `tabulate`/`table`/
`count` output gives counts, `summarize`/`tabstat` give Obs, Min and Max columns (and Smallest/Largest with
`detail`). A `list` box is read as one wherever it stands (inside a loop, after `preserve`). Every table becomes
the table model; everything else is free text."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterable, Iterator
from functools import lru_cache
from typing import Literal

from ...config import Settings
from ...model import Fact, line_fact, lines_fact, lines_of
from ...outputs import echo
from ...outputs.layouts import regex, statistic
from ...outputs.table import Cell, Column, Command, Intent, Row, Statistic, TableBuilder
from ...outputs.text import Reader, absent
from .. import Document
from ..embedded import parsed, placed, program_facts
from ..stata import after, inline_data
from .common import _CELL, LINE_LIMIT, Span, cells, is_number, nearest, run, words

# Stata echoes a command as typed, indentation included (`.         if ... {` inside a loop or block)
COMMAND = re.compile(r"^\. +(?=\S)")
CONTINUATION = re.compile(r"^> ")
SEPARATOR = re.compile(r"^\s*-+\+[-+]*\s*$")
LIST_ROW = re.compile(r"^\s*\d+\.\s")
BOXED_ROW = re.compile(r"^\s*\d+\. \|")
# `  2. ` numbers the lines of a loop or `{ }` block echoed after the command that opened it
NUMBERED = re.compile(r"^\s*\d+\.(?: |$)")  # an empty numbered line is `  3.` once right-stripped
BOX = re.compile(r"^\s*[+|][-+|]*[+|]?\s*$")
LIST_HEADER = re.compile(r"^\s*\|(.*[^-+|\s].*)\|\s*$")

# --- SMCL -----------------------------------------------------------------------------------------------------

_TAG = re.compile(r"\{([^{}]*)\}")
_CHAR = {"|": "|", "-": "-", "+": "+"}


def smcl(line: str) -> str:
    """One SMCL line as Stata shows it: {hline N} becomes dashes, {c |} a bar, {col N}/{space N} spacing,
    {ralign N:text} and the like their text; every other tag is dropped."""
    out: list[str] = []
    pos = 0
    for match in _TAG.finditer(line):
        out.append(line[pos : match.start()])
        pos = match.end()
        tag, _, arg = match[1].partition(" ")
        name, colon, body = match[1].partition(":")
        if tag == "hline":
            out.append("-" * (int(arg) if arg.strip().isdigit() else 1))
        elif tag == "c":
            out.append(_CHAR.get(arg.strip(), "+"))
        elif tag == "space" and arg.strip().isdigit():
            out.append(" " * int(arg))
        elif tag == "col" and arg.strip().isdigit():
            width = len("".join(out))
            out.append(" " * max(1, int(arg) - 1 - width))
        elif colon:
            head = name.split()
            width = int(head[1]) if len(head) > 1 and head[1].isdigit() else len(body)
            if head[0] == "ralign":
                out.append(body.rjust(width))
            elif head[0] == "center":
                out.append(body.center(width))
            elif head[0] == "lalign":
                out.append(body.ljust(width))
            else:
                out.append(body)
    out.append(line[pos:])
    return "".join(out)


# --- commands ---------------------------------------------------------------------------------------------

# How the output of an echoed command is read, by the command's intent. `results` (a model's output): its lines are
# text for the per-line rules and no table is built, since every table rule passes model output over (`Table.model`);
# without the entry the layout recognisers read them (the reference reading, tests/test_stata_results.py).
Reading = Literal["list", "tab", "summarize", "results"]
READERS: dict[str, Reading] = {"print": "list", "table": "tab", "extreme": "summarize", "results": "results"}


# Whether a blank line the plain-text reader would take as nothing is held for the next line (`_skip`; False: fed
# at once, the reference).
_HOLD = True
# Headers whose placed extents a reader keeps (`StataLogParser.placements`).
_PLACEMENTS = 64
# Echoed commands whose typing a reader keeps (`StataLogParser.typed`; 0: none kept, each typed afresh), and the
# longest code kept (the key holds it): a few hundred KB at most, whatever the loops a log echoes.
_TYPED = 256
_TYPED_CODE = 2000
# A command's intent and statistic (`echo.command`), and the `input` data it opens (`inline_data`).
_Typed = tuple[Intent | None, Statistic | None, tuple[str, str] | None]


def _boxed(line: str) -> bool:
    """A numbered row of a list box (`BOXED_ROW`), whose `. |` one substring search rules out on most lines."""
    return ". |" in line and bool(BOXED_ROW.match(line))


def _values(line: str) -> list[Span]:
    """The values right of a crosstab line's bar; the right part may be cut by a second bar before the Total column:
    kept, with its offsets."""
    label, _, rest = line.partition("|")
    return cells(rest.replace("|", " "), len(label) + 1)


@lru_cache(maxsize=_PLACEMENTS)
def _header(line: str, tab: bool) -> tuple[list[Span], tuple[Statistic | None, ...]]:
    """A header line's values (`_values`) and the statistic of each: `tabulate` (`tab`) prints counts under every
    column (category values, Total) unless a Freq. column says which; `summarize` and `tabstat` name their
    statistics. Kept: the crosstabs of a log repeat a few headers, whose reading was an eighth of the reader's time
    (the list is shared by the tables under the header, and never changed)."""
    values = _values(line)
    counts = tab and not any(h.text == "Freq." for h in values)
    named = (statistic(h.text) for h in values)
    return values, tuple(("count" if n is None else n) if counts else n for n in named)


def _cell(number: int, span: Span, column: int = -1) -> Cell:
    return Cell(span.text, number, span.start + 1, span.end + 1, column)


class StataLogParser:
    def __init__(self, settings: Settings, without: tuple[str, ...] = ()) -> None:
        self.settings = settings
        self.code: list[str] = []
        self.origin: list[tuple[int, int]] = []
        self.last = 0  # where the last command (of several echoed in a row) starts in `code`
        self.code_line = 0  # the last line of echoed code
        self.kind: Reading | None = None
        self.command: Command | None = None
        self.table = TableBuilder("stata.list", medium="log")
        self.header: list[Span] = []
        self.placed: tuple[list[Span], dict[tuple[int, int], int | None]] = (self.header, {})  # see `_table`
        # The extents placed under each header seen (the crosstabs of a log repeat a few headers), a few at most.
        self.placements: dict[tuple[Span, ...], dict[tuple[int, int], int | None]] = {}
        self.separated = False
        self.row = ""
        # SAS output is never printed into a Stata log: its reader would take `describe`, `merge` and `reshape`
        # summaries (a header over a rule) for a listing of records
        self.others = Reader(settings, "log", without=("sas", *without))
        # An inert blank line for the plain-text reader, held until the next line says whether it is skipped
        # (`_skip`).
        self.blank = 0
        # What the data in memory hold after the commands echoed so far (aggregates, svmat results).
        self.known: tuple[tuple[str, str], ...] = ()
        # An echoed `input`: the word that ends its data, the variables, and the numbered data lines so far.
        self.data: tuple[str, str, list[tuple[int, int, str]]] | None = None
        # The lines of model output read since `results_from`, passed on as one `text.lines` fact when the run ends.
        self.results: list[str] = []
        self.results_from = 0
        # How each command echoed alone was typed, and its code's facts, by its code and what the data held before
        # (`_typed`, `embedded.parsed`).
        self.typed: dict[tuple[str, tuple[tuple[str, str], ...]], tuple[_Typed, tuple[Fact, ...]]] = {}

    def feed(self, number: int, line: str) -> Iterator[Fact]:
        line = line[:LINE_LIMIT].rstrip()
        if self.kind == "tab" and self._quiet() and self._crosstab_line(number, line):
            if len(self.table.rows) >= self.table.max_rows:
                yield from self.table.flush()
            return
        echoed = command = COMMAND.match(line) if line[:1] == "." else None
        if not echoed and self.code and self.code_line == number - 1:
            echoed = CONTINUATION.match(line) or NUMBERED.match(line)
        # most lines of a log with models are their output: one test, before the tests of every other line
        result = not echoed and not self.code and self.data is None and self._result(line)
        if not result:
            if self.results:
                yield from self._results()
            if echoed:
                yield from self._end_output()
                yield from self._skip(number)  # a run of skipped lines ends the recognisers' tables once
                if command:
                    self.last = len(self.code)
                start = echoed.end()
                self.code.append(line[start:])
                self.origin.append((number, start))
                self.code_line = number
                return
            if self.code or self.data is not None:  # else nothing that `_result` reads has changed since
                if self.code:
                    yield from self._flush_code()
                if self.data is not None:
                    yield from self._data(number, line)
                result = self._result(line)
        if result:
            # what the plain-text reader yields of a line no recogniser reads, kept with the rest of its run
            if not self.results:
                self.results_from = number
            self.results.append(line)
            if not self._skipped():
                yield from self._results()
                yield from self._skip(number)
            return
        consumed = False
        # a list box under a command not known to list (a numbered row holds a bar: one `in` spares most lines
        # the regex)
        if self.kind != "list" and _boxed(line):
            yield from self._end_output()
            self._begin("list", "stata.list")
        if self.kind == "list":
            consumed = self._list(number, line)
        elif self.kind in ("tab", "summarize"):
            consumed = yield from self._table(number, line)
        # the lines the command's own reading leaves go to every layout recogniser (codebook ranges, tables
        # printed by commands not in grammars/stata/commands.toml); they yield the free text of the rest
        if consumed:
            yield from self._skip(number)
        elif not line and _HOLD and self._skipped() and self.others.inert_blank(number):
            self.blank = number  # fed before the next line unless that line is skipped (`_skip`)
        else:
            yield from self._held()
            yield from self.others.feed(number, line)

    def close(self) -> Iterator[Fact]:
        yield from self._results()
        yield from self._flush_code()
        yield from self._end_output()
        yield from self._held()
        yield from self.others.close()

    def _result(self, line: str) -> bool:
        """A line of a model's output (a list box printed there is none)."""
        return self.kind == "results" and not _boxed(line)

    def _results(self) -> Iterator[Fact]:
        """The model output read so far, as the text the plain-text reader would give of lines no recogniser reads:
        one fact for the run, whose lines the engine gives to the rules (the text of blank lines is empty)."""
        lines, first = self.results, self.results_from
        self.results = []
        if any(lines):
            yield lines_fact(first, lines)

    def _flush_code(self) -> Iterator[Fact]:
        if not self.code:
            return
        code, origin = "\n".join(self.code), self.origin
        # Only the last of several commands echoed in a row (`. * comment` then `. sum`) printed the output.
        since, text, alone = origin[self.last][0], "\n".join(self.code[self.last :]), self.last == 0
        self.code, self.origin, self.last = [], [], 0
        kept = alone and _TYPED and len(code) <= _TYPED_CODE
        key = (code, self.known)
        if kept:
            # a command kept typed holds its code's facts too: no parse cache lookup (whose key hashes the settings)
            memo = self.typed.get(key)
            cached = memo[1] if memo is not None else parsed(code, "stata", self.settings, self.known)
            found = list(placed(cached, origin, echo=True))
        else:
            found = list(program_facts(code, "stata", self.settings, origin=origin, echo=True, known=self.known))
        self.known = after(code, self.known)  # the commands of a log run in order: what the data hold carries on
        if kept:
            if memo is None:
                if len(self.typed) >= _TYPED:
                    self.typed.clear()
                memo = self.typed[key] = (self._typed(found, text, since), cached)
            intent, kind_of, opened = memo[0]
            self.command = Command(text.strip()[:200], since, intent, kind_of) if intent is not None else None
        else:
            opened = inline_data(text)
            self.command = echo.command(found, text, since, since)
        self.data = (opened[0], opened[1], []) if opened else None
        kind = READERS.get(self.command.intent or "") if self.command else None
        if self.command is not None and self.command.intent == "results":
            self.command = None  # a list box under a model command is none of its output: read as by no command
        self._begin(kind, f"stata.{kind}" if kind else "stata.list")
        yield from found

    @staticmethod
    def _typed(found: list[Fact], text: str, since: int) -> _Typed:
        """What the echoed command `text` at line `since` prints (`echo.command`: its intent and statistic), and the
        `input` data it opens. A command echoed alone is typed by every fact of its code, wherever it stands (they
        all start at or after its line): the same code, with the data holding the same, is typed the same
        (`typed`)."""
        command = echo.command(found, text, since, since)
        return (command.intent, command.statistic, inline_data(text)) if command else (None, None, inline_data(text))

    def _data(self, number: int, line: str) -> Iterator[Fact]:
        """The numbered lines Stata echoes after `input`, up to `end`: microdata typed into the do-file, as one
        inline.data fact for the rule that judges inline data."""
        assert self.data is not None
        until, names, rows = self.data
        numbered = NUMBERED.match(line)
        if numbered is None:
            return
        if line[numbered.end() :].strip().lower() != until:
            rows.append((number, numbered.end(), line[numbered.end() :]))
            return
        self.data = None
        if rows:
            text = "\n".join(row for _, _, row in rows)
            first, last = rows[0], rows[-1]
            attrs = {"form": "lines", "columns": names}
            yield Fact("inline.data", first[0], first[1] + 1, last[0], len(last[2]) + last[1] + 1, text, attrs)

    def _begin(self, kind: Reading | None, layout: str) -> None:
        self.kind, self.header, self.separated = kind, [], False
        self.table = TableBuilder(layout, medium="log", title=layout.removeprefix("stata."), command=self.command)

    def _end_output(self) -> Iterator[Fact]:
        yield from self.table.close()
        self.kind, self.header, self.separated = None, [], False

    def _list(self, number: int, line: str) -> bool:
        if LIST_ROW.match(line):
            self.table.record(number, line)
            return True
        header = LIST_HEADER.match(line)
        if header and not self.table.total and not self.table.columns:
            # the box's header names the variables listed: the rules tell a list of persons from one of aggregates
            names = words(header[1], header.start(1))
            self.table.columns[:] = [Column(w.text, statistic(w.text), number, w.start + 1, w.end + 1) for w in names]
        return bool(BOX.match(line)) or (self.table.total > 0 and "|" in line)

    def _table(self, number: int, line: str) -> Generator[Fact, None, bool]:
        if "Smallest" in line or "Largest" in line or self.table.layout == "stata.detail":
            return (yield from self._detail(number, line))
        bar = "|" in line
        if not bar and SEPARATOR.match(line):  # a rule of dashes and crosses holds no bar
            self.separated = True
            return True
        if not bar:
            if line.startswith("-> ") or (not line.strip() and self.separated):
                # `by` groups and `tab1` print one table per group, each with its header; a loop prints tables one
                # after another with a blank line between: the next one's header lines are no rows
                yield from self.table.close()
                self.separated, self.header = False, []
                if by := regex("boxes", "by_line").match(line):
                    self.table.group = by["group"]  # the group the next table is printed for
            elif not self.header and is_number(line):
                # `count`, `display r(N)`: the number of observations alone on a line (`display r(max)`: a value)
                kind: Statistic = self.command.statistic if self.command and self.command.statistic else "count"
                span = Span(line.strip(), len(line) - len(line.lstrip()), len(line))
                yield from self.table.add(Row(number, line, kind, [_cell(number, span)], kind))
                return True
            return False
        if not self.separated:
            values, kinds = _header(line, self.kind == "tab")
            if values:
                yield from self.table.close()
                self._head(number, values, kinds)
            return True
        # a row per line: no generator unless the row fills a part
        if self._row(number, line) and len(self.table.rows) >= self.table.max_rows:
            yield from self.table.flush()
        return True

    def _quiet(self) -> bool:
        """Nothing pending that `feed` would settle before reading a line: no echoed code, `input` data or model
        output, and the plain-text reader skipped."""
        return not self.code and self.data is None and not self.results and self._skipped()

    def _skipped(self) -> bool:
        """The plain-text reader's last line was skipped, a blank line held counting as fed."""
        return self.others.skipped and not self.blank

    def _held(self) -> Iterator[Fact]:
        """The blank line held, fed to the plain-text reader (it yields nothing: `Reader.inert_blank`), before the
        next line is: held or not, the reader is given the same lines in the same order."""
        if self.blank:
            blank, self.blank = self.blank, 0
            yield from self.others.feed(blank, "")

    def _skip(self, number: int) -> Iterator[Fact]:
        """Line `number` is not the plain-text reader's: it is told (once for a run of such lines). A blank line held
        just before it and this skip are done at once (`Reader.blank_skipped`), which calls no recogniser: two in
        every crosstab, before its header and after its Total row (0.1 s of a 1.7 s scan of the generated logs)."""
        if self.blank and self.blank == number - 1:
            self.others.blank_skipped(self.blank)
            self.blank = 0
            return
        yield from self._held()
        if not self.others.skipped:
            yield from self.others.skip(number)

    def _crosstab_line(self, number: int, line: str) -> bool:
        """A header, a rule or a row of a `tabulate` crosstab, read as `_table` reads it (a row with `_row`), without
        the tests `feed` makes of every line: False (nothing read) for any other line, and for a header that ends a
        table with rows (`_table` yields it). `feed` asks only while the output of a `tabulate` is read with nothing
        pending (`_quiet`): then `feed` would read a line that is no echoed command and no list box row with
        `_table`."""
        if line[:1] == "." or "Smallest" in line or "Largest" in line or self.table.layout == "stata.detail":
            return False
        if "|" not in line:
            if SEPARATOR.match(line) is None:
                return False
            self.separated = True
            return True
        if _boxed(line):
            return False
        if self.separated:
            return self._row(number, line)
        if self.table.total:
            return False  # a header over the next table: `_table` yields the table read so far first
        values, kinds = _header(line, self.kind == "tab")
        if values:  # `_table` closes the table first, which without a row read is nothing to do
            self._head(number, values, kinds)
        return True

    def _head(self, number: int, values: list[Span], kinds: tuple[Statistic | None, ...]) -> None:
        """A header line's values and their statistics (`_header`): the table's columns until the next header."""
        self.header = values
        self.table.columns[:] = [
            Column(h.text, k, number, h.start + 1, h.end + 1) for h, k in zip(values, kinds, strict=True)
        ]

    def _row(self, number: int, line: str) -> bool:
        """A line with a bar, below the rule: a row of the table (True) or a percentage line (False: no row)."""
        label, _, rest = line.partition("|")
        name = label.strip()
        if not name:
            return False  # a percentage line of a row (tabulate with row/col options)
        self.row = name
        # the header column of a value: values are aligned, so an extent is placed once per header, and the same
        # header over the next crosstab shares its placements (inline: a tabulate prints a row per category, and no
        # call per value, no Span per value once its extent is placed)
        if self.placed[0] is not self.header:
            if len(self.placements) >= _PLACEMENTS:
                self.placements.clear()
            self.placed = (self.header, self.placements.setdefault(tuple(self.header), {}))
        under, row_cells, offset = self.placed[1], [], len(label) + 1
        # The right part may be cut by a second bar before the Total column: keep it, with its offsets.
        for value in _CELL.finditer(rest.replace("|", " ")):
            start, end = value.span()
            extent = (start + offset, end + offset)
            if extent in under:
                column = under[extent]
            else:
                column = under[extent] = nearest(Span(value[0], *extent), self.header)
            if column is not None:
                row_cells.append(Cell(value[0], number, extent[0] + 1, extent[1] + 1, column))
        self.table.put(Row(number, line, name, row_cells))
        return True

    def _detail(self, number: int, line: str) -> Generator[Fact, None, bool]:
        """`summarize, detail`: the Smallest and Largest columns list single observations."""
        if self.table.layout != "stata.detail":
            yield from self.table.close()
            self._begin("summarize", "stata.detail")
            self.kind = "summarize"
        if not line.strip():
            if self.table.total and number > self.table.last_line + 1:
                yield from self._end_output()
                return False
            return True
        extreme = next((w for w in words(line) if w.text in ("Smallest", "Largest")), None)
        if extreme is not None:
            kind: Statistic = "smallest" if extreme.text == "Smallest" else "largest"
            self.header = [extreme]
            self.table.columns[:] = [Column(extreme.text, kind, number, extreme.start + 1, extreme.end + 1)]
            return True
        # the value right-aligned under Smallest/Largest; percentiles left of it, Obs/Mean/... right of it
        edge = self.header[0].end if self.header else -1
        under = [w for w in words(line) if abs(w.end - edge) <= 2 and is_number(w.text)]
        yield from self.table.add(Row(number, line, "", [_cell(number, w, 0) for w in under]))
        return True


# A Stata help file (`.sthlp`, also saved as text): SMCL help markup near the top, and no command ever run.
_HELP_MARKUP = re.compile(r"^\{(title:|cmd:help\b|viewerjumpto\b|vieweralsosee\b|\* \*! version\b|synoptset\b)")
_RUN = re.compile(r"^\{com\}|^\s*log type:|^\. ")


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    is_smcl = doc.rel.lower().endswith(".smcl")
    # A log held in memory with no SMCL markup anywhere is read as its lines, without a test of each for markup.
    lines = (
        doc.lines
        if _plain(doc, is_smcl)
        else (smcl(raw) if is_smcl or raw.startswith("{smcl}") else raw for raw in doc.lines)
    )
    found = run(StataLogParser(settings, _left_out(doc, is_smcl)), lines)
    return _help_text(found) if _help_file(doc.lines) else found


def _plain(doc: Document, is_smcl: bool) -> bool:
    """A log held in memory with no SMCL markup (a streamed one is not searched: one more pass over it to make sure
    would cost what it saves)."""
    return not (is_smcl or doc.streamed or "{smcl}" in doc.text)


def _left_out(doc: Document, is_smcl: bool) -> tuple[str, ...]:
    """Layouts none of whose tables can be in the log (outputs.text.absent: a pandas Series without `dtype:`).
    The search reads the raw text, which SMCL markup could split, so a log with any is read by every layout, and a
    streamed log too."""
    return absent(doc) if _plain(doc, is_smcl) else ()


def _help_file(lines: list[str] | Iterable[str]) -> bool:
    """Small files only: a help file is never large enough to be streamed (`lines` then not a list)."""
    return (
        isinstance(lines, list)
        and bool(lines)
        and lines[0].strip() == "{smcl}"
        and any(_HELP_MARKUP.match(line) for line in lines[1:40])
        and not any(_RUN.match(line) for line in lines)
    )


def _help_text(found: Iterator[Fact]) -> Iterator[Fact]:
    """A help file's text is its authors' own words, like a notebook's prose (its author's address is a credit)."""
    for fact in found:
        for line in (line_fact(*line) for line in lines_of(fact)) if fact.kind == "text.lines" else (fact,):
            if line.kind == "text":
                line.attrs["source"] = "prose"
            yield line
