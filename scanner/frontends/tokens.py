"""Token-level helpers shared by the program front ends: offsets to (line, column), and comparisons of a variable
with literals read from a condition's text (SAS statements the grammar leaves generic, Stata `if` qualifiers,
pandas `.query()` strings). Tree-sitter front ends use them only where the tree has no structure to offer."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from ..model import Fact


class Positions:
    """Maps offsets of a text (characters, or UTF-8 bytes with `data`) to 1-based lines and columns.

    Lines break at `\\n` only, as tree-sitter counts them; a `\\r` before it stays part of the line it ends.
    """

    def __init__(self, text: str, data: bytes | None = None) -> None:
        self._text = text
        self._data = data
        self._ascii = data is None or len(data) == len(text)
        source = data if data is not None else text
        newline = b"\n" if data is not None else "\n"
        starts = [0]
        find = source.find
        at = find(newline)  # type: ignore[arg-type]
        while at != -1:
            starts.append(at + 1)
            at = find(newline, at + 1)  # type: ignore[arg-type]
        self._starts = starts

    @property
    def text(self) -> str:
        """The whole text the offsets are into (a re-read statement maps back into it)."""
        return self._text

    def text_between(self, start: int, end: int) -> str:
        """The text between two offsets in this map's unit."""
        if self._data is None or self._ascii:
            return self._text[start:end]
        return self._data[start:end].decode("utf-8", errors="replace")

    def width(self, text: str) -> int:
        """The length of `text` in this map's unit (bytes or characters)."""
        return len(text.encode()) if self._data is not None and not text.isascii() else len(text)

    def point(self, offset: int) -> tuple[int, int]:
        row = bisect_right(self._starts, offset) - 1
        start = self._starts[row]
        if self._ascii:
            return row + 1, offset - start + 1
        assert self._data is not None
        return row + 1, len(self._data[start:offset].decode("utf-8", errors="replace")) + 1

    def fact(
        self, kind: str, start: int, end: int, text: str, attrs: dict[str, str] | None = None, *, quiet: bool = False
    ) -> Fact:
        line, column = self.point(start)
        end_line, end_column = self.point(end)
        return Fact(kind, line, column, end_line, end_column, text, attrs or {}, quiet=quiet)


# A comparison `name op literal` or a membership test `name in (literals)`, in the spellings of SAS, Stata,
# R and pandas query strings. `name` may be qualified (`a.pnr`, `df$pnr`); the last part is the variable.
_STRING = r"""'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*\""""
_NUMBER = r"-?\d+(?:\.\d+)?"
_LITERAL = rf"(?:{_STRING}|{_NUMBER})(?![\w'\"])"
_LIST = rf"(?:c\s*)?[(\[]\s*{_LITERAL}(?:\s*,?\s*{_LITERAL})*\s*,?\s*[)\]]"
_NAME = r"(?<![\w$.&%'\"])[A-Za-z_][\w]*(?:[.$][A-Za-z_]\w*)*(?![\w(])"
_OP = r"==|=|\^=|~=|!=|<>|\b(?:eq|ne|not\s+in|in)\b|%in%"
_COMPARE = regex.compile(
    rf"(?P<name>{_NAME})\s*(?P<op>{_OP})\s*(?P<values>{_LIST}|{_LITERAL})"
    rf"|(?P<rev>{_LITERAL})\s*(?P<rop>==|=|\beq\b)\s*(?P<rname>{_NAME})"
    rf"|\binlist\(\s*(?P<iname>{_NAME})\s*,(?P<ivalues>\s*{_LITERAL}(?:\s*,\s*{_LITERAL})*)\s*\)",
    regex.IGNORECASE,
)
_VALUE = regex.compile(_LITERAL)
# What follows `then` in a condition's text is an action, not a condition.
THEN = regex.compile(r"\bthen\b", regex.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Compare:
    start: int
    end: int
    name: str
    op: str
    values: tuple[str, ...]


def compares(text: str) -> Iterator[Compare]:
    """Every comparison of a variable with literals in `text` (offsets are into `text`)."""
    for m in _COMPARE.finditer(text):
        if m["name"]:
            name, op, values = m["name"], m["op"], m["values"]
        elif m["rname"]:
            name, op, values = m["rname"], m["rop"], m["rev"]
        else:
            name, op, values = m["iname"], "inlist", m["ivalues"]
        variable = regex.split(r"[.$]", name)[-1]
        found = tuple(v.group() for v in _VALUE.finditer(values))
        yield Compare(m.start(), m.end(), variable, " ".join(op.lower().split()), found)


def compare_facts(text: str, offset: int, positions: Positions, extra: dict[str, str] | None = None) -> Iterator[Fact]:
    """`compare` facts for the comparisons in `text`, which starts at `offset` (in the unit of `positions`)."""
    for c in compares(text):
        attrs = {"name": c.name, "values": ",".join(c.values), **(extra or {})}
        start = offset + positions.width(text[: c.start])
        end = start + positions.width(text[c.start : c.end])
        yield positions.fact("compare", start, end, text[c.start : c.end], attrs)
