"""R Markdown and Quarto (.Rmd, .qmd): each fenced code chunk goes through its chunk language's program front end
(```{r}, ```{python}); prose and chunks of other languages are free text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ...config import Settings
from ...model import Fact
from .. import Document
from ..embedded import Names, languages
from ..tsquery import looks_ahead
from .common import LINE_LIMIT, text_fact

CHUNK_START = re.compile(r"^\s*(`{3,})\s*\{\s*([A-Za-z]+)")
# The most code and chunks of a language a document may have for its chunks to be given the code after and before
# them (see `Document.later`, `Document.earlier`): each chunk is then read with a copy of the rest, at most
# LATER_CODE x LATER_CHUNKS characters.
LATER_CODE = 200_000
LATER_CHUNKS = 500

# A chunk: its code, language and the (file line, column offset) of each of its lines.
_Chunk = tuple[str, str, list[tuple[int, int]]]


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    known: dict[str, Names] = {}  # per language: what names hold after the chunks above
    behind: dict[str, list[str]] = {}  # per language given the code around its chunks: the chunks above
    if doc.streamed:
        parts: Iterable[Fact | _Chunk] = _parts(doc.lines)
        ahead: dict[str, list[str]] = {}
    else:
        parts = list(_parts(doc.lines))
        ahead = _ahead([p for p in parts if isinstance(p, tuple)])
    for part in parts:
        if isinstance(part, Fact):
            yield part
            continue
        code, language, origin = part
        rest = ahead.get(language, [])
        done = behind.setdefault(language, [])
        if rest:
            rest.pop(0)  # this chunk's own code
        yield from _chunk(code, language, settings, origin, known, "\n".join(rest), "\n".join(done))
        if language in ahead:
            done.append(code)


def _parts(lines: Iterable[str]) -> Iterator[Fact | _Chunk]:
    """The document in order: the facts of its prose and front matter, and its chunks of known languages."""
    fence = ""
    language: str | None = None
    code: list[str] = []
    origin: list[tuple[int, int]] = []
    header = False  # inside the YAML header (`---` first line): title, author, date
    for number, raw in enumerate(lines, start=1):
        line = raw[:LINE_LIMIT]
        if number == 1 and line.strip() == "---":
            header = True
            continue
        if header:
            header = line.strip() not in ("---", "...")
            fact = text_fact(number, line)
            if fact and header:
                fact.attrs["source"] = "front-matter"
                yield fact
            continue
        if fence:
            if line.strip() == fence:
                if language:
                    yield "\n".join(code), language, origin
                fence, code, origin = "", [], []
                continue
            if language:
                code.append(line)
                origin.append((number, 0))
                continue
        else:
            start = CHUNK_START.match(line)
            if start:
                fence, language = start[1], languages("chunks").get(start[2].lower())
                continue
        fact = text_fact(number, line)
        if fact:
            # The author's own words (or a chunk of a language without a front end): see rules/personal_data.py.
            fact.attrs["source"] = "prose"
            yield fact
    if fence and language and code:
        yield "\n".join(code), language, origin


def _ahead(chunks: list[_Chunk]) -> dict[str, list[str]]:
    """Per language whose front end reads the code after a chunk (`looks_ahead`), the code of its chunks in order,
    when the document is not too large for it."""
    out: dict[str, list[str]] = {}
    for language in {chunk[1] for chunk in chunks}:
        codes = [code for code, mine, _origin in chunks if mine == language]
        whole = "\n".join(codes)
        if len(codes) <= LATER_CHUNKS and len(whole) <= LATER_CODE and looks_ahead(language, whole):
            out[language] = codes
    return out


def _chunk(
    code: str,
    language: str,
    settings: Settings,
    origin: list[tuple[int, int]],
    known: dict[str, Names],
    later: str = "",
    earlier: str = "",
) -> Iterator[Fact]:
    """A chunk's facts; chunks run in order, so what its names hold afterwards is known to the next chunk of its
    language (`known`, updated); `later`, `earlier`: the code of its language after and before it."""
    yield from known.setdefault(language, Names(language)).run(code, settings, origin, later=later, earlier=earlier)
