"""Program source inside another file (code echoed in a log, a notebook cell, an R Markdown chunk) read by the
program front ends, with positions mapped back to that file."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from typing import NamedTuple

import regex

from ..config import Settings
from ..model import Fact
from ..resources import load_toml
from . import Document, FrontEnd, stata, treesitter
from .budget import Budgeted
from .tsquery import GrammarError, drawn_key, table_key

# A name as R and Python write it (R allows dots); SAS names are matched lower-cased.
_WORD = regex.compile(r"[A-Za-z_.][\w.]*")

# The program front end of each language; a language without one is read as plain text.
PROGRAMS: dict[str, FrontEnd] = {
    "sas": treesitter.facts,
    "r": treesitter.facts,
    "python": treesitter.facts,
    "stata": stata.facts,
}


@cache
def languages(where: str) -> dict[str, str]:
    """Which language runs the code of a notebook by its kernel (`where` = "kernels"), of a Python notebook cell by
    its magic ("magics") or of an R Markdown chunk by its engine ("chunks"): patterns/filetypes.toml `[embedded]`."""
    table: dict[str, str] = load_toml("patterns", "filetypes.toml")["embedded"][where]
    return table


@cache
def python_magics() -> frozenset[str]:
    """The cell magics that run a Python notebook's cell as Python (`%%time`)."""
    return frozenset(load_toml("patterns", "filetypes.toml")["embedded"]["python_magics"])


def check_languages() -> None:
    """Every language `[embedded]` names has a program front end; raises GrammarError (our data is broken)."""
    for where in ("kernels", "magics", "chunks"):
        for name, language in languages(where).items():
            if language not in PROGRAMS:
                raise GrammarError(
                    f"patterns/filetypes.toml: [embedded] {where}: {name} = {language!r} is no language with a front"
                    f" end ({', '.join(PROGRAMS)})"
                )


def program_facts(
    text: str,
    language: str,
    settings: Settings,
    origin: Sequence[tuple[int, int]] | None = None,
    echo: bool = False,
    known: tuple[tuple[str, str], ...] = (),
    later: str = "",
    earlier: str = "",
) -> Iterator[Fact]:
    """Facts of program source found inside another file (code echoed in a log, a notebook cell, an R Markdown
    chunk), with positions mapped back to that file.

    `origin[i]` is (file line, column offset) of source line i+1; without it, lines map to themselves. With
    `echo`, every fact is marked `echo`: the code was echoed into a log, so statements that print
    are not findings there (their printed rows are), while identifiers and personal data still are. `known`: what
    names held before this code ran (see `Names`); `later`, `earlier`: the code that runs after and before it (see
    `Document.later`).
    """
    yield from placed(parsed(text, language, settings, known, later, earlier), origin, echo)


def parsed(
    text: str,
    language: str,
    settings: Settings,
    known: tuple[tuple[str, str], ...] = (),
    later: str = "",
    earlier: str = "",
) -> tuple[Fact, ...]:
    """The facts of the code at its own positions, from the parse cache (`program_facts` without the copies)."""
    return _PARSED.facts((text, language, settings, known, later, earlier))


class Parsed(NamedTuple):
    """What a parse of embedded code gives: its facts at its own positions, and what its names hold after it ran
    (`treesitter.After`; empty for a language whose front end does not keep track of names)."""

    facts: tuple[Fact, ...]
    after: treesitter.After


def placed(found: tuple[Fact, ...], origin: Sequence[tuple[int, int]] | None, echo: bool) -> Iterator[Fact]:
    """Copies of `parsed` facts at their places in the file (`program_facts`): callers change them."""
    for cached in found:
        # built field by field, not by `dataclasses.replace` (0.6 against 3.3 us: a log echoes a command per table)
        line, column, end_line, end_column = cached.line, cached.column, cached.end_line, cached.end_column
        if origin:
            line, offset = origin[min(line, len(origin)) - 1]
            end_line, end_offset = origin[min(end_line, len(origin)) - 1]
            column, end_column = column + offset, end_column + end_offset
        kind, attrs, table = cached.kind, dict(cached.attrs), cached.table
        yield Fact(kind, line, column, end_line, end_column, cached.text, attrs, table, echo, cached.quiet)


# What the parse cache may hold, in characters of code plus a share per entry and per fact (a small step's facts
# weigh more than its text): a few MB per process. 512 entries were too few for a log that loops a macro over
# more steps than that (every second pass parsed again), and too many when the steps are large.
PARSE_BUDGET = 4_000_000
_ENTRY = 256
# code, language, settings, what its names held before, the code after and before it
_Key = tuple[str, str, Settings, tuple[tuple[str, str], ...], str, str]


class ParseCache(Budgeted[_Key, Parsed]):
    """The facts of embedded code, parsed once: logs echo the same code many times (macro loops, repeated runs),
    and the facts depend only on the code and what its names held before. The least recently used go first when
    the budget is spent; a text larger than the whole budget is never kept."""

    def cost(self, key: _Key, value: Parsed) -> int:
        text, _language, _settings, _known, later, earlier = key
        return len(text) + len(later) + len(earlier) + _ENTRY * (1 + len(value.facts) + len(value.after))

    def facts(self, key: _Key) -> tuple[Fact, ...]:
        return self.parsed(key).facts

    def parsed(self, key: _Key) -> Parsed:
        found = self.get(key)
        if found is not None:
            return found
        text, language, settings, known, later, earlier = key
        doc = Document(
            "<embedded>", "program", language, text, "utf-8", embedded=True, known=known, later=later, earlier=earlier
        )
        if PROGRAMS.get(language) is treesitter.facts:  # only the tree-sitter languages keep track of names
            facts, after = treesitter.run(doc, settings)
            parsed = Parsed(tuple(facts), after)
        else:
            parsed = Parsed(tuple(PROGRAMS.get(language, _text)(doc, settings)), ())
        self.keep(key, parsed)
        return parsed


def _text(doc: Document, settings: Settings) -> Iterator[Fact]:
    """The plain-text reader, for a language without a program front end: imported when first needed, since the
    grammars' check before a scan (`registry.validate`) imports this module, and the plain-text reader would bring
    the whole outputs layer into a process that reads no file."""
    from .text import facts

    return facts(doc, settings)


_PARSED = ParseCache(PARSE_BUDGET)


class Names:
    """What names hold after the notebook cells or R Markdown chunks read so far (they run in order, so a later
    cell's data flow starts from them). A cell is given only the names it mentions: the lookup and the parse cache
    key stay the size of the cell, not of everything the notebook defined before it (100,000 cells each defining a
    name made this quadratic)."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.held: dict[str, str] = {}

    def run(
        self,
        text: str,
        settings: Settings,
        origin: Sequence[tuple[int, int]] | None = None,
        echo: bool = False,
        later: str = "",
        earlier: str = "",
    ) -> Iterator[Fact]:
        """`program_facts` of code that runs after the cells or chunks read so far, given what the names it mentions
        hold; records what its names hold after it, from the same parse."""
        found = _PARSED.parsed((text, self.language, settings, self.before(text), later, earlier))
        self.held.update(found.after)
        return placed(found.facts, origin, echo)

    def before(self, text: str) -> tuple[tuple[str, str], ...]:
        """What the names `text` mentions hold before it runs."""
        words: set[str] = set()
        for word in _WORD.findall(text):
            # `conn.CASTable` in Python is `conn`'s attribute; `my.df` in R one name: both are looked up
            parts = word.split(".")
            words.update(".".join(parts[: n + 1]) for n in range(len(parts)))
            words.update(parts)
        words |= {word.lower() for word in words}
        drawn = {drawn_key(word) for word in words}  # whether a name holds values the program generates
        words |= {table_key(word) for word in words}  # a table the code names (`from by_origin`, `CASTable('x')`)
        words |= drawn
        found = {word: self.held[word] for word in words if word in self.held}
        # a name no longer drawn whose kind is known: its kind alone says it was assigned something else
        stale = {drawn_key(word) for word in found if found.get(drawn_key(word)) == "any"}
        return tuple(sorted((word, kind) for word, kind in found.items() if word not in stale))
