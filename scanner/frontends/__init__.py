"""Front ends turn a decoded file into a flat stream of language-neutral facts (see grammars/facts.toml).

Which front end reads which file is decided here and nowhere else: `FRONT_ENDS` maps (kind, language) to a
`module:function` inside this package; `None` as language is the fallback for the kind. Every front end has the
signature `(doc: Document, settings: Settings) -> Iterator[Fact]`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import import_module

from ..config import Settings
from ..model import Fact


@dataclass(slots=False)
class Document:
    """A decoded file. `rel` is its path relative to the scanned root, with forward slashes."""

    rel: str
    kind: str
    language: str | None
    text: str
    encoding: str

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()


FrontEnd = Callable[[Document, Settings], Iterator[Fact]]

FRONT_ENDS: dict[tuple[str, str | None], str] = {
    ("program", None): "text:facts",
    ("log", None): "text:facts",
    ("listing", None): "text:facts",
    ("notebook", None): "text:facts",
    ("table", None): "text:facts",
    ("document", None): "text:facts",
    ("other", None): "text:facts",
}


def front_end(kind: str, language: str | None) -> FrontEnd:
    target = FRONT_ENDS.get((kind, language)) or FRONT_ENDS[(kind, None)]
    module, _, function = target.partition(":")
    fn: FrontEnd = getattr(import_module(f"{__name__}.{module}"), function)
    return fn


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
    doc = Document("<embedded>", "program", language, text, "utf-8")
    for fact in front_end("program", language)(doc, settings):
        if origin:
            line, offset = origin[min(fact.line, len(origin)) - 1]
            end_line, end_offset = origin[min(fact.end_line, len(origin)) - 1]
            fact.line, fact.column = line, fact.column + offset
            fact.end_line, fact.end_column = end_line, fact.end_column + end_offset
        if echo:
            fact.attrs["echo"] = "1"
        yield fact
