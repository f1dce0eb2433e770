"""Whole-text gates for the rules that look at every line of text (issue 15): a rule's cheap search runs in C over
a window of the file's lines at a time, and a `text` fact that is one whole line of the file is looked at only
when the search marked that line.

A gate is a function from a text of whole lines (joined by `\\n`) and the settings to the offsets where it
matched. It must be a
superset of the rule's own check: a line the rule could find anything on, searched alone, must be marked when it
is searched as part of the window (tests/test_gate.py checks every gate against its rule). A fact that is not
exactly the file's line at its number (a notebook cell, a workbook row, a line a log reader rewrote) or that comes
before the window is never skipped: the rule checks it as before.

Where every rule that reads `text` facts is gated or idle on the document (a module's `idle(doc)`), the engine gives
a line no gate marked to no rule at all (`quiet`), which saves a CSV four calls per row."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from itertools import accumulate, islice

from ..config import Settings
from ..frontends import Document
from ..model import Fact, line_fact, lines_of
from .context import Context

Gate = Callable[[str, Settings], Iterable[int]]
# Lines read per window: one search call per window instead of one per line, in bounded memory.
WINDOW_CHARS = 1 << 20
# Lines taken from the file at a time while a window is filled.
_BLOCK = 4096

# A line's length with its line break, in C (a Python function per line would cost what the block saves).
_WITH_BREAK = (1).__add__


@dataclass(slots=True)
class _Window:
    """The file's lines from `first` on, read ahead from one forward pass, and the lines each gate marked."""

    lines: Iterator[str]
    first: int = 1
    # The line after the window: the one comparison an unmarked line in the window pays before its set lookup.
    end: int = 1
    window: list[str] = field(default_factory=list)
    marked: dict[str, set[int]] = field(default_factory=dict)
    anywhere: set[int] = field(default_factory=set)  # the lines any gate marked
    marks: list[int] = field(default_factory=list)  # the same, in order (`given` reads a run of lines at once)
    done: bool = False
    ahead: list[str] = field(default_factory=list)  # lines read past the window, for the next

    def advance(self, number: int, gates: dict[str, Gate], settings: Settings) -> bool:
        """Read windows until one holds line `number`; False when the file ends before it."""
        while number >= self.end:
            if self.done:
                return False
            self.first = self.end
            self.window = self._fill()
            self.end = self.first + len(self.window)
            text = "\n".join(self.window)
            self.marked = {name: _lines(text, gate(text, settings), self.first) for name, gate in gates.items()}
            self.anywhere = set().union(*self.marked.values())
            self.marks = sorted(self.anywhere)
        return True

    def _fill(self) -> list[str]:
        """The next window: the lines up to the one that brings it (each line with its break) to WINDOW_CHARS, that
        line included; `done` once the file ends. Lines are taken a block at a time and the window's end found on
        their running sizes (a loop over each line in Python cost a listing's scan 2%); the rest of the block is
        kept for the next window."""
        window: list[str] = []
        size = 0
        while True:
            block, self.ahead = self.ahead or list(islice(self.lines, _BLOCK)), []
            if not block:
                self.done = True
                return window
            # sizes[i]: the window's size with the block's lines before i; the first to reach WINDOW_CHARS ends it
            sizes = list(accumulate(map(_WITH_BREAK, map(len, block)), initial=size))
            end = bisect_left(sizes, WINDOW_CHARS, 1)
            if end < len(sizes):
                window += block[:end]
                self.ahead = block[end:]
                return window
            window += block
            size = sizes[-1]

    def unmarked(self, number: int, text: str, settings: Settings, name: str | None) -> bool:
        """`text` is line `number` of the file, and the gate `name` (None: any gate) did not mark it."""
        if number >= self.end and not self.advance(number, _GATES, settings):
            return False
        first = self.first
        marked = self.anywhere if name is None else self.marked[name]
        return number >= first and number not in marked and self.window[number - first] == text


def _lines(text: str, offsets: Iterable[int], first: int) -> set[int]:
    """The line numbers (the window starting at line `first`) of the offsets, given in any order."""
    found, at, line = set(), 0, first
    for offset in sorted(offsets):
        line += text.count("\n", at, offset)
        at = offset
        found.add(line)
    return found


_GATES: dict[str, Gate] = {}


def register(name: str, gate: Gate) -> None:
    """A rule's gate (`name`: the rule module's `__name__`), read in the same window pass as the others'."""
    _GATES[name] = gate


def skipped(fact: Fact, ctx: Context, name: str | None) -> bool:
    """The fact is one whole line of the file, and the gate `name` (None: any gate) did not mark it: the rule has
    nothing to find."""
    if fact.kind != "text" or fact.line != fact.end_line or fact.column != 1:
        return False
    return _window(ctx).unmarked(fact.line, fact.text, ctx.settings, name)


def _window(ctx: Context) -> _Window:
    state = ctx.state.get(__name__)
    if not isinstance(state, _Window):
        # A binary document's lines are not its text: its window is over before the first line.
        binary = ctx.doc.binary
        state = ctx.state[__name__] = _Window(iter(() if binary else ctx.doc.lines), done=binary)
    return state


_QUIET = __name__ + ".quiet"
_PASSED = __name__ + ".passed"
# The lines passed over that a rule can ask for (`passed`): survival's header, the separator under it and the gap
# above (tests/test_survival_gate.py).
KEPT = 5


@dataclass(slots=True)
class _Passed:
    """The last KEPT lines `quiet` passed over (number and text: a line passed over is one whole line with no
    attributes, so that is all of it), how many it passed in all, and that count when each rule last asked."""

    lines: deque[tuple[int, str]] = field(default_factory=lambda: deque(maxlen=KEPT))
    count: int = 0
    asked: dict[str, int] = field(default_factory=dict)


def quiet(fact: Fact, ctx: Context) -> bool:
    """Whether no rule that reads `text` facts can find anything on this one, so that the engine need not give it
    to them (issue 11): every such rule has a gate (`register`) or is idle on the document (its `idle(doc)`), and
    the fact is one whole line of the file, with no attributes, that no gate marked. The last facts passed over are
    kept for the rules that read the lines before (`passed`)."""
    if not _able(ctx) or fact.attrs or not skipped(fact, ctx, None):
        return False
    kept = _kept(ctx)
    kept.lines.append((fact.line, fact.text))
    kept.count += 1
    return True


def given(fact: Fact, ctx: Context) -> Iterator[Fact]:
    """The `text` facts of a `text.lines` fact's lines that the rules must be given: as `quiet` would decide for
    each line given alone, without making a fact of a line passed over. A run of lines that is the file's own, in
    one window, is read at once (`_run`); any other line by line (`_by_line`, the reference)."""
    if not _able(ctx):
        yield from (line_fact(number, text) for number, text in lines_of(fact))
        return
    lines = _own(fact, _window(ctx), ctx.settings)
    yield from _by_line(fact, ctx) if lines is None else _run(fact.line, lines, _window(ctx).marks, _kept(ctx))


def _own(fact: Fact, window: _Window, settings: Settings) -> list[str] | None:
    """The lines of a `text.lines` fact when all of them are the file's lines at their numbers, in the window that
    holds the first: one join and one comparison (a line of the file holds no line break, so the joined texts are
    equal only when the lines are)."""
    if fact.line >= window.end and not window.advance(fact.line, _GATES, settings):
        return None
    first = window.first
    if fact.line < first or fact.end_line >= window.end:
        return None
    lines = window.window[fact.line - first : fact.end_line - first + 1]
    return lines if "\n".join(lines) == fact.text else None


def _run(base: int, lines: list[str], marks: list[int], kept: _Passed) -> Iterator[Fact]:
    """`_by_line` over lines known to be the file's own (`_own`): there a line is passed over exactly when no gate
    marked it, so only the marked lines are visited; the lines passed over between them are counted and the last
    KEPT of them kept, as `_by_line` would have left them before each line it gives."""
    start = 0
    for number in marks[bisect_left(marks, base) : bisect_right(marks, base + len(lines) - 1)]:
        index = number - base
        if lines[index]:  # a blank line is no line of the fact (`lines_of`)
            _pass(kept, lines, start, index, base)
            start = index + 1
            yield line_fact(number, lines[index])
    _pass(kept, lines, start, len(lines), base)


def _pass(kept: _Passed, lines: list[str], start: int, stop: int, base: int) -> None:
    """Lines `start` to `stop` (excluded) passed over: those not blank counted, the last KEPT of them kept."""
    between = lines[start:stop]
    count = len(between) - between.count("")
    if not count:
        return
    kept.count += count
    tail: list[tuple[int, str]] = []
    index = stop - 1
    while len(tail) < KEPT and index >= start:
        if lines[index]:
            tail.append((base + index, lines[index]))
        index -= 1
    kept.lines.extend(reversed(tail))


def _by_line(fact: Fact, ctx: Context) -> Iterator[Fact]:
    """Each line of the fact asked of the window alone."""
    kept, unmarked, settings = _kept(ctx), _window(ctx).unmarked, ctx.settings
    for number, text in lines_of(fact):
        if unmarked(number, text, settings, None):
            kept.lines.append((number, text))
            kept.count += 1
        else:
            yield line_fact(number, text)


def _able(ctx: Context) -> bool:
    able = ctx.state.get(_QUIET)
    if able is None:
        able = ctx.state[_QUIET] = all(_gated(name) or _idle(name, ctx.doc) for name in _readers())
    return bool(able)


def _kept(ctx: Context) -> _Passed:
    kept = ctx.state.get(_PASSED)
    if not isinstance(kept, _Passed):
        kept = ctx.state[_PASSED] = _Passed()
    return kept


@cache
def _readers() -> tuple[str, ...]:
    """The rule modules that read `text` facts."""
    from . import rule_modules  # the package imports this module

    return tuple(module.name for module in rule_modules() if "text" in module.consumes)


def _gated(name: str) -> bool:
    """The rule module `name` (as `rule_modules` gives it, without the package) has a gate."""
    return f"{__package__}.{name}" in _GATES


def _idle(name: str, doc: Document) -> bool:
    idle = getattr(import_module(f"{__package__}.{name}"), "idle", None)
    return idle is not None and bool(idle(doc))


def passed(ctx: Context, name: str) -> list[tuple[int, str]]:
    """The lines (number, text) `quiet` passed over since the rule `name` (its module's `__name__`) last asked, at
    most the last KEPT, in the order they came: a rule that reads the lines before a line (personal-data's credit,
    survival's header) would have seen them, had it been given them."""
    kept = ctx.state.get(_PASSED)
    if not isinstance(kept, _Passed):
        return []
    new = kept.count - kept.asked.get(name, 0)
    if not new:
        return []
    kept.asked[name] = kept.count
    return list(kept.lines)[-new:]
