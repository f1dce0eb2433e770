"""R console output (.Rout from `R CMD BATCH`, console transcripts).

Commands after `> ` (continued by `+ `) are read as R code, marked as echo. The command says how to read what it
printed: `table()`/`xtabs()`/`ftable()` output holds counts, `summary()` output Min./Max.; anything else is
checked for the shape of a printed data frame or tibble. A name assigned a table (`counts <- table(a, b)`) or
proportions is remembered for the rest of the transcript, so `counts` or `print(counts)` later is read the same
way. `OutputReader` is shared with the notebook front end, which meets the same shapes (pandas prints data frames
the way R does)."""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from functools import cache
from itertools import pairwise
from typing import Literal

from ...config import Settings
from ...model import Fact
from ...outputs import echo, text
from ...outputs.layouts import layouts, statistic, untyped
from ...outputs.table import Cell, Column, Command, Medium, Row, Statistic, TableBuilder
from .. import Document
from ..embedded import Names
from .common import LINE_LIMIT, Span, is_int, is_number, nearest, run, text_fact, words

PROMPT = re.compile(r"^> ?")
CONTINUATION = re.compile(r"^\+ ")
# tibble prints its size with a multiplication sign (U+00D7) in a UTF-8 locale, an "x" otherwise; a footer line
# starting with U+2139 (information sign) or an ellipsis closes it.
TIBBLE = re.compile(r"^\s*# A (?:tibble|data frame):\s*\S+\s*[\u00d7x]\s*\d+")
TIBBLE_TYPES = re.compile(r"^\s*(?:<[\w/ ]+>\s*)+$")
TIBBLE_NOTE = re.compile(r"^\s*#\s*(?:\u2139|\u2026|\.\.\.|with \d+ more)")
DF_ROW = re.compile(r"^\s*\d+\s+\S")
# pandas describe(): `count` is the N of each column, `min`/`max` single values
DESCRIBE_ROW = re.compile(r"^(count|min|max)((?:\s+-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)+)\s*$")
SUMMARY_CELL = re.compile(r"\b(Min|Max)\.\s*:\s*(-?[\d.,eE+-]+)")
# `counts`, `print(counts)`: a command that only prints a named object
PRINTED_NAME = re.compile(r"^\s*(?:print\s*\(\s*([A-Za-z.][\w.]*)\s*\)|([A-Za-z.][\w.]*))\s*;?\s*$")
ASSIGNMENT = re.compile(r"^\s*([A-Za-z.][\w.]*)\s*(?:<<?-|=(?!=))(.*)$", re.DOTALL)

# What an R command prints, which decides how its output is read.
Printed = Literal["table", "proportions", "summary", "other"]
OPTION_ARG = re.compile(
    r"^\s*(?:useNA|exclude|dnn|deparse\.level|data|subset|addNA|na\.action|margin|FUN|quiet|row\.vars|col\.vars)\s*="
)


def _arguments(code: str, start: int) -> list[str]:
    """Top-level arguments of the call whose `(` ends at `start`."""
    depth, args, current = 1, [], list[str]()
    for char in code[start:]:
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                break
        if char == "," and depth == 1:
            args.append("".join(current))
            current = []
        else:
            current.append(char)
    args.append("".join(current))
    return [a for a in args if a.strip()]


def typed(facts: Sequence[Fact], code: str, known: Mapping[str, tuple[Printed, int]]) -> tuple[Printed, int]:
    """('table', dimensions), ('proportions', 0), ('summary', 0) or ('other', 0) for what an R command prints,
    from the `output.*` facts of its code (grammars/r/output.scm, typed in scanner/outputs/echo.py).

    `known` maps names earlier assigned a table or proportions to what printing them prints."""
    printed = PRINTED_NAME.match(code)
    if printed and (printed[1] or printed[2]) in known:
        return known[printed[1] or printed[2]]
    command = echo.command(facts, code, 0)
    if command is None or command.intent in ("print", "results"):
        return "other", 0
    if command.intent == "extreme":
        return "summary", 0
    if command.statistic == "percent":
        return "proportions", 0
    return "table", _dimensions(facts, known)


def layout(facts: Sequence[Fact]) -> str | None:
    """The plain-text layout that reads what a command prints where the transcript's readers do not (the `layout` of
    its `output.*` facts: psych describe()'s table of a statistic per column, head() of a frame whose rows are named
    by text), None when they read it all."""
    return next((f.attrs["layout"] for f in facts if f.kind in echo.INTENTS and "layout" in f.attrs), None)


def _dimensions(facts: Sequence[Fact], known: Mapping[str, tuple[Printed, int]]) -> int:
    """The dimensions of the table the innermost table call makes (addmargins(table(a, b)) is two-way)."""
    calls = [f for f in facts if f.kind == "output.table" and "statistic" not in f.attrs]
    call = calls[-1].text  # facts come in order of position: the innermost call starts last
    args = [a for a in _arguments(call, call.index("(") + 1) if not OPTION_ARG.match(a)]
    formula = next((a for a in args if "~" in a), None)
    if formula is not None:
        return formula.split("~", 1)[1].count("+") + 1
    if calls[-1].attrs.get("callee") == "ftable":
        return 2
    saved = known.get(args[0].strip()) if len(args) == 1 else None
    if saved and saved[0] == "table":  # addmargins(counts) keeps the dimensions of counts
        return saved[1]
    return max(1, len(args))


def _cell(number: int, span: Span, column: int | None = None) -> Cell:
    return Cell(span.text, number, span.start + 1, span.end + 1, -1 if column is None else column)


class OutputReader:
    """Reads the printed output of one command (or one notebook output) line by line into tables."""

    def __init__(
        self,
        settings: Settings,
        kind: Printed,
        dims: int,
        medium: Medium = "log",
        command: Command | None = None,
        layout: str | None = None,
    ) -> None:
        self.settings, self.kind, self.dims, self.medium = settings, kind, dims, medium
        self.command = command  # only a command known to print results: its rows are not records
        self.prev: tuple[int, str] = (0, "")
        self.header: list[Span] = []
        self.mode: str | None = None
        self.table = self._builder("r.table")
        self._read = self._reader(kind)
        # str(), glimpse() and dput() print records whatever the command, and a command not known to make a table
        # may print one (`conf_mat(...)`, `fit$confusion`): the plain-text layouts of records and of contingency
        # tables read the lines this reader leaves, unless the command is known to print results (`str(fit)`); so does
        # the layout a command is known to print in (`layout`: describe()'s statistics, head()'s rows named by text)
        left = _left_to(kind, command, layout)
        self.records = None if left is None else text.Reader(settings, medium, _all_but(*left), texts=False)

    def _reader(self, kind: Printed) -> Callable[[int, str], Generator[Fact, None, bool]]:
        """How a line of this kind of output is read (mypy checks every kind has one)."""
        match kind:
            case "table":
                return self._table
            case "proportions":
                return self._proportions
            case "summary":
                return self._summary
            case "other":
                return self._other

    def _builder(self, layout: str, title: str = "", columns: list[Column] | None = None) -> TableBuilder:
        return TableBuilder(layout, medium=self.medium, title=title, columns=columns, command=self.command)

    def feed(self, number: int, line: str) -> Iterator[Fact]:
        """Facts of one output line; a line not part of a table or listing becomes a text fact."""
        consumed = yield from self._read(number, line)
        if self.records is not None:
            yield from self.records.skip(number) if consumed else self.records.feed(number, line)
        if not consumed:
            fact = text_fact(number, line)
            if fact:
                yield fact
        self.prev = (number, line)

    def close(self) -> Iterator[Fact]:
        yield from self.table.close()
        if self.records is not None:
            yield from self.records.close()
        self.mode = None

    def _restart(
        self, layout: str, title: str, header: list[Span], kinds: list[Statistic | None], line: int = 0
    ) -> Iterator[Fact]:
        """Close the table read so far and begin one under a new header (R wraps wide tables into blocks) on line
        `line` (0: not known)."""
        yield from self.table.close()
        self.header = header
        columns = [Column(h.text, k, line, h.start + 1, h.end + 1) for h, k in zip(header, kinds, strict=True)]
        self.table = self._builder(layout, title, columns)

    # --- table() and friends ------------------------------------------------------------------------------

    def _table(self, number: int, line: str) -> Generator[Fact, None, bool]:
        tokens = words(line)
        if not tokens:
            return False
        ends = {t.end for t in self.header}
        if self.dims == 1:
            if self.header and all(is_int(t.text) for t in tokens) and {t.end for t in tokens} == ends:
                # each count under its category label
                values = [_cell(number, t, i) for i, t in enumerate(tokens)]
                yield from self.table.add(Row(number, line, "", values))
                self.header = []
                return True
            yield from self._restart("r.table", "table", tokens, ["count"] * len(tokens))
            return True
        if len(tokens) >= 2 and all(is_int(t.text) for t in tokens[1:]) and {t.end for t in tokens[1:]} <= ends:
            at = {h.end: i for i, h in enumerate(self.header)}
            values = [_cell(number, t, at[t.end]) for t in tokens[1:]]
            yield from self.table.add(Row(number, line, tokens[0].text, values))
            return True
        yield from self._restart("r.table", "table", tokens, ["count"] * len(tokens))
        return True

    # --- prop.table() and friends: shares, neither counts nor rows ----------------------------------------

    def _proportions(self, number: int, line: str) -> Generator[Fact, None, bool]:
        return False
        yield  # a generator like the other readers

    # --- summary() ----------------------------------------------------------------------------------------

    def _summary(self, number: int, line: str) -> Generator[Fact, None, bool]:
        tokens = words(line)
        # summary() of a vector: values are right-aligned under `Min.`, `1st Qu.`, ..., `Max.`
        edges = {h.end: i for i, h in enumerate(self.header)}
        if self.header and tokens and all(is_number(t.text) for t in tokens) and {t.end for t in tokens} <= set(edges):
            values = [_cell(number, t, edges[t.end]) for t in tokens]
            yield from self.table.add(Row(number, line, "", values))
            self.header = []
            return True
        if any(t.text in ("Min.", "Max.") for t in tokens) and not SUMMARY_CELL.search(line):
            header = words(line)
            yield from self._restart("r.summary", "summary()", header, [statistic(h.text) for h in header])
            return True
        hits = list(SUMMARY_CELL.finditer(line))
        if hits:
            # summary() of a data frame: a column per variable, a `Min.   :18.00` cell per statistic
            for kind in dict.fromkeys(h[1] for h in hits):
                values = [_cell(number, Span(h[2], h.start(2), h.end(2))) for h in hits if h[1] == kind]
                row = Row(number, line, f"{kind}.", values, statistic(f"{kind}."))
                yield from self.table.add(row)
            return True
        return False

    # --- data frames and tibbles --------------------------------------------------------------------------

    def _other(self, number: int, line: str) -> Generator[Fact, None, bool]:
        describe = DESCRIBE_ROW.match(line)
        if describe:
            return (yield from self._describe(number, line, describe))
        if TIBBLE.match(line):
            yield from self.close()
            self.mode = "tibble-header"
            return True
        if self.mode == "tibble-header":
            if line.lstrip().startswith("# "):  # "# Groups:   koen [2]" and the like come before the header
                return True
            yield from self._start("r.tibble", line, number)
            self.mode = "tibble-types"
            return True
        if self.mode == "tibble-types" and TIBBLE_TYPES.match(line):
            types = words(line)
            if len(types) == len(self.table.columns):  # a column of text or dates holds no statistic
                for column, plain in zip(self.table.columns, untyped(t.text for t in types), strict=True):
                    column.statistic = None if plain else column.statistic
            return True
        if self.mode in ("tibble-types", "frame"):
            if DF_ROW.match(line):
                self.mode = "frame"
                return (yield from self._row(number, line))
            if TIBBLE_NOTE.match(line):
                return True
            yield from self.close()
        prev_number, prev = self.prev
        if DF_ROW.match(line) and prev_number == number - 1 and _header_like(prev):
            yield from self._start("r.frame", prev, prev_number)
            self.mode = "frame"
            return (yield from self._row(number, line))
        return False

    def _describe(self, number: int, line: str, match: re.Match[str]) -> Generator[Fact, None, bool]:
        """pandas describe(): `count` is the N of each column, `min`/`max` single values."""
        if self.table.layout != "pandas.describe":
            # describe() prints the column names on the line above its count row
            names = words(self.prev[1]) if self.prev[0] == number - 1 else []
            yield from self._restart("pandas.describe", "describe()", names, [None] * len(names))
        values = words(match[2], match.start(2))
        placed = [_cell(number, v, nearest(v, self.header)) for v in values]
        yield from self.table.add(Row(number, line, match[1], placed, statistic(match[1])))
        return True

    def _start(self, layout: str, header: str, line: int) -> Iterator[Fact]:
        spans = words(header)
        yield from self._restart(layout, "data frame", spans, [statistic(h.text) for h in spans], line)

    def _row(self, number: int, line: str) -> Generator[Fact, None, bool]:
        tokens = words(line)
        kinds = [c.statistic for c in self.table.columns]
        label = tokens[1].text if len(tokens) > 1 else tokens[0].text
        values = []
        if any(kinds):
            for token in tokens[1:]:
                at = min(range(len(self.header)), key=lambda i: abs(self.header[i].end - token.end))
                if kinds[at] is not None:
                    values.append(_cell(number, token, at))
        if values:
            yield from self.table.add(Row(number, line, label, values))
        else:
            self.table.record(number, line)
        return True


# The plain-text layouts that read what `OutputReader` leaves of untyped output (outputs/layouts/records.py,
# contingency.py); the others would read a model's printed results as rows (a pipe table as a SAS listing, a matrix of
# estimates as a frame).
_LEFT = ("records", "contingency")


def _left_to(kind: Printed, command: Command | None, layout: str | None) -> tuple[str, ...] | None:
    """The plain-text layouts that read the lines `OutputReader` leaves of a command's output; None: none do."""
    kept = () if layout is None else (layout,)
    if kind == "summary" and kept:
        return kept
    if kind == "other" and command is None:
        return (*_LEFT, *kept)
    return None


@cache
def _all_but(*kept: str) -> tuple[str, ...]:
    """Every plain-text layout but those `kept`: what a `text.Reader` reading only those leaves out."""
    return tuple(layout.name for layout in layouts() if layout.name not in kept)


def _header_like(line: str) -> bool:
    tokens = line.split()
    return bool(tokens) and line[:1].isspace() and not all(is_number(t) for t in tokens) and "[" not in line


class RoutParser:
    """A transcript read line by line (`feed`), or fed its echoed code and its output apart (`echoed`, `output`,
    `ended`: knitted documents, whose code and output stand in separate fenced blocks)."""

    def __init__(self, settings: Settings, medium: Medium = "log", code_facts: bool = True) -> None:
        self.settings, self.medium = settings, medium
        self.code_facts = code_facts  # False: the code only types the output (its text is read elsewhere)
        self.code: list[str] = []
        self.origin: list[tuple[int, int]] = []
        self.starts: list[int] = []  # where each command echoed since the last output starts in `code`
        self.reader: OutputReader | None = None
        # names assigned a table or proportions earlier in the transcript: `counts` alone prints it
        self.known: dict[str, tuple[Printed, int]] = {}
        # what names hold after the commands so far (`grid <- expand.grid(...)`, then `predict(fit, grid)` later)
        self.names = Names("r")

    def feed(self, number: int, line: str) -> Iterator[Fact]:
        line = line[:LINE_LIMIT].rstrip()
        prompt = PROMPT.match(line)
        if prompt or (self.code and CONTINUATION.match(line)):
            end = prompt.end() if prompt else 2
            yield from self.echoed(number, line[end:], end, bool(prompt))
            return
        yield from self.output(number, line)

    def echoed(self, number: int, code: str, column: int, starts: bool) -> Iterator[Fact]:
        """A line of echoed code (`column`: where it starts in the file's line); `starts`: a new command."""
        if starts:
            yield from self.ended()
            self.starts.append(len(self.code))
        self.code.append(code)
        self.origin.append((number, column))

    def output(self, number: int, line: str) -> Iterator[Fact]:
        """A line the commands echoed before printed."""
        if self.code:
            yield from self._flush_code()
        if self.reader is None:
            self.reader = OutputReader(self.settings, "other", 0, self.medium)
        yield from self.reader.feed(number, line)

    def ended(self) -> Iterator[Fact]:
        """The output read so far is complete."""
        if self.reader:
            yield from self.reader.close()
            self.reader = None

    def close(self) -> Iterator[Fact]:
        yield from self._flush_code()
        if self.reader:
            yield from self.reader.close()

    def _flush_code(self) -> Iterator[Fact]:
        """The facts of the code echoed since the last output, parsed once; each command in turn records what
        it assigned, and the last one, typed by its facts, says how the output after it is read."""
        if not self.code:
            return
        text = "\n".join(self.code)
        found = list(self.names.run(text, self.settings, self.origin, echo=True))
        bounds = [*self.starts, len(self.code)]
        kind: tuple[Printed, int] = ("other", 0)
        printed: Command | None = None
        own: list[Fact] = []
        for start, end in pairwise(bounds):
            first, last = self.origin[start][0], self.origin[end - 1][0]
            own = [f for f in found if first <= f.line <= last]
            code = "\n".join(self.code[start:end])
            kind = typed(own, code, self.known)
            printed = echo.command(own, code, first)
            self._assigned(code, own)
        results = printed if printed is not None and printed.intent == "results" else None
        self.reader = OutputReader(self.settings, *kind, self.medium, results, layout(own))
        self.code, self.origin, self.starts = [], [], []
        if self.code_facts:
            yield from found

    def _assigned(self, code: str, facts: Sequence[Fact]) -> None:
        """Record what a command assigned: a table or proportions (kept), else (forgotten)."""
        assignment = ASSIGNMENT.match(code)
        if assignment:
            value = assignment[2].strip()
            # only a table call as the outer call makes a table: as.data.frame(table(x)) is a data frame
            outer = any(f.kind == "output.table" and f.text.strip() == value for f in facts)
            kind = typed(facts, value, self.known)
            if kind[0] in ("table", "proportions") and (outer or PRINTED_NAME.match(value)):
                self.known[assignment[1]] = kind
            else:
                self.known.pop(assignment[1], None)


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    return run(RoutParser(settings), doc.lines)
