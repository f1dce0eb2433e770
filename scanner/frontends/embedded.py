"""Program source inside another file (code echoed in a log, a notebook cell, an R Markdown chunk) read by the
program front ends, with positions mapped back to that file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

from ..config import Settings
from ..model import Fact
from . import Document, FrontEnd, stata, treesitter
from .text import facts as text_facts

# The program front end of each language; a language without one is read as plain text.
PROGRAMS: dict[str, FrontEnd] = {
    "sas": treesitter.facts,
    "r": treesitter.facts,
    "python": treesitter.facts,
    "stata": stata.facts,
}


def program_facts(
    text: str,
    language: str,
    settings: Settings,
    origin: Sequence[tuple[int, int]] | None = None,
    echo: bool = False,
) -> Iterator[Fact]:
    """Facts of program source found inside another file (code echoed in a log, a notebook cell, an R Markdown
    chunk), with positions mapped back to that file.

    `origin[i]` is (file line, column offset) of source line i+1; without it, lines map to themselves. With
    `echo`, every fact carries `attrs["echo"] = "1"`: the code was echoed into a log, so statements that print
    are not findings there (their printed rows are), while identifiers and personal data still are.
    """
    for cached in _embedded_facts(text, language, settings):
        fact = Fact(
            cached.kind,
            cached.line,
            cached.column,
            cached.end_line,
            cached.end_column,
            cached.text,
            dict(cached.attrs),
            cached.table,
        )
        if origin:
            line, offset = origin[min(fact.line, len(origin)) - 1]
            end_line, end_offset = origin[min(fact.end_line, len(origin)) - 1]
            fact.line, fact.column = line, fact.column + offset
            fact.end_line, fact.end_column = end_line, fact.end_column + end_offset
        if echo:
            fact.attrs["echo"] = "1"
        yield fact


@lru_cache(maxsize=512)
def _embedded_facts(text: str, language: str, settings: Settings) -> tuple[Fact, ...]:
    """The facts of one piece of embedded code, parsed once: logs echo the same code many times (macro loops,
    repeated runs), and the facts depend only on the code. Callers get copies, never these."""
    doc = Document("<embedded>", "program", language, text, "utf-8", embedded=True)
    return tuple(PROGRAMS.get(language, text_facts)(doc, settings))
