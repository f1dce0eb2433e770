"""Whole-text gates for the rules that look at every line of text (issue 15): a rule's cheap search runs in C over
a window of the file's lines at a time, and a `text` fact that is one whole line of the file is looked at only
when the search marked that line.

A gate is a function from a text of whole lines (joined by `\\n`) and the settings to the offsets where it
matched. It must be a
superset of the rule's own check: a line the rule could find anything on, searched alone, must be marked when it
is searched as part of the window (tests/test_gate.py checks every gate against its rule). A fact that is not
exactly the file's line at its number (a notebook cell, a workbook row, a line a log reader rewrote) or that comes
before the window is never skipped: the rule checks it as before."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..config import Settings
from ..model import Fact
from .context import Context

Gate = Callable[[str, Settings], Iterable[int]]
# Lines read per window: one search call per window instead of one per line, in bounded memory.
WINDOW_CHARS = 1 << 20


@dataclass(slots=True)
class _Window:
    """The file's lines from `first` on, read ahead from one forward pass, and the lines each gate marked."""

    lines: Iterator[str]
    first: int = 1
    # The line after the window: the one comparison an unmarked line in the window pays before its set lookup.
    end: int = 1
    window: list[str] = field(default_factory=list)
    marked: dict[str, set[int]] = field(default_factory=dict)
    done: bool = False

    def advance(self, number: int, gates: dict[str, Gate], settings: Settings) -> bool:
        """Read windows until one holds line `number`; False when the file ends before it."""
        while number >= self.end:
            if self.done:
                return False
            self.first = self.end
            self.window, size = [], 0
            for line in self.lines:
                self.window.append(line)
                size += len(line) + 1
                if size >= WINDOW_CHARS:
                    break
            else:
                self.done = True
            self.end = self.first + len(self.window)
            text = "\n".join(self.window)
            self.marked = {name: _lines(text, gate(text, settings), self.first) for name, gate in gates.items()}
        return True


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
    """A rule's gate, read in the same window pass as the others'."""
    _GATES[name] = gate


def skipped(fact: Fact, ctx: Context, name: str) -> bool:
    """The fact is one whole line of the file, and the gate `name` did not mark it: the rule has nothing to find."""
    number = fact.line
    if fact.kind != "text" or number != fact.end_line or fact.column != 1:
        return False
    state = ctx.state.get(__name__)
    if not isinstance(state, _Window):
        # A binary document's lines are not its text: its window is over before the first line.
        binary = ctx.doc.binary
        state = ctx.state[__name__] = _Window(iter(() if binary else ctx.doc.lines), done=binary)
    if number >= state.end and not state.advance(number, _GATES, ctx.settings):
        return False
    first = state.first
    return number >= first and number not in state.marked[name] and state.window[number - first] == fact.text
