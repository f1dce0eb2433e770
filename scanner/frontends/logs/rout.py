"""R console output (.Rout from `R CMD BATCH`, console transcripts).

Commands after `> ` (continued by `+ `) are read as R code, marked as echo. The command says how to read what it
printed: `table()`/`xtabs()`/`ftable()` output holds counts, `summary()` output Min./Max.; anything else is
checked for the shape of a printed data frame or tibble. A name assigned a table (`counts <- table(a, b)`) or
proportions is remembered for the rest of the transcript, so `counts` or `print(counts)` later is read the same
way. `OutputReader` is shared with the notebook front end, which meets the same shapes (pandas prints data frames
the way R does)."""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from functools import cache

from ...config import Settings
from ...model import Fact
from ...resources import load_toml
from .. import Document, program_facts
from .common import (
    LINE_LIMIT,
    Block,
    Span,
    cell_fact,
    column_class,
    extreme_fact,
    is_int,
    is_number,
    run,
    small,
    text_fact,
    words,
)

PROMPT = re.compile(r"^> ?")
CONTINUATION = re.compile(r"^\+ ")
# tibble prints its size with a multiplication sign (U+00D7) in a UTF-8 locale, an "x" otherwise; a footer line
# starting with U+2139 (information sign) or an ellipsis closes it.
TIBBLE = re.compile(r"^# A (?:tibble|data frame):\s*\S+\s*[\u00d7x]\s*\d+")
TIBBLE_TYPES = re.compile(r"^\s*(?:<[\w/ ]+>\s*)+$")
TIBBLE_NOTE = re.compile(r"^#\s*(?:\u2139|\u2026|\.\.\.|with \d+ more)")
DF_ROW = re.compile(r"^\s*\d+\s+\S")
# pandas describe(): `count` is the N of each column, `min`/`max` single values
DESCRIBE_ROW = re.compile(r"^(count|min|max)((?:\s+-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)+)\s*$")
SUMMARY_CELL = re.compile(r"\b(Min|Max)\.\s*:\s*(-?[\d.,eE+-]+)")
# `counts`, `print(counts)`: a command that only prints a named object
PRINTED_NAME = re.compile(r"^\s*(?:print\s*\(\s*([A-Za-z.][\w.]*)\s*\)|([A-Za-z.][\w.]*))\s*;?\s*$")
ASSIGNMENT = re.compile(r"^\s*([A-Za-z.][\w.]*)\s*(?:<<?-|=(?!=))(.*)$", re.DOTALL)
OUTER_CALL = re.compile(r"^\s*(?:\w+::)?([A-Za-z.][\w.]*)\s*\(")
OPTION_ARG = re.compile(
    r"^\s*(?:useNA|exclude|dnn|deparse\.level|data|subset|addNA|na\.action|margin|FUN|quiet|row\.vars|col\.vars)\s*="
)


@cache
def _calls() -> dict[str, tuple[str, ...]]:
    data = load_toml("patterns", "outputs.toml")["r"]
    return {key: tuple(data[key]) for key in ("tables", "proportions", "summaries")}


def _call(code: str, names: tuple[str, ...]) -> re.Match[str] | None:
    found = [m for name in names if (m := re.search(rf"(?<![\w.]){re.escape(name)}\s*\(", code))]
    # the innermost call holds the dimensions: addmargins(table(a, b)) is a two-way table
    return max(found, key=lambda m: m.start()) if found else None


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


def command_kind(code: str, known: dict[str, tuple[str, int]] | None = None) -> tuple[str, int]:
    """('table', dimensions), ('proportions', 0), ('summary', 0) or ('other', 0) for what an R command prints.

    `known` maps names earlier assigned a table or proportions to what printing them prints."""
    calls, known = _calls(), known or {}
    if _call(code, calls["proportions"]):
        return "proportions", 0
    printed = PRINTED_NAME.match(code)
    if printed and (printed[1] or printed[2]) in known:
        return known[printed[1] or printed[2]]
    table = _call(code, calls["tables"])
    if table:
        args = [a for a in _arguments(code, table.end()) if not OPTION_ARG.match(a)]
        formula = next((a for a in args if "~" in a), None)
        if formula is not None:
            return "table", formula.split("~", 1)[1].count("+") + 1
        if table.group().startswith("ftable"):
            return "table", 2
        saved = known.get(args[0].strip()) if len(args) == 1 else None
        if saved and saved[0] == "table":  # addmargins(counts) keeps the dimensions of counts
            return saved
        return "table", max(1, len(args))
    if _call(code, calls["summaries"]):
        return "summary", 0
    return "other", 0


class OutputReader:
    """Reads the printed output of one command (or one notebook output) line by line."""

    def __init__(self, settings: Settings, kind: str, dims: int, rule: str) -> None:
        self.settings, self.kind, self.dims, self.rule = settings, kind, dims, rule
        self.prev: tuple[int, str] = (0, "")
        self.header: list[Span] = []
        self.classes: list[str | None] = []
        self.mode: str | None = None
        self.block = Block(rule)

    def feed(self, number: int, line: str) -> Iterator[Fact]:
        """Facts of one output line; a line not part of a table or listing becomes a text fact."""
        consumed = yield from getattr(self, f"_{self.kind}")(number, line)
        if not consumed:
            fact = text_fact(number, line)
            if fact:
                yield fact
        self.prev = (number, line)

    def close(self) -> Iterator[Fact]:
        yield from self.block.close()
        self.mode = None

    # --- table() and friends ------------------------------------------------------------------------------

    def _table(self, number: int, line: str) -> Generator[Fact, None, bool]:
        tokens = words(line)
        if not tokens:
            return False
        ends = {t.end for t in self.header}
        if self.dims == 1:
            if self.header and all(is_int(t.text) for t in tokens) and {t.end for t in tokens} == ends:
                for label, token in zip(self.header, tokens, strict=True):
                    if small(token.text, self.settings):
                        yield cell_fact(number, token, label.text, "count", "table")
                self.header = []
                return True
            self.header = tokens
            return True
        if len(tokens) >= 2 and all(is_int(t.text) for t in tokens[1:]) and {t.end for t in tokens[1:]} <= ends:
            for token in tokens[1:]:
                if small(token.text, self.settings):
                    column = next(h.text for h in self.header if h.end == token.end)
                    yield cell_fact(number, token, tokens[0].text, column, "table")
            return True
        self.header = tokens
        return True

    # --- prop.table() and friends: shares, neither counts nor rows ----------------------------------------

    def _proportions(self, number: int, line: str) -> Generator[Fact, None, bool]:
        return False
        yield  # a generator like the other readers

    # --- summary() ----------------------------------------------------------------------------------------

    def _summary(self, number: int, line: str) -> Generator[Fact, None, bool]:
        tokens = words(line)
        # summary() of a vector: values are right-aligned under `Min.` and `Max.`
        edges = {h.end for h in self.header if h.text in ("Min.", "Max.")}
        if len(edges) == 2 and all(is_number(t.text) for t in tokens):
            picked = [v for v in tokens if v.end in edges]
            if len(picked) == 2:
                span = Span(line[picked[0].start : picked[-1].end], picked[0].start, picked[-1].end)
                yield extreme_fact(number, span, "extreme-value.min-max", "Min., Max.")
                self.header = []
                return True
        if any(t.text in ("Min.", "Max.") for t in tokens) and not SUMMARY_CELL.search(line):
            self.header = tokens
            return True
        hits = list(SUMMARY_CELL.finditer(line))
        if hits:
            span = Span(line[hits[0].start(2) : hits[-1].end(2)], hits[0].start(2), hits[-1].end(2))
            label = ", ".join(dict.fromkeys(f"{h[1]}." for h in hits))
            yield extreme_fact(number, span, "extreme-value.min-max", label)
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
            if line.startswith("# "):  # "# Groups:   koen [2]" and the like come before the header
                return True
            self._start(line)
            self.mode = "tibble-types"
            return True
        if self.mode == "tibble-types" and TIBBLE_TYPES.match(line):
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
            self._start(prev)
            self.mode = "frame"
            return (yield from self._row(number, line))
        return False

    def _describe(self, number: int, line: str, match: re.Match[str]) -> Generator[Fact, None, bool]:
        values = words(match[2], match.start(2))
        if match[1] == "count":
            # describe() prints the column names on the line above its count row
            names = words(self.prev[1]) if self.prev[0] == number - 1 else []
            for value in values:
                whole = value.text.split(".")[0] if value.text.strip("0").endswith(".") else value.text
                if small(whole, self.settings):
                    column = min(names, key=lambda n: abs(n.end - value.end)).text if names else "?"
                    yield cell_fact(number, value, "count", column, "describe()")
        else:
            span = Span(line[values[0].start : values[-1].end], values[0].start, values[-1].end)
            yield extreme_fact(number, span, "extreme-value.min-max", match[1])
        return True

    def _start(self, header: str) -> None:
        self.header = words(header)
        self.classes = [column_class(h.text) for h in self.header]
        self.block = Block(self.rule)

    def _row(self, number: int, line: str) -> Generator[Fact, None, bool]:
        if "statistic" in self.classes:
            return True
        tokens = words(line)
        if "count" not in self.classes:
            self.block.add(number, line)
            return True
        label = tokens[1].text if len(tokens) > 1 else tokens[0].text
        for token in tokens[1:]:
            at = min(range(len(self.header)), key=lambda i: abs(self.header[i].end - token.end))
            if self.classes[at] == "count" and small(token.text, self.settings):
                yield cell_fact(number, token, label, self.header[at].text, "data frame")
        return True


def _header_like(line: str) -> bool:
    tokens = line.split()
    return bool(tokens) and line[:1].isspace() and not all(is_number(t) for t in tokens) and "[" not in line


class RoutParser:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.code: list[str] = []
        self.origin: list[tuple[int, int]] = []
        self.last = 0
        self.reader: OutputReader | None = None
        # names assigned a table or proportions earlier in the transcript: `counts` alone prints it
        self.known: dict[str, tuple[str, int]] = {}

    def feed(self, number: int, line: str) -> Iterator[Fact]:
        line = line[:LINE_LIMIT].rstrip()
        prompt = PROMPT.match(line)
        if prompt or (self.code and CONTINUATION.match(line)):
            if prompt and self.reader:
                yield from self.reader.close()
                self.reader = None
            end = prompt.end() if prompt else 2
            if prompt:
                self._assigned()
                self.last = len(self.code)
            self.code.append(line[end:])
            self.origin.append((number, end))
            return
        if self.code:
            kind, dims = command_kind("\n".join(self.code[self.last :]), self.known)
            self._assigned()
            self.reader = OutputReader(self.settings, kind, dims, "printed-rows.r-data-frame")
            yield from self._flush_code()
        if self.reader is None:
            self.reader = OutputReader(self.settings, "other", 0, "printed-rows.r-data-frame")
        yield from self.reader.feed(number, line)

    def close(self) -> Iterator[Fact]:
        yield from self._flush_code()
        if self.reader:
            yield from self.reader.close()

    def _assigned(self) -> None:
        """Record what the last complete command assigned: a table or proportions (kept), else (forgotten)."""
        assignment = ASSIGNMENT.match("\n".join(self.code[self.last :]))
        if assignment:
            # only a table call as the outer call makes a table: as.data.frame(table(x)) is a data frame
            outer = OUTER_CALL.match(assignment[2])
            kind, dims = command_kind(assignment[2], self.known)
            calls = _calls()
            if kind != "other" and (not outer or outer[1] in calls["tables"] + calls["proportions"]):
                self.known[assignment[1]] = (kind, dims)
            else:
                self.known.pop(assignment[1], None)

    def _flush_code(self) -> Iterator[Fact]:
        if self.code:
            code, origin = "\n".join(self.code), self.origin
            self.code, self.origin, self.last = [], [], 0
            yield from program_facts(code, "r", self.settings, origin=origin, echo=True)


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    return run(RoutParser(settings), doc.lines)
