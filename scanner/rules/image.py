"""How `unscanned.image` is found (what it flags: patterns/rules/unscanned.toml): from `image` facts. The evidence
is the picture's type, never its encoded content."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Fact, Finding
from .context import Context

CONSUMES = ("image",)


def check(fact: Fact, ctx: Context) -> Iterator[Finding]:
    what = fact.attrs.get("what", "image")
    message = f"{what} that sdcscan cannot read: look at it by hand"
    yield ctx.finding("unscanned.image", fact, message, what, masked=what)
