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
from ..sasindex import SasIndex


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
        # The unfinished line, as the decoded blocks it spans: joined once when it ends or is cut, never grown by
        # concatenation (which copies it once per block and holds it twice).
        carry: list[str] = []
        size = 0
        with open_regular(self.path) as raw:
            while block := raw.read(READ_BLOCK):
                text = decoder.decode(block)
                end = text.rfind("\n")
                if end < 0:
                    carry.append(text)
                    size += len(text)
                else:
                    carry.append(text[:end])
                    whole = "".join(carry)
                    carry = [text[end + 1 :]]
                    size = len(carry[0])
                    # most files end their lines in \n alone: then the block's lines go out as they are, delegated
                    # to the list's iterator (no Python step per line)
                    lines = whole.split("\n")
                    if "\r" in whole:
                        lines = [line.removesuffix("\r") for line in lines]
                    del whole
                    yield from lines
                    del lines
                del text
                if size > MAX_LINE:
                    piece = _piece(carry)
                    size = len(carry[0])
                    yield piece
                    del piece
        carry.append(decoder.decode(b"", final=True))
        if rest := "".join(carry):
            yield rest.removesuffix("\r")


def _piece(carry: list[str]) -> str:
    """The over-long unfinished line up to a cut near its end (`cut`, looking only at the last block read);
    `carry` keeps the rest."""
    if len(carry[-1]) <= 2 * _CUT_REACH:
        carry[:] = ["".join(carry)]
    tail = carry.pop()
    at = cut(tail)
    carry.append(tail[:at])
    piece = "".join(carry)
    carry[:] = [tail[at:]]
    return piece


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
    `encoding` None: the bytes are no text (a workbook); its own front end reads them from `path`.
    """

    def __init__(
        self,
        rel: str,
        kind: str,
        language: str | None,
        text: str,
        encoding: str | None,
        *,
        path: str = "",
        streamed: bool = False,
        embedded: bool = False,
        known: tuple[tuple[str, str], ...] = (),
        later: str = "",
        earlier: str = "",
        sas_index: SasIndex | None = None,
    ) -> None:
        self.rel, self.kind, self.language, self.encoding, self.path = rel, kind, language, encoding, path
        self.streamed = streamed
        # Code inside another file (a notebook cell, a log's echo): "the last expression of a cell" means something.
        self.embedded = embedded
        # For such code: what names held before it ran (`frame`/`other`), from the cells or chunks above it.
        self.known = known
        # ... and the code of its language that runs after it (the later chunks of an R Markdown document), for the
        # checks that read what the code does next with a name (R's `r-not-tables`); empty when none need it.
        self.later = later
        # ... and the code of its language that ran before it there (the earlier chunks), for the same checks: where
        # a name they follow was assigned (`tibble(exposure = freqs$exposure)` of `freqs` read two chunks above).
        self.earlier = earlier
        # For a SAS program: the macros and library tables of the other scanned SAS files, which its data flow follows.
        self.sas_index = sas_index
        self._text = text
        self._lines: list[str] | None = None

    @property
    def text(self) -> str:
        if self.streamed:
            raise WholeTextNeeded(self.rel)
        return self._text

    @property
    def binary(self) -> bool:
        return self.encoding is None

    @property
    def lines(self) -> list[str] | LineStream:
        if self.streamed and self.encoding is not None:
            return LineStream(self.path, self.encoding)
        if self._lines is None:
            self._lines = split_lines(self._text)
        return self._lines


# Every front end: a decoded file in, a flat stream of facts out (registered in `frontends/registry.py`).
FrontEnd = Callable[[Document, Settings], Iterator[Fact]]
