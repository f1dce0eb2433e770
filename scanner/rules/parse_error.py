"""unscanned.parse-error: a region of a program its parser could not read, so statements in it were read only
approximately (one finding per region; the front end already re-read what it could)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Fact, Finding
from . import Context

CONSUMES = ("parse.error",)


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    if fact.attrs.get("echo") == "1":
        return
    snippet = " ".join(fact.text.split())[:80]
    yield ctx.finding(
        "unscanned.parse-error", fact, "Part of the program could not be parsed; check it by hand", snippet
    )
