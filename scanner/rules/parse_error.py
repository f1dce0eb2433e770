"""How `coverage.parse-gap` is found (what it flags: patterns/rules/coverage.toml): one note per `parse.error`
fact, naming its lines (the front end already re-read what it could)."""

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
