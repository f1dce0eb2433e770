"""Front ends turn a decoded file into a flat stream of language-neutral facts (see grammars/facts.toml).

This module holds what every front end reads: the decoded `Document` and its lines. Which front end reads which
file is decided in `registry.py`; code embedded in other files goes through `embedded.program_facts`.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator

import regex

from ..config import Settings
from ..fileio import open_regular
from ..model import Fact


class WholeTextNeeded(Exception):
    """A front end asked for the whole text of a file that is only streamed (too large to hold in memory)."""


# A streamed "line" longer than this (a file with no newlines) is cut into pieces so memory stays bounded; the
# line numbers after such a monster then count pieces, which is the price of not holding it whole.
MAX_LINE = 64 * 1024 * 1024
READ_BLOCK = 4 * 1024 * 1024
# A piece is cut where no CPR-shaped number spans the cut (one would be missed in both pieces), preferably after
# white space (words stay whole), looking back at most this far from the piece's end.
_CUT_REACH = 4096
_CPR_SHAPE = regex.compile(r"(?<![0-9])[0-9]{6}[- ]?[0-9]{4}(?![0-9])")


def cut(carry: str) -> int:
    """Where to end a piece of an over-long line: the piece is `carry[:cut]`, the rest starts the next one."""
    low = max(1, len(carry) - _CUT_REACH)

    def whole(i: int) -> bool:
        return not any(m.start() < i < m.end() for m in _CPR_SHAPE.finditer(carry, max(0, i - 12), i + 12))

    # Not in the last 12 characters: a number there may go on in the text not yet read.
    top = len(carry) - 12
    at = next((i for i in range(top, low, -1) if carry[i - 1].isspace() and whole(i)), 0)
    return at or next((i for i in range(top, low, -1) if whole(i)), len(carry))


class LineStream:
    """The lines of a large file, read from disk afresh on every iteration, in bounded memory."""

    def __init__(self, path: str, encoding: str) -> None:
        self.path = path
        self.encoding = encoding

    def __iter__(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder(self.encoding)(errors="replace")
        carry = ""
        with open_regular(self.path) as raw:
            while block := raw.read(READ_BLOCK):
                lines = (carry + decoder.decode(block)).split("\n")
                carry = lines.pop()
                for line in lines:
                    yield line.removesuffix("\r")
                if len(carry) > MAX_LINE:
                    at = cut(carry)
                    yield carry[:at]
                    carry = carry[at:]
        carry += decoder.decode(b"", final=True)
        if carry:
            yield carry.removesuffix("\r")


def split_lines(text: str) -> list[str]:
    """Lines as editors number them: split at \\n only (str.splitlines also splits at form feeds, which SAS
    listings put at every page break, and would shift every line number after the first page)."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


class Document:
    """A decoded file. `rel` is its path relative to the scanned root, with forward slashes.

    A small file is held in memory (`text`, `lines` a list). A large one is streamed: `lines` is then an iterable
    that reads the file afresh each time, and `text` raises WholeTextNeeded, so a front end that needs the whole
    file fails loudly instead of scanning nothing. Front ends should make one forward pass over `lines`.
    """

    def __init__(
        self,
        rel: str,
        kind: str,
        language: str | None,
        text: str,
        encoding: str,
        *,
        path: str = "",
        streamed: bool = False,
        embedded: bool = False,
    ) -> None:
        self.rel, self.kind, self.language, self.encoding, self.path = rel, kind, language, encoding, path
        self.streamed = streamed
        # Code inside another file (a notebook cell, a log's echo): "the last expression of a cell" means something.
        self.embedded = embedded
        self._text = text
        self._lines: list[str] | None = None

    @property
    def text(self) -> str:
        if self.streamed:
            raise WholeTextNeeded(self.rel)
        return self._text

    @property
    def lines(self) -> list[str] | LineStream:
        if self.streamed:
            return LineStream(self.path, self.encoding)
        if self._lines is None:
            self._lines = split_lines(self._text)
        return self._lines


# Every front end: a decoded file in, a flat stream of facts out (registered in `frontends/registry.py`).
FrontEnd = Callable[[Document, Settings], Iterator[Fact]]
