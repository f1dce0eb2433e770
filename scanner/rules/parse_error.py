"""coverage.parse-gap: a region of a scanned program its parser could not read, so statements in it were read only
approximately (one note per region, naming its lines; the front end already re-read what it could)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Fact, Finding
from .context import Context

CONSUMES = ("parse.error",)


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    if fact.echo:
        return
    snippet = " ".join(fact.text.split())[:80]
    lines = f"line {fact.line}" if fact.end_line == fact.line else f"lines {fact.line}-{fact.end_line}"
    message = f"The parser could not read {lines}; they were read statement by statement: check them by hand"
    yield ctx.finding("coverage.parse-gap", fact, message, snippet)
