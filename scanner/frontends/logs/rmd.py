"""R Markdown and Quarto (.Rmd, .qmd): each fenced code chunk goes through its chunk language's program front end
(```{r}, ```{python}); prose and chunks of other languages are free text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...config import Settings
from ...model import Fact
from .. import Document
from ..embedded import program_facts
from .common import LINE_LIMIT, text_fact

CHUNK_START = re.compile(r"^\s*(`{3,})\s*\{\s*([A-Za-z]+)")
LANGUAGES = {"r": "r", "python": "python", "sas": "sas", "stata": "stata"}


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    fence = ""
    language: str | None = None
    code: list[str] = []
    origin: list[tuple[int, int]] = []
    for number, raw in enumerate(doc.lines, start=1):
        line = raw[:LINE_LIMIT]
        if fence:
            if line.strip() == fence:
                if language:
                    yield from program_facts("\n".join(code), language, settings, origin=origin)
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
            yield fact
    if fence and language and code:
        yield from program_facts("\n".join(code), language, settings, origin=origin)
