"""The tree-sitter front end for SAS, R and Python: the query engine (`tsquery`) with the post-checks every
language may name (`checks`, `python_checks`, `r_checks`, `sas_checks`) and SAS's recovery of what its grammar
cannot read (`sas_recover`). This module only assembles them; none of them imports it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import regex

from ..config import Settings
from ..model import Fact
from . import Document, checks, python_checks, r_checks, sas_checks, sas_recover, vocabulary
from .tokens import Positions
from .tsquery import Check, Recover, Scope, read

CHECKS: dict[str, Check] = {**checks.CHECKS, **python_checks.CHECKS, **r_checks.CHECKS, **sas_checks.CHECKS}
RECOVER: dict[str, Recover] = {"sas": sas_recover.recover}
LANGUAGES = ("sas", "r", "python")


@cache
def validate() -> None:
    """Check the grammars (vocabulary.py); the engine calls this before a scan starts, so a typo is one clear
    error rather than a failure on every file."""
    vocabulary.check_grammars(LANGUAGES, CHECKS)


_MAGIC = regex.compile(rb"(?m)^[ \t]*[%!][^\n]*")


def _source(text: str, language: str, embedded: bool) -> bytes:
    data = text.encode("utf-8", errors="surrogatepass")
    if language == "python" and embedded:
        # IPython magics and shell lines in notebook cells (`%load_ext x`, `!pip ...`) are not Python: blanked
        # byte for byte, so offsets hold, instead of read as a parse error and a bare name.
        blanked: bytes = _MAGIC.sub(lambda m: b" " * len(m.group()), data)
        return blanked
    return data


# What names hold after a program ran: (name, kind) pairs, in order
After = tuple[tuple[str, str], ...]


def facts(doc: Document, settings: Settings) -> Iterator[Fact]:
    yield from _facts(doc, Scope({}, dict(doc.known), doc.later, doc.earlier, doc.sas_index))


def run(doc: Document, settings: Settings) -> tuple[list[Fact], After]:
    """The facts of a notebook cell or R Markdown chunk and what its names hold after it ran, given what they held
    before it (`doc.known`): both from the one parse (the names are what its data flow recorded, `Scope.after`)."""
    scope = Scope({}, dict(doc.known), doc.later, doc.earlier, doc.sas_index)
    found = _facts(doc, scope)
    return found, tuple(sorted(scope.after().items()))


def _facts(doc: Document, scope: Scope) -> list[Fact]:
    assert doc.language is not None
    data = doc.text.encode("utf-8", errors="surrogatepass")
    positions = Positions(doc.text, data)
    parsed = _source(doc.text, doc.language, doc.embedded)
    merged: dict[tuple[str, int, int, int, int, str], Fact] = {}
    for fact in read(doc.language, parsed, positions, doc.embedded, CHECKS, RECOVER.get(doc.language), scope=scope):
        key = (fact.kind, fact.line, fact.column, fact.end_line, fact.end_column, fact.attrs.get("rule", ""))
        if fact.kind == "output.print":
            # The main parse and a re-read of the same statement can end differently (the step, or only its
            # header): one printing statement is one fact, the longer reading.
            key = (fact.kind, fact.line, fact.column, 0, 0, fact.attrs.get("rule", ""))
            if key in merged and (merged[key].end_line, merged[key].end_column) < (fact.end_line, fact.end_column):
                fact.attrs = {**merged[key].attrs, **fact.attrs}
                merged[key] = fact
                continue
        if key in merged:
            for name, value in fact.attrs.items():
                merged[key].attrs.setdefault(name, value)
        else:
            merged[key] = fact
    return sorted(merged.values(), key=lambda f: (f.line, f.column, f.kind, f.end_line, f.end_column))
