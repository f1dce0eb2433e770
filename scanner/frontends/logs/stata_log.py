"""Stata logs, plain (.log) and SMCL (.smcl, tags stripped line by line so line numbers stay those of the file).

Commands after `. ` (continued by `> `) are read as Stata code, marked as echo. The echoed command says what the
output below it is: `list` boxes are printed rows, `tabulate` tables give counts, `summarize` gives Obs, Min and
Max columns (and Smallest/Largest with `detail`). Everything else is free text."""

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
    cells,
    column_class,
    extreme_fact,
    is_number,
    nearest,
    run,
    small,
    text_fact,
)

COMMAND = re.compile(r"^\. (?=\S)")
CONTINUATION = re.compile(r"^> ")
SEPARATOR = re.compile(r"^\s*-+\+[-+]*\s*$")
LIST_ROW = re.compile(r"^\s*\d+\.\s")
BOX = re.compile(r"^\s*[+|][-+|]*[+|]?\s*$")

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


# --- commands -------------------------------------------------------------------------------------------------


@cache
def _commands() -> tuple[dict[str, str], frozenset[str]]:
    """Every accepted abbreviation of the commands whose output is read -> the output kind."""
    data = load_toml("patterns", "outputs.toml")["stata"]
    # tabstat prints a statistics table like summarize: its N column holds counts, min/max columns extremes
    kinds = {
        "list": "list",
        "tabulate": "tab",
        "tab1": "tab",
        "tab2": "tab",
        "summarize": "summarize",
        "tabstat": "summarize",
    }
    table: dict[str, str] = {}
    for key, kind in kinds.items():
        name, shortest = data[key]["name"], data[key]["min"]
        for end in range(shortest, len(name) + 1):
            table[name[:end]] = kind
    return table, frozenset(data["prefixes"])


def command_kind(code: str) -> str | None:
    """What the output of one Stata command is: 'list', 'tab', 'summarize' or None. Prefixes (`by x:`,
    `capture`, `noisily`) are skipped; `quietly` prints nothing."""
    table, prefixes = _commands()
    rest = code.strip()
    while rest:
        # `by x:`, and `by x, sort:` whose options come before the colon
        if rest.split()[0] in prefixes and re.match(r"[^:\"]*:", rest):
            rest = rest.split(":", 1)[1].strip()
            continue
        word = rest.split()[0]
        if word in prefixes:
            rest = rest[len(word) :].strip()
            continue
        if word.startswith("qui"):
            return None
        return table.get(word)
    return None


class StataLogParser:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.code: list[str] = []
        self.origin: list[tuple[int, int]] = []
        self.last = 0  # where the last command (of several echoed in a row) starts in `code`
        self.kind: str | None = None
        self.block = Block("printed-rows.stata-list")
        self.header: list[Span] = []
        self.freq_only: int | None = None
        self.classes: list[str | None] = []
        self.separated = False
        self.row = ""
        self.detail_first = 0
        self.detail_last = (0, "")

    def feed(self, number: int, line: str) -> Iterator[Fact]:
        line = line[:LINE_LIMIT].rstrip()
        command = COMMAND.match(line)
        if command or (self.code and CONTINUATION.match(line)):
            yield from self._end_output()
            if command:
                self.last = len(self.code)
            self.code.append(line[2:])
            self.origin.append((number, 2))
            return
        if self.code:
            # Only the last of several commands echoed in a row (`. * comment` then `. sum`) printed the output.
            self.kind = command_kind(" ".join(self.code[self.last :]))
            yield from self._flush_code()
        consumed = False
        if self.kind == "list":
            consumed = self._list(number, line)
        elif self.kind in ("tab", "summarize"):
            consumed = yield from self._table(number, line)
        if not consumed:
            fact = text_fact(number, line)
            if fact:
                yield fact

    def close(self) -> Iterator[Fact]:
        yield from self._flush_code()
        yield from self._end_output()

    def _flush_code(self) -> Iterator[Fact]:
        if self.code:
            code, origin = "\n".join(self.code), self.origin
            self.code, self.origin = [], []
            yield from program_facts(code, "stata", self.settings, origin=origin, echo=True)

    def _end_output(self) -> Iterator[Fact]:
        yield from self.block.close()
        yield from self._end_detail()
        self.kind, self.header, self.freq_only, self.separated = None, [], None, False

    def _list(self, number: int, line: str) -> bool:
        if LIST_ROW.match(line):
            self.block.add(number, line)
            return True
        return bool(BOX.match(line)) or (self.block.rows > 0 and "|" in line)

    def _table(self, number: int, line: str) -> Generator[Fact, None, bool]:
        if "Smallest" in line or "Largest" in line or self.detail_first:
            return (yield from self._detail(number, line))
        if SEPARATOR.match(line):
            self.separated = True
            return True
        if "|" not in line:
            if line.startswith("-> "):  # `by` groups and `tab1` print one table per group, each with its header
                self.separated, self.header = False, []
            return False
        label, _, rest = line.partition("|")
        offset = len(label) + 1
        # The right part may be cut by a second bar before the Total column: keep it, with its offsets.
        values = cells(rest.replace("|", " "), offset)
        if not self.separated:
            if values:
                self.header = values
                self.freq_only = next((i for i, v in enumerate(values) if v.text == "Freq."), None)
                self.classes = [column_class(v.text) for v in values]
            return True
        if not label.strip():
            return True  # a percentage line of a row (tabulate with row/col options)
        self.row = label.strip()
        extremes: list[Span] = []
        for value in values:
            at = nearest(value, self.header)
            if at is None:
                continue
            column = self.header[at].text
            counts = (
                at == self.freq_only
                if self.freq_only is not None
                else (self.kind == "tab" or self.classes[at] == "count")
            )
            if counts and small(value.text, self.settings):
                yield cell_fact(number, value, self.row, column, "tabulate" if self.kind == "tab" else "summarize")
            elif self.kind == "summarize" and self.classes[at] == "extreme" and is_number(value.text):
                extremes.append(value)
        if extremes:
            span = Span(line[extremes[0].start : extremes[-1].end], extremes[0].start, extremes[-1].end)
            yield extreme_fact(number, span, "extreme-value.min-max", f"{self.row}: Min, Max")
        return True

    def _detail(self, number: int, line: str) -> Generator[Fact, None, bool]:
        """`summarize, detail`: the Smallest and Largest columns list single observations."""
        if not line.strip() and self.detail_first and number > self.detail_last[0] + 1:
            yield from self._end_detail()
            return False
        if not self.detail_first:
            self.detail_first = number
        if line.strip():
            self.detail_last = (number, line)
        return True

    def _end_detail(self) -> Iterator[Fact]:
        if self.detail_first:
            number, line = self.detail_last
            span = Span(line.strip(), len(line) - len(line.lstrip()), len(line))
            rule = "extreme-value.extreme-observations"
            yield extreme_fact(self.detail_first, span, rule, "Smallest, Largest", end_line=number)
        self.detail_first = 0


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    is_smcl = doc.rel.lower().endswith(".smcl")
    lines = (smcl(raw) if is_smcl or raw.startswith("{smcl}") else raw for raw in doc.lines)
    return run(StataLogParser(settings), lines)
