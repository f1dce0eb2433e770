"""R Markdown and Quarto (.Rmd, .qmd): each fenced code chunk goes through its chunk language's program front end
(```{r}, ```{python}); prose and chunks of other languages are free text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...config import Settings
from ...model import Fact
from .. import Document
from ..embedded import Names, program_facts
from .common import LINE_LIMIT, text_fact

CHUNK_START = re.compile(r"^\s*(`{3,})\s*\{\s*([A-Za-z]+)")
LANGUAGES = {"r": "r", "python": "python", "sas": "sas", "stata": "stata"}


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    fence = ""
    language: str | None = None
    code: list[str] = []
    origin: list[tuple[int, int]] = []
    known: dict[str, Names] = {}  # per language: what names hold after the chunks above
    header = False  # inside the YAML header (`---` first line): title, author, date
    for number, raw in enumerate(doc.lines, start=1):
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
                    yield from _chunk("\n".join(code), language, settings, origin, known)
                fence, code, origin = "", [], []
                continue
            if language:
                code.append(line)
                origin.append((number, 0))
                continue
        else:
            start = CHUNK_START.match(line)
            if start:
                fence, language = start[1], LANGUAGES.get(start[2].lower())
                continue
        fact = text_fact(number, line)
        if fact:
            # The author's own words (or a chunk of a language without a front end): see rules/personal_data.py.
            fact.attrs["source"] = "prose"
            yield fact
    if fence and language and code:
        yield from _chunk("\n".join(code), language, settings, origin, known)


def _chunk(
    code: str,
    language: str,
    settings: Settings,
    origin: list[tuple[int, int]],
    known: dict[str, Names],
) -> Iterator[Fact]:
    """A chunk's facts; chunks run in order, so what its names hold afterwards is known to the next chunk of its
    language (`known`, updated)."""
    names = known.setdefault(language, Names(language))
    before = names.before(code)
    yield from program_facts(code, language, settings, origin=origin, known=before)
    names.ran(code, before)
